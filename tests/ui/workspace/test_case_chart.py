"""The case's picture over time: the table model's data for a known case (checked by Qt's
QAbstractItemModelTester), the chart painting for 0, 1 and many sessions, and the "Over time"
section in the case view (keyboard toggle, refresh on note and goal changes). All people
and details are fictional."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt, qInstallMessageHandler
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Case, ClientType, Goal, GoalChange, GoalStatus, Note
from casenotes.core.journal import Journal
from casenotes.core.prompts.course import CaseCourse, case_course
from casenotes.core.prompts.library import load_default_library
from casenotes.ui.shared.common import format_date
from casenotes.ui.workspace import case_view as case_view_module
from casenotes.ui.workspace.case_chart import (
    COL_DATE,
    COL_FIRST_GOAL,
    COL_GOALS_WORKED,
    COL_NEEDS,
    COL_SESSION,
    NOT_YET_A_GOAL,
    CaseChart,
    CaseCourseTableModel,
    CourseRole,
)
from casenotes.ui.workspace.case_view import CaseView

Mode = QAbstractItemModelTester.FailureReportingMode
NEEDS_PROMPT = "cosw_needs_met"  # the library's needs prompt for clients of sex workers


def at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


@pytest.fixture
def failures() -> Iterator[list[str]]:
    found: list[str] = []

    def handler(mode: object, context: object, message: str) -> None:
        if "FAIL" in message:
            found.append(message)

    previous = qInstallMessageHandler(handler)
    yield found
    qInstallMessageHandler(previous)


@pytest.fixture
def known() -> dict[str, Any]:
    """Three sessions choosing needs, two goals whose status changed over time."""
    case = Case(code="COSW-3", display_name="Fictional",
                client_types=[ClientType.CLIENT_OF_SEX_WORKERS])
    agreement = Goal(
        case_id=case.id, text="Talk with partner about the agreement",
        created_at=at(date(2025, 1, 1)), status=GoalStatus.MET,
        history=[GoalChange(at(date(2025, 1, 1)), GoalStatus.OPEN, "t"),
                 GoalChange(at(date(2025, 1, 20)), GoalStatus.IN_PROGRESS, "t"),
                 GoalChange(at(date(2025, 3, 3)), GoalStatus.MET, "t")])
    schedule = Goal(
        case_id=case.id, text="Keep a steady schedule",
        created_at=at(date(2025, 2, 1)), status=GoalStatus.SET_ASIDE,
        history=[GoalChange(at(date(2025, 2, 1)), GoalStatus.OPEN, "t"),
                 GoalChange(at(date(2025, 2, 10)), GoalStatus.SET_ASIDE, "t")])
    notes = [
        Note(case_id=case.id, session_date=date(2025, 1, 10),
             reflection={NEEDS_PROMPT: ["physical", "emotional"]}, goal_ids=[agreement.id],
             created_at=at(date(2025, 1, 10))),
        Note(case_id=case.id, session_date=date(2025, 2, 5),
             reflection={NEEDS_PROMPT: ["companionship"]},
             goal_ids=[agreement.id, schedule.id], created_at=at(date(2025, 2, 5))),
        Note(case_id=case.id, session_date=date(2025, 3, 10), reflection={},
             created_at=at(date(2025, 3, 10))),
    ]
    return {"case": case, "goals": [agreement, schedule], "notes": notes}


def course_of(known: dict[str, Any]) -> CaseCourse:
    return case_course(known["notes"], known["goals"], load_default_library())


def many_sessions(count: int) -> CaseCourse:
    rng = random.Random(7)
    case = Case(code="MANY", display_name="Fictional")
    start = date(2021, 1, 4)
    goal = Goal(case_id=case.id, text="A goal set together", created_at=at(start),
                history=[GoalChange(at(start), GoalStatus.OPEN, "t"),
                         GoalChange(at(start + timedelta(days=400)), GoalStatus.IN_PROGRESS,
                                    "t")])
    notes = [Note(case_id=case.id, session_date=start + timedelta(days=7 * n),
                  reflection={"needs_met": rng.sample(["emotional", "physical", "other"],
                                                      rng.randint(0, 2))},
                  goal_ids=[goal.id] if n % 3 == 0 else [])
             for n in range(count)]
    return case_course(notes, [goal], load_default_library())


# ---- the table model ---------------------------------------------------------------------

def test_table_model_data_for_a_known_case(failures: list[str],
                                           known: dict[str, Any]) -> None:
    model = CaseCourseTableModel()
    tester = QAbstractItemModelTester(model, Mode.Warning)
    model.set_course(course_of(known))
    assert tester is not None
    assert not failures, failures

    assert model.rowCount() == 3
    assert model.columnCount() == COL_FIRST_GOAL + 2
    headers = [model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(model.columnCount())]
    assert headers == ["Session", "Date", "Needs identified", "Goals worked on",
                       "Goal 1", "Goal 2"]  # short on screen: the whole goal is in the tip
    assert model.headerData(COL_FIRST_GOAL, Qt.Orientation.Horizontal,
                            Qt.ItemDataRole.AccessibleTextRole) == \
        "Goal 1: Talk with partner about the agreement"
    table = [[model.data(model.index(r, c)) for c in range(model.columnCount())]
             for r in range(model.rowCount())]
    assert table == [
        ["1", format_date(date(2025, 1, 10), weekday=False), "Emotional, Physical",
         "Talk with partner about the agreement", "Open", ""],
        ["2", format_date(date(2025, 2, 5), weekday=False), "Companionship",
         "Talk with partner about the agreement; Keep a steady schedule", "In progress",
         "Open"],
        ["3", format_date(date(2025, 3, 10), weekday=False), "", "", "Met", "Set aside"],
    ]
    # roles: the note behind each row, the status itself, and words for screen readers
    agreement, schedule = known["goals"]
    first_goal = model.index(0, COL_FIRST_GOAL + 1)
    assert model.data(first_goal, Qt.ItemDataRole.AccessibleTextRole) == NOT_YET_A_GOAL
    assert model.data(first_goal, CourseRole.STATUS) is None
    assert model.data(first_goal, CourseRole.GOAL_ID) == schedule.id
    assert model.data(model.index(1, COL_FIRST_GOAL), CourseRole.STATUS) == \
        GoalStatus.IN_PROGRESS
    assert model.data(model.index(2, COL_NEEDS), Qt.ItemDataRole.AccessibleTextRole) == "None"
    assert [model.data(model.index(r, COL_SESSION), CourseRole.NOTE_ID) for r in range(3)] \
        == [n.id for n in known["notes"]]
    assert model.data(model.index(1, COL_DATE), CourseRole.SORT) == "2025-02-05"
    for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
        assert model.headerData(COL_FIRST_GOAL, Qt.Orientation.Horizontal, role) == \
            f"Goal 1: {agreement.text}"
    assert model.data(model.index(2, COL_GOALS_WORKED), Qt.ItemDataRole.ToolTipRole) is None
    assert model.data(model.index(0, COL_NEEDS), Qt.ItemDataRole.ToolTipRole) == \
        "Emotional, Physical"
    assert model.data(model.index(3, 0)) is None
    assert model.rowCount(model.index(0, 0)) == 0


def test_table_model_passes_the_tester_while_it_changes(failures: list[str],
                                                        known: dict[str, Any]) -> None:
    model = CaseCourseTableModel()
    tester = QAbstractItemModelTester(model, Mode.Warning)
    model.set_course(course_of(known))
    model.set_course(many_sessions(40))
    model.set_course(None)
    assert model.rowCount() == 0
    assert model.columnCount() == COL_FIRST_GOAL
    model.set_course(course_of(known))
    assert tester is not None
    assert not failures, failures


# ---- the chart ---------------------------------------------------------------------------

def distinct_colours(chart: CaseChart) -> int:
    image = chart.grab().toImage()
    assert not image.isNull()
    seen = set()
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            seen.add(image.pixel(x, y))
    return len(seen)


@pytest.mark.parametrize("count", [0, 1, 12, 200])
def test_chart_paints_for_any_number_of_sessions(qtbot: QtBot, count: int) -> None:
    chart = CaseChart()
    qtbot.addWidget(chart)
    chart.resize(900, 260)
    chart.set_course(many_sessions(count) if count else None)
    chart.show()
    qtbot.waitExposed(chart)
    assert distinct_colours(chart) > 2  # the empty state says so in words; others draw
    if count:
        assert chart.sizeHint().height() > chart.fontMetrics().height() * 5
        assert chart.describe_session(count - 1).startswith(f"Session {count}, ")
        assert chart.session_at(-1000) == -1


def test_chart_empty_state_and_tiny_sizes(qtbot: QtBot, known: dict[str, Any]) -> None:
    chart = CaseChart()
    qtbot.addWidget(chart)
    chart.set_course(case_course([], known["goals"], load_default_library()))
    assert chart.sessions() == []
    chart.resize(600, 200)
    assert distinct_colours(chart) > 1  # the empty state is painted, in words
    chart.resize(40, 30)
    assert not chart.grab().toImage().isNull()
    chart.set_course(course_of(known))
    chart.resize(120, 40)
    assert not chart.grab().toImage().isNull()


def test_chart_in_a_dark_palette(qtbot: QtBot, known: dict[str, Any]) -> None:
    chart = CaseChart()
    qtbot.addWidget(chart)
    palette = QPalette(QApplication.palette())
    palette.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
    chart.setPalette(palette)
    chart.resize(800, 240)
    chart.set_course(course_of(known))
    assert distinct_colours(chart) > 4


def test_worked_on_dots_legend_and_goal_history(qtbot: QtBot,
                                                known: dict[str, Any]) -> None:
    chart = CaseChart()
    qtbot.addWidget(chart)
    chart.resize(900, 260)
    course = course_of(known)
    chart.set_course(course)
    chart.show()
    qtbot.waitExposed(chart)
    chart.grab()  # lays out the sessions
    agreement = known["goals"][0]
    track = course.goals[0]
    worked = [n for n, s in enumerate(course.sessions) if agreement.id in s.goals_worked]
    assert len(chart.worked_positions(track)) == len(worked) > 0
    kinds = [kind for _, kind in chart.legend_items()]
    assert "worked" in kinds and "need" in kinds  # the legend names the dot
    # the band's tooltip: the whole goal, its status now and its history with dates
    chart.set_goal_histories({g.id: g.history for g in known["goals"]})
    text = chart.describe_goal(0)
    assert text.startswith("Goal 1: Talk with partner about the agreement")
    assert f"{format_date(date(2025, 1, 20), weekday=False)}: In progress" in text
    assert f"{format_date(date(2025, 3, 3), weekday=False)}: Met" in text
    assert "Worked on in" in text
    lay = chart._layout()
    assert chart.tooltip_at(lay.left + 5, lay.goal_top + lay.goal_h * 1.5) == \
        chart.describe_goal(1)
    assert "Revised" in chart.tooltip_at(lay.left, lay.legend_y + 2)  # the legend explains
    # "Revised" is explained where it appears, with the old words from the history
    revised = replace(course, goals=(replace(track, status_at=(
        GoalStatus.OPEN, GoalStatus.REVISED, GoalStatus.REVISED),
        current=GoalStatus.REVISED), course.goals[1]))
    chart.set_course(revised)
    chart.set_goal_histories({agreement.id: [
        GoalChange(at(date(2025, 1, 1)), GoalStatus.OPEN, "Talk about the agreement"),
        GoalChange(at(date(2025, 2, 1)), GoalStatus.REVISED, agreement.text)]})
    text = chart.describe_goal(0)
    assert "reworded with the client" in text
    assert "\u201cTalk about the agreement\u201d" in text
    assert any("reworded" in label for label, _ in chart.legend_items())
    # without a history, it is read off the sessions
    chart.set_goal_histories({})
    assert "(session 2): Revised" in chart.describe_goal(0)
    assert distinct_colours(chart) > 4


def test_chart_keyboard_and_hover_describe_sessions(qtbot: QtBot,
                                                    known: dict[str, Any]) -> None:
    chart = CaseChart()
    qtbot.addWidget(chart)
    chart.resize(900, 260)
    chart.set_course(course_of(known))
    chart.show()
    qtbot.waitExposed(chart)
    chart.setFocus()
    QTest.keyClick(chart, Qt.Key.Key_Home)
    assert chart.current_session() == 0
    description = chart.accessibleDescription()
    assert description.startswith("Session 1, ")
    assert "Needs identified: Emotional, Physical" in description
    assert "Goals worked on: Talk with partner about the agreement" in description
    QTest.keyClick(chart, Qt.Key.Key_Right)
    assert chart.current_session() == 1
    assert "Keep a steady schedule: Open" in chart.accessibleDescription()
    with qtbot.waitSignal(chart.session_activated) as opened:
        QTest.keyClick(chart, Qt.Key.Key_Return)
    assert opened.args == [known["notes"][1].id]
    QTest.keyClick(chart, Qt.Key.Key_End)
    assert "Needs identified: none recorded" in chart.accessibleDescription()


# ---- the "Over time" section in the case view ----------------------------------------------

@pytest.fixture
def shown_case(qtbot: QtBot, journal: Journal, known: dict[str, Any]) -> CaseView:
    from casenotes.core.domain import CaseBundle

    journal.import_bundles([CaseBundle(case=known["case"], goals=known["goals"],
                                       notes=known["notes"])])
    view = CaseView(journal)
    qtbot.addWidget(view)
    view.resize(1000, 760)
    case = known["case"]
    view.show_case(case, journal.notes_for_case(case.id), journal.goals_for_case(case.id))
    view.show()
    qtbot.waitExposed(view)
    return view


def test_chart_and_table_toggle_by_keyboard(qtbot: QtBot, shown_case: CaseView) -> None:
    section = shown_case.over_time
    assert section.is_open()
    assert not section.showing_table()
    assert shown_case.course_model.rowCount() == 3
    section.table_button.setFocus()
    QTest.keyClick(section.table_button, Qt.Key.Key_Space)
    assert section.showing_table()
    assert section.table.isVisible()
    assert section.table.currentIndex().row() == 2  # the latest session, ready to read
    with qtbot.waitSignal(shown_case.note_requested) as opened:
        section.table.setFocus()
        QTest.keyClick(section.table, Qt.Key.Key_Return)
    assert opened.args == [shown_case.course_model.data(
        shown_case.course_model.index(2, 0), CourseRole.NOTE_ID)]
    section.chart_button.setFocus()
    QTest.keyClick(section.chart_button, Qt.Key.Key_Space)
    assert not section.showing_table()
    assert section.chart.isVisible()
    for widget in (section.chart, section.table, section.chart_button, section.table_button,
                   section.toggle):
        assert widget.accessibleName()


def test_over_time_collapses_and_remembers(qtbot: QtBot, journal: Journal,
                                           shown_case: CaseView,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(case_view_module, "_over_time_open", True)
    section = shown_case.over_time
    section.toggle.setFocus()
    QTest.keyClick(section.toggle, Qt.Key.Key_Space)
    assert not section.is_open()
    assert not section.stack.isVisible()
    qtbot.waitUntil(lambda: shown_case.splitter.sizes()[1] <= section.header_height())
    assert shown_case.timeline.height() > 0
    again = CaseView(journal)
    qtbot.addWidget(again)
    assert not again.over_time.is_open()  # remembered for the session
    QTest.keyClick(section.toggle, Qt.Key.Key_Space)
    assert section.is_open()
    assert section.stack.isVisible()


def test_over_time_shows_the_whole_chart_within_limits(qtbot: QtBot,
                                                        shown_case: CaseView) -> None:
    shown_case.resize(900, 700)
    shown_case._user_sized = False
    shown_case._fit_details()
    section = shown_case.over_time
    qtbot.waitUntil(lambda: section.chart_scroll.viewport().height()
                    >= section.chart.content_height())
    sizes = shown_case.splitter.sizes()
    assert sizes[1] <= int(sum(sizes) * case_view_module.OVER_TIME_MAX_SHARE)
    assert sizes[2] >= shown_case.sessions_min_height() - 1  # the sessions keep their rows
    # every row is drawn: the chart is never squeezed below its content, it scrolls instead
    assert section.chart.height() >= section.chart.content_height()
    assert section.chart.minimumSizeHint().height() == section.chart.content_height()
    # a small window caps the section and the chart scrolls inside it
    shown_case.resize(900, 380)
    shown_case._fit_details()
    qtbot.waitUntil(lambda: sum(shown_case.splitter.sizes()) <= 380)
    sizes = shown_case.splitter.sizes()
    assert sizes[1] <= int(sum(sizes) * case_view_module.OVER_TIME_MAX_SHARE)
    assert section.chart.height() >= section.chart.content_height()


def test_chart_height_follows_its_rows(qtbot: QtBot, known: dict[str, Any]) -> None:
    chart = CaseChart()
    qtbot.addWidget(chart)
    course = course_of(known)
    chart.set_course(course)
    base = chart.content_height()
    line = chart.fontMetrics().height()
    more = replace(course, need_labels=(*course.need_labels, "Rest", "Play", "Safety"))
    chart.set_course(more)
    grown = chart.content_height() - base
    assert line * 3 <= grown <= line * 3 * 1.3  # about a line per need row
    fewer = replace(course, goals=course.goals[:1])
    chart.set_course(fewer)
    assert base - chart.content_height() >= line  # and per goal row


def test_over_time_resizes_by_keyboard(qtbot: QtBot, shown_case: CaseView) -> None:
    section = shown_case.over_time
    assert "Ctrl+Down" in section.toggle.toolTip()
    assert "Ctrl+Up" in section.toggle.accessibleDescription()
    handle = shown_case.splitter.handle(2)
    assert handle.accessibleName() and "Ctrl+Down" in handle.toolTip()
    before = shown_case.splitter.sizes()[1]
    section.toggle.setFocus()
    QTest.keyClick(section.toggle, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    taller = shown_case.splitter.sizes()[1]
    assert taller > before
    assert shown_case.splitter.sizes()[2] >= shown_case.sessions_min_height() - 1
    QTest.keyClick(section.chart, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert shown_case.splitter.sizes()[1] < taller
    assert shown_case._user_sized  # the practitioner's split then stands
    assert section.is_open()  # Ctrl+arrows never toggle the section


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
    # the section grows to the table: every row in view
    qtbot.waitUntil(lambda: section.table.viewport().height()
                    >= section.table.verticalHeader().length())
    assert section.preferred_height() >= section.table_content_height()


def test_chart_follows_saved_notes_goals_and_prompts(qtbot: QtBot, journal: Journal,
                                                     shown_case: CaseView,
                                                     known: dict[str, Any]) -> None:
    model = shown_case.course_model
    note = journal.save_note(Note(case_id=known["case"].id, session_date=date(2025, 4, 1),
                                  reflection={NEEDS_PROMPT: ["other"]}))
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
    assert model.headerData(COL_FIRST_GOAL + 1, Qt.Orientation.Horizontal).startswith(
        "Goal 2")

    # a renamed need option shows its new label once the prompts are reloaded
    from casenotes.core.prompts.customise import customise

    base = load_default_library().get(NEEDS_PROMPT)
    assert base is not None
    options = tuple(replace(o, label="Physical closeness") if o.id == "physical" else o
                    for o in base.options)
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
