"""Backups in the window: "Back up now", the Backups dialog, restoring a backup (with its
passphrase or the recovery key), a wrong passphrase, and "Backups to keep" in Settings.

Only modal questions are stubbed (QInputDialog.getText, QMessageBox.question); the vault,
the backups and the restore are real."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from casenotes.core.backup import BackupInfo, BackupReason, backups_folder, list_backups
from casenotes.core.domain.models import Case
from casenotes.ui.backup_dialogs import NO_BACKUPS, BackupsDialog, when
from casenotes.ui.main_window import MainWindow
from casenotes.ui.settings_dialog import SettingsDialog

from .conftest import MakeWindow
from .support import NEW_PASSPHRASE, PASSPHRASE, StubWorkspace, unlock

pytestmark = pytest.mark.usefixtures("shell_env")


@pytest.fixture
def window(qtbot: QtBot, make_window: MakeWindow, recovery_key: str) -> MainWindow:
    window = make_window()
    unlock(qtbot, window)
    return window


@dataclass
class Answers:
    """What the stubbed modal questions of a restore answer, and what they were asked."""

    secret: str | None = PASSPHRASE  # None: the passphrase question was cancelled
    confirm: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes
    prompts: list[tuple[str, QLineEdit.EchoMode]] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    given = Answers()

    def get_text(
        parent: QWidget,
        title: str,
        label: str,
        echo: QLineEdit.EchoMode = QLineEdit.EchoMode.Normal,
        *args: object,
        **kwargs: object,
    ) -> tuple[str, bool]:
        given.prompts.append((label, echo))
        return (given.secret, True) if given.secret is not None else ("", False)

    def question(
        parent: QWidget, title: str, text: str, *args: object, **kwargs: object
    ) -> QMessageBox.StandardButton:
        given.questions.append(text)
        return given.confirm

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return given


def back_up_now(window: MainWindow) -> BackupInfo:
    window.tasks.wait_idle()  # the day's backup, taken on a worker after unlocking
    before = {b.path for b in list_backups(window.vault_path)}
    window.backup_now_action.trigger()
    window.tasks.wait_idle()
    new = [b for b in list_backups(window.vault_path) if b.path not in before]
    assert len(new) == 1
    return new[0]


def open_backups(window: MainWindow) -> BackupsDialog:
    window.backups_action.trigger()
    dialog = window.backups_dialog
    assert isinstance(dialog, BackupsDialog) and dialog.isVisible()
    return dialog


def case_codes(window: MainWindow) -> list[str]:
    assert window.journal is not None
    return sorted(case.code for case in window.journal.list_cases())


def vault_files(vault_path: Path) -> dict[str, bytes]:
    """Every file beside the vault and in backups/, byte for byte (not the lock file)."""
    files = [p for p in vault_path.parent.iterdir() if p.is_file()]
    folder = backups_folder(vault_path)
    if folder.exists():
        files += [p for p in folder.iterdir() if p.is_file()]
    return {str(p): p.read_bytes() for p in files if not p.name.endswith(".lock")}


# ---- back up now ---------------------------------------------------------------------------


def test_back_up_now_writes_a_backup_and_says_where(window: MainWindow) -> None:
    assert window.backup_now_action.isEnabled()
    info = back_up_now(window)
    assert info.reason is BackupReason.MANUAL
    assert info.path.parent == backups_folder(window.vault_path) and info.path.is_file()
    assert window.statusBar().currentMessage() == f"Backup written to {info.path}"


def test_back_up_now_failure_is_a_sentence(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.journal is not None

    def full(target: Path | None = None) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(window.journal, "backup_now", full)
    window.backup_now_action.trigger()
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    assert boxes[0].text().startswith("The backup could not be written. The disk is full")


def test_backup_actions_wait_for_unlock(make_window: MakeWindow, recovery_key: str) -> None:
    window = make_window()
    assert not window.backup_now_action.isEnabled()
    assert not window.backups_action.isEnabled()
    menu = window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    assert window.backup_now_action in menu.actions()
    assert window.backups_action in menu.actions()


# ---- the backups dialog --------------------------------------------------------------------


def test_the_backups_dialog_lists_them_newest_first(window: MainWindow) -> None:
    info = back_up_now(window)
    backups = list_backups(window.vault_path)
    assert {b.reason for b in backups} == {BackupReason.DAILY, BackupReason.MANUAL}
    dialog = open_backups(window)
    table = dialog.table
    assert table.topLevelItemCount() == len(backups)
    items = [table.topLevelItem(i) for i in range(table.topLevelItemCount())]
    rows = [[item.text(c) for c in range(3)] for item in items if item is not None]
    reasons = {row[1] for row in rows}
    assert reasons == {"Daily", "Taken by you"}
    manual = next(row for row in rows if row[1] == "Taken by you")
    assert manual[0] == when(info)
    assert manual[2].endswith(("KB", "MB"))
    assert dialog.selected() == dialog.backups[0]  # the newest is chosen to begin with
    assert dialog.restore_button.isEnabled()


def test_no_backups_yet(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = BackupsDialog([], tmp_path / "backups")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.empty.isVisible() and dialog.empty.text() == NO_BACKUPS
    assert not dialog.table.isVisible() and not dialog.restore_button.isEnabled()


def test_locking_closes_the_backups_dialog(window: MainWindow) -> None:
    dialog = open_backups(window)
    window.lock_action.trigger()
    assert not dialog.isVisible()


# ---- restore -------------------------------------------------------------------------------


def choose(window: MainWindow, info: BackupInfo, *, recovery_key: bool = False) -> None:
    dialog = open_backups(window)
    dialog.select(info)
    dialog.use_recovery_key.setChecked(recovery_key)
    dialog.restore_button.click()


@pytest.mark.parametrize("real_tasks", [False, True])
def test_restoring_brings_the_vault_back_to_the_backup(
    qtbot: QtBot, make_window: MakeWindow, recovery_key: str, answers: Answers, real_tasks: bool
) -> None:
    window = make_window(real_tasks=real_tasks)
    unlock(qtbot, window)
    assert window.journal is not None
    window.journal.save_case(Case(code="KEEP", display_name="Before the backup"))
    info = back_up_now(window)
    window.journal.save_case(Case(code="LATER", display_name="Added after the backup"))
    assert case_codes(window) == ["KEEP", "LATER"]
    old_journal = window.journal

    choose(window, info)
    prompt, echo = answers.prompts[0]
    assert echo == QLineEdit.EchoMode.Password and when(info) in prompt
    [question] = answers.questions
    # What the backup holds against the vault now (1 case then, 2 now), and what is kept.
    assert f"the backup from {when(info)}" in question
    assert "The backup holds 1 case and 0 notes." in question
    assert "Your vault now holds 2 cases and 0 notes." in question
    assert "kept as a backup first" in question
    qtbot.waitUntil(lambda: window.journal is not old_journal and window.journal is not None)
    page = window.unlock_page
    assert page is not None and window.stack.currentWidget() is page
    assert page.message.text() == (
        f"Restored from the backup of {when(info)}. Unlock with the "
        "passphrase that backup was taken with."
    )
    assert window.workspace is None and not old_journal.is_unlocked
    pre_restore = [
        b for b in list_backups(window.vault_path) if b.reason is BackupReason.PRE_RESTORE
    ]
    assert len(pre_restore) == 1

    unlock(qtbot, window)
    assert case_codes(window) == ["KEEP"]


def test_restoring_with_the_recovery_key(
    qtbot: QtBot, window: MainWindow, recovery_key: str, answers: Answers
) -> None:
    assert window.journal is not None
    info = back_up_now(window)
    window.journal.save_case(Case(code="LATER", display_name="Added after the backup"))
    answers.secret = recovery_key
    choose(window, info, recovery_key=True)
    _, echo = answers.prompts[0]
    assert echo == QLineEdit.EchoMode.Password  # the key opens the vault: hidden as well
    qtbot.waitUntil(
        lambda: (
            window.unlock_page is not None
            and window.unlock_page.message.text().startswith("Restored from")
        )
    )
    unlock(qtbot, window)
    assert case_codes(window) == []


def test_a_wrong_backup_passphrase_changes_nothing(
    qtbot: QtBot, window: MainWindow, answers: Answers
) -> None:
    assert window.journal is not None
    window.journal.save_case(Case(code="KEEP", display_name="Stays"))
    info = back_up_now(window)
    journal = window.journal
    at_lock: list[dict[str, bytes]] = []
    window.locked.connect(lambda: at_lock.append(vault_files(window.vault_path)))
    answers.secret = NEW_PASSPHRASE  # not the passphrase the backup was taken with

    choose(window, info)
    page = window.unlock_page
    assert page is not None
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page)
    assert len(at_lock) == 1
    assert vault_files(window.vault_path) == at_lock[0]  # byte for byte, backups included
    assert window.journal is journal
    text = page.message.text()
    assert text.startswith(
        "The backup was not restored. That passphrase does not open this backup."
    )
    assert "The vault was not changed." in text
    assert "Traceback" not in text and "Error" not in text

    unlock(qtbot, window)  # the vault still opens with its own passphrase
    assert case_codes(window) == ["KEEP"]


def test_cancelling_the_confirmation_keeps_everything(window: MainWindow, answers: Answers) -> None:
    info = back_up_now(window)
    answers.confirm = QMessageBox.StandardButton.Cancel
    choose(window, info)
    assert window.is_unlocked and window.workspace is not None
    assert not any(b.reason is BackupReason.PRE_RESTORE for b in list_backups(window.vault_path))


def test_no_passphrase_given_asks_nothing_more(window: MainWindow, answers: Answers) -> None:
    info = back_up_now(window)
    answers.secret = None  # the passphrase question was cancelled
    choose(window, info)
    assert answers.questions == []
    assert window.is_unlocked


def test_an_unsaved_edit_stops_the_restore(window: MainWindow, answers: Answers) -> None:
    info = back_up_now(window)
    workspace = window.workspace
    assert isinstance(workspace, StubWorkspace)
    workspace.flush_result = False
    choose(window, info)
    assert window.is_unlocked and window.workspace is workspace
    assert not any(b.reason is BackupReason.PRE_RESTORE for b in list_backups(window.vault_path))


# ---- settings ------------------------------------------------------------------------------


def test_backups_to_keep_round_trips(window: MainWindow) -> None:
    window.open_settings()
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    spin = dialog.backups_keep
    assert (spin.minimum(), spin.maximum(), spin.value()) == (1, 100, 10)
    assert spin.accessibleName()
    spin.setValue(4)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert window.journal is not None
    assert window.journal.settings().backups_keep == 4
    assert window.settings.backups_keep == 4

    window.open_settings()
    again = window.settings_dialog
    assert isinstance(again, SettingsDialog) and again is not dialog
    assert again.backups_keep.value() == 4
