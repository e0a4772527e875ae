"""File → Change passphrase…: the current passphrase, then a new one twice, with the meter.

The current passphrase is checked by unwrapping the data key with it (the same check as an
unlock), then the data key is re-wrapped under the new one; both take a key derivation, so
they run on the worker behind a busy indicator. A wrong current passphrase is a calm
sentence and nothing is changed."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from casenotes.core.journal import Journal
from casenotes.core.vault.errors import WrongPassphraseError
from casenotes.core.vault.header import unlock_with_passphrase
from casenotes.ui.errors import describe
from casenotes.ui.new_passphrase import NewPassphraseRows, PassphraseFooter
from casenotes.ui.shared.screen_fit import available_area, fit_dialog, scrolling_body
from casenotes.ui.tasks import TaskRunner
from casenotes.ui.widgets import (
    PassphraseField,
    heading,
    label_above,
    paragraph,
)

WRONG_CURRENT = (
    "That is not your current passphrase, so nothing was changed. Please try "
    "again — it may help to check Caps Lock and the keyboard layout."
)
MIN_WIDTH = 520
WIDTH_CHARS = 70  # the width it opens at, in average characters of its text
SAME_AS_CURRENT = "The new passphrase is the same as the current one."
WHAT_IT_DOES = (
    "Your notes stay exactly as they are, and your recovery key keeps working. Backups and "
    "copies of the vault made before the change still open with the old passphrase: a "
    "change re-wraps the same key, so it does not lock out someone who knew the old "
    "passphrase and has a copy. That takes re-keying (a new key for everything)."
)


def check_and_change(journal: Journal, current: str, new: str) -> None:
    """On the worker: the current passphrase must open the vault, then the change."""
    keys = unlock_with_passphrase(journal.header, current, journal.policy)
    keys.wipe()
    journal.change_passphrase(new)


class ChangePassphraseDialog(QDialog):
    def __init__(self, journal: Journal, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self._tasks = tasks
        self.setWindowTitle("Change passphrase")
        self.setModal(True)
        self.setMinimumWidth(MIN_WIDTH)
        outer = QVBoxLayout(self)
        outer.setSpacing(10)
        outer.addWidget(heading("Change your passphrase", scale=1.3))
        # The fields scroll when the screen is too short for them (large text); the
        # buttons stay in view below.
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.body_scroll = scrolling_body(body)
        outer.addWidget(self.body_scroll, 1)
        layout.addWidget(paragraph(WHAT_IT_DOES, small=True))

        label = QLabel("&Current passphrase")
        self.current = PassphraseField("Current passphrase")
        label.setBuddy(self.current.edit)
        layout.addLayout(label_above(label, self.current))
        self.new = NewPassphraseRows(layout)
        self.passphrase, self.confirmation = self.new.passphrase, self.new.confirmation
        self.meter, self.mismatch = self.new.meter, self.new.mismatch
        layout.addStretch(1)
        footer = PassphraseFooter(outer, "Change passphrase", self._change, self.reject)
        self.message, self.busy_indicator = footer.message, footer.busy_indicator
        self.buttons, self.cancel_button = footer.buttons, footer.cancel_button
        self.change_button = footer.accept_button

        for field, after in ((self.current, self.passphrase), (self.passphrase, self.confirmation)):
            field.edit.returnPressed.connect(
                lambda after=after: (
                    after.setFocus(Qt.FocusReason.TabFocusReason)
                    if not self.change_button.isEnabled()
                    else None
                )
            )
        for field in (self.current, self.passphrase, self.confirmation):
            field.textChanged.connect(self._check)
        self._check()
        self.current.setFocus()

    @property
    def busy(self) -> bool:
        return self.busy_indicator.running

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        area = available_area(self)
        if area is not None:
            self.fit_to(area)

    def fit_to(self, available: QRect) -> None:
        """Tall enough for every line at its width, within ``available`` (a screen's free
        area)."""
        width = max(MIN_WIDTH, self.fontMetrics().averageCharWidth() * WIDTH_CHARS)
        fit_dialog(self, self.body_scroll, available, width=width)

    def _check(self) -> None:
        agreed = self.new.check()
        text = self.passphrase.text()
        same = bool(text) and text == self.current.text()
        if same:
            self.message.setText(SAME_AS_CURRENT)
        elif self.message.text() == SAME_AS_CURRENT:
            self.message.setText("")
        self.message.setVisible(bool(self.message.text()))
        ready = bool(self.current.text()) and agreed and not same
        self.change_button.setEnabled(ready and not self.busy)

    def _change(self) -> None:
        if self.busy or not self.change_button.isEnabled():
            return
        current, new, journal = self.current.text(), self.passphrase.text(), self.journal
        self._set_busy(True)
        self._tasks.run_task(
            lambda: check_and_change(journal, current, new), self._done, self._failed
        )

    def _set_busy(self, busy: bool) -> None:
        if busy:
            self.message.setText("")
            self.message.setVisible(False)
            self.busy_indicator.start("Changing your passphrase… this takes a moment.")
        else:
            self.busy_indicator.stop()
        for widget in (self.current, self.passphrase, self.confirmation, self.cancel_button):
            widget.setEnabled(not busy)
        self._check()

    def _clear(self) -> None:
        for field in (self.current, self.passphrase, self.confirmation):
            field.clear()

    def _done(self, _: object) -> None:
        self._set_busy(False)
        self._clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphraseError):
            self.current.clear()
            self.message.setText(WRONG_CURRENT)
            self.current.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.message.setText(f"Your passphrase was not changed. {describe(exc)}")
            self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)
        self.message.setVisible(True)

    def reject(self) -> None:
        if self.busy:  # the new passphrase is being written: let it finish
            return
        self._clear()
        super().reject()

    def close_now(self) -> None:
        """On lock, once the worker is idle: close whatever the state."""
        self.busy_indicator.stop()
        self._clear()
        self.done(QDialog.DialogCode.Rejected)
