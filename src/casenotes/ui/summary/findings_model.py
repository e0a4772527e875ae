"""The review's findings table, Vorta-style: ``COL_*`` constants and custom roles, usable and
testable without a window.

Each row is one finding of a ``casenotes.core.export.ReviewDocument`` (a redaction the scan
or the practitioner made), in the document's order; a ``FindingsProxy`` sorts by the
``FindingRole.SORT`` key, which for the Certainty column puts the ones "for a look" first."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Protocol

from PySide6.QtCore import (
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QFont, QGuiApplication

from casenotes.ui.summary._style import kind_label, unsure_colour
from casenotes.ui.table_model import AnyIndex, ReadOnlyTableModel

COL_KIND = 0
COL_ORIGINAL = 1
COL_REPLACEMENT = 2
COL_CERTAINTY = 3
COL_STATE = 4
COL_REASON = 5
COLUMN_COUNT = 6

# Short headings, so that at large text all but the last fit beside the summary; each says
# what it means in full as its tooltip and to screen readers (HEADER_NAMES).
HEADERS: dict[int, str] = {
    COL_KIND: "Kind",
    COL_ORIGINAL: "Words",
    COL_REPLACEMENT: "Sent as",
    COL_CERTAINTY: "Certainty",
    COL_STATE: "State",
    COL_REASON: "Why",
}
HEADER_NAMES: dict[int, str] = {
    COL_KIND: "Kind of detail",
    COL_ORIGINAL: "Original words",
    COL_REPLACEMENT: "Sent as, in place of the words",
    COL_CERTAINTY: "How sure the scan was",
    COL_STATE: "Redacted or restored",
    COL_REASON: "Why it is for a look",
}
SURE = "Sure"
FOR_A_LOOK = "For a look"
REDACTED = "Redacted"
RESTORED = "Restored"
UNSURE_TIP = "The scan was not sure this identifies anyone: please take a look."


class FindingRole(IntEnum):
    INDEX = Qt.ItemDataRole.UserRole + 1  # the finding's index in document.findings
    ACTIVE = Qt.ItemDataRole.UserRole + 2  # bool: redacted (True) or restored (False)
    CERTAIN = Qt.ItemDataRole.UserRole + 3  # bool
    KIND = Qt.ItemDataRole.UserRole + 4  # the span's kind key, e.g. "name"
    SORT = Qt.ItemDataRole.UserRole + 5  # a str sort key for the column


class _SpanLike(Protocol):
    # Read-only, so that the core's frozen Span fits.
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def replacement(self) -> str: ...
    @property
    def certain(self) -> bool: ...
    @property
    def reason(self) -> str: ...


class _FindingLike(Protocol):
    @property
    def span(self) -> _SpanLike: ...
    @property
    def active(self) -> bool: ...


class _DocumentLike(Protocol):
    findings: list[Any]


def explain(span: _SpanLike) -> str:
    """Why a finding is marked for a look, in a sentence; "" for a sure one."""
    if span.certain:
        return ""
    reason = getattr(span, "reason", "")
    if reason:
        # A quasi-identifier: not a name, but a detail that could point to someone.
        return f"For a look: {reason}. Details like this can identify someone together."
    return UNSURE_TIP


def _one_line(text: str) -> str:
    return " ".join(text.split())


class FindingsModel(ReadOnlyTableModel):
    """The findings of one review document. Call ``refresh()`` after the document changed:
    it updates rows in place when only their state changed, and resets otherwise."""

    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document: _DocumentLike | None = None
        self._shape: list[tuple[int, int, str]] = []

    def set_document(self, document: _DocumentLike | None) -> None:
        self.beginResetModel()
        self._document = document
        self._shape = self._current_shape()
        self.endResetModel()

    def refresh(self) -> None:
        shape = self._current_shape()
        if shape != self._shape:
            self.beginResetModel()
            self._shape = shape
            self.endResetModel()
        elif shape:
            self.dataChanged.emit(self.index(0, 0), self.index(len(shape) - 1, COLUMN_COUNT - 1))

    def _current_shape(self) -> list[tuple[int, int, str]]:
        findings = self._findings()
        return [(f.span.start, f.span.end, f.span.kind) for f in findings]

    def _findings(self) -> list[_FindingLike]:
        return list(self._document.findings) if self._document is not None else []

    def finding_at(self, row: int) -> _FindingLike | None:
        findings = self._findings()
        return findings[row] if 0 <= row < len(findings) else None

    # ---- the model interface ----

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return HEADER_NAMES.get(section)
        return super().headerData(section, orientation, role)

    def row_total(self) -> int:
        return len(self._shape)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shape):
            return None
        finding = self.finding_at(index.row())
        if finding is None:
            return None
        span = finding.span
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(finding, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._text(finding, column)
            reason = getattr(span, "reason", "")
            if column == COL_CERTAINTY and not span.certain and reason:
                text = f"{text}, {reason}"  # a screen reader hears why, not just "for a look"
            return f"{HEADER_NAMES[column]}: {text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(finding, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_CERTAINTY and not span.certain:
            return QBrush(unsure_colour(QGuiApplication.palette()))
        if role == Qt.ItemDataRole.FontRole and not finding.active:
            font = QFont()
            font.setItalic(True)  # restored rows read differently at a glance
            return font
        if role == FindingRole.SORT:
            return self._sort_key(finding, column, index.row())
        if role == FindingRole.INDEX:
            return index.row()
        if role == FindingRole.ACTIVE:
            return bool(finding.active)
        if role == FindingRole.CERTAIN:
            return bool(span.certain)
        if role == FindingRole.KIND:
            return span.kind
        return None

    @staticmethod
    def _text(finding: _FindingLike, column: int) -> str:
        span = finding.span
        if column == COL_KIND:
            return kind_label(span.kind)
        if column == COL_ORIGINAL:
            return _one_line(span.text)
        if column == COL_REPLACEMENT:
            return span.replacement
        if column == COL_CERTAINTY:
            return SURE if span.certain else FOR_A_LOOK
        if column == COL_STATE:
            return REDACTED if finding.active else RESTORED
        if column == COL_REASON:
            return "" if span.certain else getattr(span, "reason", "")
        return ""

    @staticmethod
    def _tooltip(finding: _FindingLike, column: int) -> str | None:
        if column in (COL_CERTAINTY, COL_REASON) and not finding.span.certain:
            return explain(finding.span)
        if column == COL_STATE and not finding.active:
            return "Restored: the original words will appear in the exported summary."
        if column == COL_ORIGINAL:
            return finding.span.text
        return None

    @staticmethod
    def _sort_key(finding: _FindingLike, column: int, row: int) -> str:
        position = f"{finding.span.start:010d}-{row:06d}"
        if column == COL_CERTAINTY:  # "For a look" first, then in reading order
            return f"{1 if finding.span.certain else 0}-{position}"
        if column == COL_STATE:
            return f"{1 if finding.active else 0}-{position}"
        return f"{FindingsModel._text(finding, column).casefold()}\x00{position}"


class FindingsProxy(QSortFilterProxyModel):
    """Sorts the findings by ``FindingRole.SORT``. Unsorted (column -1) keeps text order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(FindingRole.SORT)
        self.setDynamicSortFilter(True)
