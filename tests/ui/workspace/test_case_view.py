"""The case view as a whole: the header stays in view over every tab, the goals have their
own room, and the tab and the split come back as they were left. All people and details
are fictional."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Goal
from casenotes.core.journal import Journal
from casenotes.ui.workspace.case_view import (
    DETAILS_SHARE,
    GOALS_TAB,
    OVER_TIME_TAB,
    OVERVIEW_TAB,
    CaseView,
)


def shown(qtbot: QtBot, journal: Journal, case_id: str) -> CaseView:
    view = CaseView(journal)
    qtbot.addWidget(view)
    view.resize(760, 700)
    case = journal.get_case(case_id)
    assert case is not None
    view.show_case(case, journal.notes_for_case(case_id), journal.goals_for_case(case_id))
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_header_stays_in_view_on_every_tab(
    qtbot: QtBot, journal: Journal, small: dict[str, Any]
) -> None:
    view = shown(qtbot, journal, small["couple"].id)
    for tab in (OVERVIEW_TAB, GOALS_TAB, OVER_TIME_TAB):
        view.tabs.setCurrentIndex(tab)
        for button in (view.new_note_button, view.edit_button):
            assert button.isVisible()
            assert not isinstance(button.parentWidget(), QScrollArea)
    with qtbot.waitSignal(view.new_note_requested):
        qtbot.mouseClick(view.new_note_button, Qt.MouseButton.LeftButton)


def test_goals_fill_their_tab(qtbot: QtBot, journal: Journal, small: dict[str, Any]) -> None:
    case_id = small["couple"].id
    for number in range(4):
        journal.save_goal(Goal(case_id=case_id, text=f"A fictional goal, number {number + 1}"))
    view = shown(qtbot, journal, case_id)
    view.tabs.setCurrentIndex(GOALS_TAB)
    assert view.tabs.tabText(GOALS_TAB) == "Goals (4)"
    qtbot.waitUntil(lambda: len([c for c in view._goal_combos.values() if c.isVisible()]) == 4)
    scroll = view.goals_section.scroll_area
    # at the default size every goal shows without scrolling
    assert scroll.verticalScrollBar().maximum() == 0
    for combo in view._goal_combos.values():
        in_view = QRect(combo.mapTo(scroll.viewport(), QPoint(0, 0)), combo.size())
        assert scroll.viewport().rect().contains(in_view)


def test_tab_and_split_come_back(qtbot: QtBot, journal: Journal, small: dict[str, Any]) -> None:
    first = shown(qtbot, journal, small["couple"].id)
    first.tabs.setCurrentIndex(OVER_TIME_TAB)
    sizes = first.splitter.sizes()
    first.splitter.moveSplitter(sizes[0] // 2, 1)  # as a drag of the handle would
    moved = first.splitter.sizes()
    assert moved[0] < sizes[0]
    again = shown(qtbot, journal, small["solo"].id)
    assert again.tabs.currentIndex() == OVER_TIME_TAB
    assert abs(again.splitter.sizes()[0] - moved[0]) <= 2


def test_the_header_folds_its_details_in_a_short_view_until_the_practitioner_chooses(
    qtbot: QtBot, journal: Journal, small: dict[str, Any]
) -> None:
    # Many tags: the chips wrap onto several lines.
    case = journal.save_case(
        replace(small["couple"], tags=[f"fictional tag {n}" for n in range(24)])
    )
    view = shown(qtbot, journal, case.id)
    header = view.header
    tall = header.details_height(header.title.width())
    # A view tall enough: the details show; a shorter one, where they would take more than
    # their share: folded, and the tabs and the sessions get the room.
    view.resize(view.width(), int(tall / DETAILS_SHARE) + 40)
    qtbot.waitUntil(header.details_shown)
    view.resize(view.width(), int(tall / DETAILS_SHARE) - 40)
    qtbot.waitUntil(lambda: not header.details_shown())
    assert view.new_note_button.isVisible() and header.details_toggle.isVisible()
    # The practitioner unfolds them: they stay, in this view and the next one.
    qtbot.mouseClick(header.details_toggle, Qt.MouseButton.LeftButton)
    assert header.details_shown()
    view.resize(view.width(), view.height() - 10)
    assert header.details_shown()
    again = shown(qtbot, journal, case.id)
    again.resize(view.size())
    assert again.header.details_shown()
    qtbot.mouseClick(again.header.details_toggle, Qt.MouseButton.LeftButton)
    assert not again.header.details_shown()
    third = shown(qtbot, journal, case.id)
    third.resize(view.width(), int(tall / DETAILS_SHARE) + 40)
    assert not third.header.details_shown()  # folded as last chosen, however tall
