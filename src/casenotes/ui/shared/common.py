"""Small pieces the whole window shares: the task-runner shape, plain-language labels,
item-model helpers and date formatting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import (
    QAbstractProxyModel,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QTimeZone,
)

from casenotes.core.domain import (
    CLIENT_TYPE_LABELS,
    CaseStatus,
    ClientType,
)

# The clipboard guard lives in casenotes.ui.clipboard (one helper for the whole app).
from casenotes.ui.clipboard import ClipboardGuard as ClipboardGuard

T = TypeVar("T")

STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.ACTIVE: "Active",
    CaseStatus.PAUSED: "Paused",
    CaseStatus.CLOSED: "Closed",
}
IDENTIFIER_LABELS: dict[str, str] = {
    "names": "Names",
    "aliases": "Other names they use",
    "handles": "Handles",
    "phones": "Phone numbers",
    "emails": "Email addresses",
    "places": "Places",
    "employers": "Workplaces",
    "other": "Anything else",
}


class TaskRunnerLike(Protocol):
    """What the workspace needs of ``casenotes.ui.tasks.TaskRunner`` (written by the shell)."""

    def run_task(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None: ...


def model_data(index: QModelIndex | QPersistentModelIndex, role: int) -> Any:
    """``index.data(role)`` without a round trip through QVariant: proxies are mapped to
    their source and the (Python) model is asked directly.

    PySide6 6.12 on Python 3.11 drops a reference to None each time Qt hands None back to
    Python (an empty QVariant, a null pointer); a long session then ends in a fatal error.
    Asking our own models directly never goes through that conversion."""
    if not index.isValid():
        return None
    model = index.model()
    while isinstance(model, QAbstractProxyModel):
        index = model.mapToSource(index)
        if not index.isValid():
            return None
        model = index.model()
    return model.data(index, role)


class _ReadOnlyWidget(Protocol):
    def isReadOnly(self) -> bool: ...

    def setReadOnly(self, read_only: bool) -> None: ...


def set_read_only(widget: _ReadOnlyWidget, read_only: bool) -> None:
    """``widget.setReadOnly(read_only)`` only when it changes anything: a text edit's
    setReadOnly sends a ReadOnlyChange event on every call, changed or not, and every note
    opened made that call for each section and each written answer."""
    if widget.isReadOnly() != read_only:
        widget.setReadOnly(read_only)


def alive(obj: QObject) -> bool:
    """False once the C++ side of a widget is gone (a late task result after a lock)."""
    return shiboken6.isValid(obj)


def client_type_label(client_type: ClientType) -> str:
    return CLIENT_TYPE_LABELS.get(client_type, str(client_type))


def client_types_text(types: list[ClientType]) -> str:
    return ", ".join(client_type_label(t) for t in types)


def shorten(text: str, limit: int) -> str:
    """``text`` on one line (white space folded), cut to ``limit`` characters with "…"."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def split_list(text: str, separator: str = ",") -> list[str]:
    """Comma-separated (or one-per-line) text into clean, unique items, order kept."""
    seen: list[str] = []
    for part in text.split(separator):
        item = " ".join(part.split())
        if item and item not in seen:
            seen.append(item)
    return seen


# ---- dates ------------------------------------------------------------------------------


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def format_date(value: date | None, *, weekday: bool = True) -> str:
    """A date as people read it, in the user's locale (e.g. "Mon 6 Jan 2025")."""
    if value is None:
        return ""
    pattern = "ddd d MMM yyyy" if weekday else "d MMM yyyy"
    return QLocale().toString(to_qdate(value), pattern)


def format_datetime(value: datetime | None) -> str:
    """A stored UTC timestamp in local time (e.g. "6 Jan 2025, 14:05")."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    utc = QDateTime.fromSecsSinceEpoch(int(value.timestamp()), QTimeZone.utc())
    return QLocale().toString(utc.toLocalTime(), "d MMM yyyy, HH:mm")


def format_time(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    utc = QDateTime.fromSecsSinceEpoch(int(value.timestamp()), QTimeZone.utc())
    return QLocale().toString(utc.toLocalTime(), "HH:mm")
