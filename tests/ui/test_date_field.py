"""The one date field: typed as a whole or picked, and it holds what it shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

import casenotes.ui
from casenotes.ui.date_field import DateField, format_shown, parse_date

UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
US = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


@pytest.mark.parametrize(
    "text",
    [
        "15 Sep 2026",
        "15 Sept 2026",
        "15 september 2026",
        "15-Sep-2026",
        "Sep 15, 2026",
        "2026-09-15",
        "15/9/2026",
        "15.09.2026",
        " 15  Sep  2026 ",
    ],
)
def test_typed_forms_read_as_the_same_day(text: str) -> None:
    assert parse_date(text, UK) == date(2026, 9, 15)


def test_numbers_alone_follow_the_locales_order() -> None:
    assert parse_date("3/4/2026", UK) == date(2026, 4, 3)
    assert parse_date("3/4/2026", US) == date(2026, 3, 4)


@pytest.mark.parametrize(
    "text",
    ["", "15", "15 Sep", "15 Se 2026", "31 Feb 2026", "15 Sep 26", "15 Ju 2026", "soon", "1 2 3 4"],
)
def test_what_is_not_a_whole_date_is_none(text: str) -> None:
    assert parse_date(text, UK) is None


def make_field(qtbot: QtBot, start: date) -> DateField:
    """The field in a window, followed by another field that Tab leads to."""
    window = QWidget()
    layout = QVBoxLayout(window)
    field = DateField()
    layout.addWidget(field)
    layout.addWidget(QLineEdit())
    qtbot.addWidget(window)
    field.setDate(QDate(start.year, start.month, start.day))
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    field.setFocus()
    qtbot.waitUntil(field.edit.hasFocus)
    _shown.append(window)  # kept alive until the next test starts
    return field


_shown: list[QWidget] = []


@pytest.fixture(autouse=True)
def _forget_windows() -> None:
    _shown.clear()


def test_select_all_and_type_a_date(qtbot: QtBot) -> None:
    """The usability test's case: select all, type "15 Sep 2026": 15 September it is."""
    field = make_field(qtbot, date(2026, 12, 7))
    with qtbot.waitSignal(field.dateChanged):
        qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(field.edit, "15 Sep 2026")
    assert field.value() == date(2026, 9, 15)
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)  # leaving the field
    assert not field.edit.hasFocus()
    assert field.text() == format_shown(date(2026, 9, 15))
    assert parse_date(field.text()) == field.value()


def test_half_typed_text_keeps_the_last_date_and_shows_it_on_leaving(qtbot: QtBot) -> None:
    field = make_field(qtbot, date(2026, 3, 2))
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "15 Se")
    assert field.value() == date(2026, 3, 2)
    assert not field.is_typing_a_date()
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)  # leaving the field
    assert field.text() == format_shown(date(2026, 3, 2))
    assert field.is_typing_a_date()


def test_arrow_keys_step_days_and_months(qtbot: QtBot) -> None:
    field = make_field(qtbot, date(2026, 1, 31))
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)
    assert field.value() == date(2026, 2, 1)
    qtbot.keyClick(field.edit, Qt.Key.Key_Down)
    qtbot.keyClick(field.edit, Qt.Key.Key_PageUp)
    assert field.value() == date(2026, 2, 28)
    assert field.text() == format_shown(date(2026, 2, 28))


def test_the_calendar_picks_a_date(qtbot: QtBot) -> None:
    field = make_field(qtbot, date(2026, 5, 1))
    field.open_calendar()
    assert field.calendar.selectedDate() == QDate(2026, 5, 1)
    field.calendar.clicked.emit(QDate(2026, 5, 20))
    assert field.value() == date(2026, 5, 20)
    assert not field.calendar_menu.isVisible()


def test_read_only_refuses_typing_and_the_calendar(qtbot: QtBot) -> None:
    field = make_field(qtbot, date(2026, 5, 1))
    field.setReadOnly(True)
    assert field.isReadOnly() and not field.calendar_button.isVisibleTo(field)
    qtbot.keyClicks(field.edit, "9")
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)
    assert field.value() == date(2026, 5, 1)
    QApplication.processEvents()


def test_every_date_field_of_the_app_is_this_one() -> None:
    """QDateEdit's section-by-section typing was the bug: none is left in the UI."""
    root = Path(casenotes.ui.__file__).parent
    users = [p.relative_to(root) for p in root.rglob("*.py") if "QDateEdit(" in p.read_text()]
    assert users == []
