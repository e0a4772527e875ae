"""Writing a case record to the user's file, atomically, logged before it is put in place."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from casenotes.core.domain import ExportLogEntry
from casenotes.core.domain.models import utc_now
from casenotes.core.fileio import atomic_write
from casenotes.core.record.markdown import render_record
from casenotes.core.record.model import CaseRecord, Release

RECORD_FORMATS: tuple[str, ...] = ("pdf", "md")
RECORD_KIND = "record"
NOTE_KIND = "note"

PdfRenderer = Callable[[CaseRecord, str], bytes]  # (record, its Markdown) → PDF bytes


def record_bytes(record: CaseRecord, fmt: str, pdf: PdfRenderer | None = None) -> bytes:
    if fmt not in RECORD_FORMATS:
        raise ValueError(f"unknown record format: {fmt}")
    markdown = render_record(record)
    if fmt == "md":
        return markdown.encode("utf-8")
    if pdf is None:
        raise ValueError("a PDF needs a renderer")
    return pdf(record, markdown)


def write_record(
    path: Path,
    record: CaseRecord,
    fmt: str,
    *,
    pdf: PdfRenderer | None = None,
    log: Callable[[str], None] | None = None,
) -> str:
    """Write the record atomically; return the SHA-256 hex of the bytes written.

    ``log(sha256)`` runs once the file is complete and before it takes the target's place:
    if logging fails, nothing is written and an existing file is left as it was."""
    data = record_bytes(record, fmt, pdf)
    sha256 = hashlib.sha256(data).hexdigest()
    atomic_write(Path(path), data, before_replace=None if log is None else (lambda: log(sha256)))
    return sha256


def record_log_entry(
    record: CaseRecord, case_id: str, fmt: str, sha256: str, release: Release | None = None
) -> ExportLogEntry:
    """The export-log entry of a record (kind "record"), or of one note (kind "note"), with
    what was said about the release (recipient by role, purpose, consent)."""
    release = release or Release()
    return ExportLogEntry(
        case_id=case_id,
        exported_at=utc_now(),
        kind=NOTE_KIND if record.options.note_id is not None else RECORD_KIND,
        format=fmt,
        sessions=record.sessions_label,
        content_sha256=sha256,
        consent=release.consent,
        recipient_role=" ".join(release.recipient_role.split()),
        purpose=" ".join(release.purpose.split()),
    )
