"""The shell with the real workspace (casenotes.ui.workspace) once it is there: unlock, lock,
unlock again, with the real thread pool."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui import qt_types
from casenotes.ui.main_window import MainWindow

from .support import PASSPHRASE

pytestmark = pytest.mark.usefixtures("shell_env")


def test_lock_and_unlock_around_the_real_workspace(
    qtbot: QtBot, vault_path: Path, policy: KdfPolicy, recovery_key: str
) -> None:
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


def test_the_summary_and_export_log_from_the_file_menu(
    qtbot: QtBot, vault_path: Path, policy: KdfPolicy, recovery_key: str
) -> None:
    from datetime import date

    from casenotes.core.domain import Case, ClientType, Note
    from casenotes.core.journal import Journal
    from casenotes.ui.summary import ExportLogDialog, SummaryDialog

    journal = Journal.open(vault_path, policy)
    journal.unlock(PASSPHRASE, daily_backup=False)
    case = journal.save_case(
        Case(code="SW-40", display_name="Fictional", client_types=[ClientType.CURRENT_SEX_WORKER])
    )
    journal.save_note(
        Note(
            case_id=case.id,
            session_date=date(2025, 3, 4),
            sections={"body": "Talked about screening."},
        )
    )
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


MARKER = "quinceblossom"  # a word from a note, to look for after the lock


def _strings_reachable_from(root: object, limit: int = 200_000) -> list[str]:
    """Every str reachable from ``root`` through attributes, containers and slots."""
    import types

    found: list[str] = []
    seen: set[int] = set()
    stack: list[object] = [root]
    skip = (
        type,
        types.ModuleType,
        types.FunctionType,
        types.BuiltinFunctionType,
        types.MethodType,
        types.CodeType,
        types.FrameType,
    )
    while stack and len(seen) < limit:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, skip):
            continue
        seen.add(id(obj))
        if isinstance(obj, str):
            found.append(obj)
            continue
        if isinstance(obj, bytes | int | float | bool | type(None)):
            continue
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
            continue
        if isinstance(obj, list | tuple | set | frozenset):
            stack.extend(obj)
            continue
        stack.extend(getattr(obj, "__dict__", {}).values())
        for cls in type(obj).__mro__:
            slots = cls.__dict__.get("__slots__", ())
            for slot in (slots,) if isinstance(slots, str) else slots:
                member = cls.__dict__.get(slot)
                if isinstance(member, types.MemberDescriptorType):
                    with contextlib.suppress(AttributeError):  # the slot, never a property
                        stack.append(member.__get__(obj, cls))
    return found


def test_locking_leaves_no_summary_text_and_clears_a_copy(
    qtbot: QtBot, vault_path: Path, policy: KdfPolicy, recovery_key: str
) -> None:
    """After the lock, nothing reachable from the window holds note or summary text, the
    dialogs are let go, and summary text copied to the clipboard is gone."""
    import gc
    from datetime import date

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QTextCursor

    from casenotes.core.domain import Case, ClientType, Note
    from casenotes.core.journal import Journal
    from casenotes.ui.summary import ExportLogDialog, SummaryDialog

    journal = Journal.open(vault_path, policy)
    journal.unlock(PASSPHRASE, daily_backup=False)
    case = journal.save_case(
        Case(code="SW-41", display_name="Fictional", client_types=[ClientType.CURRENT_SEX_WORKER])
    )
    for day in (4, 11):
        journal.save_note(
            Note(
                case_id=case.id,
                session_date=date(2025, 3, day),
                sections={"body": f"We talked about the {MARKER} garden."},
            )
        )
    journal.lock()

    window = MainWindow(vault_path, policy=policy)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.unlock_page is not None
    window.unlock_page.passphrase.edit.setText(PASSPHRASE)
    window.unlock_page.unlock_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
    assert window.workspace is not None
    window.workspace.restore_location(case.id, None)

    window.summary_action.trigger()
    dialog = window.summary_dialog
    assert isinstance(dialog, SummaryDialog)
    qtbot.waitUntil(lambda: bool(dialog.notes), timeout=20_000)
    for i in range(dialog.excerpts.topLevelItemCount()):
        dialog.excerpts.topLevelItem(i).setCheckState(0, Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.review_opened, timeout=20_000):
        dialog.review_button.click()
    review = dialog.review
    assert review is not None and review.isVisible()
    found = review.view.document().find(MARKER)
    assert not found.isNull()
    cursor = QTextCursor(review.view.document())
    cursor.setPosition(found.selectionStart())
    cursor.setPosition(found.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    review.view.setTextCursor(cursor)
    review.view.copy()
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == MARKER
    window.export_log_action.trigger()
    log_dialog = window.export_log_dialog
    assert isinstance(log_dialog, ExportLogDialog)
    assert window.workspace is not None and not window.workspace.owns_clipboard()

    assert log_dialog.model._codes == {case.id: "SW-41"}  # codes only, no Case objects
    assert window.tasks.wait_idle(20_000)
    assert any(MARKER in s for s in _strings_reachable_from(window))  # the walk finds it
    assert window.lock()
    assert clipboard.text() == ""
    for name in (
        "summary_dialog",
        "export_log_dialog",
        "prompts_dialog",
        "settings_dialog",
        "about_dialog",
        "backups_dialog",
    ):
        assert getattr(window, name) is None, name
    # The wrappers a test (or a stray reference) still holds have let go of their data.
    assert dialog.notes == [] and dialog.review is None
    assert review.document is None and review.draft is None
    assert log_dialog.model._entries == [] and log_dialog.model._codes == {}
    gc.collect()
    leaks = [s for s in _strings_reachable_from(window) if MARKER in s]
    leaks += [
        s
        for obj in (dialog, review, log_dialog)
        for s in _strings_reachable_from(obj)
        if MARKER in s
    ]
    assert leaks == []
    assert window.close()


def test_unlocking_puts_back_the_cursor_and_the_scroll(
    qtbot: QtBot, vault_path: Path, policy: KdfPolicy, recovery_key: str
) -> None:
    from datetime import date

    from PySide6.QtGui import QTextCursor

    from casenotes.core.domain import Case, Note
    from casenotes.core.journal import Journal

    journal = Journal.open(vault_path, policy)
    journal.unlock(PASSPHRASE, daily_backup=False)
    case = journal.save_case(Case(code="SW-41", display_name="Fictional"))
    text = "\n".join(f"Paragraph {i}: an ordinary line of a long note." for i in range(120))
    note = journal.save_note(
        Note(case_id=case.id, session_date=date(2025, 3, 4), sections={"body": text})
    )
    journal.lock()

    window = MainWindow(vault_path, policy=policy)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)

    def unlock() -> None:
        assert window.unlock_page is not None
        window.unlock_page.passphrase.edit.setText(PASSPHRASE)
        window.unlock_page.unlock_button.click()
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)

    unlock()
    workspace = window.workspace
    assert workspace is not None and workspace.open_note(case.id, note.id)
    edit = workspace.editor.section_edit("body")
    edit.setFocus()
    cursor = edit.textCursor()
    cursor.setPosition(text.index("Paragraph 80"))
    cursor.movePosition(QTextCursor.MoveOperation.NextWord, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    bar = workspace.editor.body_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # laid out: the note is taller than the view
    body = workspace.editor.body_scroll.widget()
    assert body is not None
    cursor_y = edit.viewport().mapTo(body, edit.cursorRect().topLeft()).y()
    bar.setValue(cursor_y - 120)  # the cursor in view, 120 px below the top
    at = edit.viewport().mapTo(body, edit.cursorRect().topLeft()).y() - bar.value()
    where = (cursor.anchor(), cursor.position(), bar.value(), at)
    assert window.tasks.wait_idle(20_000)
    assert window.lock()
    unlock()
    workspace = window.workspace
    assert workspace is not None and workspace.editor.note_id() == note.id
    edit = workspace.editor.section_edit("body")
    bar = workspace.editor.body_scroll.verticalScrollBar()
    restored = edit.textCursor()
    assert (restored.anchor(), restored.position()) == where[:2]
    body = workspace.editor.body_scroll.widget()
    assert body is not None

    def cursor_in_view() -> int:
        return edit.viewport().mapTo(body, edit.cursorRect().topLeft()).y() - bar.value()

    qtbot.waitUntil(lambda: cursor_in_view() == where[3])  # at the same height in the view
    assert edit.window().focusWidget() is edit  # typing goes on where it stopped
    assert window.tasks.wait_idle(20_000)
    assert window.close()


def test_the_app_s_way_journal_opened_on_the_worker_cases_read_with_the_unlock(
    qtbot: QtBot, vault_path: Path, policy: KdfPolicy, recovery_key: str
) -> None:
    """As ``casenotes`` makes the window: the page painted first, the journal imported and
    opened on the worker, the cases decrypted on the worker with the unlock itself."""
    from casenotes.core.domain import Case
    from casenotes.core.journal import Journal

    journal = Journal.open(vault_path, policy)
    journal.unlock(PASSPHRASE, daily_backup=False)
    codes = {journal.save_case(Case(code=f"SW-{i}", display_name="Fictional")).code for i in (1, 2)}
    journal.lock()
    window = MainWindow(vault_path, policy=policy, open_after_paint=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.journal is not None, timeout=20_000)
    page = window.unlock_page
    assert page is not None and page.after_unlock is not None
    # Qt's Python types are made while the page waits (an earlier test may have made them).
    warmer = window.type_warmer
    assert warmer is not None and (warmer.is_running() or qt_types.all_warmed())
    page.passphrase.edit.setText(PASSPHRASE)
    page.unlock_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
    workspace = window.workspace
    assert workspace is not None
    assert {c.code for c in workspace.case_model.cases()} == codes
    assert page.take_prefetched() is None  # taken by the window, not kept
    assert window.tasks.wait_idle(20_000)
    assert window.close()


def test_a_workspace_made_as_the_vault_locks_is_never_shown(
    qtbot: QtBot,
    vault_path: Path,
    policy: KdfPolicy,
    recovery_key: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The workspace is made on one turn and shown on the next; locked in between, it is
    dropped, not shown over the unlock page."""
    from casenotes.ui.workspace import workspace as workspace_module

    real_steps = workspace_module.build_in_steps
    made: list[object] = []

    def steps_then_lock(*args: Any, **kwargs: Any) -> Iterator[object]:
        for part in real_steps(*args, **kwargs):
            if part is not None:
                made.append(part)
                assert window.journal is not None
                window.journal.lock()  # as if locked on the turn the workspace was made
            yield part

    monkeypatch.setattr(workspace_module, "build_in_steps", steps_then_lock)
    window = MainWindow(vault_path, policy=policy, open_after_paint=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.journal is not None, timeout=20_000)
    page = window.unlock_page
    assert page is not None
    page.passphrase.edit.setText(PASSPHRASE)
    page.unlock_button.click()
    qtbot.waitUntil(lambda: bool(made), timeout=20_000)
    qtbot.wait(50)  # the turn the workspace would have been shown on, and a few more
    assert window.workspace is None
    assert window.stack.currentWidget() is not made[0]
    assert window.tasks.wait_idle(20_000)
    window.close()
