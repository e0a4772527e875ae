"""Unlocking: wrong then right, the KDF on the worker, and the recovery dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.errors import WRONG_PASSPHRASE
from casenotes.ui.main_window import MainWindow
from casenotes.ui.tasks import SyncTaskRunner
from casenotes.ui.unlock import CAPS_LOCK_HINT, RecoveryDialog, UnlockPage

from .conftest import MakeWindow
from .support import NEW_PASSPHRASE, PASSPHRASE, StubWorkspace, unlock

pytestmark = pytest.mark.usefixtures("shell_env")


def unlock_page(window: object) -> UnlockPage:
    page = window.unlock_page  # type: ignore[attr-defined]
    assert page is not None
    assert window.stack.currentWidget() is page  # type: ignore[attr-defined]
    return page


def test_wrong_then_right(qtbot: QtBot, make_window: MakeWindow, recovery_key: str) -> None:
    window = make_window()
    page = unlock_page(window)
    assert window.journal is not None and not window.journal.is_unlocked
    assert not window.toolbar.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.passphrase.edit)

    qtbot.keyClicks(page.passphrase.edit, "not the passphrase at all")
    qtbot.keyClick(page.passphrase.edit, Qt.Key.Key_Return)
    assert page.message.text() == WRONG_PASSPHRASE
    assert page.message.isVisible()
    assert page.passphrase.text() == ""
    assert QApplication.focusWidget() is page.passphrase.edit
    assert window.workspace is None and not window.journal.is_unlocked

    # no lockout: the next try just works
    qtbot.keyClicks(page.passphrase.edit, PASSPHRASE)
    qtbot.keyClick(page.passphrase.edit, Qt.Key.Key_Return)
    assert window.journal.is_unlocked
    assert isinstance(window.workspace, StubWorkspace)
    assert window.stack.currentWidget() is window.workspace
    assert page.passphrase.text() == ""
    assert window.toolbar.isVisible()


def test_an_empty_passphrase_is_a_hint_not_an_attempt(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str
) -> None:
    window = make_window()
    page = unlock_page(window)
    page.unlock_button.click()
    assert page.message.text() == "Type your passphrase first."
    assert not page.busy


def test_unlock_runs_on_the_worker(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str
) -> None:
    window = make_window(real_tasks=True)
    page = unlock_page(window)
    qtbot.keyClicks(page.passphrase.edit, "wrong wrong wrong")
    page.unlock_button.click()
    assert page.busy and not page.passphrase.isEnabled()
    assert page.busy_indicator.label.text().startswith("Unlocking")
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    assert page.message.text() == WRONG_PASSPHRASE
    assert page.passphrase.isEnabled()
    qtbot.keyClicks(page.passphrase.edit, PASSPHRASE)
    page.unlock_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
    assert window.journal is not None and window.journal.is_unlocked


def open_recovery(qtbot: QtBot, page: UnlockPage) -> RecoveryDialog:
    qtbot.mouseClick(page.forgot_button, Qt.MouseButton.LeftButton)
    dialog = page.recovery_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_recovery_resets_the_passphrase(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str, vault_path: Path, policy: KdfPolicy
) -> None:
    window = make_window()
    page = unlock_page(window)
    dialog = open_recovery(qtbot, page)
    assert not dialog.reset_button.isEnabled()

    # typed in lower case with spaces: still the key
    qtbot.keyClicks(dialog.key_edit, recovery_key.lower().replace("-", " "))
    assert dialog.key_message.text() == "The key is well formed."
    qtbot.keyClicks(dialog.passphrase.edit, NEW_PASSPHRASE)
    assert dialog.meter.acceptable
    qtbot.keyClicks(dialog.confirmation.edit, NEW_PASSPHRASE[:-1])
    assert dialog.mismatch.isVisible() and not dialog.reset_button.isEnabled()
    qtbot.keyClicks(dialog.confirmation.edit, NEW_PASSPHRASE[-1])
    assert dialog.reset_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)

    assert window.journal is not None and window.journal.is_unlocked
    assert isinstance(window.workspace, StubWorkspace)
    window.journal.lock()
    journal = Journal.open(vault_path, policy)
    journal.unlock(NEW_PASSPHRASE)  # the new passphrase works …
    journal.lock()
    journal.unlock_with_recovery_key(recovery_key)  # … and so does the same recovery key
    journal.lock()


def test_recovery_with_a_mistyped_key(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str
) -> None:
    window = make_window()
    dialog = open_recovery(qtbot, unlock_page(window))
    wrong = ("A" if recovery_key[0] != "A" else "B") + recovery_key[1:]
    qtbot.keyClicks(dialog.key_edit, wrong)
    assert "mistyped" in dialog.key_message.text()
    qtbot.keyClicks(dialog.passphrase.edit, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.confirmation.edit, NEW_PASSPHRASE)
    assert not dialog.reset_button.isEnabled()
    dialog.key_edit.clear()
    qtbot.keyClicks(dialog.key_edit, recovery_key[:10])
    assert "so far" in dialog.key_message.text()


def test_recovery_with_another_vaults_key(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str, tmp_path: Path, policy: KdfPolicy
) -> None:
    other = Journal.create(tmp_path / "other.vault", PASSPHRASE, policy)
    other.journal.lock()
    window = make_window()
    dialog = open_recovery(qtbot, unlock_page(window))
    qtbot.keyClicks(dialog.key_edit, other.recovery_key)
    qtbot.keyClicks(dialog.passphrase.edit, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.confirmation.edit, NEW_PASSPHRASE)
    dialog.reset_button.click()
    assert dialog.isVisible()
    assert "does not belong to this vault" in dialog.message.text()
    assert window.journal is not None and not window.journal.is_unlocked


def test_escape_closes_the_recovery_dialog(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str
) -> None:
    window = make_window()
    page = unlock_page(window)
    dialog = open_recovery(qtbot, page)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.key_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.recovery_dialog is None)
    assert window.journal is not None and not window.journal.is_unlocked


def test_unlock_again_after_a_lock(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str
) -> None:
    window = make_window()
    unlock(qtbot, window)
    assert window.lock()
    unlock(qtbot, window)
    assert len(StubWorkspace.created) == 2


def test_the_unlock_page_warns_about_caps_lock(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str
) -> None:
    window = make_window()
    page = unlock_page(window)
    field = page.passphrase
    assert not field.caps_label.isVisible()
    qtbot.keyClicks(field.edit, "OTTER")  # capitals without Shift: Caps Lock is on
    assert field.caps_label.isVisible() and field.caps_lock_on
    page.unlock_button.click()
    # Refused, and the likeliest reason said with the refusal, as the field is cleared.
    assert page.message.text() == f"{WRONG_PASSPHRASE} {CAPS_LOCK_HINT}"
    qtbot.keyClicks(field.edit, "otter")
    assert not field.caps_label.isVisible()


def test_the_recovery_key_is_hidden_and_fits(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str
) -> None:
    window = make_window()
    dialog = open_recovery(qtbot, unlock_page(window))
    edit = dialog.key_edit
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(edit, recovery_key)
    dialog.key_field.toggle.click()
    assert edit.echoMode() == QLineEdit.EchoMode.Normal
    # The whole key is on show at once, with room to spare for the frame and the cursor.
    assert edit.width() > edit.fontMetrics().horizontalAdvance(recovery_key)
    dialog.key_field.toggle.click()
    assert edit.echoMode() == QLineEdit.EchoMode.Password


def _painted_first(qtbot: QtBot, vault_path: Path, policy: KdfPolicy) -> MainWindow:
    window = MainWindow(
        vault_path,
        policy=policy,
        tasks=SyncTaskRunner(),
        workspace_factory=StubWorkspace,
        open_after_paint=True,
    )
    qtbot.addWidget(window)
    return window


def test_the_page_is_painted_before_the_journal_opens(
    qtbot: QtBot, vault_path: Path, policy: KdfPolicy, recovery_key: str
) -> None:
    window = _painted_first(qtbot, vault_path, policy)
    page = unlock_page(window)
    assert window.journal is None and page.journal is None
    assert not page.forgot_button.isEnabled()
    window.show()
    qtbot.waitUntil(lambda: window.journal is not None)
    assert page.journal is window.journal and window.unlock_page is page
    assert page.forgot_button.isEnabled()
    qtbot.keyClicks(page.passphrase.edit, PASSPHRASE)
    qtbot.keyClick(page.passphrase.edit, Qt.Key.Key_Return)
    assert window.journal.is_unlocked
    assert isinstance(window.workspace, StubWorkspace)
    window.journal.lock()


def test_an_unlock_asked_for_before_the_journal_opens_waits_for_it(
    qtbot: QtBot, vault_path: Path, policy: KdfPolicy, recovery_key: str
) -> None:
    window = _painted_first(qtbot, vault_path, policy)
    page = unlock_page(window)
    page.passphrase.edit.setText(PASSPHRASE)
    page.unlock_button.click()  # before the first paint: nothing to unlock yet
    assert page.busy and window.journal is None
    window.show()
    qtbot.waitUntil(lambda: window.workspace is not None)
    assert window.journal is not None and window.journal.is_unlocked
    assert not page.busy
    window.journal.lock()


def test_a_file_that_is_not_a_vault_shows_the_problem_page_at_once(
    qtbot: QtBot, tmp_path: Path, policy: KdfPolicy
) -> None:
    stranger = tmp_path / "notes.vault"
    stranger.write_text("not a vault\n")
    window = _painted_first(qtbot, stranger, policy)
    assert window.unlock_page is None and window.journal is None
    assert window.stack.currentWidget() is window.problem_page
