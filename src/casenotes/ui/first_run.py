"""First run: a short welcome, a passphrase, the recovery key, and only then the vault.

Nothing is written until the very last step: the recovery key is drawn here
(``new_recovery_key``) and handed to ``Journal.create`` with the passphrase, on the worker,
once the practitioner has shown they stored it by typing its last group. Cancelling or
closing at any earlier point leaves nothing on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.vault.errors import WeakPassphraseError
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.core.vault.recovery import format_recovery_key, new_recovery_key
from casenotes.ui.errors import describe
from casenotes.ui.pages import Step, button, button_row
from casenotes.ui.recovery_key_panel import RecoveryKeyPanel
from casenotes.ui.shared.screen_fit import scrolling_body
from casenotes.ui.tasks import TaskRunner
from casenotes.ui.widgets import (
    BusyIndicator,
    PassphraseField,
    StrengthMeter,
    centred_column,
    heading,
    label_above,
    paragraph,
    scaled_font,
)

if TYPE_CHECKING:
    from casenotes.core.journal import CreatedVault

WELCOME, CHOOSE_PASSPHRASE, KEY, CONFIRM = range(4)


def last_group(recovery_key: str) -> str:
    return recovery_key.rsplit("-", 1)[-1]


def matches_last_group(typed: str, recovery_key: str) -> bool:
    compact = "".join(typed.split()).strip("-").upper()
    return bool(compact) and compact == last_group(recovery_key)


class FirstRunPage(QWidget):
    """The setup steps; emits ``created(journal)`` with the new vault unlocked."""

    created = Signal(object)  # Journal, unlocked
    quit_requested = Signal()
    open_existing_requested = Signal()  # a vault from a backup stick or another computer

    def __init__(
        self,
        vault_path: Path,
        tasks: TaskRunner,
        policy: KdfPolicy | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        self._tasks = tasks
        self._policy = policy or KdfPolicy.standard()
        self._key_bytes: bytes | None = None
        self._key_text = ""
        self._assessed = ""
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
        target = {
            WELCOME: self.start_button,
            CHOOSE_PASSPHRASE: self.passphrase,
            KEY: self.copy_button,
            CONFIRM: self.last_group_edit,
        }.get(index)
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
        self.key_panel.clear()
        self.go_to(WELCOME)

    # ---- welcome ----------------------------------------------------------------------

    def _welcome_step(self) -> Step:
        step = Step()
        col = centred_column(step)
        col.addWidget(heading("Welcome to Casenotes"))
        col.addWidget(
            paragraph(
                "A private place for your case notes. Everything you write about the people you "
                "work with — names, notes, reflections, goals — is encrypted on this computer, "
                "and nothing leaves it unless you choose to export it."
            )
        )
        col.addWidget(
            paragraph(
                "Setting up takes a couple of minutes:\n"
                "1.  Choose a passphrase — you will type it each time you open Casenotes.\n"
                "2.  Store your recovery key — your way back in if the passphrase is ever "
                "forgotten."
            )
        )
        col.addWidget(paragraph(f"Your notes will be kept in {self.vault_path}", small=True))
        self.quit_button = button("Quit")
        self.quit_button.clicked.connect(self.quit_requested)
        self.open_existing_button = button("&Open an existing vault…")
        self.open_existing_button.setToolTip(
            "Already have a vault, from another computer or a backup stick? Open a copy of "
            "it here instead of creating a new one."
        )
        self.open_existing_button.clicked.connect(self.open_existing_requested)
        self.start_button = button("&Create a new vault", primary=True)
        self.start_button.clicked.connect(lambda: self.go_to(CHOOSE_PASSPHRASE))
        step.primary = self.start_button
        col.addLayout(button_row(self.quit_button, right=(self.start_button,)))
        # A row of its own: three buttons in one row do not fit at large text sizes.
        col.addWidget(
            paragraph("Already have a vault, on a backup stick or another computer?", small=True)
        )
        existing_row = button_row(self.open_existing_button)
        existing_row.setContentsMargins(0, 0, 0, 0)
        col.addLayout(existing_row)
        return step

    # ---- passphrase -------------------------------------------------------------------

    def _passphrase_step(self) -> Step:
        step = Step()
        col = centred_column(step)
        col.addWidget(heading("Choose a passphrase"))
        col.addWidget(
            paragraph(
                "Your passphrase unlocks your notes, and only you will know it. A few unrelated "
                "words, or a short sentence only you would think of, is strong and easy to "
                "remember."
            )
        )
        self.passphrase = PassphraseField("Passphrase")
        label = QLabel("&Passphrase")
        label.setBuddy(self.passphrase.edit)
        col.addLayout(label_above(label, self.passphrase))
        self.meter = StrengthMeter()
        col.addWidget(self.meter)
        self.confirmation = PassphraseField("Passphrase again", caps_warning=False)
        label = QLabel("Type it &again")
        label.setBuddy(self.confirmation.edit)
        col.addLayout(label_above(label, self.confirmation))
        self.mismatch = QLabel("The two passphrases are not the same yet.")
        self.mismatch.setVisible(False)
        col.addWidget(self.mismatch)
        self.passphrase_hint = paragraph(
            "Next becomes available once the passphrase is strong and typed the same way twice.",
            small=True,
        )
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
            lambda: self._advance(self.passphrase_next, self.confirmation)
        )
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
            self.key_panel.set_key(self._key_text)
        self.go_to(KEY)

    # ---- recovery key -----------------------------------------------------------------

    def _key_step(self) -> Step:
        step = Step()
        # The tallest step: at large text it scrolls (its buttons with it) rather than
        # squeeze the key and its buttons into the window.
        content = QWidget()
        col = centred_column(content, width=640)
        page = QVBoxLayout(step)
        page.setContentsMargins(0, 0, 0, 0)
        self.key_scroll = scrolling_body(content, horizontal=True)
        page.addWidget(self.key_scroll)
        col.addWidget(heading("Your recovery key"))
        col.addWidget(
            paragraph(
                "If you ever forget your passphrase, this key is the only way back into your "
                "notes — nobody else, including the makers of Casenotes, can open them. Please "
                "write it down or print the emergency kit, and keep it somewhere safe away from "
                "this computer."
            )
        )
        self.key_panel = RecoveryKeyPanel(self.vault_path)
        # The panel's parts, by the names the rest of this page and its tests use.
        self.key_label = self.key_panel.key_label
        self.copy_button = self.key_panel.copy_button
        self.kit_button = self.key_panel.kit_button
        self.print_button = self.key_panel.print_button
        self._clipboard = self.key_panel.clipboard
        self.key_status = self.key_panel.key_status
        col.addWidget(self.key_panel)
        col.addWidget(
            paragraph(
                "The emergency kit is one page with the key and what to do with it: print it "
                "directly, or save it as a PDF (on a USB stick, say), print that, and delete the "
                "file. Anyone with the key and your vault file could read your notes, so keep the "
                "printout apart from the computer and its backups.",
                small=True,
            )
        )
        cancel = button("Cancel")
        cancel.clicked.connect(self._cancel)
        back = button("Back")
        back.clicked.connect(lambda: self.go_to(CHOOSE_PASSPHRASE))
        self.key_next = button("I have stored it", primary=True)
        self.key_next.clicked.connect(lambda: self.go_to(CONFIRM))
        step.primary = self.key_next
        col.addLayout(button_row(cancel, right=(back, self.key_next)))
        return step

    def _forget_clipboard(self) -> None:
        self.key_panel.forget_clipboard()

    # ---- confirmation and creation ------------------------------------------------------

    def _confirm_step(self) -> Step:
        step = Step()
        col = centred_column(step)
        col.addWidget(heading("One last check"))
        col.addWidget(
            paragraph(
                "To be sure your recovery key is safely stored, please type its last group — "
                "the five characters after the last dash — from where you wrote or saved it."
            )
        )
        label = QLabel("&Last group of the recovery key")
        self.last_group_edit = QLineEdit()
        self.last_group_edit.setAccessibleName("Last group of the recovery key")
        self.last_group_edit.setFont(scaled_font(1.3, monospace=True))
        self.last_group_edit.setMaxLength(12)
        self.last_group_edit.setMaximumWidth(220)
        self.last_group_edit.setMinimumHeight(32)
        label.setBuddy(self.last_group_edit)
        col.addLayout(label_above(label, self.last_group_edit))
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
        col.addLayout(
            button_row(self.confirm_cancel, right=(self.confirm_back, self.create_button))
        )
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
                "That is not quite the last group. You can go back to see the key again."
            )
        else:
            self.confirm_message.clear()

    def _create(self) -> None:
        if not self.create_button.isEnabled() or self._key_bytes is None:
            return
        path, passphrase, key = self.vault_path, self.passphrase.text(), self._key_bytes
        policy = self._policy
        self._set_busy(True)
        from casenotes.core.journal import Journal  # SQLAlchemy: not before the page is shown

        self._tasks.run_task(
            lambda: Journal.create(path, passphrase, policy, recovery_key=key),
            self._created,
            self._failed,
        )

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
                self,
                "Stop setting up?",
                "Stop setting up Casenotes? Nothing has been saved yet.\n\nIf you wrote down "
                "this recovery key, it will not be used: a new one is made when you start "
                "again.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.reset()
