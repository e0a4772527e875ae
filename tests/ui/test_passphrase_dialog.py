"""Changing the passphrase from the window, and a change made elsewhere reaching a locked
window (audit: the unlock page kept accepting the old passphrase after `casenotes passwd`)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from casenotes.cli.main import main as cli_main
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.errors import WRONG_PASSPHRASE
from casenotes.ui.passphrase_dialog import (
    SAME_AS_CURRENT,
    WRONG_CURRENT,
    ChangePassphraseDialog,
)

from .conftest import MakeWindow
from .support import NEW_PASSPHRASE, PASSPHRASE, WEAK_PASSPHRASE, DeferredTaskRunner, unlock

pytestmark = pytest.mark.usefixtures("shell_env")


def try_unlock(window: object, passphrase: str) -> None:
    page = window.unlock_page  # type: ignore[attr-defined]
    assert page is not None
    page.passphrase.edit.setText(passphrase)
    page.unlock_button.click()


def test_a_locked_window_refuses_the_old_passphrase_after_casenotes_passwd(
    qtbot: QtBot,
    make_window: MakeWindow,
    recovery_key: str,
    vault_path: Path,
    policy: KdfPolicy,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window()
    unlock(qtbot, window)
    assert window.lock()
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(PASSPHRASE + "\n", encoding="utf-8")
    new.write_text(NEW_PASSPHRASE + "\n", encoding="utf-8")
    for name in ("CASENOTES_PASSPHRASE", "CASENOTES_NEW_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    code = cli_main(
        [
            "passwd",
            "--vault",
            str(vault_path),
            "--passphrase-file",
            str(old),
            "--new-passphrase-file",
            str(new),
        ],
        policy=policy,
        out=io.StringIO(),
        err=io.StringIO(),
    )
    assert code == 0

    try_unlock(window, PASSPHRASE)
    assert window.journal is not None and not window.journal.is_unlocked
    assert window.unlock_page is not None
    assert window.unlock_page.message.text() == WRONG_PASSPHRASE
    unlock(qtbot, window, NEW_PASSPHRASE)
    assert window.journal.is_unlocked


def open_dialog(qtbot: QtBot, window: object) -> ChangePassphraseDialog:
    window.passphrase_action.trigger()  # type: ignore[attr-defined]
    dialog = window.passphrase_dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, ChangePassphraseDialog)
    qtbot.waitExposed(dialog)
    return dialog


def fill(dialog: ChangePassphraseDialog, current: str, new: str, again: str | None = None) -> None:
    dialog.current.edit.setText(current)
    dialog.passphrase.edit.setText(new)
    dialog.confirmation.edit.setText(new if again is None else again)


def test_change_passphrase_from_the_window(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str
) -> None:
    window = make_window()
    assert not window.passphrase_action.isEnabled()  # locked: nothing to change
    unlock(qtbot, window)
    assert window.passphrase_action.isEnabled()
    dialog = open_dialog(qtbot, window)
    fill(dialog, PASSPHRASE, NEW_PASSPHRASE)
    assert dialog.change_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        dialog.change_button.click()
    assert "Passphrase changed" in window.statusBar().currentMessage()
    assert window.lock()
    try_unlock(window, PASSPHRASE)
    assert window.journal is not None and not window.journal.is_unlocked
    unlock(qtbot, window, NEW_PASSPHRASE)


def test_a_wrong_current_passphrase_changes_nothing(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str
) -> None:
    window = make_window()
    unlock(qtbot, window)
    dialog = open_dialog(qtbot, window)
    fill(dialog, "not my passphrase at all", NEW_PASSPHRASE)
    dialog.change_button.click()
    assert dialog.isVisible()
    assert dialog.message.text() == WRONG_CURRENT
    assert dialog.message.isVisible()
    assert dialog.current.text() == ""
    assert dialog.passphrase.text() == NEW_PASSPHRASE  # only the wrong field is cleared
    dialog.reject()
    assert window.lock()
    unlock(qtbot, window, PASSPHRASE)


def test_the_button_waits_for_a_strong_matching_new_passphrase(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str
) -> None:
    window = make_window()
    unlock(qtbot, window)
    dialog = open_dialog(qtbot, window)
    assert not dialog.change_button.isEnabled()
    fill(dialog, PASSPHRASE, WEAK_PASSPHRASE)
    assert not dialog.change_button.isEnabled()
    assert not dialog.meter.acceptable
    fill(dialog, PASSPHRASE, NEW_PASSPHRASE, again=NEW_PASSPHRASE + "x")
    assert not dialog.change_button.isEnabled()
    assert dialog.mismatch.isVisible()
    fill(dialog, PASSPHRASE, PASSPHRASE)
    assert not dialog.change_button.isEnabled()
    assert dialog.message.text() == SAME_AS_CURRENT
    fill(dialog, PASSPHRASE, NEW_PASSPHRASE)
    assert dialog.change_button.isEnabled()
    assert not dialog.message.isVisible()
    dialog.reject()


def test_the_change_runs_through_the_task_runner(
    qtbot: QtBot, vault_path: Path, policy: KdfPolicy, recovery_key: str
) -> None:
    journal = Journal.open(vault_path, policy)
    journal.unlock(PASSPHRASE, daily_backup=False)
    tasks = DeferredTaskRunner()
    dialog = ChangePassphraseDialog(journal, tasks)
    qtbot.addWidget(dialog)
    try:
        fill(dialog, PASSPHRASE, NEW_PASSPHRASE)
        dialog.change_button.click()
        assert dialog.busy and len(tasks.queue) == 1
        assert not dialog.cancel_button.isEnabled()
        dialog.reject()  # refused while the new passphrase is being written
        assert dialog.busy
        tasks.run_all()
        assert not dialog.busy
        assert dialog.result() == dialog.DialogCode.Accepted
    finally:
        journal.lock()
    journal.unlock(NEW_PASSPHRASE, daily_backup=False)
    journal.lock()


def test_lock_closes_the_dialog(qtbot: QtBot, make_window: MakeWindow, recovery_key: str) -> None:
    window = make_window()
    unlock(qtbot, window)
    dialog = open_dialog(qtbot, window)
    fill(dialog, PASSPHRASE, NEW_PASSPHRASE)
    assert window.lock()
    assert window.passphrase_dialog is None
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
