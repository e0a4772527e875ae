"""The encrypted export log, read-only: everything that has left the vault, newest first.

Each row says when, for which case (by its code), what was exported, in which format, which
sessions, the first digits of the file's SHA-256 fingerprint (the whole of it in the
tooltip), so a file found later can be matched to its export, for a summary whether the
client consented to the consultation, and (the accounting of disclosures) to whom by role
and for what purpose."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.domain import Case, ExportLogEntry
from casenotes.core.privacy import PrivacyMasks
from casenotes.ui.errors import describe
from casenotes.ui.shared.common import format_datetime
from casenotes.ui.shared.widgets import muted_label, title_html
from casenotes.ui.summary._style import FORMAT_LABELS
from casenotes.ui.table_model import AnyIndex, ReadOnlyTableModel

COL_WHEN = 0
COL_CASE = 1
COL_WHAT = 2
COL_FORMAT = 3
COL_SESSIONS = 4
COL_HASH = 5
COL_CONSENT = 6
COL_RECIPIENT = 7
COL_PURPOSE = 8
COLUMN_COUNT = 9

HEADERS: dict[int, str] = {
    COL_WHEN: "Date and time",
    COL_CASE: "Case",
    COL_WHAT: "What",
    COL_FORMAT: "Format",
    COL_SESSIONS: "Sessions",
    COL_HASH: "Fingerprint",
    COL_CONSENT: "Client consented",
    COL_RECIPIENT: "Sent to",
    COL_PURPOSE: "Purpose",
}
CONSENT_WORDS: dict[str, str] = {"yes": "Yes", "no": "No", "not_asked": "Not asked"}
KIND_WORDS: dict[str, str] = {
    "summary": "Consultation summary",
    "interchange": "Whole records (interchange)",
    "record": "Case record",
    "note": "Session note",
}
DELETED_CASE = "(deleted case)"
ALL_CASES = "(all cases)"
HASH_DIGITS = 12
EMPTY = "Nothing has been exported yet. Every export is noted here."


class LogRole(IntEnum):
    ENTRY = Qt.ItemDataRole.UserRole + 1  # the ExportLogEntry
    SORT = Qt.ItemDataRole.UserRole + 2


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class ExportLogModel(ReadOnlyTableModel):
    """Export log entries, newest first; the case column shows the case's code."""

    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[ExportLogEntry] = []
        # Only what the log shows of a case: its code, and whether it is in the trash.
        self._codes: dict[str, str] = {}
        self._trashed: set[str] = set()
        # Privacy mode: the recipient and purpose lines as shown, masked, by entry id. The
        # lines are typed freely and can name someone; only masked copies are kept, not the
        # cases' identifiers.
        self._masked: dict[str, tuple[str, str]] | None = None

    def set_entries(
        self, entries: list[ExportLogEntry], cases: list[Case], *, private: bool = False
    ) -> None:
        self.beginResetModel()
        self._entries = sorted(entries, key=lambda e: _utc(e.exported_at), reverse=True)
        self._codes = {c.id: c.code for c in cases}
        self._trashed = {c.id for c in cases if c.deleted_at is not None}
        self._masked = _masked_lines(self._entries, cases) if private else None
        self.endResetModel()

    def clear(self) -> None:
        self.set_entries([], [])

    def entry_at(self, row: int) -> ExportLogEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_total(self) -> int:
        return len(self._entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entry_at(index.row())
        if entry is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_HASH and entry.content_sha256:
                return f"SHA-256: {entry.content_sha256}"
            if column == COL_CASE and entry.case_id and entry.case_id in self._trashed:
                return "This case is in the trash."
            return None
        if role == Qt.ItemDataRole.FontRole and column == COL_HASH:
            return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if role == LogRole.ENTRY:
            return entry
        if role == LogRole.SORT:
            if column == COL_WHEN:
                return _utc(entry.exported_at).isoformat()
            return self.text(entry, column).casefold()
        return None

    def text(self, entry: ExportLogEntry, column: int) -> str:
        if column == COL_WHEN:
            return format_datetime(entry.exported_at)
        if column == COL_CASE:
            if entry.case_id is None:
                return ALL_CASES
            return self._codes.get(entry.case_id, DELETED_CASE)
        if column == COL_WHAT:
            return KIND_WORDS.get(entry.kind, entry.kind.capitalize())
        if column == COL_FORMAT:
            return FORMAT_LABELS.get(entry.format, entry.format.upper())
        if column == COL_SESSIONS:
            return entry.sessions.replace("-", "–")
        if column == COL_HASH:
            return entry.content_sha256[:HASH_DIGITS]
        if column == COL_CONSENT:  # "" for entries from before the question, and non-summaries
            return CONSENT_WORDS.get(entry.consent, "")
        if column in (COL_RECIPIENT, COL_PURPOSE):  # the accounting of disclosures
            recipient, purpose = (
                self._masked.get(entry.id, ("", ""))
                if self._masked is not None
                else (entry.recipient_role, entry.purpose)
            )
            return recipient if column == COL_RECIPIENT else purpose
        return ""


def _masked_lines(entries: list[ExportLogEntry], cases: list[Case]) -> dict[str, tuple[str, str]]:
    """Each entry's recipient and purpose masked with its case's identifiers; an entry of
    all cases, or of a case since deleted, with every case's, as any of them may be named."""
    masks = PrivacyMasks()
    by_id = {c.id: c for c in cases}
    masked: dict[str, tuple[str, str]] = {}
    for entry in entries:
        case = by_id.get(entry.case_id) if entry.case_id is not None else None
        lines = (entry.recipient_role, entry.purpose)
        for masker in (
            [masks.for_case(case)] if case is not None else [masks.for_case(c) for c in cases]
        ):
            lines = (masker.mask(lines[0]), masker.mask(lines[1]))
        masked[entry.id] = lines
    return masked


class ExportLogDialog(QDialog):
    """The export log, read-only, with Close."""

    def __init__(
        self, journal: Any, parent: QWidget | None = None, *, privacy: bool = False
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self._privacy = privacy
        self.setWindowTitle("Export log")
        self.setAccessibleName("Export log")
        self.setMinimumSize(720, 420)
        self.resize(860, 480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.setSpacing(8)
        title = QLabel(title_html("Export log"))
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setAccessibleName("Export log")
        layout.addWidget(title)
        layout.addWidget(
            muted_label(
                "Everything that has left the vault, newest first. The log itself is encrypted. "
                "The fingerprint identifies the exact file that was saved; hover over it to see "
                "all of it."
            )
        )
        self.model = ExportLogModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Exports")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.empty = muted_label(EMPTY)
        self.empty.setVisible(False)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.finished.connect(self.model.clear)  # nothing of the log outlives the window
        self.reload()

    def set_privacy_mode(self, on: bool) -> None:
        if on != self._privacy:
            self._privacy = on
            self.reload()

    def reload(self) -> None:
        try:
            entries = self.journal.export_log()
            cases = self.journal.list_cases(include_deleted=True)
        except Exception as exc:  # shown as a sentence; the log is never half shown
            self.model.set_entries([], [])
            self.empty.setText(describe(exc))
            self.empty.setVisible(True)
            return
        self.model.set_entries(entries, cases, private=self._privacy)
        self.empty.setText(EMPTY)
        self.empty.setVisible(not entries)
        if entries:
            self.table.setCurrentIndex(self.model.index(0, 0))
