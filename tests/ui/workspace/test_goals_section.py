"""The Goals tab: a row per goal, and what it asks of the case view. All details are
fictional."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Goal, GoalStatus
from casenotes.ui.workspace.goals_section import EMPTY_TEXT, GoalsSection

GOALS = [
    Goal(case_id="c", text="Talk with partner about the agreement"),
    Goal(case_id="c", text="Keep a steady schedule", status=GoalStatus.MET),
]


def make(qtbot: QtBot) -> GoalsSection:
    section = GoalsSection()
    qtbot.addWidget(section)
    section.resize(700, 400)
    section.show()
    qtbot.waitExposed(section)
    return section


def shown_texts(section: GoalsSection) -> list[str]:
    QApplication.processEvents()  # rows added to a shown layout show at the next turn
    return [
        label.text()
        for label in section.goals_box.findChildren(QLabel)
        if label.isVisibleTo(section)
    ]


def test_each_goal_with_its_status_and_edit(qtbot: QtBot) -> None:
    section = make(qtbot)
    section.set_goals(GOALS, shown_text=[g.text for g in GOALS], editable=True)
    assert shown_texts(section) == [g.text for g in GOALS]
    assert section.combos[GOALS[1].id].currentData() == GoalStatus.MET.value
    with qtbot.waitSignal(section.edit_requested) as asked:
        qtbot.mouseClick(section.edit_buttons[GOALS[0].id], Qt.MouseButton.LeftButton)
    assert asked.args == [GOALS[0].id]
    combo = section.combos[GOALS[0].id]
    with qtbot.waitSignal(section.status_chosen) as chosen:
        combo.setCurrentIndex(combo.findData(GoalStatus.IN_PROGRESS.value))
    assert chosen.args == [GOALS[0].id, GoalStatus.IN_PROGRESS]
    with qtbot.waitSignal(section.add_requested):
        qtbot.mouseClick(section.add_goal_button, Qt.MouseButton.LeftButton)


def test_privacy_mode_shows_the_masked_words_and_waits_to_edit(qtbot: QtBot) -> None:
    section = make(qtbot)
    section.set_goals(GOALS, shown_text=["[Goal]", "[Goal]"], editable=False)
    assert shown_texts(section) == ["[Goal]", "[Goal]"]
    assert not any(button.isEnabled() for button in section.edit_buttons.values())


def test_delete_asks_for_its_goal_in_privacy_mode_too(qtbot: QtBot) -> None:
    section = make(qtbot)
    section.set_goals(GOALS, shown_text=["[Goal]", "[Goal]"], editable=False)
    delete = section.delete_buttons[GOALS[1].id]
    assert delete.isEnabled() and delete.accessibleName() == "Delete goal 2"
    # Tab order within a row: status, Edit…, Delete…, then the next row.
    assert (
        section.edit_buttons[GOALS[0].id].nextInFocusChain() is section.delete_buttons[GOALS[0].id]
    )
    with qtbot.waitSignal(section.delete_requested) as asked:
        qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert asked.args == [GOALS[1].id]


def test_no_goals_says_so(qtbot: QtBot) -> None:
    section = make(qtbot)
    section.set_goals(GOALS, shown_text=[g.text for g in GOALS], editable=True)
    section.set_goals([], shown_text=[], editable=True)
    assert shown_texts(section) == [EMPTY_TEXT]
    assert section.combos == {} and section.delete_buttons == {}
