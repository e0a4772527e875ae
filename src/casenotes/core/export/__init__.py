"""Consultation summaries: composition through one deidentifier, review, and writers. No Qt."""

from casenotes.core.export.review import Finding, RescanReport, ReviewDocument, Segment
from casenotes.core.export.summary import (
    CONSENT_VALUES,
    SummaryDraft,
    SummaryError,
    SummaryRequest,
    build_summary,
    default_excerpts,
    numbered_sessions,
    one_partner_sessions,
)
from casenotes.core.export.writers import (
    SUMMARY_FORMATS,
    render_markdown,
    render_plain,
    summary_log_entry,
    write_summary,
)

__all__ = [
    "CONSENT_VALUES",
    "SUMMARY_FORMATS",
    "Finding",
    "RescanReport",
    "ReviewDocument",
    "Segment",
    "SummaryDraft",
    "SummaryError",
    "SummaryRequest",
    "build_summary",
    "default_excerpts",
    "numbered_sessions",
    "one_partner_sessions",
    "render_markdown",
    "render_plain",
    "summary_log_entry",
    "write_summary",
]
