"""The one trash, driven through the real window: a goal deleted from the Goals tab shows in
the trash with its kind and comes back; a signed note is deleted for good with a reason;
privacy mode masks what the trash shows; "empty" shows only when nothing is in it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Goal
from casenotes.core.journal import Journal
from casenotes.ui.workspace import Workspace
from casenotes.ui.workspace.trash_dialog import TrashDialog
from casenotes.ui.workspace.trash_model import COL_CASE, COL_ITEM, COL_KIND


def _open_trash(workspace: Workspace) -> TrashDialog:
    workspace.trash_dialog()
    dialog = workspace.trash
    assert dialog is not None and dialog.isVisible()
    return dialog


def _rows(dialog: TrashDialog) -> list[tuple[str, str, str]]:
    model = dialog.model
    return [
        (
            str(model.data(model.index(r, COL_KIND))),
            str(model.data(model.index(r, COL_CASE))),
            str(model.data(model.index(r, COL_ITEM))),
        )
        for r in range(model.rowCount())
    ]


def test_a_goal_deleted_from_the_goals_tab_is_in_the_trash_and_comes_back(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot, questions: list[str]
) -> None:
    couple = small["couple"]
    goal = journal.save_goal(Goal(case_id=couple.id, text="Agree on a weekly check-in"))
    workspace: Workspace = make_workspace(journal)
    workspace.restore_location(couple.id, None)
    view = workspace.case_view
    delete = view.goals_section.delete_buttons[goal.id]
    assert delete.accessibleName() == "Delete goal 1"
    delete.setFocus()
    qtbot.keyClick(delete, Qt.Key.Key_Space)  # reachable and pressed from the keyboard
    assert "Move goal to the trash?" in questions[-1]
    assert "Agree on a weekly check-in" in questions[-1]
    assert journal.goals_for_case(couple.id) == []
    assert view.goals() == [] and goal.id not in view.goals_section.delete_buttons

    dialog = _open_trash(workspace)
    assert not dialog.empty_label.isVisible()
    assert _rows(dialog) == [("Goal", "CPL-07", "Agree on a weekly check-in")]
    dialog.select_row(0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    [back] = journal.goals_for_case(couple.id)
    assert back.id == goal.id and back.deleted_at is None
    assert [g.id for g in view.goals()] == [goal.id]  # the case view shows it again
    assert goal.id in view.goals_section.delete_buttons
    assert dialog.model.rowCount() == 0 and dialog.empty_label.isVisible()


def test_an_open_trash_shows_a_goal_as_soon_as_it_is_deleted(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot, questions: list[str]
) -> None:
    couple = small["couple"]
    goal = journal.save_goal(Goal(case_id=couple.id, text="Name one need a week"))
    workspace: Workspace = make_workspace(journal)
    workspace.restore_location(couple.id, None)
    dialog = _open_trash(workspace)
    assert dialog.empty_label.isVisible()
    qtbot.mouseClick(
        workspace.case_view.goals_section.delete_buttons[goal.id], Qt.MouseButton.LeftButton
    )
    assert [kind for kind, _, _ in _rows(dialog)] == ["Goal"]
    assert not dialog.empty_label.isVisible()


def test_a_signed_note_is_deleted_for_good_with_a_reason(
    make_workspace: Any,
    journal: Journal,
    small: dict[str, Any],
    qtbot: QtBot,
    questions: list[str],
    deletion_reasons: list[str],
) -> None:
    note = small["second"]
    journal.sign_note(note.id)
    journal.trash_note(note.id)
    journal.trash_case(small["solo"].id)
    workspace: Workspace = make_workspace(journal)
    dialog = _open_trash(workspace)
    # The old bug: a note in the trash beside no case said "The trash is empty".
    assert not dialog.empty_label.isVisible()
    kinds = [kind for kind, _, _ in _rows(dialog)]
    assert sorted(kinds) == ["Case", "Note"]
    dialog.select_row(kinds.index("Note"))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert len(deletion_reasons) == 1 and "in CPL-07 is kept until" in deletion_reasons[0]
    assert "for good" in questions[-1]
    assert journal.get_note(note.id) is None
    [entry] = journal.destruction_log()
    assert (entry.kind, entry.record_id, entry.reason) == (
        "note",
        note.id,
        "Entered twice by mistake",
    )
    assert [kind for kind, _, _ in _rows(dialog)] == ["Case"]


def test_a_goal_is_deleted_for_good_with_a_reason(
    make_workspace: Any,
    journal: Journal,
    small: dict[str, Any],
    qtbot: QtBot,
    questions: list[str],
    deletion_reasons: list[str],
) -> None:
    goal = journal.save_goal(Goal(case_id=small["couple"].id, text="Sleep eight hours"))
    journal.trash_goal(goal.id)
    workspace: Workspace = make_workspace(journal)
    dialog = _open_trash(workspace)
    dialog.select_row(0)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "A goal of CPL-07 is kept until" in deletion_reasons[0]
    assert "Sleep" not in deletion_reasons[0]  # named, never quoted
    assert journal.goals_for_case(small["couple"].id, include_deleted=True) == []
    assert [e.kind for e in journal.destruction_log()] == ["goal"]
    assert dialog.empty_label.isVisible()


def test_privacy_mode_masks_the_trash(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    couple = small["couple"]
    goal = journal.save_goal(Goal(case_id=couple.id, text="Kit Amaro and Rowan talk weekly"))
    journal.trash_goal(goal.id)
    journal.trash_case(small["solo"].id)
    workspace: Workspace = make_workspace(journal)
    workspace.set_privacy_mode(True)
    dialog = _open_trash(workspace)

    def shown() -> str:
        return " ".join(" ".join(row) for row in _rows(dialog))

    assert "CPL-07" in shown() and "SW-12" in shown()  # codes show
    for name in ("Kit", "Amaro", "Rowan", "Juno"):
        assert name not in shown()
    workspace.set_privacy_mode(False)  # the open trash follows
    assert "Kit Amaro and Rowan talk weekly" in shown() and "Juno" in shown()
