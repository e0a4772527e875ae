"""Small pieces the whole window shares: the task-runner shape, plain-language error
sentences, date formatting, and the clipboard guard.

Nothing here logs note text, names or codes: errors are logged by type only.
"""

from __future__ import annotations

import errno
import logging
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
from casenotes.core.search import SearchIndexClosedError
from casenotes.core.vault.errors import (
    SignedNoteError,
    TamperedRecordError,
    VaultError,
    VaultLockedError,
)

# The clipboard guard lives in casenotes.ui.clipboard (one helper for the whole app).
from casenotes.ui.clipboard import ClipboardGuard as ClipboardGuard

log = logging.getLogger("casenotes.ui.workspace")
T = TypeVar("T")

DAMAGED_NOTICE = (
    "One record could not be read: it was damaged or altered outside Casenotes. "
    "Everything else is fine."
)
DAMAGED_NOTICE_MANY = (
    "{count} records could not be read: they were damaged or altered outside Casenotes. "
    "Everything else is fine."
)

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


def alive(obj: QObject) -> bool:
    """False once the C++ side of a widget is gone (a late task result after a lock)."""
    return shiboken6.isValid(obj)


def client_type_label(client_type: ClientType) -> str:
    return CLIENT_TYPE_LABELS.get(client_type, str(client_type))


def client_types_text(types: list[ClientType]) -> str:
    return ", ".join(client_type_label(t) for t in types)


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


# ---- errors as sentences ----------------------------------------------------------------

def damaged_notice(count: int) -> str:
    return DAMAGED_NOTICE if count <= 1 else DAMAGED_NOTICE_MANY.format(count=count)


def describe_error(exc: BaseException) -> str:
    """What went wrong, as the end of a sentence: lower-case start, no full stop, e.g.
    "the disk is full", to follow "This note isn't saved yet: ".

    Never includes the exception's own text unless it is one of the vault's sentences, which
    are written for people and carry no client data."""
    log.warning("operation failed: %s", type(exc).__name__)
    reason = _reason(exc)
    return reason[:1].lower() + reason[1:]


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TamperedRecordError):
        return "its stored copy was damaged or altered outside Casenotes"
    if isinstance(exc, VaultLockedError | SearchIndexClosedError):
        return "The vault is locked"
    if isinstance(exc, SignedNoteError):
        return "This note is signed and locked, so it can't be changed"
    if isinstance(exc, VaultError):
        return str(exc).rstrip(".")
    os_error = _os_error_in(exc)
    if os_error is not None:
        code = os_error.errno
        if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
            return "The disk is full"
        if code in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "Casenotes isn't allowed to write to the vault's folder"
        if code == errno.EIO:
            return "The disk reported a problem while writing"
        return "The vault file could not be written"
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return "The disk is full"
    if "database is locked" in text or "busy" in text:
        return "The vault was busy for a moment"
    if "readonly" in text or "read-only" in text:
        return "Casenotes isn't allowed to write to the vault's folder"
    return "Something unexpected got in the way"


def _os_error_in(exc: BaseException) -> OSError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError):
            return current
        orig = getattr(current, "orig", None)  # SQLAlchemy wraps the driver's error
        if isinstance(orig, OSError):
            return orig
        current = current.__cause__ or current.__context__
    return None

