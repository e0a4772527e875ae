"""From the usability test, with the real workspace: after an unlock the focus is back where
it was (so shortcuts need no Tab first), and View → Reflection panel (Ctrl+Shift+R) works
from anywhere in the window, in step with the editor's Reflection button."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.main_window import MainWindow

from .support import PASSPHRASE

pytestmark = pytest.mark.usefixtures("shell_env")


def _unlock(qtbot: QtBot, window: MainWindow) -> None:
    assert window.unlock_page is not None
    window.unlock_page.passphrase.edit.setText(PASSPHRASE)
    window.unlock_page.unlock_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)


def test_focus_returns_and_the_reflection_action(
    qtbot: QtBot, vault_path: Path, policy: KdfPolicy, recovery_key: str
) -> None:
    from casenotes.core.domain import Case, ClientType, Note
    from casenotes.core.journal import Journal
    from casenotes.ui.workspace import note_editor

    note_editor.remember_reflection_shown(True)
    journal = Journal.open(vault_path, policy)
    journal.unlock(PASSPHRASE, daily_backup=False)
    case = journal.save_case(
        Case(code="FR-12", display_name="Fictional", client_types=[ClientType.CURRENT_SEX_WORKER])
    )
    note = journal.save_note(
        Note(
            case_id=case.id, session_date=date(2025, 3, 4), sections={"body": "Talked about rest."}
        )
    )
    journal.lock()

    window = MainWindow(vault_path, policy=policy)
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    qtbot.waitExposed(window)
    _unlock(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    # Nothing open yet: the focus is in the case list's column, and the action waits.
    qtbot.waitUntil(
        lambda: window.focusWidget() is not None and workspace.isAncestorOf(window.focusWidget()),
        timeout=2000,
    )
    assert not window.reflection_action.isEnabled()
    assert window.reflection_action in window.view_menu.actions()

    assert workspace.open_note(case.id, note.id)
    editor = workspace.editor
    assert window.reflection_action.isEnabled()
    assert window.reflection_action.isChecked() == editor.reflection_shown() is True
    # Ctrl+Shift+R from the case view (not the editor) closes the panel …
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.waitUntil(window.isActiveWindow)
    workspace.case_view.timeline.setFocus()
    qtbot.keyClick(
        window,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not editor.reflection_shown() and not window.reflection_action.isChecked()
    # … and the editor's button and the action stay in step.
    editor.reflection_button.click()
    assert editor.reflection_shown() and window.reflection_action.isChecked()
    window.reflection_action.trigger()
    assert not editor.reflection_button.isChecked()
    window.reflection_action.trigger()

    # Lock with the focus in the note; after the unlock it is back there.
    key = editor.section_keys()[0]
    section = editor.section_edit(key)
    section.setFocus()
    qtbot.waitUntil(lambda: window.focusWidget() is section, timeout=2000)
    assert window.tasks.wait_idle(20_000)
    assert window.lock()
    assert not window.reflection_action.isEnabled()
    _unlock(qtbot, window)
    workspace = window.workspace
    assert workspace is not None and workspace.editor.is_open()
    qtbot.waitUntil(
        lambda: window.focusWidget() is workspace.editor.section_edit(key), timeout=5000
    )
    assert window.reflection_action.isEnabled() and window.reflection_action.isChecked()
    assert window.tasks.wait_idle(20_000)
    assert window.close()
