"""Writing a summary: headers that say whether a person reviewed it, atomic writes, the log."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from casenotes.core.export import (
    SUMMARY_FORMATS,
    SummaryRequest,
    build_summary,
    render_markdown,
    render_plain,
    summary_log_entry,
    write_summary,
)
from casenotes.core.export.writers import NOT_REVIEWED_HEADER, REVIEWED_HEADER

from .sample import Sample

TEXT = "# Consultation summary\n\n## Question\n\nWhat now?\n\n### Session 2 — Plan\n\nRest.\n"


def test_markdown_header() -> None:
    reviewed = render_markdown(TEXT, reviewed=True)
    assert reviewed.splitlines()[0].strip("_*") == REVIEWED_HEADER
    unreviewed = render_markdown(TEXT, reviewed=False)
    assert NOT_REVIEWED_HEADER in unreviewed.splitlines()[0]
    assert NOT_REVIEWED_HEADER.startswith("NOT REVIEWED IN THE APP")
    assert "## Question" in unreviewed


def test_plain_text_turns_headings_into_underlined_titles() -> None:
    plain = render_plain(TEXT, reviewed=False)
    lines = plain.splitlines()
    assert lines[0] == NOT_REVIEWED_HEADER
    assert "#" not in plain
    i = lines.index("Consultation summary")
    assert set(lines[i + 1]) == {"="} and len(lines[i + 1]) == len(lines[i])
    j = lines.index("Question")
    assert set(lines[j + 1]) == {"-"}
    k = lines.index("Session 2 — Plan")
    assert set(lines[k + 1]) == {"~"}
    assert render_plain(TEXT, reviewed=True).splitlines()[0] == REVIEWED_HEADER


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_write_summary_is_atomic_and_returns_the_hash(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"summary.{fmt}"
    path.write_text("old")
    digest = write_summary(path, TEXT, fmt, reviewed=True)
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == digest
    assert REVIEWED_HEADER in data.decode("utf-8")
    assert (path.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left


def test_a_failing_pdf_renderer_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "summary.pdf"
    path.write_bytes(b"old")

    def broken(markdown: str) -> bytes:
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError):
        write_summary(path, TEXT, "pdf", reviewed=False, pdf=broken)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_pdf_gets_the_markdown_with_its_header(tmp_path: Path) -> None:
    seen: list[str] = []

    def fake(markdown: str) -> bytes:
        seen.append(markdown)
        return b"%PDF-fake"

    digest = write_summary(tmp_path / "s.pdf", TEXT, "pdf", reviewed=False, pdf=fake)
    assert digest == hashlib.sha256(b"%PDF-fake").hexdigest()
    assert NOT_REVIEWED_HEADER in seen[0] and "## Question" in seen[0]
    with pytest.raises(ValueError):
        write_summary(tmp_path / "s.pdf", TEXT, "pdf", reviewed=False)
    with pytest.raises(ValueError):
        write_summary(tmp_path / "s.doc", TEXT, "doc", reviewed=False)
    assert SUMMARY_FORMATS == ("md", "txt", "pdf")


def test_summary_log_entry(sample: Sample) -> None:
    draft = build_summary(
        sample.case,
        sample.notes,
        sample.goals,
        sample.library,
        SummaryRequest(sample.case.id, first_session=3, last_session=5),
    )
    entry = summary_log_entry(draft, "md", "ab" * 32)
    assert (entry.case_id, entry.kind, entry.format, entry.sessions, entry.content_sha256) == (
        sample.case.id,
        "summary",
        "md",
        "3-5",
        "ab" * 32,
    )
    assert entry.exported_at.tzinfo is not None
