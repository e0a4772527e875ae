"""The Backups dialog (the vault's backups, newest first, with "Restore…") and the page shown
while a restore runs.

The dialog only lists and chooses: the main window asks for the backup's passphrase, confirms,
locks and restores (see ``MainWindow.restore``). Listing shows dates, reasons and sizes, never
anything from inside a backup, so no client data is on screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.backup import BackupInfo, BackupPassphraseError, BackupReason, RecordCounts
from casenotes.ui.errors import describe
from casenotes.ui.pages import Step, button, button_row
from casenotes.ui.widgets import BusyIndicator, centred_column, heading, paragraph

REASONS: dict[BackupReason, str] = {
    BackupReason.DAILY: "Daily",
    BackupReason.MANUAL: "Taken by you",
    BackupReason.PRE_PASSWD: "Before a passphrase change",
    BackupReason.PRE_RESTORE: "Before a restore",
    BackupReason.PRE_MIGRATION: "Before an update",
    BackupReason.OTHER: "Added to the folder by hand",
}
NO_BACKUPS = "No backups yet. Casenotes takes one each day you unlock your vault."


def when(info: BackupInfo) -> str:
    """The backup's time in local time, e.g. "25 November 2026, 09:15"."""
    local = info.created.astimezone()
    return f"{local.day} {local:%B %Y, %H:%M}"


def holds(counts: RecordCounts) -> str:
    """ "12 cases and 120 notes" (trashed ones included, as the vault's row counts are)."""
    cases = f"{counts.cases} case" + ("" if counts.cases == 1 else "s")
    notes = f"{counts.notes} note" + ("" if counts.notes == 1 else "s")
    return f"{cases} and {notes}"


def restore_question(info: BackupInfo, backup: RecordCounts, vault: RecordCounts) -> str:
    """The restore confirmation: what the backup holds against the vault now, and that the
    vault as it is now is kept."""
    return (
        f"Your vault will be replaced by the backup from {when(info)}.\n\n"
        f"The backup holds {holds(backup)}.\n"
        f"Your vault now holds {holds(vault)}.\n"
        "(Both counts include the trash.)\n\n"
        "The vault as it is now is kept as a backup first."
    )


def reason_words(reason: BackupReason) -> str:
    return REASONS.get(reason, "Other")


def size_words(size: int) -> str:
    if size >= 100_000:
        return f"{size / 1e6:.1f} MB"
    return f"{max(size / 1e3, 1):.0f} KB"


def restore_problem(exc: BaseException) -> str:
    """Why a restore failed, in words. A wrong passphrase is the backup's, not the vault's,
    so its own message (which says so) is shown rather than the unlock page's."""
    if isinstance(exc, BackupPassphraseError):
        return str(exc)
    return describe(exc)


class BackupsDialog(QDialog):
    """The vault's backups, newest first. "Restore…" emits ``restore_requested`` with the
    chosen backup and whether to open it with the recovery key, then closes."""

    restore_requested = Signal(object, bool)  # BackupInfo, use the recovery key

    def __init__(
        self, backups: list[BackupInfo], folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self.setMinimumSize(560, 380)
        self.backups = sorted(backups, key=lambda b: b.created, reverse=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 12)
        layout.setSpacing(10)
        layout.addWidget(
            paragraph(
                "Each backup is a complete, encrypted copy of your vault. It opens with the "
                "passphrase your vault had when the backup was taken, or with your recovery key."
            )
        )

        self.table = QTreeWidget()
        self.table.setAccessibleName("Backups")
        self.table.setColumnCount(3)
        self.table.setHeaderLabels(["Taken", "Why", "Size"])
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for info in self.backups:
            item = QTreeWidgetItem([when(info), reason_words(info.reason), size_words(info.size)])
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, info.path.name)
            self.table.addTopLevelItem(item)
        self.table.setVisible(bool(self.backups))
        layout.addWidget(self.table, 1)
        self.empty = paragraph(NO_BACKUPS)
        self.empty.setVisible(not self.backups)
        layout.addWidget(self.empty)
        if not self.backups:
            layout.addStretch(1)

        self.use_recovery_key = QCheckBox(
            "Open the backup with my &recovery key instead of its passphrase"
        )
        self.use_recovery_key.setEnabled(bool(self.backups))
        layout.addWidget(self.use_recovery_key)
        layout.addWidget(paragraph(f"Backups are kept in {folder}", small=True))

        close = button("Close")
        close.clicked.connect(self.reject)
        self.restore_button = button("&Restore…", primary=True)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._restore)
        layout.addLayout(button_row(close, right=(self.restore_button,)))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda *_: self._restore())
        if self.backups:
            self.select(self.backups[0])
            self.table.setFocus()
        else:
            close.setDefault(True)
            close.setFocus()

    def selected(self) -> BackupInfo | None:
        items = self.table.selectedItems()
        if not items:
            return None
        return self.backups[self.table.indexOfTopLevelItem(items[0])]

    def select(self, info: BackupInfo) -> None:
        item = self.table.topLevelItem(self.backups.index(info))
        if item is not None:
            self.table.setCurrentItem(item)

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _restore(self) -> None:
        info = self.selected()
        if info is None:
            return
        use_key = self.use_recovery_key.isChecked()
        self.accept()
        self.restore_requested.emit(info, use_key)


class RestoringPage(Step):
    """Shown (instead of the unlock page) while a backup is being checked and put in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = centred_column(self)
        col.addWidget(heading("Restoring your backup"))
        col.addWidget(
            paragraph(
                "Casenotes is checking every record in the backup before it replaces anything. "
                "Your vault as it is now is kept as a backup first."
            )
        )
        self.busy_indicator = BusyIndicator()
        col.addWidget(self.busy_indicator)

    def start(self, info: BackupInfo) -> None:
        self.busy_indicator.start(f"Restoring the backup of {when(info)}… this takes a moment.")

    def stop(self) -> None:
        self.busy_indicator.stop()
