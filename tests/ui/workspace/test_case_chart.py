"""The picture over time as a chart: painting for 0, 1 and many sessions, the legend, the
goal bands' history, and the keyboard and mouse. All people and details are fictional."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Attendance, GoalChange, GoalStatus
from casenotes.core.prompts.course import case_course
from casenotes.core.prompts.library import load_default_library
from casenotes.ui.shared.common import format_date
from casenotes.ui.workspace.case_chart import LEGEND_HELP, ONE_PARTNER_LEGEND, CaseChart

from .courses import at, course_of, many_sessions


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


def test_worked_on_dots_legend_and_goal_history(qtbot: QtBot, known: dict[str, Any]) -> None:
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
    assert chart.tooltip_at(lay.left + 5, lay.goal_top + lay.goal_h * 1.5) == chart.describe_goal(1)
    assert "Revised" in chart.tooltip_at(lay.left, lay.legend_y + 2)  # the legend explains
    # "Revised" is explained where it appears, with the old words from the history
    revised = replace(
        course,
        goals=(
            replace(
                track,
                status_at=(GoalStatus.OPEN, GoalStatus.REVISED, GoalStatus.REVISED),
                current=GoalStatus.REVISED,
            ),
            course.goals[1],
        ),
    )
    chart.set_course(revised)
    chart.set_goal_histories(
        {
            agreement.id: [
                GoalChange(at(date(2025, 1, 1)), GoalStatus.OPEN, "Talk about the agreement"),
                GoalChange(at(date(2025, 2, 1)), GoalStatus.REVISED, agreement.text),
            ]
        }
    )
    text = chart.describe_goal(0)
    assert "reworded with the client" in text
    assert "\u201cTalk about the agreement\u201d" in text
    assert any("reworded" in label for label, _ in chart.legend_items())
    # without a history, it is read off the sessions
    chart.set_goal_histories({})
    assert "(session 2): Revised" in chart.describe_goal(0)
    assert distinct_colours(chart) > 4


def test_chart_keyboard_and_hover_describe_sessions(qtbot: QtBot, known: dict[str, Any]) -> None:
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


def test_an_individual_session_with_one_partner_is_marked(
    qtbot: QtBot, known: dict[str, Any]
) -> None:
    notes = [
        replace(note, attendance=attendance)
        for note, attendance in zip(
            known["notes"],
            (Attendance.BOTH, Attendance.PARTNER_B, Attendance.BOTH),
            strict=True,
        )
    ]
    chart = CaseChart()
    qtbot.addWidget(chart)
    chart.resize(900, 260)
    chart.set_course(case_course(notes, known["goals"], load_default_library()))
    chart.show()
    qtbot.waitExposed(chart)
    assert (ONE_PARTNER_LEGEND, "alone") in chart.legend_items()
    assert "hollow session dot" in LEGEND_HELP
    chart.setFocus()
    QTest.keyClick(chart, Qt.Key.Key_Home)
    assert "Attended: Both partners" in chart.accessibleDescription()
    QTest.keyClick(chart, Qt.Key.Key_Right)
    assert "Attended: Partner B alone" in chart.accessibleDescription()
    # The ring is drawn: the partner-alone session's centre shows the background.
    image = chart.grab().toImage()
    lay = chart._layout()
    alone = image.pixelColor(round(chart._positions[1]), round(lay.sessions_y))
    both = image.pixelColor(round(chart._positions[0]), round(lay.sessions_y))
    assert alone != both
    # Without a one-partner session there is no such legend item.
    chart.set_course(course_of(known))
    assert all(kind != "alone" for _, kind in chart.legend_items())


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
