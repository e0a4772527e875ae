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


def test_the_summary_and_export_log_from_the_file_menu(qtbot: QtBot, vault_path: Path,
                                                        policy: KdfPolicy,
                                                        recovery_key: str) -> None:
    from datetime import date

    from casenotes.core.domain import Case, ClientType, Note
    from casenotes.core.journal import Journal
    from casenotes.ui.summary import ExportLogDialog, SummaryDialog

    journal = Journal.open(vault_path, policy)
    journal.unlock(PASSPHRASE, daily_backup=False)
    case = journal.save_case(Case(code="SW-40", display_name="Fictional",
                                  client_types=[ClientType.CURRENT_SEX_WORKER]))
    journal.save_note(Note(case_id=case.id, session_date=date(2025, 3, 4),
                           sections={"body": "Talked about screening."}))
    journal.lock()

    window = MainWindow(vault_path, policy=policy)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.unlock_page is not None
    window.unlock_page.passphrase.edit.setText(PASSPHRASE)
    window.unlock_page.unlock_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
    workspace = window.workspace
    assert workspace is not None

    window.summary_action.trigger()  # no case chosen yet: a hint, no dialog
    assert "Choose a case" in window.statusBar().currentMessage()
    workspace.restore_location(case.id, None)
    window.summary_action.trigger()
    dialog = window.summary_dialog
    assert isinstance(dialog, SummaryDialog) and dialog.isVisible()
    window.export_log_action.trigger()
    log_dialog = window.export_log_dialog
    assert isinstance(log_dialog, ExportLogDialog) and log_dialog.isVisible()

    assert window.tasks.wait_idle(20_000)
    assert window.lock()  # locking closes both: they hold decrypted text
    from shiboken6 import isValid

    for closed in (dialog, log_dialog):  # deleted on close, or at least hidden
        assert not isValid(closed) or not closed.isVisible()
    assert not window.summary_action.isEnabled()
    assert window.close()
