"""File → "My passphrase or recovery key may be known…": re-keying from the window.

Three steps in one dialog: what re-keying does (and what it cannot undo), the passphrase
asked again (and, if wanted, a new one); the re-key itself on the worker (``run_task``) with a
progress bar; then the new recovery key, shown once with the same panel first run uses, and
the older backups that still open with the old secrets, with a way to delete them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.vault.errors import WeakPassphraseError, WrongPassphraseError
from casenotes.ui.errors import describe
from casenotes.ui.pages import button, button_row
from casenotes.ui.recovery_key_panel import RecoveryKeyPanel
from casenotes.ui.shared.screen_fit import available_area, fit_dialog, scrolling_body
from casenotes.ui.tasks import TaskRunner
from casenotes.ui.widgets import PassphraseField, heading, label_above, paragraph

if TYPE_CHECKING:
    from casenotes.core.journal import Journal, RekeyResult

ASK, WORKING, DONE = range(3)

WIDTH_CHARS = 80  # the width it opens at, in average characters of its text
EXPLANATION = (
    "If someone may know your passphrase or your recovery key, or may have had a copy of "
    "your vault, Casenotes can replace the key your notes are encrypted with. It makes a new "
    "data key and a new recovery key, and encrypts every record again with them, all at "
    "once: if the computer stops halfway, the vault opens as it was before.\n\n"
    "Afterwards the old recovery key no longer opens this vault. Your passphrase stays the "
    "same unless you choose a new one here: if the passphrase itself may be known, choose a "
    "new one.\n\n"
    "Older backups, and any copy of the vault made before today, still open with the old "
    "passphrase and the old recovery key. You can delete the backups at the end; copies "
    "elsewhere (another disk, a cloud folder) you have to delete yourself."
)


class _Progress(QObject):
    """Carries progress from the worker thread to the dialog (queued across threads)."""

    changed = Signal(int, int)


class RekeyDialog(QDialog):
    """Re-key the open vault; emits ``rekeyed`` once the new keys are in place."""

    rekeyed = Signal()

    def __init__(self, journal: Journal, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Replace your keys")
        self.setModal(True)
        self.resize(620, 520)
        self._journal = journal
        self._tasks = tasks
        self._result: RekeyResult | None = None
        self._progress = _Progress(self)
        self._progress.changed.connect(self._show_progress)
        self._scrolls: list[QScrollArea] = []  # each step's body, by step
        self.steps = QStackedWidget()
        self.steps.addWidget(self._ask_step())
        self.steps.addWidget(self._working_step())
        self.steps.addWidget(self._done_step())
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        self.steps.currentChanged.connect(self._refit)

    def _step(self, title: str) -> tuple[QWidget, QVBoxLayout, QVBoxLayout]:
        """A step: its heading, a body that scrolls when the screen is too short for it
        (large text), and below it the layout for its buttons, always in view."""
        step = QWidget()
        outer = QVBoxLayout(step)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(heading(title, scale=1.3))
        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 0, 0)
        scroll = scrolling_body(body)
        outer.addWidget(scroll, 1)
        self._scrolls.append(scroll)
        return step, col, outer

    # ---- size ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refit()

    def _refit(self, *_args: object) -> None:
        area = available_area(self)
        if area is not None and self.isVisible():
            self.fit_to(area)

    def fit_to(self, available: QRect) -> None:
        """Tall enough for the step's every line at its width, within ``available`` (a
        screen's free area)."""
        width = max(620, self.fontMetrics().averageCharWidth() * WIDTH_CHARS)
        scroll = self._scrolls[self.steps.currentIndex()]
        fit_dialog(self, scroll, available, width=width, min_height=520)

    @property
    def busy(self) -> bool:
        return self.steps.currentIndex() == WORKING

    # ---- asking ----------------------------------------------------------------------

    def _ask_step(self) -> QWidget:
        step, col, outer = self._step("Replace your keys")
        self.explanation = paragraph(EXPLANATION)
        col.addWidget(self.explanation)
        self.passphrase = PassphraseField("Your passphrase")
        label = QLabel("Your &passphrase")
        label.setBuddy(self.passphrase.edit)
        col.addLayout(label_above(label, self.passphrase))
        self.change_passphrase = QCheckBox("Also choose a &new passphrase")
        col.addWidget(self.change_passphrase)
        self.new_passphrase = PassphraseField("New passphrase")
        self.new_label = QLabel("N&ew passphrase")
        self.new_label.setBuddy(self.new_passphrase.edit)
        self.new_box = QWidget()
        new_col = label_above(self.new_label, self.new_passphrase)
        new_col.setContentsMargins(0, 0, 0, 0)
        self.new_box.setLayout(new_col)
        self.new_box.setVisible(False)
        self.change_passphrase.toggled.connect(self.new_box.setVisible)
        col.addWidget(self.new_box)
        self.ask_message = paragraph("")
        self.ask_message.setAccessibleName("What happened")
        col.addWidget(self.ask_message)
        col.addStretch(1)
        self.cancel_button = button("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.start_button = button("&Replace the keys", primary=True)
        self.start_button.clicked.connect(self.start)
        self.passphrase.returnPressed.connect(self.start)
        outer.addLayout(button_row(self.cancel_button, right=(self.start_button,)))
        return step

    def start(self) -> None:
        passphrase = self.passphrase.text()
        if not passphrase:
            self.ask_message.setText("Type your passphrase first.")
            return
        new = self.new_passphrase.text() if self.change_passphrase.isChecked() else None
        if new is not None and not new:
            self.ask_message.setText("Type the new passphrase, or untick the box.")
            return
        journal, progress = self._journal, self._progress
        self.ask_message.clear()
        self.progress_bar.setRange(0, 0)  # busy until the first report
        self.steps.setCurrentIndex(WORKING)
        run: Callable[[], RekeyResult] = lambda: journal.rekey(  # noqa: E731
            passphrase,
            new_passphrase=new,
            progress=lambda done, total: progress.changed.emit(done, total),
        )
        self._tasks.run_task(run, self._done, self._failed)

    # ---- working ---------------------------------------------------------------------

    def _working_step(self) -> QWidget:
        step, col, _outer = self._step("Encrypting your notes again…")
        col.addWidget(
            paragraph(
                "Please keep Casenotes open. If the computer stops now, nothing is lost: the "
                "vault opens with your old keys, and you can start again."
            )
        )
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Records encrypted again")
        col.addWidget(self.progress_bar)
        self.progress_label = paragraph("", small=True)
        col.addWidget(self.progress_label)
        col.addStretch(1)
        return step

    def _show_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_label.setText(f"{done:,} of {total:,} records")

    def _failed(self, exc: BaseException) -> None:
        self.steps.setCurrentIndex(ASK)
        if isinstance(exc, WrongPassphraseError):
            text = "That passphrase didn’t open the vault. Nothing was changed."
        elif isinstance(exc, WeakPassphraseError):
            text = f"{describe(exc)} Nothing was changed."
        else:
            text = (
                f"The keys were not replaced. {describe(exc)} Your vault opens as "
                "before, with your old passphrase and recovery key."
            )
        self.ask_message.setText(text)
        self.passphrase.edit.setFocus()

    # ---- done ------------------------------------------------------------------------

    def _done_step(self) -> QWidget:
        step, col, outer = self._step("Your new recovery key")
        col.addWidget(
            paragraph(
                "Your notes are now encrypted with a new key. This is your new recovery key: the "
                "old one no longer opens this vault. Write it down, or save the emergency kit and "
                "print it, and keep it somewhere safe away from this computer. It is shown only "
                "now."
            )
        )
        self.key_panel = RecoveryKeyPanel(self._journal.path)
        col.addWidget(self.key_panel)
        self.backups_message = paragraph("")
        self.backups_message.setAccessibleName("Older backups")
        col.addWidget(self.backups_message)
        col.addStretch(1)
        self.delete_backups_button = button("&Delete older backups…")
        self.delete_backups_button.clicked.connect(self.delete_backups)
        self.done_button = button("I have stored it", primary=True)
        self.done_button.clicked.connect(self.accept)
        outer.addLayout(button_row(self.delete_backups_button, right=(self.done_button,)))
        return step

    def _done(self, result: RekeyResult) -> None:
        self._result = result
        self.passphrase.clear()
        self.new_passphrase.clear()
        self.key_panel.set_key(result.recovery_key)
        count = len(result.old_backups)
        if count:
            self.backups_message.setText(
                f"{count} older backup{'s' if count != 1 else ''} in "
                f"{result.old_backups[0].path.parent} still open{'s' if count == 1 else ''} "
                "with your OLD passphrase and OLD recovery key. If those may be known, "
                "delete them."
            )
        else:
            self.backups_message.setText("There are no older backups of this vault.")
        if result.unreadable:
            # Damaged fields stay under the old key: only the older backups can still read
            # them, so deleting those is not offered.
            self.backups_message.setText(
                f"{result.unreadable} damaged field{'s' if result.unreadable != 1 else ''} "
                "could not be re-sealed and were left as they were ('casenotes verify' lists "
                "them). Keep your older backups: they may be the only place those can still "
                "be read."
            )
        self.delete_backups_button.setVisible(bool(count) and not result.unreadable)
        self.steps.setCurrentIndex(DONE)
        self.copy_focus()
        self.rekeyed.emit()

    def copy_focus(self) -> None:
        self.key_panel.copy_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_backups(self) -> None:
        result = self._result
        if result is None or not result.old_backups:
            return
        count = len(result.old_backups)
        answer = QMessageBox.question(
            self,
            "Delete older backups?",
            f"Delete the {count} older backup{'s' if count != 1 else ''} of this vault? They "
            "open with the old passphrase and recovery key. Your vault and its new keys are "
            "not affected.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            removed = self._journal.destroy_backups(result.old_backups)
        except (OSError, ValueError) as exc:
            self.backups_message.setText(f"The backups could not all be deleted. {describe(exc)}")
            return
        except Exception as exc:  # a VaultError: a file that is not this vault's backup
            self.backups_message.setText(describe(exc))
            return
        self._result = None
        self.delete_backups_button.setVisible(False)
        deleted = (
            f"Deleted {removed} older backup{'s' if removed != 1 else ''}. Copies made "
            "elsewhere still open with the old passphrase and recovery key."
        )
        self.backups_message.setText(deleted + " Writing a new backup under the new keys…")

        def written(path: object) -> None:
            self.backups_message.setText(
                f"{deleted} A new backup under the new keys is in {Path(str(path)).parent}."
            )

        def failed(exc: BaseException) -> None:
            self.backups_message.setText(
                f"{deleted} A new backup could not be written: "
                f"{describe(exc)} Use File → Back up now."
            )

        self._tasks.run_task(self._journal.backup_now, written, failed)

    # ---- closing ---------------------------------------------------------------------

    def done(self, code: int) -> None:
        if self.busy:
            return  # the re-key runs to its end; it cannot be stopped halfway
        self.key_panel.clear()
        self.passphrase.clear()
        self.new_passphrase.clear()
        super().done(code)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.busy and event.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(event)
