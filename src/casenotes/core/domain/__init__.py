"""Plain dataclasses describing the practice's records. No storage, no crypto, no Qt."""

from casenotes.core.domain.client_types import CLIENT_TYPE_LABELS, ClientType
from casenotes.core.domain.models import (
    IDENTIFIER_KINDS,
    Addendum,
    Case,
    CaseBundle,
    CaseStatus,
    ExportLogEntry,
    Goal,
    GoalChange,
    GoalStatus,
    Identifiers,
    Member,
    Note,
    NoteRevision,
    SessionFormat,
    Settings,
    note_content_hash,
)
from casenotes.core.domain.templates import (
    TEMPLATE_NAMES,
    TEMPLATES,
    NoteTemplate,
    TemplateSection,
    section_keys,
)

__all__ = [
    "CLIENT_TYPE_LABELS",
    "IDENTIFIER_KINDS",
    "TEMPLATES",
    "TEMPLATE_NAMES",
    "Addendum",
    "Case",
    "CaseBundle",
    "CaseStatus",
    "ClientType",
    "ExportLogEntry",
    "Goal",
    "GoalChange",
    "GoalStatus",
    "Identifiers",
    "Member",
    "Note",
    "NoteRevision",
    "NoteTemplate",
    "SessionFormat",
    "Settings",
    "TemplateSection",
    "note_content_hash",
    "section_keys",
]
