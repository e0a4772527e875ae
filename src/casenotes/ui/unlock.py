"""Unlocking: the passphrase page, and the recovery dialog for a forgotten passphrase.

The key derivation (Argon2id, a second or two) runs on the worker behind a busy indicator.
A wrong passphrase is a calm sentence, the field is cleared and focused again; there is no
lockout (the KDF's cost is the brake on guessing)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QFontMetrics, QGuiApplication, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.vault.errors import BadRecoveryKeyError, WrongPassphraseError
from casenotes.core.vault.recovery import parse_recovery_key
from casenotes.ui.errors import WRONG_PASSPHRASE, describe
from casenotes.ui.new_passphrase import NewPassphraseRows, PassphraseFooter
from casenotes.ui.pages import Step, button, button_row
from casenotes.ui.shared.screen_fit import available_area, fit_dialog, scrolling_body
from casenotes.ui.tasks import TaskRunner
from casenotes.ui.widgets import (
    BusyIndicator,
    PassphraseField,
    centred_column,
    heading,
    label_above,
    paragraph,
    scaled_font,
    set_themed_style,
)

if TYPE_CHECKING:  # the journal brings SQLAlchemy: the page is painted without it
    from casenotes.core.journal import Journal

RECOVERY_KEY_CHARS = 55  # 34 bytes of base32, without dashes
RECOVERY_KEY_TEXT_CHARS = 65  # as shown: 11 groups of 5, joined by dashes
RECOVERY_MIN_WIDTH = 520
CAPS_LOCK_HINT = "Caps Lock is on: passphrases are case-sensitive."


class UnlockPage(Step):
    """Asks for the passphrase; emits ``unlocked`` once the journal is unlocked.

    The page can be shown before its journal is open (``journal`` None, ``vault_path``
    given): the window paints it first and hands the journal over with ``set_journal``; an
    unlock asked for meanwhile waits for it."""

    unlocked = Signal()
    first_painted = Signal()

    def __init__(
        self,
        journal: Journal | None,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        vault_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self._tasks = tasks
        self._painted = False
        self._waiting = False  # Unlock was pressed before the journal was open
        # Run on the worker right after a successful unlock (the window reads what its
        # workspace needs there); its result is kept for ``take_prefetched``.
        self.after_unlock: Callable[[Journal], object] | None = None
        self._prefetched: object = None
        self.recovery_dialog: RecoveryDialog | None = None
        col = centred_column(self, width=480)
        col.addWidget(heading("Welcome back"))
        col.addWidget(paragraph("Type your passphrase to open your notes."))
        label = QLabel("&Passphrase")
        self.passphrase = PassphraseField("Passphrase")
        label.setBuddy(self.passphrase.edit)
        col.addLayout(label_above(label, self.passphrase))
        self.message = paragraph("")
        self.message.setAccessibleName("What happened")
        self.message.setVisible(False)
        col.addWidget(self.message)
        self.busy_indicator = BusyIndicator()
        col.addWidget(self.busy_indicator)
        self.forgot_button = QPushButton("Forgot your passphrase?")
        self.forgot_button.setFlat(True)
        self.forgot_button.setObjectName("forgotPassphrase")
        set_themed_style(
            self.forgot_button,
            "#forgotPassphrase { color: $link; text-decoration: underline; "
            "border: none; padding: 4px 0px; text-align: left; }"
            "#forgotPassphrase:focus { outline: 1px dotted $link; }",
        )
        self.forgot_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot_button.setAccessibleName(
            "Forgot your passphrase? Reset it with the recovery key"
        )
        self.forgot_button.setAutoDefault(True)
        self.forgot_button.clicked.connect(self.open_recovery)
        self.unlock_button = button("Unlock", primary=True)
        self.unlock_button.clicked.connect(self.unlock)
        self.primary = self.unlock_button
        col.addLayout(button_row(self.forgot_button, right=(self.unlock_button,)))
        shown_path = vault_path if journal is None else journal.path
        col.addWidget(paragraph(f"Vault: {shown_path}", small=True))
        self.forgot_button.setEnabled(journal is not None)
        self.setTabOrder(self.passphrase.edit, self.passphrase.toggle)
        self.setTabOrder(self.passphrase.toggle, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.forgot_button)

    @property
    def busy(self) -> bool:
        return self.busy_indicator.running

    def set_journal(self, journal: Journal) -> None:
        """The journal of a page painted before it was open; a waiting unlock goes ahead."""
        self.journal = journal
        if self._waiting:
            self._waiting = False
            self._set_busy(False)
            self.unlock()
        else:
            self.forgot_button.setEnabled(not self.busy)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def prepare(self, message: str = "") -> None:
        """Ready for a passphrase again (after a lock), with an optional note why."""
        self.passphrase.clear()
        self.passphrase.set_revealed(False)
        self.show_message(message)
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.journal is not None:  # the key-derivation helper starts while this waits
            self.journal.expect_unlock()

    def unlock(self) -> None:
        if self.busy:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self.show_message("Type your passphrase first.")
            self.passphrase.setFocus()
            return
        self._set_busy(True)
        journal = self.journal
        if journal is None:  # the journal opens right after the first paint: wait for it
            self._waiting = True
            return
        after = self.after_unlock

        def unlock_then_read() -> object:
            # The day's backup comes after the notes are on screen (MainWindow).
            journal.unlock(passphrase, daily_backup=False)
            return after(journal) if after is not None else None

        self._tasks.run_task(unlock_then_read, self._done, self._failed)

    def _set_busy(self, busy: bool) -> None:
        if busy:
            self.show_message("")
            self.busy_indicator.start("Unlocking… this takes a moment.")
        else:
            self.busy_indicator.stop()
        for widget in (self.passphrase, self.unlock_button, self.forgot_button):
            widget.setEnabled(not busy)
        if self.journal is None:
            self.forgot_button.setEnabled(False)

    def take_prefetched(self) -> object:
        """What ``after_unlock`` returned for the last unlock (None once taken)."""
        value, self._prefetched = self._prefetched, None
        return value

    def _done(self, prefetched: object) -> None:
        self._prefetched = prefetched
        self._set_busy(False)
        self.passphrase.clear()
        self.passphrase.set_revealed(False)
        self.unlocked.emit()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphraseError):
            self.passphrase.clear()
            # The warning under the field is easy to miss once the field is cleared: the
            # likeliest reason for a wrong passphrase is said with the refusal itself.
            caps = f" {CAPS_LOCK_HINT}" if self.passphrase.caps_lock_on else ""
            self.show_message(WRONG_PASSPHRASE + caps)
        else:
            self.show_message(describe(exc))
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_recovery(self) -> None:
        if self.journal is None:
            return
        dialog = RecoveryDialog(self.journal, self._tasks, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._recovered)
        dialog.destroyed.connect(self._recovery_closed)
        self.recovery_dialog = dialog
        dialog.open()

    def _recovery_closed(self) -> None:
        self.recovery_dialog = None

    def _recovered(self) -> None:
        self.passphrase.clear()
        self.show_message("")
        if self.journal is not None and self.journal.is_unlocked:
            self.unlocked.emit()


class RecoveryDialog(QDialog):
    """Forgotten passphrase: the recovery key and a new passphrase (twice, with the meter)."""

    def __init__(self, journal: Journal, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self._tasks = tasks
        self.setWindowTitle("Reset your passphrase")
        self.setModal(True)
        self.setMinimumWidth(RECOVERY_MIN_WIDTH)
        outer = QVBoxLayout(self)
        outer.setSpacing(10)
        outer.addWidget(heading("Reset your passphrase", scale=1.3))
        # The key, the new passphrase and their notes scroll when the screen is too short
        # for them (large text); the buttons stay in view below.
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.body_scroll = scrolling_body(body)
        outer.addWidget(self.body_scroll, 1)
        layout.addWidget(
            paragraph(
                "Type the recovery key you stored when you set up Casenotes (capitals, spaces "
                "and dashes do not matter), then choose a new passphrase. Your notes stay exactly "
                "as they are, and the recovery key keeps working."
            )
        )
        label = QLabel("&Recovery key")
        # Hidden like a passphrase (it opens the vault as surely), with Show; wide enough
        # for the whole key, so it can be checked group by group once shown. Capitals do
        # not matter in a recovery key, so no Caps Lock warning.
        self.key_field = PassphraseField("Recovery key", caps_warning=False)
        self.key_edit = self.key_field.edit
        self.key_edit.setFont(scaled_font(1.05, monospace=True))
        self.key_edit.setPlaceholderText("XXXXX-XXXXX-XXXXX-…")
        metrics = QFontMetrics(self.key_edit.font())
        wanted = metrics.horizontalAdvance("W" * (RECOVERY_KEY_TEXT_CHARS + 2))
        screen = QGuiApplication.primaryScreen()
        if screen is not None:  # very large text: as wide as fits, and the field scrolls
            wanted = min(wanted, int(screen.availableGeometry().width() * 0.8))
        self.key_edit.setMinimumWidth(wanted)
        # A fixed-width font can ask for more height than a line edit's own hint gives it.
        self.key_edit.setMinimumHeight(
            max(self.key_edit.minimumHeight(), self.key_edit.minimumSizeHint().height())
        )
        label.setBuddy(self.key_edit)
        layout.addLayout(label_above(label, self.key_field))
        self.key_message = paragraph("", small=True)
        self.key_message.setAccessibleName("About the recovery key")
        layout.addWidget(self.key_message)

        self.new = NewPassphraseRows(layout)
        self.passphrase, self.confirmation = self.new.passphrase, self.new.confirmation
        self.meter, self.mismatch = self.new.meter, self.new.mismatch
        layout.addStretch(1)
        footer = PassphraseFooter(outer, "Reset passphrase", self._reset, self.reject)
        self.message, self.busy_indicator = footer.message, footer.busy_indicator
        self.buttons, self.cancel_button = footer.buttons, footer.cancel_button
        self.reset_button = footer.accept_button

        for field, after in (
            (self.key_edit, self.passphrase),
            (self.passphrase.edit, self.confirmation),
        ):
            field.returnPressed.connect(
                lambda after=after: (
                    after.setFocus(Qt.FocusReason.TabFocusReason)
                    if not self.reset_button.isEnabled()
                    else None
                )
            )
        self.key_edit.textChanged.connect(self._check)
        self.passphrase.textChanged.connect(self._check)
        self.confirmation.textChanged.connect(self._check)
        self._check()
        self.key_edit.setFocus()

    @property
    def busy(self) -> bool:
        return self.busy_indicator.running

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        area = available_area(self)
        if area is not None:
            self.fit_to(area)

    def fit_to(self, available: QRect) -> None:
        """Wide enough for the whole key and tall enough for every line at that width,
        within ``available`` (a screen's free area)."""
        fit_dialog(self, self.body_scroll, available, width=RECOVERY_MIN_WIDTH)

    def _key_state(self) -> tuple[bool, str]:
        text = self.key_edit.text()
        compact = "".join(ch for ch in text if ch not in " -\t\r\n")
        if not compact:
            return False, ""
        if len(compact) < RECOVERY_KEY_CHARS:
            return False, f"{len(compact)} of {RECOVERY_KEY_CHARS} characters so far."
        try:
            parse_recovery_key(text)
        except BadRecoveryKeyError as exc:
            return False, str(exc)
        return True, "The key is well formed."

    def _check(self) -> None:
        key_ok, key_note = self._key_state()
        self.key_message.setText(key_note)
        ready = key_ok and self.new.check()
        self.reset_button.setEnabled(ready and not self.busy)

    def _reset(self) -> None:
        if self.busy or not self.reset_button.isEnabled():
            return
        key, passphrase, journal = self.key_edit.text(), self.passphrase.text(), self.journal
        self._set_busy(True)
        self._tasks.run_task(
            lambda: journal.reset_passphrase(key, passphrase), self._done, self._failed
        )

    def _set_busy(self, busy: bool) -> None:
        if busy:
            self.message.setVisible(False)
            self.busy_indicator.start("Setting your new passphrase… this takes a moment.")
        else:
            self.busy_indicator.stop()
        for widget in (self.key_field, self.passphrase, self.confirmation, self.cancel_button):
            widget.setEnabled(not busy)
        self._check()

    def _done(self, _: object) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.confirmation.clear()
        self.key_edit.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.message.setText(describe(exc))
        self.message.setVisible(True)
        (self.key_edit if isinstance(exc, BadRecoveryKeyError) else self.passphrase).setFocus()

    def reject(self) -> None:
        if self.busy:  # the new passphrase is being written: let it finish
            return
        super().reject()
