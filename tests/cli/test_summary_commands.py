"""``casenotes deid`` and ``casenotes summary`` end to end, in-process."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from tests.core.export.sample import ALL_IDENTIFIERS, CODE, IDENTIFIERS, make_sample

from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy

from .support import PASSPHRASE, Run

NOTE = (
    "Ravindra met Tamsin Vell in Quillmouth; reach him on +1 415 555 0142 or "
    "tamsin.vell@example.org, handle @velvetfox."
)


def identifiers_file(tmp_path: Path, data: object = None) -> Path:
    path = tmp_path / "ids.json"
    payload = IDENTIFIERS.as_dict() if data is None else data
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return path


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(
        "sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")
    )


def test_deid_redacts_stdin(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, NOTE)
    result = run("deid", "--identifiers", identifiers_file(tmp_path))
    assert result.code == 0, result
    for value in ("Ravindra", "Tamsin", "Quillmouth", "415", "example.org", "velvetfox"):
        assert value not in result.out
    # Without members, every known name is the client's.
    assert result.out.startswith("[Client] met [Client] in [Place]")


def test_deid_json_offsets_point_into_the_input(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Ünïcode first: " + NOTE + "\n李 and Ravindra again."
    stdin(monkeypatch, text)
    result = run("deid", "--identifiers", identifiers_file(tmp_path), "--json")
    assert result.code == 0, result
    data = json.loads(result.out)
    assert "Ravindra" not in data["text"]
    assert data["spans"]
    for span in data["spans"]:
        assert set(span) == {"start", "end", "kind", "text", "replacement"}
        assert text[span["start"] : span["end"]] == span["text"]


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"names": ["A B"], "nmaes": ["x"]}, "'nmaes'"),
        ({"names": "Ann Lee"}, "'names'"),
        ({"phones": [5551234]}, "'phones'"),
        (["names"], "expected an object"),
        ("{not json", "not valid JSON"),
        ('{"names": [], "names": []}', "'names'"),
    ],
)
def test_deid_refuses_a_bad_identifiers_file(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: object, named: str
) -> None:
    stdin(monkeypatch, NOTE)
    result = run("deid", "--identifiers", identifiers_file(tmp_path, data))
    assert result.code == 2, result
    assert len(result.err_lines) == 1 and result.err.startswith("casenotes: ")
    assert named in result.err
    assert result.out == ""
    assert "Ravindra" not in result.err


@pytest.fixture
def summary_vault(tmp_path: Path, passphrase: str) -> Path:
    path = tmp_path / "summary.vault"
    created = Journal.create(path, PASSPHRASE, KdfPolicy.testing(), check_strength=False)
    journal = created.journal
    sample = make_sample()
    journal.save_case(sample.case)
    for goal in sample.goals:
        journal.save_goal(goal)
    for note in sample.notes:
        journal.save_note(note)
    empty = make_sample().case
    empty.code, empty.id = "C-999", "00000000-0000-4000-8000-000000000999"
    journal.save_case(empty)
    journal.lock()
    return path


def log_entries(path: Path) -> list[object]:
    journal = Journal.open(path, KdfPolicy.testing())
    journal.unlock(PASSPHRASE, daily_backup=False)
    try:
        return list(journal.export_log())
    finally:
        journal.lock()


def text_of(path: Path) -> str:
    if path.suffix == ".pdf":
        import pypdf

        reader = pypdf.PdfReader(str(path))
        text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages))
        return " ".join(text.split())
    return path.read_text(encoding="utf-8")


def assert_clean(text: str) -> None:
    folded = text.casefold()
    for value in ALL_IDENTIFIERS:
        assert re.search(rf"(?<![\w@.]){re.escape(value.casefold())}(?!\w)", folded) is None
    assert CODE not in text
    assert "2025" not in text


def test_safety_and_legal_risk_leave_only_when_asked(
    run: Run, summary_vault: Path, tmp_path: Path
) -> None:
    out = tmp_path / "c417.md"
    plain = run("summary", CODE, "-o", out, "--vault", summary_vault)
    assert plain.code == 0, plain
    text = out.read_text(encoding="utf-8")
    assert "Safety" not in text and "Legal risk" not in text and "police" not in text
    both = run(
        "summary",
        CODE,
        "-o",
        out,
        "--vault",
        summary_vault,
        "--include-safety",
        "--include-legal",
        "--consent",
        "yes",
    )
    assert both.code == 0, both
    text = out.read_text(encoding="utf-8")
    assert "## Safety, as the client describes it" in text
    assert "## Legal risk, as the client describes it" in text
    legal = run("summary", CODE, "-o", out, "--vault", summary_vault, "--include-legal")
    assert legal.code == 0, legal
    text = out.read_text(encoding="utf-8")
    assert "## Legal risk" in text and "## Safety" not in text
    consents = [getattr(entry, "consent", None) for entry in log_entries(summary_vault)]
    assert sorted(consents) == ["not_asked", "not_asked", "yes"]


def test_the_old_leave_out_safety_is_accepted_and_changes_nothing(
    run: Run, summary_vault: Path, tmp_path: Path
) -> None:
    out = tmp_path / "c417.md"
    result = run("summary", CODE, "-o", out, "--vault", summary_vault, "--leave-out-safety")
    assert result.code == 0, result
    assert "Safety" not in out.read_text(encoding="utf-8")
    assert "no longer needed" in result.err


@pytest.mark.parametrize("fmt", ["md", "txt", "pdf"])
def test_summary_end_to_end(run: Run, summary_vault: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"c417.{fmt}"
    result = run(
        "summary",
        CODE,
        "-o",
        out,
        "--vault",
        summary_vault,
        "--sessions",
        "2-5",
        "--question",
        "What about Ravindra's agreement?",
        "--include-reflection",
    )
    assert result.code == 0, result
    assert str(out) in result.out and re.search(r"\d+ redactions", result.out)
    text = text_of(out)
    assert_clean(text)
    # A PDF's text comes back with spaces where the fonts installed put them (inside a word,
    # at a line's end), so the content is compared without white space.
    bare = "".join(text.split())
    for phrase in (
        "NOT REVIEWED IN THE APP",
        "Consultation summary",
        "The practitioner's reflection on needs and function",
        "[Partner A]",
    ):
        assert "".join(phrase.split()) in bare
    entries = log_entries(summary_vault)
    assert [(e.kind, e.format, e.sessions) for e in entries] == [  # type: ignore[attr-defined]
        ("summary", fmt, "2-5")
    ]


def test_summary_format_from_the_suffix_and_default_range(
    run: Run, summary_vault: Path, tmp_path: Path
) -> None:
    out = tmp_path / "summary.txt"
    result = run("summary", CODE.lower(), "-o", out, "--vault", summary_vault)
    assert result.code == 0, result
    text = out.read_text(encoding="utf-8")
    assert text.startswith("NOT REVIEWED IN THE APP")
    assert "#" not in text
    assert "6 sessions over 15 weeks" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("C-404",), "no case has that code"),
        ((CODE, "--sessions", "5-2"), "the first session comes after the last"),
        ((CODE, "--sessions", "3-9"), "has 6 sessions"),
        ((CODE, "--sessions", "two"), "--sessions"),
        (("C-999",), "no sessions"),
        ((CODE, "--sessions", "0-2"), "start at 1"),
    ],
)
def test_summary_errors_write_nothing(
    run: Run, summary_vault: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "s.md"
    result = run("summary", *args, "-o", out, "--vault", summary_vault)
    assert result.code == 2, result
    assert len(result.err_lines) == 1 and result.err.startswith("casenotes: ")
    assert message in result.err
    assert not out.exists()
    assert log_entries(summary_vault) == []


def test_summary_needs_a_known_format(run: Run, summary_vault: Path, tmp_path: Path) -> None:
    result = run("summary", CODE, "-o", tmp_path / "s.doc", "--vault", summary_vault)
    assert result.code == 2 and "--format" in result.err


SECRET_QUESTION = "How do I hold Ravindra's account of the agreement?"


def test_summary_question_from_a_file(run: Run, summary_vault: Path, tmp_path: Path) -> None:
    question = tmp_path / "question.txt"
    question.write_text(SECRET_QUESTION + "\n", encoding="utf-8")
    out = tmp_path / "q.md"
    result = run("summary", CODE, "-o", out, "--vault", summary_vault, "--question-file", question)
    assert result.code == 0, result
    text = out.read_text(encoding="utf-8")
    assert "How do I hold [Partner A]'s account of the agreement?" in text
    assert_clean(text)


def test_summary_question_from_stdin(
    run: Run, summary_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin(monkeypatch, SECRET_QUESTION)
    out = tmp_path / "q.md"
    result = run("summary", CODE, "-o", out, "--vault", summary_vault, "--question", "-")
    assert result.code == 0, result
    assert "How do I hold [Partner A]'s account" in out.read_text(encoding="utf-8")


def test_summary_question_options_exclude_each_other(
    run: Run, summary_vault: Path, tmp_path: Path
) -> None:
    question = tmp_path / "question.txt"
    question.write_text("Why?", encoding="utf-8")
    out = tmp_path / "q.md"
    result = run(
        "summary",
        CODE,
        "-o",
        out,
        "--vault",
        summary_vault,
        "--question",
        "Why?",
        "--question-file",
        question,
    )
    assert result.code == 2 and not out.exists()
    missing = run(
        "summary",
        CODE,
        "-o",
        out,
        "--vault",
        summary_vault,
        "--question-file",
        tmp_path / "nowhere.txt",
    )
    assert missing.code == 2 and "--question-file" in missing.err and not out.exists()


def test_summary_help_documents_the_question_options(run: Run) -> None:
    result = run("summary", "--help")
    help_text = " ".join(result.out.split())
    assert "--question-file FILE" in help_text and "standard input" in help_text
    assert "process list" in help_text


def written(folder: Path) -> list[str]:
    """Summaries and temporary files in ``folder`` (not the vault or its backups)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".md", ".partial")))


def _failing_log(monkeypatch: pytest.MonkeyPatch) -> None:
    def log_export(self: object, entry: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Journal, "log_export", log_export)


def test_a_new_summary_is_removed_when_logging_fails(
    run: Run, summary_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _failing_log(monkeypatch)
    out = tmp_path / "new.md"
    result = run("summary", CODE, "-o", out, "--vault", summary_vault)
    assert result.code != 0, result
    assert not out.exists()
    assert written(tmp_path) == []


def test_an_existing_file_is_kept_when_logging_fails(
    run: Run, summary_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "old.md"
    out.write_text("the practitioner's earlier file\n", encoding="utf-8")
    _failing_log(monkeypatch)
    result = run("summary", CODE, "-o", out, "--vault", summary_vault)
    assert result.code != 0, result
    assert out.read_text(encoding="utf-8") == "the practitioner's earlier file\n"
    assert written(tmp_path) == ["old.md"]


def test_an_existing_file_is_replaced_once_logged(
    run: Run, summary_vault: Path, tmp_path: Path
) -> None:
    out = tmp_path / "old.md"
    out.write_text("the practitioner's earlier file\n", encoding="utf-8")
    result = run("summary", CODE, "-o", out, "--vault", summary_vault)
    assert result.code == 0, result
    assert out.read_text(encoding="utf-8").startswith("**NOT REVIEWED IN THE APP")
    assert written(tmp_path) == ["old.md"]
    assert len(log_entries(summary_vault)) == 1


def test_summary_refuses_to_write_over_the_vault(run: Run, summary_vault: Path) -> None:
    before = summary_vault.read_bytes()
    result = run("summary", CODE, "-o", summary_vault, "--format", "md", "--vault", summary_vault)
    assert result.code == 2, result
    assert "the vault itself" in result.err
    assert summary_vault.read_bytes() == before


def test_deid_reads_phones_for_the_given_region(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin(monkeypatch, "Her old mobile was 090-1234-5678, she said.")
    result = run("deid", "--identifiers", identifiers_file(tmp_path), "--region", "jp")
    assert result.code == 0, result
    assert "1234" not in result.out
    assert "[Phone]" in result.out


def test_deid_refuses_an_unknown_region(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin(monkeypatch, "nothing")
    result = run("deid", "--identifiers", identifiers_file(tmp_path), "--region", "XX")
    assert result.code == 2
    assert "country code" in result.err
