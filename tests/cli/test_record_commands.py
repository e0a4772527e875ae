"""``casenotes record`` end to end, in-process. All people and details are fictional."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.pdftext import Squeezed, pdf_text

from casenotes.core.domain import Attendance, Case, ClientType, ExportLogEntry, Note
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy

from .support import PASSPHRASE, Run, assert_one_error_line, file_digest

CODE = "R-210"
SIGNED_TEXT = "Spoke about rest days and the booking calendar."
LATER_TEXT = "Planned a calmer week with fewer late bookings."
DRAFT_TEXT = "Unfinished draft about the next visit."
ADDENDUM = "Client phoned to confirm the next date."
REFLECTION = "Notice my own pull to rescue here."


@pytest.fixture
def record_vault(tmp_path: Path, passphrase: str) -> Path:
    path = tmp_path / "record.vault"
    journal = Journal.create(path, PASSPHRASE, KdfPolicy.testing(), check_strength=False).journal
    case = journal.save_case(
        Case(
            code=CODE, display_name="Fictional Client", client_types=[ClientType.CURRENT_SEX_WORKER]
        )
    )
    first = journal.save_note(
        Note(
            case_id=case.id,
            session_date=date(2025, 2, 3),
            sections={"body": SIGNED_TEXT},
            reflection={"_notes": {"self_check": REFLECTION}},
        )
    )
    journal.sign_note(first.id)
    journal.add_addendum(first.id, ADDENDUM)
    journal.save_note(
        Note(case_id=case.id, session_date=date(2025, 2, 10), sections={"body": DRAFT_TEXT})
    )
    later = journal.save_note(
        Note(case_id=case.id, session_date=date(2025, 2, 17), sections={"body": LATER_TEXT})
    )
    journal.sign_note(later.id)
    journal.lock()
    return path


def log_entries(path: Path) -> list[tuple[str, str, str]]:
    return [(e.kind, e.format, e.sessions) for e in full_log(path)]


def full_log(path: Path) -> list[ExportLogEntry]:
    journal = Journal.open(path, KdfPolicy.testing())
    journal.unlock(PASSPHRASE, daily_backup=False)
    try:
        return journal.export_log()
    finally:
        journal.lock()


def text_of(path: Path) -> Squeezed:
    """The file's text without white space (a PDF's read back with pypdf; Markdown's bold
    marks and hard line breaks taken out)."""
    if path.suffix == ".pdf":
        return pdf_text(path)
    return Squeezed(path.read_text(encoding="utf-8").replace("**", "").replace("\\\n", "\n"))


@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_record_end_to_end(run: Run, record_vault: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"record.{fmt}"
    result = run("record", CODE, "-o", out, "--vault", record_vault)
    assert result.code == 0, result
    assert "2 session notes, 1 unsigned draft left out" in result.out
    text = text_of(out)
    assert SIGNED_TEXT in text and LATER_TEXT in text and ADDENDUM in text
    assert DRAFT_TEXT not in text and REFLECTION not in text
    assert "Signed by" in text and "Content fingerprint (SHA-256)" in text
    assert "confidential" in text.casefold()
    if fmt == "pdf":
        assert "Page 1 of" in text
    assert log_entries(record_vault) == [("record", fmt, "1-3")]


def test_drafts_and_process_notes_only_when_asked(
    run: Run, record_vault: Path, tmp_path: Path
) -> None:
    out = tmp_path / "record.md"
    result = run(
        "record",
        CODE.lower(),
        "-o",
        out,
        "--vault",
        record_vault,
        "--include-drafts",
        "--include-process-notes",
    )
    assert result.code == 0, result
    text = text_of(out)
    assert DRAFT_TEXT in text and "DRAFT (unsigned)" in text
    assert REFLECTION in text and "This record includes process notes" in text
    assert "process notes" in result.err


def test_a_range_by_number_or_by_date(run: Run, record_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "record.md"
    assert run("record", CODE, "-o", out, "--vault", record_vault, "--sessions", "3").code == 0
    text = text_of(out)
    assert LATER_TEXT in text and SIGNED_TEXT not in text
    result = run(
        "record", CODE, "-o", out, "--vault", record_vault, "--sessions", "2025-02-01..2025-02-09"
    )
    assert result.code == 0, result
    text = text_of(out)
    assert SIGNED_TEXT in text and LATER_TEXT not in text
    assert [s for _k, _f, s in log_entries(record_vault)] == ["3", "1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("R-404",), "no case has that code"),
        ((CODE, "--sessions", "2-9"), "has 3 sessions"),
        ((CODE, "--sessions", "3-2"), "comes after the last"),
        ((CODE, "--sessions", "soon"), "--sessions"),
        ((CODE, "--sessions", "2025-02-30.."), "not a date"),
    ],
)
def test_refusals_write_nothing(
    run: Run, record_vault: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "record.pdf"
    before = file_digest(record_vault)
    result = run("record", *args, "-o", out, "--vault", record_vault)
    assert message in assert_one_error_line(result, code=2)
    assert not out.exists()
    assert file_digest(record_vault) == before
    assert SIGNED_TEXT not in result.err


def test_refuses_to_write_over_the_vault(run: Run, record_vault: Path) -> None:
    result = run("record", CODE, "-o", record_vault, "--format", "md", "--vault", record_vault)
    assert "the vault itself" in assert_one_error_line(result, code=2)


def test_help_lists_the_options(run: Run) -> None:
    result = run("record", "--help")
    assert result.code == 0
    for option in ("--sessions", "--include-process-notes", "--include-drafts", "--format"):
        assert option in result.out


def test_individual_sessions_are_named_on_the_terminal(
    run: Run, tmp_path: Path, passphrase: str
) -> None:
    path = tmp_path / "couple.vault"
    journal = Journal.create(path, PASSPHRASE, KdfPolicy.testing(), check_strength=False).journal
    case = journal.save_case(
        Case(code="CP-9", display_name="Fictional Couple", client_types=[ClientType.COUPLE])
    )
    note = journal.save_note(
        Note(
            case_id=case.id,
            session_date=date(2025, 4, 1),
            sections={"body": "Partner B alone today."},
            attendance=Attendance.PARTNER_B,
        )
    )
    journal.sign_note(note.id)
    journal.lock()
    out = tmp_path / "couple.md"
    result = run("record", "CP-9", "-o", out, "--vault", path)
    assert result.code == 0, result
    assert "individual sessions with one partner" in result.err and "(session 1)" in result.err
    assert "individual session" in text_of(out) and "Partner B alone" in text_of(out)
    assert "Partner B alone today" not in result.err


def test_the_release_is_recorded_for_the_accounting_of_disclosures(
    run: Run, record_vault: Path, tmp_path: Path
) -> None:
    out = tmp_path / "record.md"
    result = run(
        "record",
        CODE,
        "-o",
        out,
        "--vault",
        record_vault,
        "--recipient",
        "new  therapist",
        "--purpose",
        "transfer of care",
        "--consent",
        "yes",
    )
    assert result.code == 0, result
    [entry] = full_log(record_vault)
    assert (entry.recipient_role, entry.purpose, entry.consent) == (
        "new therapist",
        "transfer of care",
        "yes",
    )
    again = run("record", CODE, "-o", out, "--vault", record_vault)
    assert again.code == 0, again
    # The first release is in the second record's accounting of disclosures.
    text = text_of(out)
    assert "Case record · MD · sessions 1–3 · to new therapist · for transfer of care" in text
    assert "client consented: Yes" in text
    assert full_log(record_vault)[-1].consent == "not_asked"
