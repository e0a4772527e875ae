"""File → "My passphrase or recovery key may be known…": the dialog explains, asks the
passphrase, re-keys on the worker with a progress bar, then shows the new recovery key once
and offers to delete the older backups. The vault and the re-key are real; only the modal
question before deleting backups is stubbed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from casenotes.core.backup import list_backups
from casenotes.core.journal import Journal
from casenotes.core.vault.errors import BadRecoveryKeyError
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.main_window import MainWindow
from casenotes.ui.rekey_dialog import ASK, DONE, RekeyDialog

from .conftest import MakeWindow
from .mnemonics import mnemonics
from .support import NEW_PASSPHRASE, PASSPHRASE, unlock

pytestmark = pytest.mark.usefixtures("shell_env")


def _open_dialog(qtbot: QtBot, window: MainWindow) -> RekeyDialog:
    window.tasks.wait_idle()
    assert window.rekey_action.isEnabled()
    assert window.rekey_action in window.menuBar().actions()[0].menu().actions()
    window.rekey_action.trigger()
    dialog = window.rekey_dialog
    assert isinstance(dialog, RekeyDialog)
    qtbot.waitExposed(dialog)
    return dialog


def _yes(monkeypatch: pytest.MonkeyPatch, asked: list[str]) -> None:
    def question(
        parent: QWidget, title: str, text: str, *args: object, **kwargs: object
    ) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))


@pytest.mark.parametrize("real_tasks", [False, True])
def test_rekey_from_the_window_shows_the_new_key_and_deletes_old_backups(
    qtbot: QtBot,
    make_window: MakeWindow,
    recovery_key: str,
    vault_path: Path,
    policy: KdfPolicy,
    monkeypatch: pytest.MonkeyPatch,
    real_tasks: bool,
) -> None:
    window = make_window(real_tasks=real_tasks)
    unlock(qtbot, window)
    window.tasks.wait_idle()
    journal = window.journal
    assert journal is not None
    journal.backup_now()
    dialog = _open_dialog(qtbot, window)
    assert dialog.steps.currentIndex() == ASK
    assert "the old recovery key no longer opens this vault" in dialog.explanation.text()
    assert "still open with the old" in dialog.explanation.text()
    assert all(len(texts) == 1 for texts in mnemonics(dialog).values()), mnemonics(dialog)
    progress: list[tuple[int, int]] = []
    dialog._progress.changed.connect(lambda d, t: progress.append((d, t)))
    qtbot.keyClicks(dialog.passphrase.edit, PASSPHRASE)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == DONE, timeout=30000)
    assert progress and progress[-1][0] == progress[-1][1]
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()
    new_key = dialog.key_panel.key_text
    assert new_key and new_key != recovery_key
    assert dialog.key_panel.key_label.text().replace("\n", "") == new_key
    assert dialog.passphrase.text() == ""  # the typed passphrase is not kept
    # The daily backup taken at unlock and the one just made.
    assert "2 older backups in" in dialog.backups_message.text()
    assert (
        "still open with your OLD passphrase and OLD recovery key" in dialog.backups_message.text()
    )
    assert dialog.delete_backups_button.isVisible()

    qtbot.mouseClick(dialog.key_panel.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == new_key
    asked: list[str] = []
    _yes(monkeypatch, asked)
    qtbot.mouseClick(dialog.delete_backups_button, Qt.MouseButton.LeftButton)
    assert asked and "old passphrase and recovery key" in asked[0]
    window.tasks.wait_idle()
    [fresh] = list_backups(vault_path)  # a new one, under the new keys
    assert "Deleted 2 older backups" in dialog.backups_message.text()
    assert "A new backup under the new keys is in" in dialog.backups_message.text()
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == ""  # taken off the clipboard on close
    assert window.rekey_dialog is None
    assert journal.verify().intact
    window.lock()

    check = Journal.open(vault_path, policy)
    with pytest.raises(BadRecoveryKeyError):
        check.unlock_with_recovery_key(recovery_key, daily_backup=False)
    check.unlock_with_recovery_key(new_key, daily_backup=False)
    check.lock()
    check.unlock(PASSPHRASE, daily_backup=False)  # the passphrase stayed
    check.lock()
    backup = Journal.open(fresh.path, policy)
    backup.unlock_with_recovery_key(new_key, daily_backup=False)
    backup.lock()


def test_a_wrong_passphrase_says_so_and_changes_nothing(
    qtbot: QtBot,
    make_window: MakeWindow,
    recovery_key: str,
    vault_path: Path,
    policy: KdfPolicy,
) -> None:
    window = make_window()
    unlock(qtbot, window)
    dialog = _open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.passphrase.edit, NEW_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase.edit, Qt.Key.Key_Return)
    assert dialog.steps.currentIndex() == ASK
    assert "didn’t open the vault. Nothing was changed." in dialog.ask_message.text()
    dialog.reject()
    window.lock()
    check = Journal.open(vault_path, policy)
    check.unlock_with_recovery_key(recovery_key, daily_backup=False)
    check.lock()


def test_a_new_passphrase_can_be_chosen_too(
    qtbot: QtBot,
    make_window: MakeWindow,
    recovery_key: str,
    vault_path: Path,
    policy: KdfPolicy,
) -> None:
    window = make_window()
    unlock(qtbot, window)
    dialog = _open_dialog(qtbot, window)
    assert not dialog.new_box.isVisible()
    dialog.change_passphrase.setChecked(True)
    assert dialog.new_box.isVisible()
    qtbot.keyClicks(dialog.passphrase.edit, PASSPHRASE)
    qtbot.keyClicks(dialog.new_passphrase.edit, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.steps.currentIndex() == DONE
    assert (
        "There are no older backups" in dialog.backups_message.text()
        or dialog.delete_backups_button.isVisible()
    )
    dialog.accept()
    window.lock()
    check = Journal.open(vault_path, policy)
    check.unlock(NEW_PASSPHRASE, daily_backup=False)
    check.lock()
