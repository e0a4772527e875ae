"""Adding or editing a goal in its own dialog. All details are fictional."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from casenotes.core.domain import Goal, GoalStatus
from casenotes.ui.workspace.goal_dialog import GoalDialog


def test_a_new_goal_needs_words(qtbot: QtBot) -> None:
    dialog = GoalDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Add a goal"
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.text_edit, "  Say what a good week looks like  ")
    assert dialog.save_button.isEnabled()
    assert dialog.text() == "Say what a good week looks like"
    assert dialog.status() == GoalStatus.OPEN


def test_editing_starts_from_the_goal_as_it_is(qtbot: QtBot) -> None:
    goal = Goal(case_id="c", text="Keep a steady schedule", status=GoalStatus.IN_PROGRESS)
    dialog = GoalDialog(goal)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit goal"
    assert dialog.text() == "Keep a steady schedule"
    assert dialog.status() == GoalStatus.IN_PROGRESS
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData(GoalStatus.MET.value))
    assert dialog.status() == GoalStatus.MET
