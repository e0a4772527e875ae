"""Writing a record: atomic, logged before it is in place, the log entry's fields."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from casenotes.core.domain import Case, Note
from casenotes.core.record import CaseRecord, RecordOptions, Release, build_record
from casenotes.core.record.writer import record_bytes, record_log_entry, write_record

CASE = Case(code="OC-5", display_name="Fictional client")
NOTE = Note(case_id=CASE.id, session_date=date(2025, 5, 5), sections={"body": "Text."})


def _record(**options: object) -> CaseRecord:
    return build_record(CASE, [NOTE], [], [], RecordOptions(include_drafts=True, **options))  # type: ignore[arg-type]


def test_markdown_is_written_and_logged_with_its_hash(tmp_path: Path) -> None:
    logged: list[str] = []
    target = tmp_path / "record.md"
    sha = write_record(target, _record(), "md", log=logged.append)
    data = target.read_bytes()
    assert logged == [sha] == [hashlib.sha256(data).hexdigest()]
    assert b"Case record: OC-5" in data


def test_a_failed_log_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "record.md"

    def refuse(_sha: str) -> None:
        raise OSError("the vault is locked")

    with pytest.raises(OSError):
        write_record(target, _record(), "md", log=refuse)
    assert list(tmp_path.iterdir()) == []


def test_pdf_goes_through_the_renderer_given() -> None:
    seen: list[str] = []

    def renderer(record: CaseRecord, markdown: str) -> bytes:
        seen.append(markdown)
        return b"%PDF-fake"

    assert record_bytes(_record(), "pdf", renderer) == b"%PDF-fake"
    assert "Case record: OC-5" in seen[0]
    with pytest.raises(ValueError):
        record_bytes(_record(), "pdf")
    with pytest.raises(ValueError):
        record_bytes(_record(), "docx")


def test_log_entry_kind_and_sessions() -> None:
    entry = record_log_entry(_record(), CASE.id, "pdf", "a" * 64)
    assert (entry.kind, entry.format, entry.sessions, entry.case_id) == (
        "record",
        "pdf",
        "1",
        CASE.id,
    )
    note_entry = record_log_entry(_record(note_id=NOTE.id), CASE.id, "pdf", "a" * 64)
    assert note_entry.kind == "note"


def test_log_entry_carries_the_release() -> None:
    entry = record_log_entry(
        _record(), CASE.id, "md", "b" * 64, Release(" peer  group ", "consultation", "not_asked")
    )
    assert (entry.recipient_role, entry.purpose, entry.consent) == (
        "peer group",
        "consultation",
        "not_asked",
    )
    assert record_log_entry(_record(), CASE.id, "md", "b" * 64).consent == ""
