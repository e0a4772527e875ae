"""The shell with the real workspace (casenotes.ui.workspace) once it is there: unlock, lock,
unlock again, with the real thread pool."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.main_window import MainWindow

from .support import PASSPHRASE

pytestmark = pytest.mark.usefixtures("shell_env")


def test_lock_and_unlock_around_the_real_workspace(qtbot: QtBot, vault_path: Path,
                                                   policy: KdfPolicy,
                                                   recovery_key: str) -> None:
    workspace_module = pytest.importorskip("casenotes.ui.workspace")
    window = MainWindow(vault_path, policy=policy)  # the real workspace and task runner
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    def unlock() -> None:
        assert window.unlock_page is not None
        window.unlock_page.passphrase.edit.setText(PASSPHRASE)
        window.unlock_page.unlock_button.click()
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)

    unlock()
    assert isinstance(window.workspace, workspace_module.Workspace)
    window.privacy_action.trigger()
    assert window.tasks.wait_idle(20_000)
    assert window.lock()
    assert window.journal is not None and not window.journal.is_unlocked
    unlock()
    assert window.privacy_action.isChecked()
    assert window.tasks.wait_idle(20_000)
    assert window.close()
    assert not window.journal.is_unlocked
