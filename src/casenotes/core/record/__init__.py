"""The clinical record on request: a typed model of a case's record, its Markdown, and the
writer that logs it. No Qt (the PDF is drawn by ``casenotes.ui.record_pdf``)."""

from casenotes.core.record.builder import build_record, numbered_notes, select_sessions
from casenotes.core.record.model import (
    PROCESS_NOTES_WARNING,
    CaseDetails,
    CaseRecord,
    Clinician,
    Disclosure,
    NonSessionEntry,
    RecordAddendum,
    RecordError,
    RecordGoal,
    RecordGoalChange,
    RecordOptions,
    RecordSession,
    Release,
    Section,
    Signature,
)

__all__ = [
    "PROCESS_NOTES_WARNING",
    "CaseDetails",
    "CaseRecord",
    "Clinician",
    "Disclosure",
    "NonSessionEntry",
    "RecordAddendum",
    "RecordError",
    "RecordGoal",
    "RecordGoalChange",
    "RecordOptions",
    "RecordSession",
    "Release",
    "Section",
    "Signature",
    "build_record",
    "numbered_notes",
    "select_sessions",
]
