"""The case view's "Over time" tab: chart or table by keyboard, the table sized to its
contents, the chart never squeezed, and the picture following saved notes, goals and
prompts. All people and details are fictional."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from casenotes.core.domain import CaseBundle, GoalStatus, Note
from casenotes.core.journal import Journal
from casenotes.core.prompts.library import load_default_library
from casenotes.ui.workspace.case_view import OVER_TIME_TAB, CaseView
from casenotes.ui.workspace.course_table_model import COL_FIRST_GOAL, COL_NEEDS, CourseRole

from .courses import NEEDS_PROMPT


@pytest.fixture
def shown_case(qtbot: QtBot, journal: Journal, known: dict[str, Any]) -> CaseView:
    journal.import_bundles(
        [CaseBundle(case=known["case"], goals=known["goals"], notes=known["notes"])]
    )
    view = CaseView(journal)
    qtbot.addWidget(view)
    view.resize(1000, 760)
    case = known["case"]
    view.show_case(case, journal.notes_for_case(case.id), journal.goals_for_case(case.id))
    view.tabs.setCurrentIndex(OVER_TIME_TAB)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_chart_and_table_toggle_by_keyboard(qtbot: QtBot, shown_case: CaseView) -> None:
    section = shown_case.over_time
    assert section.isVisible()
    assert not section.showing_table()
    assert shown_case.course_model.rowCount() == 3
    assert section.summary.text() == "3 sessions"
    section.table_button.setFocus()
    QTest.keyClick(section.table_button, Qt.Key.Key_Space)
    assert section.showing_table()
    assert section.table.isVisible()
    assert section.table.currentIndex().row() == 2  # the latest session, ready to read
    with qtbot.waitSignal(shown_case.note_requested) as opened:
        section.table.setFocus()
        QTest.keyClick(section.table, Qt.Key.Key_Return)
    assert opened.args == [
        shown_case.course_model.data(shown_case.course_model.index(2, 0), CourseRole.NOTE_ID)
    ]
    section.chart_button.setFocus()
    QTest.keyClick(section.chart_button, Qt.Key.Key_Space)
    assert not section.showing_table()
    assert section.chart.isVisible()
    for widget in (section.chart, section.table, section.chart_button, section.table_button):
        assert widget.accessibleName()


def test_the_chart_keeps_every_row_and_scrolls(qtbot: QtBot, shown_case: CaseView) -> None:
    section = shown_case.over_time
    chart = section.chart
    assert chart.minimumSizeHint().height() == chart.content_height()
    qtbot.waitUntil(lambda: chart.height() >= chart.content_height())
    shown_case.resize(900, 380)  # a short view: the chart scrolls inside the tab
    qtbot.waitUntil(lambda: shown_case.height() <= 380)
    assert chart.height() >= chart.content_height()


def test_no_sessions_offers_no_view_choice(
    qtbot: QtBot, shown_case: CaseView, known: dict[str, Any]
) -> None:
    shown_case.show_case(known["case"], [], known["goals"])
    section = shown_case.over_time
    assert not section.chart_button.isVisible()
    assert not section.showing_table()
    assert section.summary.text() == ""


def test_table_fits_its_rows_and_columns(qtbot: QtBot, shown_case: CaseView) -> None:
    section = shown_case.over_time
    section.table_button.click()
    assert section.showing_table()
    header = section.table.horizontalHeader()
    assert not header.stretchLastSection()
    fm = section.table.fontMetrics()
    for column in range(section.table_model.columnCount()):
        assert section.table.columnWidth(column) <= fm.averageCharWidth() * 36 + 1
        text = section.table_model.headerData(column, Qt.Orientation.Horizontal)
        assert fm.horizontalAdvance(text) <= section.table.columnWidth(column)  # not cut


def test_chart_follows_saved_notes_goals_and_prompts(
    qtbot: QtBot, journal: Journal, shown_case: CaseView, known: dict[str, Any]
) -> None:
    model = shown_case.course_model
    note = journal.save_note(
        Note(
            case_id=known["case"].id,
            session_date=date(2025, 4, 1),
            reflection={NEEDS_PROMPT: ["other"]},
        )
    )
    shown_case.upsert_note(note)
    assert model.rowCount() == 4
    assert model.data(model.index(3, COL_NEEDS)) == "Something else"

    edited = replace(note, reflection={NEEDS_PROMPT: ["physical"]})
    shown_case.upsert_note(journal.save_note(edited))
    assert model.data(model.index(3, COL_NEEDS)) == "Physical"

    shown_case._set_goal_status(known["goals"][1].id, GoalStatus.IN_PROGRESS.value)
    # the change is dated today: the sessions before it keep the status they had then
    assert model.data(model.index(3, COL_FIRST_GOAL + 1)) == "Set aside"
    assert shown_case.chart.goals()[1].current == GoalStatus.IN_PROGRESS
    assert model.headerData(COL_FIRST_GOAL + 1, Qt.Orientation.Horizontal).startswith("Goal 2")

    # a renamed need option shows its new label once the prompts are reloaded
    from casenotes.core.prompts.customise import customise

    base = load_default_library().get(NEEDS_PROMPT)
    assert base is not None
    options = tuple(
        replace(o, label="Physical closeness") if o.id == "physical" else o for o in base.options
    )
    custom = customise(None, base, replace(base, options=options))
    assert custom is not None
    journal.save_prompt_customisations([custom])
    shown_case.reload_prompts()
    assert model.data(model.index(3, COL_NEEDS)) == "Physical closeness"
    assert model.data(model.index(0, COL_NEEDS)) == "Emotional, Physical closeness"


def test_clearing_the_case_empties_the_picture(shown_case: CaseView) -> None:
    shown_case.clear()
    assert shown_case.course_model.rowCount() == 0
    assert shown_case.chart.sessions() == []


def test_the_picture_is_worked_out_when_its_tab_is_shown(
    qtbot: QtBot, shown_case: CaseView, journal: Journal, known: dict[str, Any]
) -> None:
    """Opening a case or saving a note on another tab leaves the picture to be worked out
    when "Over time" is shown (before it is painted); nothing of before stays in it."""
    from casenotes.ui.workspace.case_view import OVERVIEW_TAB

    assert shown_case.course_model.rowCount() == 3
    shown_case.tabs.setCurrentIndex(OVERVIEW_TAB)
    note = journal.save_note(Note(case_id=known["case"].id, session_date=date(2025, 4, 1)))
    shown_case.upsert_note(note)
    assert shown_case.course_model.rowCount() == 0  # not the three of before
    assert shown_case.chart.sessions() == []
    shown_case.tabs.setCurrentIndex(OVER_TIME_TAB)
    assert shown_case.course_model.rowCount() == 4
    assert shown_case.over_time.summary.text() == "4 sessions"
    # The whole view hidden (a note in its place) and shown again, the tab still current.
    shown_case.hide()
    shown_case.upsert_note(replace(note, session_date=date(2025, 4, 2)))
    assert shown_case.course_model.rowCount() == 0
    shown_case.show()
    assert shown_case.course_model.rowCount() == 4
