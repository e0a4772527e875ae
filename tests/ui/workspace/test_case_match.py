"""casenotes.ui.workspace.case_match: opening a search result found in a case's own text
brings its tab forward and selects the match, as a note's match is. All people and
details are fictional."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Goal
from casenotes.core.journal import Journal
from casenotes.ui.workspace import Workspace
from casenotes.ui.workspace.case_match import highlight_case_match


def search(qtbot: QtBot, workspace: Workspace, query: str, rows: int) -> None:
    qtbot.keyClicks(workspace.search.field, query)
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == rows)


def open_row(qtbot: QtBot, workspace: Workspace, row: int) -> None:
    """Down into the results, down to ``row``, Enter: as a practitioner would."""
    qtbot.keyClick(workspace.search.field, Qt.Key.Key_Down)
    results = workspace.search.results
    qtbot.waitUntil(results.hasFocus)
    for _ in range(row):
        qtbot.keyClick(results, Qt.Key.Key_Down)
    qtbot.keyClick(results, Qt.Key.Key_Return)


def test_a_match_in_the_presenting_concerns_is_selected_on_the_overview(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    solo = journal.save_case(
        replace(small["solo"], presenting_concerns="Rest, and burnout after a busy season.")
    )
    journal.save_goal(Goal(case_id=solo.id, text="Two evenings of rest, no burnout talk"))
    workspace: Workspace = make_workspace(journal)
    view = workspace.case_view
    view.tabs.setCurrentWidget(view.goals_section)  # elsewhere to start with
    search(qtbot, workspace, "burnout", 2)
    open_row(qtbot, workspace, 0)
    assert workspace.location()[0] == solo.id
    assert view.tabs.currentWidget() is view.overview
    concerns = view.overview.concerns
    assert concerns.hasSelectedText() and concerns.selectedText() == "burnout"
    assert QApplication.focusWidget() is concerns


def test_a_match_in_a_goal_is_selected_on_the_goals_tab(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    solo = journal.save_case(replace(small["solo"], presenting_concerns="Burnout."))
    journal.save_goal(Goal(case_id=solo.id, text="Find a quieter venue"))
    goal = journal.save_goal(Goal(case_id=solo.id, text="Two evenings of rest, no burnout talk"))
    workspace: Workspace = make_workspace(journal)
    search(qtbot, workspace, "burnout", 2)
    open_row(qtbot, workspace, 1)
    view = workspace.case_view
    assert view.tabs.currentWidget() is view.goals_section
    label = view.goals_section.labels[goal.id]
    assert label.selectedText() == "burnout"
    assert QApplication.focusWidget() is label


def test_a_match_in_the_name_is_selected_in_the_header(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)
    search(qtbot, workspace, "kit", 1)
    qtbot.keyClick(workspace.search.field, Qt.Key.Key_Return)
    assert workspace.location()[0] == small["couple"].id
    assert workspace.case_view.header.title.selectedText() == "Kit"


def test_a_partners_name_is_selected_on_the_overview(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    journal.save_case(replace(small["couple"], display_name=""))  # the name only there
    workspace: Workspace = make_workspace(journal)
    view = workspace.case_view
    view.tabs.setCurrentWidget(view.over_time)
    search(qtbot, workspace, "rowan", 1)
    qtbot.keyClick(workspace.search.field, Qt.Key.Key_Return)
    assert view.tabs.currentWidget() is view.overview
    selected = [w.selectedText() for w in view.overview.partner_values if w.hasSelectedText()]
    assert selected == ["Rowan"]


def test_a_tag_unfolds_the_chips_and_nothing_else_is_selected(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)
    workspace.restore_location(small["couple"].id, None)
    header = workspace.case_view.header
    qtbot.mouseClick(header.details_toggle, Qt.MouseButton.LeftButton)  # folded
    assert not header.details_shown()
    search(qtbot, workspace, "agreements", 1)
    qtbot.keyClick(workspace.search.field, Qt.Key.Key_Return)
    assert header.details_shown() and header.chips.isVisible()
    assert not header.title.hasSelectedText()


def test_an_empty_query_or_privacy_mode_selects_nothing(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    solo = journal.save_case(replace(small["solo"], presenting_concerns="Burnout."))
    workspace: Workspace = make_workspace(journal)
    workspace.restore_location(solo.id, None)
    view = workspace.case_view
    assert not highlight_case_match(view, "Presenting concerns", "  ")
    view.set_privacy_mode(True)  # the concerns are not on screen
    assert not highlight_case_match(view, "Presenting concerns", "burnout")
    assert not view.overview.concerns.hasSelectedText()
