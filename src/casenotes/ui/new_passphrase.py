"""A new passphrase, typed twice, with the strength meter: the rows that the passphrase
change and the recovery-key reset share. Layout here; each dialog decides when it is ready."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

from casenotes.ui.widgets import (
    BusyIndicator,
    PassphraseField,
    StrengthMeter,
    label_above,
    paragraph,
)


class NewPassphraseRows:
    """ "New passphrase", the meter, "Type it again" and the line saying they differ."""

    def __init__(self, layout: QVBoxLayout) -> None:
        label = QLabel("&New passphrase")
        self.passphrase = PassphraseField("New passphrase")
        label.setBuddy(self.passphrase.edit)
        layout.addLayout(label_above(label, self.passphrase))
        self.meter = StrengthMeter()
        layout.addWidget(self.meter)
        label = QLabel("Type it &again")
        self.confirmation = PassphraseField("New passphrase again", caps_warning=False)
        label.setBuddy(self.confirmation.edit)
        layout.addLayout(label_above(label, self.confirmation))
        self.mismatch = QLabel("The two passphrases are not the same yet.")
        self.mismatch.setVisible(False)
        layout.addWidget(self.mismatch)
        self._assessed = ""

    def check(self) -> bool:
        """Update the meter and the mismatch line; whether both agree and the meter accepts."""
        text, again = self.passphrase.text(), self.confirmation.text()
        if text != self._assessed:  # the meter's estimate is costly: only on a change
            self._assessed = text
            self.meter.set_passphrase(text)
        self.mismatch.setVisible(bool(again) and again != text)
        return bool(text) and text == again and self.meter.acceptable

    def clear(self) -> None:
        self.passphrase.clear()
        self.confirmation.clear()


class PassphraseFooter:
    """What the two dialogs end with: the line saying what happened, the busy indicator, and
    the accept and Cancel buttons."""

    def __init__(
        self,
        layout: QVBoxLayout,
        accept_text: str,
        on_accept: Callable[[], None],
        on_reject: Callable[[], None],
    ) -> None:
        self.message = paragraph("")
        self.message.setAccessibleName("What happened")
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.busy_indicator = BusyIndicator()
        layout.addWidget(self.busy_indicator)
        self.buttons = QDialogButtonBox()
        self.accept_button: QPushButton = self.buttons.addButton(
            accept_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button.setDefault(True)
        self.buttons.accepted.connect(on_accept)
        self.buttons.rejected.connect(on_reject)
        layout.addWidget(self.buttons)
