"""The recovery key on screen, with Copy, Print emergency kit and Save emergency kit: one
widget, used by first run and after a re-key. It holds the key's text only while shown;
``clear()`` forgets it and takes it off the clipboard if it is still there. The copy is marked
secret for clipboard managers and cleared after 30 s (``ClipboardGuard``); the kit is never
suggested in the home folder, next to the vault."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QStorageInfo, Qt
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from casenotes.ui.clipboard import ClipboardGuard
from casenotes.ui.emergency_kit import DEFAULT_FILE_NAME, print_emergency_kit, write_emergency_kit
from casenotes.ui.emergency_kit import TITLE as KIT_TITLE
from casenotes.ui.errors import describe
from casenotes.ui.file_dialogs import get_save_file_name
from casenotes.ui.key_label import KeyLabel
from casenotes.ui.pages import button
from casenotes.ui.shared.widgets import FlowWidget
from casenotes.ui.widgets import paragraph, set_themed_style

REMOVABLE_ROOTS = ("/media/", "/run/media/", "/Volumes/", "/mnt/")


def kit_folder() -> str:
    """Where the save dialog starts: a removable drive if one is mounted, else Documents;
    never the home folder (the vault and its backups live under it)."""
    for volume in QStorageInfo.mountedVolumes():
        root = volume.rootPath()
        if (
            volume.isValid()
            and volume.isReady()
            and not volume.isReadOnly()
            and root.startswith(REMOVABLE_ROOTS)
        ):
            return root
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents) != Path.home():
        return documents
    return ""


class RecoveryKeyPanel(QWidget):
    """The key in large monospace, Copy, Print and Save emergency kit…, and a line saying what
    happened."""

    def __init__(self, vault_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        self._key_text = ""
        self.clipboard = ClipboardGuard(self)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        # Two lines at the usual size; more, never cut, when large text needs them.
        self.key_label = KeyLabel(scale=1.45)
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.key_label.setAccessibleName("Recovery key")
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setObjectName("recoveryKey")
        set_themed_style(
            self.key_label,
            "#recoveryKey { background: $base; color: $text; "
            "border: 1px solid $mid; border-radius: 6px; padding: 14px 8px; }",
        )
        self.key_label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        col.addWidget(self.key_label)
        col.addWidget(
            paragraph(
                "Only capital letters and the digits 2 to 7 appear in it, so an O is always the "
                "letter O and an I is always the letter I.",
                small=True,
            )
        )
        # The buttons wrap onto a second line rather than squeeze at large text.
        actions = FlowWidget()
        actions.setObjectName("keyActions")
        self.copy_button = button("&Copy", accessible="Copy the recovery key")
        self.copy_button.clicked.connect(self._copy_key)
        self.print_button = button("&Print emergency kit…", accessible="Print the emergency kit")
        self.print_button.clicked.connect(self._print_kit)
        self.kit_button = button(
            "&Save emergency kit…", accessible="Save the emergency kit as a PDF"
        )
        self.kit_button.clicked.connect(self._save_kit)
        actions.add(self.copy_button)
        actions.add(self.print_button)
        actions.add(self.kit_button)
        col.addWidget(actions)
        self.key_status = paragraph("", small=True)
        self.key_status.setAccessibleName("What happened")
        col.addWidget(self.key_status)

    @property
    def key_text(self) -> str:
        return self._key_text

    def set_key(self, recovery_key: str) -> None:
        self._key_text = recovery_key
        self.key_label.set_key(recovery_key)
        self.key_status.clear()

    def clear(self) -> None:
        """Forget the key: off the screen, and off the clipboard if it is still there."""
        self.forget_clipboard()
        self._key_text = ""
        self.key_label.clear()
        self.key_status.clear()

    def _copy_key(self) -> None:
        self.clipboard.copy(self._key_text)
        seconds = self.clipboard.clear_after_ms // 1000
        self.key_status.setText(
            f"Copied. Casenotes clears it from the clipboard in {seconds} "
            "seconds; paste it somewhere safe before then."
        )

    def _print_kit(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(KIT_TITLE)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print emergency kit")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            print_emergency_kit(printer, self._key_text, self.vault_path)
        except OSError as exc:
            self.key_status.setText(f"The emergency kit could not be printed. {describe(exc)}")
            return
        self.key_status.setText(
            "Sent the emergency kit to the printer. Keep the printout "
            "somewhere safe, away from this computer."
        )

    def _save_kit(self) -> None:
        suggested = str(Path(kit_folder()) / DEFAULT_FILE_NAME)
        chosen, _ = get_save_file_name(
            self, "Save emergency kit", suggested, "PDF document (*.pdf)"
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_emergency_kit(path, self._key_text, self.vault_path)
        except OSError as exc:
            self.key_status.setText(f"The emergency kit could not be saved. {describe(exc)}")
            return
        self.key_status.setText(
            f"Saved the emergency kit to {path}. Print it now, then delete the file: a copy "
            "of the key left on a computer or a stick is a copy for whoever finds it."
        )

    def forget_clipboard(self) -> None:
        """Take the key off the clipboard if it is still what the clipboard holds."""
        self.clipboard.clear_if_ours()
