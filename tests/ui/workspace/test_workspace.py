"""The workspace as a whole: the contract the main window relies on, damaged records, the
trash, goals, privacy in the case view, background loading, accessibility."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from casenotes.core.domain import GoalStatus
from casenotes.core.journal import Journal
from casenotes.ui.errors import DAMAGED_RECORD
from casenotes.ui.shared.common import model_data
from casenotes.ui.workspace import Workspace
from casenotes.ui.workspace.session_model import SessionRole
from casenotes.ui.workspace.trash_model import COL_CASE

from .conftest import DeferredTaskRunner, damage_note


def test_location_round_trip(make_workspace: Any, journal: Journal, small: dict[str, Any]) -> None:
    first = make_workspace(journal)
    assert first.location() == (None, None)
    first.open_note(small["couple"].id, small["second"].id)
    where = first.location()
    assert where == (small["couple"].id, small["second"].id)
    again: Workspace = make_workspace(journal)  # as after a lock and unlock
    again.restore_location(*where)
    assert again.location() == where
    assert again.case_list.current_case_id() == small["couple"].id
    again.restore_location("no-such-case", "no-such-note")  # quietly ignored
    assert again.location() == where


def test_damaged_record_gets_a_calm_notice_and_the_rest_works(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    damage_note(journal.path, small["second"].id)
    workspace: Workspace = make_workspace(journal)
    workspace.restore_location(small["couple"].id, None)
    banner = workspace.damage_banner
    assert banner.isVisible()
    assert banner.label.text() == DAMAGED_RECORD
    # The other note of the case is listed and opens; the damaged one is left out.
    rows = [
        model_data(workspace.case_view.session_model.index(r, 0), SessionRole.NOTE_ID)
        for r in range(workspace.case_view.session_model.rowCount())
    ]
    assert rows == [small["first"].id]
    assert workspace.open_note(small["couple"].id, small["first"].id)
    assert not workspace.open_note(small["couple"].id, small["second"].id)
    assert banner.isVisible()
    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()


def test_trash_restore_and_delete_for_good(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot, questions: list[str]
) -> None:
    workspace: Workspace = make_workspace(journal)
    solo, couple = small["solo"], small["couple"]
    workspace.trash_case(solo.id)
    workspace.trash_case(couple.id)
    assert workspace.case_model.rowCount() == 0
    workspace.trash_dialog()
    dialog = workspace.trash
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 2
    codes = {dialog.model.data(dialog.model.index(r, COL_CASE)) for r in range(2)}
    assert codes == {"SW-12", "CPL-07"}
    row = next(r for r in range(2) if dialog.model.data(dialog.model.index(r, COL_CASE)) == "SW-12")
    dialog.select_row(row)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert workspace.case_model.row_of(solo.id) >= 0
    assert workspace.case_model.last_session(solo.id) == small["solo_note"].session_date
    assert journal.get_case(solo.id).deleted_at is None  # type: ignore[union-attr]

    dialog.select_row(0)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "for good" in questions[-1] and "can't be undone" in questions[-1]
    assert journal.get_case(couple.id) is None
    assert dialog.model.rowCount() == 0
    assert dialog.empty_label.isVisible()


def test_delete_for_good_can_be_cancelled(
    make_workspace: Any,
    journal: Journal,
    small: dict[str, Any],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workspace: Workspace = make_workspace(journal)
    journal.trash_case(small["solo"].id)
    workspace.trash_dialog()
    dialog = workspace.trash
    assert dialog is not None
    dialog.select_row(0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)  # default answer: Cancel
    assert journal.get_case(small["solo"].id) is not None
    assert dialog.model.rowCount() == 1


def test_goals_add_and_change_status(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)
    couple = small["couple"]
    workspace.restore_location(couple.id, None)
    view = workspace.case_view
    qtbot.mouseClick(view.add_goal_button, Qt.MouseButton.LeftButton)
    dialog = view.goal_dialog
    assert dialog is not None
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.text_edit, "Write a shared agreement together")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    (goal,) = journal.goals_for_case(couple.id)
    assert goal.text == "Write a shared agreement together"
    assert goal.status == GoalStatus.OPEN
    combo = view._goal_combos[goal.id]
    combo.setCurrentIndex(combo.findText("In progress"))
    (goal,) = journal.goals_for_case(couple.id)
    assert goal.status == GoalStatus.IN_PROGRESS
    assert [h.status for h in goal.history] == [GoalStatus.OPEN, GoalStatus.IN_PROGRESS]


def test_trash_and_restore_a_note_from_the_timeline(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot, questions: list[str]
) -> None:
    workspace: Workspace = make_workspace(journal)
    workspace.restore_location(small["couple"].id, small["second"].id)
    timeline = workspace.case_view.timeline
    workspace.case_view.select_note(small["second"].id)
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Delete)
    assert "trash" in questions[-1]
    assert journal.get_note(small["second"].id).deleted_at is not None  # type: ignore[union-attr]
    assert workspace.case_view.session_model.row_of(small["second"].id) == -1
    assert not workspace.editor.isVisible()  # the open note went to the trash
    qtbot.mouseClick(workspace.case_view.show_trash_check, Qt.MouseButton.LeftButton)
    workspace.case_view.select_note(small["second"].id)
    assert workspace.case_view.restore_note_button.isEnabled()
    qtbot.mouseClick(workspace.case_view.restore_note_button, Qt.MouseButton.LeftButton)
    assert journal.get_note(small["second"].id).deleted_at is None  # type: ignore[union-attr]


def test_privacy_mode_in_the_case_view(
    make_workspace: Any, journal: Journal, small: dict[str, Any]
) -> None:
    workspace: Workspace = make_workspace(journal)
    workspace.restore_location(small["couple"].id, None)
    view = workspace.case_view
    view.identifiers_toggle.setChecked(True)
    assert "Rowan Pell" in view.identifiers.text()
    workspace.set_privacy_mode(True)
    texts = [w.text() for w in view.findChildren(type(view.title)) if w.isVisible()]
    for secret in ("Rowan", "Kit", "Harbourside", "they/them"):
        assert not any(secret in t for t in texts), secret
    assert "CPL-07" in view.title.text()
    workspace.set_privacy_mode(False)
    assert view.identifiers.isVisible()


def test_presenting_concerns_and_birth_year_show_outside_privacy_mode(
    make_workspace: Any, journal: Journal, small: dict[str, Any]
) -> None:
    journal.save_case(
        replace(
            small["couple"],
            birth_year=1984,
            presenting_concerns="Rewriting the agreement together.",
        )
    )
    workspace: Workspace = make_workspace(journal)
    workspace.restore_location(small["couple"].id, None)
    view = workspace.case_view
    assert view.concerns.isVisible()
    assert view.concerns.text() == "Presenting concerns: Rewriting the agreement together."
    assert "Born 1984" in view.facts.text()
    workspace.set_privacy_mode(True)
    assert not view.concerns.isVisible()
    assert "1984" not in view.facts.text()


def test_construction_leaves_heavy_work_to_the_task_runner(
    make_workspace: Any, demo_journal: Journal
) -> None:
    tasks = DeferredTaskRunner()
    workspace: Workspace = make_workspace(demo_journal, tasks)
    assert workspace.case_model.rowCount() == len(demo_journal.list_cases())
    assert all(
        workspace.case_model.last_session(c.id) is None for c in workspace.case_model.cases()
    )
    tasks.run_all()
    assert any(workspace.case_model.last_session(c.id) for c in workspace.case_model.cases())
    assert workspace.search.is_ready()


def test_one_pass_gives_the_dates_and_the_index_then_freezes(
    qtbot: QtBot, demo_journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casenotes.ui.workspace import workspace as workspace_module

    frozen: list[bool] = []
    monkeypatch.setattr(workspace_module.gc, "freeze", lambda: frozen.append(True))
    calls: list[dict[str, Any]] = []
    real = demo_journal.build_index

    def counted(**kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(demo_journal, "build_index", counted)
    tasks = DeferredTaskRunner()
    workspace = Workspace(demo_journal, tasks, freeze_after_load=True)
    qtbot.addWidget(workspace)
    assert frozen == [True]  # the window as built, before the pass starts
    tasks.run_all()
    assert len(calls) == 1 and "last_sessions" in calls[0]  # one pass, dates included
    assert any(workspace.case_model.last_session(c.id) for c in workspace.case_model.cases())
    assert workspace.search.is_ready()
    assert frozen == [True, True]  # and what the pass left, once search is ready


def test_task_failure_is_a_sentence(
    make_workspace: Any, journal: Journal, small: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_: Any) -> Any:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(journal, "build_index", broken)
    workspace: Workspace = make_workspace(journal)
    summary = workspace.search.summary.text()
    assert summary == (
        "Notes can't be searched right now: the disk reported a problem while reading or writing."
    )


def test_note_beside_the_case_when_there_is_room(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)
    workspace.resize(2400, 1000)
    qtbot.waitUntil(lambda: workspace._right.width() > 1200)
    workspace.open_note(small["couple"].id, small["first"].id)
    assert workspace.side_by_side()
    assert workspace.case_view.isVisible() and workspace.editor.isVisible()
    assert workspace.editor.close_button.text() == "Close note"
    workspace.resize(1000, 800)
    qtbot.waitUntil(lambda: not workspace.case_view.isVisible())
    assert workspace.editor.isVisible()


def test_every_control_has_an_accessible_name(
    workspace: Workspace, demo_journal: Journal, qtbot: QtBot
) -> None:
    case = demo_journal.list_cases()[0]
    notes = demo_journal.notes_for_case(case.id)
    workspace.restore_location(case.id, notes[0].id if notes else None)
    workspace.new_case()
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QTextEdit, QAbstractSpinBox)
    roots: list[QWidget] = [workspace]
    if workspace.case_dialog is not None:
        roots.append(workspace.case_dialog)
    unnamed = []
    for root in roots:
        for widget in root.findChildren(QWidget):
            if not isinstance(widget, kinds) or not widget.isVisible():
                continue
            if widget.parent() is not None and isinstance(widget.parent(), QAbstractSpinBox):
                continue  # a spin box's own line edit
            if isinstance(widget.parent(), QComboBox):
                continue
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            if not (widget.accessibleName() or text):
                unnamed.append(f"{type(widget).__name__} {widget.objectName()}")
    assert not unnamed, unnamed


def test_readable_at_twice_the_font_size(
    make_workspace: Any, demo_journal: Journal, qtbot: QtBot
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    original = font.pointSizeF()
    font.setPointSizeF(original * 2)
    app.setFont(font)
    try:
        workspace: Workspace = make_workspace(demo_journal)
        case = demo_journal.list_cases()[0]
        workspace.restore_location(case.id, None)
        workspace.new_note()
        qtbot.waitUntil(workspace.editor.isVisible)
        hint = workspace.minimumSizeHint()
        assert hint.width() <= 1440 and hint.height() <= 900
        # Narrow at this size: the note takes the case's place instead of squeezing, with a
        # way back.
        assert workspace.editor.isVisible()
        assert not workspace.case_view.isVisible()
        assert workspace.editor.close_button.text() == "‹ Back to the case"
        qtbot.mouseClick(workspace.editor.close_button, Qt.MouseButton.LeftButton)
        assert workspace.case_view.isVisible() and not workspace.editor.isVisible()
    finally:
        font.setPointSizeF(original)
        app.setFont(font)


def test_tab_order_follows_the_screen(
    workspace: Workspace, demo_journal: Journal, qtbot: QtBot
) -> None:
    workspace.restore_location(demo_journal.list_cases()[0].id, None)
    field = workspace.search.field
    workspace.focus_search()
    qtbot.waitUntil(field.hasFocus)
    expected = [
        workspace.case_list.type_filter,
        workspace.case_list.status_filter,
        workspace.case_list.tag_filter,
        workspace.case_list.table,
        workspace.new_case_button,
        workspace.trash_button,
        workspace.case_view.new_note_button,
        workspace.case_view.other_note_button,
        workspace.case_view.edit_button,
        workspace.case_view.header.details_toggle,
        workspace.case_view.tabs.tabBar(),
        workspace.case_view.identifiers_toggle,
        workspace.case_view.show_trash_check,
        workspace.case_view.timeline,
    ]
    for widget in expected:
        current = QApplication.focusWidget()
        assert current is not None
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        qtbot.waitUntil(widget.hasFocus)


def test_with_the_real_thread_pool(qtbot: QtBot, demo_journal: Journal) -> None:
    from casenotes.ui.tasks import TaskRunner

    tasks = TaskRunner()
    workspace = Workspace(demo_journal, tasks)
    qtbot.addWidget(workspace)
    workspace.show()
    qtbot.waitUntil(workspace.search.is_ready, timeout=20000)
    assert any(workspace.case_model.last_session(c.id) for c in workspace.case_model.cases())
    qtbot.keyClicks(workspace.search.field, "agreement")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() > 0)


def test_late_results_after_the_workspace_is_gone(qtbot: QtBot, demo_journal: Journal) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    from casenotes.ui.tasks import TaskRunner

    tasks = TaskRunner()
    workspace = Workspace(demo_journal, tasks)  # the scan is running on the pool
    workspace.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert tasks.wait_idle(20000)  # the results arrive for a workspace that is gone: no crash


def test_the_window_s_workspace_is_built_a_part_per_step(
    qtbot: QtBot, demo_journal: Journal
) -> None:
    from casenotes.ui.unlocked_data import read_unlocked_data
    from casenotes.ui.workspace.workspace import build_in_steps

    data = read_unlocked_data(demo_journal)
    steps = build_in_steps(demo_journal, DeferredTaskRunner(), data)
    assert next(steps) is None  # the case view
    assert next(steps) is None  # the note editor
    workspace = next(steps)
    assert isinstance(workspace, Workspace)
    qtbot.addWidget(workspace)
    assert isinstance(data.cases, list)
    assert workspace.case_model.rowCount() == len(data.cases)
    assert workspace.prompt_library() is data.prompt_library
    # The parts built ahead are the workspace's own, sharing its masks.
    assert workspace.editor.parent() is not None and workspace.case_view.parent() is not None
    assert workspace.case_view._masks is workspace.masks


# ---- a case's notes read on a worker ------------------------------------------------------


def busiest_cases(journal: Journal) -> list[str]:
    counts = {c.id: len(journal.notes_for_case(c.id)) for c in journal.list_cases()}
    return sorted(counts, key=lambda case_id: -counts[case_id])


def test_a_case_shows_at_once_and_its_notes_when_read(qtbot: QtBot, demo_journal: Journal) -> None:
    from casenotes.ui.tasks import TaskRunner
    from casenotes.ui.workspace.sessions_section import LOADING_TEXT

    workspace = Workspace(demo_journal, TaskRunner())
    qtbot.addWidget(workspace)
    workspace.show()
    qtbot.waitUntil(workspace.search.is_ready, timeout=20000)
    first, second = busiest_cases(demo_journal)[:2]
    workspace.case_list.select_case(first)
    # Shown at once (its header), its sessions said to be on their way.
    assert workspace.current_case() is not None and workspace.current_case().id == first
    assert workspace.is_reading_notes()
    assert workspace.case_view.session_model.rowCount() == 0
    assert workspace.case_view.sessions.empty_label.text() == LOADING_TEXT
    # Another case chosen before the first's notes arrive: only its own are listed.
    workspace.case_list.select_case(second)
    qtbot.waitUntil(lambda: not workspace.is_reading_notes(), timeout=20000)
    listed = {
        model_data(workspace.case_view.session_model.index(r, 0), SessionRole.NOTE_ID)
        for r in range(workspace.case_view.session_model.rowCount())
    }
    assert listed == {n.id for n in demo_journal.notes_for_case(second)}
    assert not workspace.case_view.sessions.empty_label.isVisible()


def test_a_note_opened_with_its_case_is_selected_once_the_notes_arrive(
    qtbot: QtBot, demo_journal: Journal
) -> None:
    from casenotes.ui.tasks import TaskRunner

    workspace = Workspace(demo_journal, TaskRunner())
    qtbot.addWidget(workspace)
    workspace.show()
    qtbot.waitUntil(workspace.search.is_ready, timeout=20000)
    case_id = busiest_cases(demo_journal)[0]
    note = demo_journal.notes_for_case(case_id)[3]
    assert workspace.open_note(case_id, note.id)
    assert workspace.editor.note_id() == note.id  # the note itself is there at once
    qtbot.waitUntil(lambda: not workspace.is_reading_notes(), timeout=20000)
    current = workspace.case_view.timeline.currentIndex()
    assert model_data(current, SessionRole.NOTE_ID) == note.id
    assert workspace.case_model.last_session(case_id) == max(
        n.session_date for n in demo_journal.notes_for_case(case_id) if n.is_session
    )
