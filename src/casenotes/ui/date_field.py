"""The one date field of the app: typed as a whole ("15 Sep 2026", "15/9/2026",
"2026-09-15") or picked from a calendar, and what it holds is always what it shows.

Why not a plain QDateEdit: its text is edited section by section. Select all and type
"15 Sep 2026", and the typed characters land in whichever section the cursor was in, the
two-digit day jumps ahead to the month, and the space then jumps past the month too: the
field showed and saved "7 Sep 2026". Here the text is parsed as a whole; while it is not a
date the last date stands, and on leaving the field the text shows that date again."""

from __future__ import annotations

import re
from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from casenotes.core.domain.calendar import ENGLISH_MONTHS

DISPLAY_FORMAT = "d MMM yyyy"
Day = date  # the type, by a name that DateField.date() does not hide
HINT = "Type a date such as 15 Sep 2026, or pick one from the calendar"

_WORDS = re.compile(r"[^\W\d_]+\.?|\d+")


def _month_names(locale: QLocale) -> dict[str, int]:
    names: dict[str, int] = {}
    # English month names always work, whatever the locale shows ("Sept" included).
    for number, english in enumerate(ENGLISH_MONTHS, start=1):
        names[english] = number
        for fmt in (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat):
            names[locale.monthName(number, fmt).casefold().rstrip(".")] = number
            names[locale.standaloneMonthName(number, fmt).casefold().rstrip(".")] = number
    return names


def _month_of(word: str, names: dict[str, int]) -> int | None:
    """A month from its name or any unambiguous start of it of three letters or more."""
    word = word.casefold().rstrip(".")
    if word in names:
        return names[word]
    if len(word) < 3:
        return None
    found = {number for name, number in names.items() if name.startswith(word)}
    return found.pop() if len(found) == 1 else None


def _day_first(locale: QLocale) -> bool:
    pattern = locale.dateFormat(QLocale.FormatType.ShortFormat).lstrip("'")
    return not pattern.upper().startswith("M")


def parse_date(text: str, locale: QLocale | None = None) -> date | None:
    """The date a person typed, or None. Numbers alone read day first unless the locale
    writes the month first; a four-digit first number is a year (ISO order)."""
    locale = locale if locale is not None else QLocale()
    tokens = _WORDS.findall(text)
    if len(tokens) != 3:
        return None
    numbers = [int(t) if t.isdigit() else None for t in tokens]
    words = [t for t in tokens if not t.isdigit()]
    try:
        if len(words) == 1:
            month = _month_of(words[0], _month_names(locale))
            rest = [n for n in numbers if n is not None]
            if month is None or len(rest) != 2:
                return None
            year, day = (rest[0], rest[1]) if len(str(rest[0])) == 4 else (rest[1], rest[0])
            return _checked(year, month, day)
        if words or any(n is None for n in numbers):
            return None
        first, second, third = (n for n in numbers if n is not None)
        if len(tokens[0]) == 4:
            return _checked(first, second, third)
        if _day_first(locale):
            return _checked(third, second, first)
        return _checked(third, first, second)
    except ValueError:
        return None


def _checked(year: int, month: int, day: int) -> date | None:
    if not 1000 <= year <= 9999:  # "15 Sep 26" is not year 26: ask for all four digits
        return None
    return date(year, month, day)


def format_shown(value: date, locale: QLocale | None = None) -> str:
    locale = locale if locale is not None else QLocale()
    return locale.toString(QDate(value.year, value.month, value.day), DISPLAY_FORMAT)


class DateField(QWidget):
    """A date typed or picked. ``date()`` is what the field shows (once the typing makes a
    date); Up and Down move a day, Page Up and Page Down a month."""

    dateChanged = Signal(QDate)  # named as QDateEdit's, which it replaces

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date = date.today()
        self._read_only = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QLineEdit()
        self.edit.setToolTip(HINT)
        self.edit.setAccessibleDescription(HINT)
        fm = self.edit.fontMetrics()
        self.edit.setMinimumWidth(fm.horizontalAdvance("30 Sept 2026") + fm.height() * 2)
        self.edit.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.edit)
        self.calendar_button = QToolButton()
        self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setAccessibleName("Pick the date from a calendar")
        self.calendar_button.setToolTip("Pick the date from a calendar")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down opens it
        layout.addWidget(self.calendar_button)
        self.setFocusProxy(self.edit)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(False)
        self.calendar_menu = QMenu(self)
        action = QWidgetAction(self.calendar_menu)
        action.setDefaultWidget(self.calendar)
        self.calendar_menu.addAction(action)

        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._show_date)
        self.edit.installEventFilter(self)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self._show_date()

    # ---- QDateEdit's API, as the app uses it ----

    def date(self) -> QDate:
        return QDate(self._date.year, self._date.month, self._date.day)

    def setDate(self, value: QDate) -> None:  # QDateEdit's name
        self._set(date(value.year(), value.month(), value.day()), show=True)

    def value(self) -> Day:
        return self._date

    def setAccessibleName(self, name: str) -> None:  # Qt's name
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def setReadOnly(self, read_only: bool) -> None:  # QDateEdit's name
        self._read_only = read_only
        self.edit.setReadOnly(read_only)
        self.calendar_button.setVisible(not read_only)
        if read_only:
            self._show_date()

    def isReadOnly(self) -> bool:  # QDateEdit's name
        return self._read_only

    def text(self) -> str:
        return self.edit.text()

    def is_typing_a_date(self) -> bool:
        """Whether the text on screen reads as the date held (False mid-typing)."""
        return parse_date(self.edit.text()) == self._date

    # ---- behaviour ----

    def _set(self, value: Day, *, show: bool) -> None:
        changed = value != self._date
        self._date = value
        if show:
            self._show_date()
        if changed:
            self.dateChanged.emit(self.date())

    def _typed(self, text: str) -> None:
        value = parse_date(text)
        if value is not None:
            self._set(value, show=False)  # the text stays as typed until the field is left

    def _show_date(self) -> None:
        shown = format_shown(self._date)
        if self.edit.text() != shown:
            self.edit.setText(shown)

    def _picked(self, value: QDate) -> None:
        self.calendar_menu.close()
        if not self._read_only:
            self.setDate(value)
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)

    def open_calendar(self) -> None:
        if self._read_only:
            return
        self.calendar.setSelectedDate(self.date())
        self.calendar_menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _step(self, key: int) -> bool:
        value = self._date
        if key == Qt.Key.Key_Up:
            value += timedelta(days=1)
        elif key == Qt.Key.Key_Down:
            value -= timedelta(days=1)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            moved = self.date().addMonths(1 if key == Qt.Key.Key_PageUp else -1)
            value = date(moved.year(), moved.month(), moved.day())
        else:
            return False
        self._set(value, show=True)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and not self._read_only
        ):
            alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt and event.key() == Qt.Key.Key_Down:
                self.open_calendar()
                return True
            if not alt and self._step(event.key()):
                return True
        if (
            watched is self.edit
            and isinstance(event, QFocusEvent)
            and event.type() == QEvent.Type.FocusOut
        ):
            self._show_date()
        return super().eventFilter(watched, event)
