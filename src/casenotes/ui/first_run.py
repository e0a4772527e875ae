"""First run: a short welcome, a passphrase, the recovery key, and only then the vault.

Nothing is written until the very last step: the recovery key is drawn here
(``new_recovery_key``) and handed to ``Journal.create`` with the passphrase, on the worker,
once the practitioner has shown they stored it by typing its last group. Cancelling or
closing at any earlier point leaves nothing on disk.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QStorageInfo, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.journal import CreatedVault, Journal
from casenotes.core.vault.errors import WeakPassphraseError
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.core.vault.recovery import format_recovery_key, new_recovery_key
from casenotes.ui.clipboard import ClipboardGuard
from casenotes.ui.emergency_kit import DEFAULT_FILE_NAME, print_emergency_kit, write_emergency_kit
from casenotes.ui.emergency_kit import TITLE as KIT_TITLE
from casenotes.ui.errors import describe
from casenotes.ui.file_dialogs import get_save_file_name
from casenotes.ui.pages import Step, button, button_row
from casenotes.ui.tasks import TaskRunner
from casenotes.ui.widgets import (
    BusyIndicator,
    PassphraseField,
    ScaledLabel,
    StrengthMeter,
    centred_column,
    heading,
    labelled,
    paragraph,
    scaled_font,
    set_themed_style,
)

WELCOME, CHOOSE_PASSPHRASE, KEY, CONFIRM = range(4)


REMOVABLE_ROOTS = ("/media/", "/run/media/", "/Volumes/", "/mnt/")


def kit_folder() -> str:
    """Where the save dialog starts: a removable drive if one is mounted, else Documents;
    never the home folder (the vault and its backups live under it)."""
    for volume in QStorageInfo.mountedVolumes():
        root = volume.rootPath()
        if volume.isValid() and volume.isReady() and not volume.isReadOnly() \
                and root.startswith(REMOVABLE_ROOTS):
            return root
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents) != Path.home():
        return documents
    return ""


def last_group(recovery_key: str) -> str:
    return recovery_key.rsplit("-", 1)[-1]


def matches_last_group(typed: str, recovery_key: str) -> bool:
    compact = "".join(typed.split()).strip("-").upper()
    return bool(compact) and compact == last_group(recovery_key)


def key_lines(recovery_key: str) -> str:
    """The key on two lines, broken between groups, so it reads at a glance."""
    groups = recovery_key.split("-")
    half = (len(groups) + 1) // 2
    return "-".join(groups[:half]) + "-\n" + "-".join(groups[half:])


class FirstRunPage(QWidget):
    """The setup steps; emits ``created(journal)`` with the new vault unlocked."""

    created = Signal(object)  # Journal, unlocked
    quit_requested = Signal()

    def __init__(self, vault_path: Path, tasks: TaskRunner, policy: KdfPolicy | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        self._tasks = tasks
        self._policy = policy or KdfPolicy.standard()
        self._key_bytes: bytes | None = None
        self._key_text = ""
        self._assessed = ""
        self._clipboard = ClipboardGuard(self)
        self.steps = QStackedWidget()
        self.steps.addWidget(self._welcome_step())
        self.steps.addWidget(self._passphrase_step())
        self.steps.addWidget(self._key_step())
        self.steps.addWidget(self._confirm_step())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.steps)
        self.steps.currentChanged.connect(self._focus_step)

    # ---- state ------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.busy_indicator.running

    @property
    def recovery_key(self) -> str:
        return self._key_text

    def go_to(self, index: int) -> None:
        self.steps.setCurrentIndex(index)
        self._focus_step(index)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._focus_step(self.steps.currentIndex())

    def _focus_step(self, index: int) -> None:
        target = {WELCOME: self.start_button, CHOOSE_PASSPHRASE: self.passphrase,
                  KEY: self.copy_button, CONFIRM: self.last_group_edit}.get(index)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def reset(self) -> None:
        """Back to the welcome, forgetting everything typed and the key drawn."""
        self._forget_clipboard()
        self.passphrase.clear()
        self.confirmation.clear()
        self.passphrase.set_revealed(False)
        self.confirmation.set_revealed(False)
        self.last_group_edit.clear()
        self.key_status.clear()
        self.confirm_message.clear()
        self._key_bytes = None
        self._key_text = ""
        self.key_label.clear()
        self.go_to(WELCOME)

    # ---- welcome ----------------------------------------------------------------------

    def _welcome_step(self) -> Step:
        step = Step()
        col = centred_column(step)
        col.addWidget(heading("Welcome to Casenotes"))
        col.addWidget(paragraph(
            "A private place for your case notes. Everything you write about the people you "
            "work with — names, notes, reflections, goals — is encrypted on this computer, "
            "and nothing leaves it unless you choose to export it."))
        col.addWidget(paragraph(
            "Setting up takes a couple of minutes:\n"
            "1.  Choose a passphrase — you will type it each time you open Casenotes.\n"
            "2.  Store your recovery key — your way back in if the passphrase is ever "
            "forgotten."))
        col.addWidget(paragraph(f"Your notes will be kept in {self.vault_path}", small=True))
        self.quit_button = button("Quit")
        self.quit_button.clicked.connect(self.quit_requested)
        self.start_button = button("Get started", primary=True)
        self.start_button.clicked.connect(lambda: self.go_to(CHOOSE_PASSPHRASE))
        step.primary = self.start_button
        col.addLayout(button_row(self.quit_button, right=(self.start_button,)))
        return step

    # ---- passphrase -------------------------------------------------------------------

    def _passphrase_step(self) -> Step:
        step = Step()
        col = centred_column(step)
        col.addWidget(heading("Choose a passphrase"))
        col.addWidget(paragraph(
            "Your passphrase unlocks your notes, and only you will know it. A few unrelated "
            "words, or a short sentence only you would think of, is strong and easy to "
            "remember."))
        self.passphrase = PassphraseField("Passphrase")
        label = QLabel("&Passphrase")
        label.setBuddy(self.passphrase.edit)
        col.addLayout(labelled(label, self.passphrase))
        self.meter = StrengthMeter()
        col.addWidget(self.meter)
        self.confirmation = PassphraseField("Passphrase again", caps_warning=False)
        label = QLabel("Type it &again")
        label.setBuddy(self.confirmation.edit)
        col.addLayout(labelled(label, self.confirmation))
        self.mismatch = QLabel("The two passphrases are not the same yet.")
        self.mismatch.setVisible(False)
        col.addWidget(self.mismatch)
        self.passphrase_hint = paragraph(
            "Next becomes available once the passphrase is strong and typed the same way "
            "twice.", small=True)
        col.addWidget(self.passphrase_hint)
        cancel = button("Cancel")
        cancel.clicked.connect(self._cancel)
        back = button("Back")
        back.clicked.connect(lambda: self.go_to(WELCOME))
        self.passphrase_next = button("Next", primary=True)
        self.passphrase_next.clicked.connect(self._passphrase_done)
        step.primary = self.passphrase_next
        col.addLayout(button_row(cancel, right=(back, self.passphrase_next)))
        self.passphrase.textChanged.connect(self._check_passphrase)
        self.confirmation.textChanged.connect(self._check_passphrase)
        self.passphrase.returnPressed.connect(
            lambda: self._advance(self.passphrase_next, self.confirmation))
        self._check_passphrase()
        return step

    def _check_passphrase(self) -> None:
        text, again = self.passphrase.text(), self.confirmation.text()
        if text != self._assessed:
            self._assessed = text
            self.meter.set_passphrase(text)
        mismatch = bool(again) and again != text
        self.mismatch.setVisible(mismatch)
        ready = self.meter.acceptable and text == again and bool(text)
        self.passphrase_next.setEnabled(ready)
        self.passphrase_hint.setVisible(not ready)

    @staticmethod
    def _advance(primary: QWidget, next_field: QWidget) -> None:
        """Enter in a field whose step cannot go on yet moves to the next field."""
        if not primary.isEnabled():
            next_field.setFocus(Qt.FocusReason.TabFocusReason)

    def _passphrase_done(self) -> None:
        if not self.passphrase_next.isEnabled():
            return
        if self._key_bytes is None:  # one key per setup: going back does not change it
            self._key_bytes = new_recovery_key()
            self._key_text = format_recovery_key(self._key_bytes)
            self.key_label.setText(key_lines(self._key_text))
        self.go_to(KEY)

    # ---- recovery key -----------------------------------------------------------------

    def _key_step(self) -> Step:
        step = Step()
        col = centred_column(step, width=640)
        col.addWidget(heading("Your recovery key"))
        col.addWidget(paragraph(
            "If you ever forget your passphrase, this key is the only way back into your "
            "notes — nobody else, including the makers of Casenotes, can open them. Please "
            "write it down or print the emergency kit, and keep it somewhere safe away from "
            "this computer."))
        self.key_label = ScaledLabel(scale=1.45, monospace=True, bold=True)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                               | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.key_label.setAccessibleName("Recovery key")
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setObjectName("recoveryKey")
        set_themed_style(
            self.key_label,
            "#recoveryKey { background: $base; color: $text; "
            "border: 1px solid $mid; border-radius: 6px; padding: 14px 8px; }")
        self.key_label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        col.addWidget(self.key_label)
        col.addWidget(paragraph(
            "Only capital letters and the digits 2 to 7 appear in it, so an O is always the "
            "letter O and an I is always the letter I.", small=True))
        actions = QHBoxLayout()
        self.copy_button = button("&Copy", accessible="Copy the recovery key")
        self.copy_button.clicked.connect(self._copy_key)
        self.print_button = button("&Print emergency kit…",
                                   accessible="Print the emergency kit")
        self.print_button.clicked.connect(self._print_kit)
        self.kit_button = button("&Save emergency kit…",
                                 accessible="Save the emergency kit as a PDF")
        self.kit_button.clicked.connect(self._save_kit)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.print_button)
        actions.addWidget(self.kit_button)
        actions.addStretch(1)
        col.addLayout(actions)
        self.key_status = paragraph("", small=True)
        self.key_status.setAccessibleName("What happened")
        col.addWidget(self.key_status)
        col.addWidget(paragraph(
            "The emergency kit is one page with the key and what to do with it: print it "
            "directly, or save it as a PDF (on a USB stick, say), print that, and delete the "
            "file. Anyone with the key and your vault file could read your notes, so keep the "
            "printout apart from the computer and its backups.", small=True))
        cancel = button("Cancel")
        cancel.clicked.connect(self._cancel)
        back = button("Back")
        back.clicked.connect(lambda: self.go_to(CHOOSE_PASSPHRASE))
        self.key_next = button("I have stored it", primary=True)
        self.key_next.clicked.connect(lambda: self.go_to(CONFIRM))
        step.primary = self.key_next
        col.addLayout(button_row(cancel, right=(back, self.key_next)))
        return step

    def _copy_key(self) -> None:
        self._clipboard.copy(self._key_text)
        seconds = self._clipboard.clear_after_ms // 1000
        self.key_status.setText(f"Copied. Casenotes clears it from the clipboard in {seconds} "
                                "seconds; paste it somewhere safe before then.")

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
        self.key_status.setText("Sent the emergency kit to the printer. Keep the printout "
                                "somewhere safe, away from this computer.")

    def _save_kit(self) -> None:
        suggested = str(Path(kit_folder()) / DEFAULT_FILE_NAME)
        chosen, _ = get_save_file_name(self, "Save emergency kit", suggested,
                                       "PDF document (*.pdf)")
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
            "of the key left on a computer or a stick is a copy for whoever finds it.")

    def _forget_clipboard(self) -> None:
        """Take the key off the clipboard if it is still what the clipboard holds."""
        self._clipboard.clear_if_ours()

    # ---- confirmation and creation ------------------------------------------------------

    def _confirm_step(self) -> Step:
        step = Step()
        col = centred_column(step)
        col.addWidget(heading("One last check"))
        col.addWidget(paragraph(
            "To be sure your recovery key is safely stored, please type its last group — "
            "the five characters after the last dash — from where you wrote or saved it."))
        label = QLabel("&Last group of the recovery key")
        self.last_group_edit = QLineEdit()
        self.last_group_edit.setAccessibleName("Last group of the recovery key")
        self.last_group_edit.setFont(scaled_font(1.3, monospace=True))
        self.last_group_edit.setMaxLength(12)
        self.last_group_edit.setMaximumWidth(220)
        self.last_group_edit.setMinimumHeight(32)
        label.setBuddy(self.last_group_edit)
        col.addLayout(labelled(label, self.last_group_edit))
        self.confirm_message = paragraph("")
        self.confirm_message.setAccessibleName("What happened")
        col.addWidget(self.confirm_message)
        self.busy_indicator = BusyIndicator()
        col.addWidget(self.busy_indicator)
        self.confirm_cancel = button("Cancel")
        self.confirm_cancel.clicked.connect(self._cancel)
        self.confirm_back = button("Back to the key")
        self.confirm_back.clicked.connect(lambda: self.go_to(KEY))
        self.create_button = button("Create my vault", primary=True)
        self.create_button.clicked.connect(self._create)
        step.primary = self.create_button
        col.addLayout(button_row(self.confirm_cancel,
                                 right=(self.confirm_back, self.create_button)))
        self.last_group_edit.textChanged.connect(self._check_last_group)
        self._check_last_group()
        return step

    def _check_last_group(self) -> None:
        typed = self.last_group_edit.text()
        ok = matches_last_group(typed, self._key_text)
        self.create_button.setEnabled(ok and not self.busy)
        compact = "".join(typed.split()).strip("-")
        if compact and not ok and len(compact) >= len(last_group(self._key_text) or "x"):
            self.confirm_message.setText(
                "That is not quite the last group. You can go back to see the key again.")
        else:
            self.confirm_message.clear()

    def _create(self) -> None:
        if not self.create_button.isEnabled() or self._key_bytes is None:
            return
        path, passphrase, key = self.vault_path, self.passphrase.text(), self._key_bytes
        policy = self._policy
        self._set_busy(True)
        self._tasks.run_task(
            lambda: Journal.create(path, passphrase, policy, recovery_key=key),
            self._created, self._failed)

    def _set_busy(self, busy: bool) -> None:
        if busy:
            self.busy_indicator.start("Creating your vault… this takes a few seconds.")
        else:
            self.busy_indicator.stop()
        for widget in (self.last_group_edit, self.confirm_back, self.confirm_cancel):
            widget.setEnabled(not busy)
        self._check_last_group()

    def _created(self, created: CreatedVault) -> None:
        self._set_busy(False)
        self._forget_clipboard()
        self.passphrase.clear()
        self.confirmation.clear()
        self._key_bytes = None
        self.created.emit(created.journal)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        message = f"The vault could not be created. {describe(exc)} Nothing was saved."
        if isinstance(exc, WeakPassphraseError):
            self.passphrase_hint.setText(message)
            self.passphrase_hint.setVisible(True)
            self.go_to(CHOOSE_PASSPHRASE)
            return
        self.confirm_message.setText(message)

    def _cancel(self) -> None:
        if self.busy:
            return
        if self.steps.currentIndex() in (KEY, CONFIRM):
            answer = QMessageBox.question(
                self, "Stop setting up?",
                "Stop setting up Casenotes? Nothing has been saved yet.\n\nIf you wrote down "
                "this recovery key, it will not be used: a new one is made when you start "
                "again.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.reset()
