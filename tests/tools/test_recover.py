"""tools/recover.py: the stand-alone recovery tool reads a vault without Casenotes and writes
exactly what ``casenotes export-json`` writes.

The tool runs as a subprocess (as a practitioner would run it), against vaults built here with
``KdfPolicy.testing()``; the reference output comes from the real CLI. A few checks load the
file in-process to test it against the worked example of docs/vault-format.md, one reads its
imports with ``ast``, and the golden vault of format 1 (tests/data/) is recovered from a copy.
All people and details here are fictional.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from casenotes.cli.main import main as casenotes_main
from casenotes.core.demo import generate_demo
from casenotes.core.domain import (
    KIND_TEMPLATES,
    Addendum,
    Attendance,
    Case,
    CaseBundle,
    CaseStatus,
    ClientType,
    ContactChannel,
    ExportLogEntry,
    Goal,
    GoalChange,
    GoalStatus,
    Identifiers,
    Member,
    Note,
    NoteKind,
    NoteRevision,
    NoteTemplate,
    ProcessNotes,
    SessionFormat,
    note_content_hash,
)
from casenotes.core.interchange import parse_interchange
from casenotes.core.journal import Journal
from casenotes.core.store.vault_file import inspect_vault
from casenotes.core.vault.envelope import field_aad, seal
from casenotes.core.vault.header import unlock_with_passphrase
from casenotes.core.vault.kdf import KdfPolicy

ROOT = Path(__file__).resolve().parents[2]
RECOVER = ROOT / "tools" / "recover.py"
SAMPLE_JSON = ROOT / "tests" / "core" / "interchange" / "data" / "v1-sample.json"

# Fictional test passphrases (not secrets).
PASSPHRASE = "Otter lantern quarry 58 mosaic drift"
OTHER_PASSPHRASE = "Harbour velvet ninety-3 kettle spruce"
NOT_ENCRYPTED = "is NOT encrypted"


# --- running the tool and the real CLI --------------------------------------------------------


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def _environment(passphrase: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASENOTES_")}
    env["PYTHONIOENCODING"] = "utf-8"
    if passphrase is not None:
        env["CASENOTES_PASSPHRASE"] = passphrase
    return env


def recover(
    *args: str | Path,
    passphrase: str | None = PASSPHRASE,
    command: tuple[str, ...] = (),
    stdin: str | None = None,
) -> Result:
    """Run tools/recover.py with this interpreter; stdin is not a terminal, so nothing waits
    (``stdin`` is piped in: how a recovery key gets there without a terminal)."""
    completed = subprocess.run(
        [sys.executable, *(command or (str(RECOVER),)), *(str(a) for a in args)],
        env=_environment(passphrase),
        input=stdin if stdin is not None else "",
        capture_output=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def export_json(vault: Path, output: Path, passphrase: str = PASSPHRASE) -> int:
    """The reference: ``casenotes export-json``, in-process with the test KDF policy. It logs
    the export inside the vault, so it runs after the tool, or on a copy of its own."""
    with pytest.MonkeyPatch.context() as mp:
        for name in [k for k in os.environ if k.startswith("CASENOTES_")]:
            mp.delenv(name)
        mp.setenv("CASENOTES_PASSPHRASE", passphrase)
        return casenotes_main(
            ["export-json", "-o", str(output), "--vault", str(vault)],
            policy=KdfPolicy.testing(),
            out=io.StringIO(),
            err=io.StringIO(),
        )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- vaults -----------------------------------------------------------------------------------

T0 = datetime(2024, 5, 6, 9, 15, tzinfo=UTC)
AEST = timezone(timedelta(hours=10))  # stored with its offset; written out in UTC


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def handmade_bundles() -> list[CaseBundle]:
    """Corners the demo data may not reach: non-UTC offsets, ties in sort order, references to
    missing and repeated goals, nested reflections, non-ASCII text, a trashed note."""
    case = Case(
        code="H-001",
        display_name="Zoë Ng — 李 ☕",
        client_types=[ClientType.COUPLE, ClientType.OCSB],
        tags=["agreements", "ëxtra"],
        status=CaseStatus.PAUSED,
        pronouns="she/her",
        intake_date=date(2024, 5, 1),
        identifiers=Identifiers(names=["Zoë Ng"], handles=["@zoe_fictional"], phones=["555-0101"]),
        members=[Member("Partner A", "Zoë", "she/her"), Member("Partner B")],
        created_at=at(0).astimezone(AEST),
        updated_at=at(3),
    )
    # Two goals created at the same instant: their order is the order they were stored in.
    agreement = Goal(
        case_id=case.id,
        text="Write the agreement together",
        status=GoalStatus.IN_PROGRESS,
        created_at=at(1),
        updated_at=at(2),
        history=[
            GoalChange(at(1), GoalStatus.OPEN, "Write an agreement"),
            GoalChange(
                at(2).astimezone(AEST), GoalStatus.IN_PROGRESS, "Write the agreement together"
            ),
        ],
    )
    rest = Goal(
        case_id=case.id,
        text="Rest days",
        status=GoalStatus.SET_ASIDE,
        created_at=at(1),
        updated_at=at(1),
    )
    signed = Note(
        case_id=case.id,
        session_date=date(2024, 5, 8),
        duration_minutes=75,
        format=SessionFormat.TELEHEALTH,
        template=NoteTemplate.SOAP,
        sections={
            "subjective": "Naming the need: closeness, not secrecy.",
            "objective": "Calm; “quoted” words; tab\there.",
            "assessment": "",
            "plan": "Draft one line each.",
        },
        tags=["agreements"],
        reflection={
            "need": {"kinds": ["emotional", "physical"], "weight": 0.25},
            "assumption_check": {"checked": True, "score": 3, "missing": None},
            "nested": [[1, 2.5e-7], {"deep": [None, False, -12]}],
        },
        goal_ids=[rest.id, agreement.id, rest.id, "not-a-goal-of-this-case"],
        created_at=at(2),
        updated_at=at(2),
        signed_at=at(2.5).astimezone(AEST),
    )
    signed.content_hash = note_content_hash(signed)
    signed.addenda = [
        Addendum(note_id=signed.id, text="Second addendum, stored first.", created_at=at(4)),
        Addendum(note_id=signed.id, text="First addendum.", created_at=at(3)),
    ]
    # Two notes on the same day, created at the same instant: a tie for the sort.
    tie_a = Note(
        case_id=case.id,
        session_date=date(2024, 5, 9),
        sections={"body": "Tie A"},
        created_at=at(3),
        updated_at=at(3),
    )
    tie_b = Note(
        case_id=case.id,
        session_date=date(2024, 5, 9),
        sections={"body": "Tie B"},
        created_at=at(3),
        updated_at=at(3),
        deleted_at=at(5),
    )
    draft = Note(
        case_id=case.id,
        session_date=date(2024, 5, 7),
        template=NoteTemplate.GIRP,
        format=SessionFormat.PHONE,
        duration_minutes=0,
        sections={"goals": "Rest", "plan": "Later"},
        created_at=at(1.5),
        updated_at=at(1.7),
    )
    revisions = [
        NoteRevision(
            note_id=draft.id,
            saved_at=at(1.6).astimezone(AEST),
            session_date=date(2024, 5, 6),
            duration_minutes=30,
            format=SessionFormat.IN_PERSON,
            template=NoteTemplate.FREE,
            sections={"body": "First go"},
            tags=["draft"],
            reflection={"need": "unclear"},
        ),
        NoteRevision.of(draft, saved_at=at(1.5)),
    ]
    return [
        CaseBundle(
            case=case,
            goals=[agreement, rest],
            notes=[tie_a, signed, draft, tie_b],
            revisions={draft.id: revisions},
        )
    ]


def build_vault(path: Path) -> str:
    """A closed vault with demo data, the handmade corners and edits made through the journal;
    returns its recovery key."""
    created = Journal.create(path, PASSPHRASE, KdfPolicy.testing())
    journal = created.journal
    try:
        journal.import_bundles(generate_demo(cases=8, notes=60, seed=11))
        journal.import_bundles(handmade_bundles())
        cases = journal.list_cases()
        journal.trash_case(cases[0].id)  # the trash is exported too
        goal = journal.save_goal(Goal(case_id=cases[1].id, text="Plan the week"))
        journal.save_goal(
            Goal(
                case_id=cases[1].id,
                id=goal.id,
                text=goal.text,
                status=GoalStatus.MET,
                created_at=goal.created_at,
                history=goal.history,
            )
        )
        note = journal.save_note(
            Note(
                case_id=cases[1].id,
                session_date=date(2024, 6, 3),
                sections={"body": "A first draft."},
                goal_ids=[goal.id],
            )
        )
        note = journal.save_note(
            Note(
                case_id=note.case_id,
                id=note.id,
                session_date=note.session_date,
                sections={"body": "A second draft."},
                goal_ids=[goal.id],
                created_at=note.created_at,
            )
        )
        journal.sign_note(note.id)
        journal.add_addendum(note.id, "Added after signing.")
        # Non-session notes, signed: the hash (version 3) covers kind, channel and link.
        sent = ExportLogEntry(cases[1].id, datetime(2024, 6, 4, tzinfo=UTC), "summary", "md")
        journal.log_export(sent)
        for kind, channel, link, sections in (
            (NoteKind.CONSULTATION, None, sent.id, {"question": "Pacing?", "advice": "Slow."}),
            (NoteKind.CONTACT, ContactChannel.PHONE, None, {"text": "Moved the session."}),
        ):
            other = journal.save_note(
                Note(
                    case_id=cases[1].id,
                    session_date=date(2024, 6, 5),
                    template=KIND_TEMPLATES[kind],
                    sections=sections,
                    kind=kind,
                    channel=channel,
                    export_log_id=link,
                )
            )
            journal.sign_note(other.id)
        with_notes = next(c for c in cases[2:] if journal.notes_for_case(c.id))
        journal.trash_note(journal.notes_for_case(with_notes.id)[0].id)
        journal.trash_goal(journal.save_goal(Goal(case_id=cases[1].id, text="Walk daily")).id)
    finally:
        journal.lock()
    return created.recovery_key


@dataclass(frozen=True)
class Demo:
    folder: Path
    vault: Path
    reference: Path  # what casenotes export-json wrote
    recovery_key: str


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder = tmp_path_factory.mktemp("recover")
    vault = folder / "vault" / "casenotes.vault"
    key = build_vault(vault)
    reference = folder / "reference.json"
    assert export_json(vault, reference) == 0
    assert not Path(f"{vault}-wal").exists(), "the vault should be closed cleanly"
    return Demo(folder, vault, reference, key)


@pytest.fixture
def vault_copy(demo: Demo, tmp_path: Path) -> Path:
    """A private copy of the demo vault, to damage."""
    target = tmp_path / "copy" / "casenotes.vault"
    target.parent.mkdir()
    shutil.copy2(demo.vault, target)
    return target


@contextlib.contextmanager
def database(path: Path) -> Iterator[sqlite3.Connection]:
    """Edit a vault directly, as someone with write access to the file could."""
    connection = sqlite3.connect(path)
    try:
        yield connection
        connection.commit()
    finally:
        connection.close()


def flip_byte(db: sqlite3.Connection, table: str, column: str, row_id: str) -> None:
    (blob,) = db.execute(f"SELECT {column} FROM {table} WHERE id = ?", (row_id,)).fetchone()
    damaged = bytearray(blob)
    damaged[30] ^= 0x01  # inside the ciphertext
    db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (bytes(damaged), row_id))


def load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


# --- the round trip ---------------------------------------------------------------------------


def test_passphrase_output_is_byte_identical_to_export_json(demo: Demo, tmp_path: Path) -> None:
    before = snapshot(demo.vault.parent)
    output = tmp_path / "recovered.json"
    result = recover(demo.vault, "-o", output, "--allow-weak-kdf")

    assert result.code == 0, result.err
    assert output.read_bytes() == demo.reference.read_bytes()
    assert len(result.err_lines) == 1 and NOT_ENCRYPTED in result.err
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["recovered.json"]  # no temp file left
    # Read-only: not a byte of the vault changed, and no -wal or -shm appeared beside it.
    assert snapshot(demo.vault.parent) == before


def test_the_demo_vault_covers_what_the_format_carries(demo: Demo) -> None:
    """The comparison above means something only if the vault has all of this in it."""
    cases = load(demo.reference)["cases"]
    notes = [note for case in cases for note in case["notes"]]
    assert any(case["deleted_at"] for case in cases)
    assert any(case["goals"] and any(g["history"] for g in case["goals"]) for case in cases)
    assert any(note["deleted_at"] for note in notes)
    assert any(goal.get("deleted_at") for case in cases for goal in case["goals"])
    assert any(note["signed_at"] and note["addenda"] for note in notes)
    assert any(note["revisions"] for note in notes)
    assert any(note["goal_refs"] for note in notes)
    assert any(note.get("export_log_id") and note["signed_at"] for note in notes)
    assert any(note.get("channel") == "phone" and note["signed_at"] for note in notes)
    # The first five, and the intake and treatment plan the demo writes for longer cases.
    assert {note["template"] for note in notes} >= {
        "free",
        "soap",
        "dap",
        "birp",
        "girp",
        "intake",
        "treatment_plan",
    }
    handmade = next(case for case in cases if case["code"] == "H-001")
    assert handmade["created_at"].endswith("+00:00")  # stored as +10:00, written in UTC
    assert [n["sections"].get("body") for n in handmade["notes"]][-2:] == ["Tie A", "Tie B"]


def test_recovery_key_output_is_byte_identical(demo: Demo, tmp_path: Path) -> None:
    output = tmp_path / "recovered.json"
    # No --allow-weak-kdf: the recovery key does not go through the passphrase's Argon2id.
    result = recover(
        demo.vault, "-o", output, "--recovery-key", passphrase=None, stdin=demo.recovery_key + "\n"
    )
    assert result.code == 0, result.err
    assert output.read_bytes() == demo.reference.read_bytes()


def test_recovery_key_from_a_file(demo: Demo, tmp_path: Path) -> None:
    key_file = tmp_path / "key.txt"
    key_file.write_text(demo.recovery_key + "\n", encoding="utf-8")
    output = tmp_path / "recovered.json"
    result = recover(demo.vault, "-o", output, "--recovery-key-file", key_file, passphrase=None)
    assert result.code == 0, result.err
    assert output.read_bytes() == demo.reference.read_bytes()


def test_recovery_key_on_the_command_line_is_refused_without_echoing_it(
    demo: Demo, tmp_path: Path
) -> None:
    # argv is readable by every local user (/proc/PID/cmdline) and lands in shell history.
    output = tmp_path / "recovered.json"
    result = recover(demo.vault, "-o", output, "--recovery-key", demo.recovery_key, passphrase=None)
    assert result.code == 2
    assert len(result.err_lines) == 1
    assert "not taken from the command line" in result.err
    assert demo.recovery_key not in result.err + result.out
    assert demo.recovery_key.split("-")[0] not in result.err + result.out
    assert not output.exists()


def test_recovery_key_missing_from_standard_input(demo: Demo, tmp_path: Path) -> None:
    output = tmp_path / "recovered.json"
    result = recover(demo.vault, "-o", output, "--recovery-key", passphrase=None)
    assert result.code == 1
    assert "No recovery key given" in result.err
    assert not output.exists()


def test_recovery_key_is_read_leniently(demo: Demo, tmp_path: Path) -> None:
    typed = demo.recovery_key.lower().replace("-", " ")
    output = tmp_path / "recovered.json"
    result = recover(
        demo.vault, "-o", output, "--recovery-key", passphrase=None, stdin=typed + "\n"
    )
    assert result.code == 0, result.err
    assert output.read_bytes() == demo.reference.read_bytes()


def test_runs_with_casenotes_and_its_dependencies_unimportable(demo: Demo, tmp_path: Path) -> None:
    # argon2-cffi too: without it the tool falls back to cryptography's Argon2id (same key).
    blocked = (
        "casenotes",
        "sqlalchemy",
        "alembic",
        "zxcvbn",
        "platformdirs",
        "PySide6",
        "argon2",
        "_argon2_cffi_bindings",
    )
    wrapper = f"""
import importlib.abc, runpy, sys
BLOCKED = {blocked!r}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(name + " is blocked for this test")
        return None
sys.meta_path.insert(0, Block())
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit as exc:
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
    assert not loaded, loaded
    raise
"""
    output = tmp_path / "recovered.json"
    result = recover(RECOVER, demo.vault, "-o", output, "--allow-weak-kdf", command=("-c", wrapper))
    assert result.code == 0, result.err
    assert output.read_bytes() == demo.reference.read_bytes()


def test_interchange_sample_round_trips(tmp_path: Path) -> None:
    """The interchange format's own golden sample, imported, exported and recovered."""
    vault = tmp_path / "sample.vault"
    created = Journal.create(vault, PASSPHRASE, KdfPolicy.testing())
    try:
        created.journal.import_bundles(parse_interchange(SAMPLE_JSON.read_bytes()))
    finally:
        created.journal.lock()
    reference = tmp_path / "reference.json"
    assert export_json(vault, reference) == 0
    output = tmp_path / "recovered.json"
    result = recover(vault, "-o", output, "--allow-weak-kdf")
    assert result.code == 0, result.err
    assert output.read_bytes() == reference.read_bytes()


def test_empty_vault(tmp_path: Path) -> None:
    vault = tmp_path / "empty.vault"
    Journal.create(vault, PASSPHRASE, KdfPolicy.testing()).journal.lock()
    reference = tmp_path / "reference.json"
    assert export_json(vault, reference) == 0
    output = tmp_path / "recovered.json"
    result = recover(vault, "-o", output, "--allow-weak-kdf")
    assert result.code == 0, result.err
    assert output.read_bytes() == reference.read_bytes()


def test_reads_the_wal_of_a_vault_that_is_open(tmp_path: Path) -> None:
    """With Casenotes running, the newest records may be only in the -wal file."""
    vault = tmp_path / "open.vault"
    created = Journal.create(vault, PASSPHRASE, KdfPolicy.testing())
    journal = created.journal
    try:
        journal.save_case(Case(code="W-1", display_name="Only in the WAL"))
        wal = Path(f"{vault}-wal")
        assert wal.exists() and wal.stat().st_size > 0
        main_file, wal_file = vault.read_bytes(), wal.read_bytes()
        output = tmp_path / "recovered.json"
        result = recover(vault, "-o", output, "--allow-weak-kdf")
        assert result.code == 0, result.err
        assert [case["code"] for case in load(output)["cases"]] == ["W-1"]
        assert vault.read_bytes() == main_file
        assert wal.read_bytes() == wal_file
    finally:
        journal.lock()


def test_replaces_an_existing_output_file(demo: Demo, tmp_path: Path) -> None:
    output = tmp_path / "recovered.json"
    output.write_text("old")
    result = recover(demo.vault, "-o", output, "--allow-weak-kdf")
    assert result.code == 0, result.err
    assert output.read_bytes() == demo.reference.read_bytes()


# --- damaged records --------------------------------------------------------------------------


def test_a_tampered_note_is_skipped_named_and_the_rest_recovered(
    vault_copy: Path, tmp_path: Path
) -> None:
    with database(vault_copy) as db:
        # A note with revisions, so the line also says what goes with it.
        (note_id, revisions) = db.execute(
            "SELECT note_id, count(*) FROM note_revisions GROUP BY note_id "
            "ORDER BY count(*) DESC, note_id LIMIT 1"
        ).fetchone()
        flip_byte(db, "notes", "sections_enc", note_id)
    before = vault_copy.read_bytes()

    output = tmp_path / "recovered.json"
    result = recover(vault_copy, "-o", output, "--allow-weak-kdf")

    assert result.code == 1
    named = [line for line in result.err_lines if note_id in line]
    assert len(named) == 1
    assert f"notes {note_id}" in named[0] and "authenticated" in named[0]
    assert f"{revisions} revision" in named[0]
    assert "Traceback" not in result.err
    assert vault_copy.read_bytes() == before
    # Everything else is there: the same as Casenotes' own export of the damaged vault, which
    # also leaves the note out (and says so with its exit status).
    reference = tmp_path / "reference.json"
    assert export_json(vault_copy, reference) == 1
    assert output.read_bytes() == reference.read_bytes()


@pytest.mark.parametrize(
    ("table", "column", "expression"),
    [
        ("notes", "sections_enc", "CAST(x'fffe' AS TEXT)"),
        ("notes", "meta_enc", "42"),
        ("goals", "goal_enc", "4.5"),
        ("addenda", "addendum_enc", "'text, not a blob'"),
        ("note_revisions", "revision_enc", "x'01'"),
        ("cases", "profile_enc", "x''"),
        ("goals", "id", "CAST(x'ff0a1b' AS TEXT)"),
        ("addenda", "note_id", "x'00ff'"),
    ],
)
def test_a_damaged_cell_of_any_type_is_skipped_and_named(
    vault_copy: Path, tmp_path: Path, table: str, column: str, expression: str
) -> None:
    """One cell holding what Casenotes never writes (TEXT that is not UTF-8, a number, a
    too-short blob, a damaged id or foreign key): that record is skipped and named, the rest
    is recovered, and nothing is printed that could not be printed."""
    with database(vault_copy) as db:
        (row_id,) = db.execute(f"SELECT id FROM {table} ORDER BY rowid LIMIT 1").fetchone()
        db.execute(f"UPDATE {table} SET {column} = {expression} WHERE id = ?", (row_id,))
    before = vault_copy.read_bytes()
    output = tmp_path / "recovered.json"
    result = recover(vault_copy, "-o", output, "--allow-weak-kdf")
    assert result.code == 1, result.err
    assert "unexpected error" not in result.err and "Traceback" not in result.err
    # The cell was altered outside Casenotes, so the format-2 manifest names its table too.
    problems = [
        line
        for line in result.err_lines
        if line.startswith("recover.py: ")
        and not line.endswith("recovered.")
        and "NOT encrypted" not in line
        and "the manifest" not in line
    ]
    assert len(problems) == 1, result.err
    assert f"{table} " in problems[0] and "authenticated" in problems[0]
    if column != "id":
        assert row_id in problems[0]
    assert problems[0].isprintable()
    assert vault_copy.read_bytes() == before
    document = load(output)
    assert document["cases"] and sum(len(c["notes"]) for c in document["cases"]) >= 1


def test_a_vault_with_a_planted_trigger_is_still_recovered(
    demo: Demo, vault_copy: Path, tmp_path: Path
) -> None:
    """Casenotes refuses to open a vault whose schema is not its revision's; this tool only
    reads, so a planted trigger cannot act, and the records still come out whole."""
    with database(vault_copy) as db:
        db.execute(
            "CREATE TRIGGER keep_old AFTER UPDATE ON notes BEGIN "
            "UPDATE notes SET sections_enc = old.sections_enc WHERE id = new.id; END"
        )
    output = tmp_path / "recovered.json"
    result = recover(vault_copy, "-o", output, "--allow-weak-kdf")
    assert result.code == 0, result.err
    assert output.read_bytes() == demo.reference.read_bytes()


def test_a_note_moved_to_another_case_fails_authentication(
    vault_copy: Path, tmp_path: Path
) -> None:
    """The AAD binds the foreign keys: editing a note's case_id makes it unreadable."""
    with database(vault_copy) as db:
        note_id, case_id = db.execute(
            "SELECT id, case_id FROM notes ORDER BY rowid LIMIT 1"
        ).fetchone()
        (other,) = db.execute(
            "SELECT id FROM cases WHERE id != ? ORDER BY rowid LIMIT 1", (case_id,)
        ).fetchone()
        db.execute("UPDATE notes SET case_id = ? WHERE id = ?", (other, note_id))
    output = tmp_path / "recovered.json"
    result = recover(vault_copy, "-o", output, "--allow-weak-kdf")
    assert result.code == 1
    assert len(result.err_lines) == 3  # the note; the warning; the summary
    assert f"notes {note_id}: could not be authenticated" in result.err_lines[0]


def test_a_tampered_case_keeps_its_notes_under_a_stand_in(
    demo: Demo, vault_copy: Path, tmp_path: Path
) -> None:
    with database(vault_copy) as db:
        (case_id, notes) = db.execute(
            "SELECT case_id, count(*) FROM notes GROUP BY case_id "
            "ORDER BY count(*) DESC, case_id LIMIT 1"
        ).fetchone()
        flip_byte(db, "cases", "profile_enc", case_id)
    output = tmp_path / "recovered.json"
    result = recover(vault_copy, "-o", output, "--allow-weak-kdf")

    assert result.code == 1
    named = [line for line in result.err_lines if case_id in line]
    assert len(named) == 1 and f"cases {case_id}" in named[0]
    assert f"RECOVERED-{case_id}" in named[0] and f"{notes} notes" in named[0]

    recovered = {case["code"]: case for case in load(output)["cases"]}
    original = {case["code"]: case for case in load(demo.reference)["cases"]}
    (lost_code,) = set(original) - set(recovered)
    stand_in = recovered.pop(f"RECOVERED-{case_id}")
    assert recovered == {code: case for code, case in original.items() if code != lost_code}
    assert stand_in["notes"] == original[lost_code]["notes"]
    assert stand_in["goals"] == original[lost_code]["goals"]
    parse_interchange(output.read_bytes())  # still a file casenotes import accepts
    # Nothing from inside a record reaches the terminal.
    assert lost_code not in result.err
    assert original[lost_code]["display_name"] not in result.err


def test_a_missing_case_keeps_its_notes_under_a_stand_in(vault_copy: Path, tmp_path: Path) -> None:
    with database(vault_copy) as db:
        (case_id,) = db.execute("SELECT case_id FROM notes ORDER BY rowid LIMIT 1").fetchone()
        db.execute("DELETE FROM cases WHERE id = ?", (case_id,))  # foreign keys are off here
    output = tmp_path / "recovered.json"
    result = recover(vault_copy, "-o", output, "--allow-weak-kdf")
    assert result.code == 1
    assert any(f"cases {case_id}: is not in the vault" in line for line in result.err_lines)
    assert f"RECOVERED-{case_id}" in {case["code"] for case in load(output)["cases"]}


def test_an_authentic_record_of_the_wrong_shape_is_skipped(
    vault_copy: Path, tmp_path: Path
) -> None:
    """Sealed with the right key, but not what Casenotes writes: skipped, like Casenotes does."""
    header = inspect_vault(vault_copy).header
    keys = unlock_with_passphrase(header, PASSPHRASE, KdfPolicy.testing())
    with database(vault_copy) as db:
        (goal_id, case_id) = db.execute(
            "SELECT id, case_id FROM goals ORDER BY rowid LIMIT 1"
        ).fetchone()
        aad = field_aad(keys.vault_id, "goals", "goal_enc", goal_id, {"case_id": case_id})
        envelope = seal(keys.field_aead, b'{"not": "a goal"}', aad)
        db.execute("UPDATE goals SET goal_enc = ? WHERE id = ?", (envelope, goal_id))
    keys.wipe()
    output = tmp_path / "recovered.json"
    result = recover(vault_copy, "-o", output, "--allow-weak-kdf")
    assert result.code == 1
    assert f"goals {goal_id}: was decrypted, but its content is not" in result.err
    reference = tmp_path / "reference.json"
    assert export_json(vault_copy, reference) == 1
    assert output.read_bytes() == reference.read_bytes()


def test_an_altered_goal_is_skipped_and_the_note_keeps_its_other_references(
    vault_copy: Path, tmp_path: Path
) -> None:
    with database(vault_copy) as db:
        (goal_id,) = db.execute("SELECT id FROM goals ORDER BY rowid LIMIT 1").fetchone()
        db.execute("UPDATE goals SET goal_enc = X'00' WHERE id = ?", (goal_id,))
    output = tmp_path / "recovered.json"
    result = recover(vault_copy, "-o", output, "--allow-weak-kdf")
    assert result.code == 1
    assert f"goals {goal_id}: could not be authenticated" in result.err
    reference = tmp_path / "reference.json"
    assert export_json(vault_copy, reference) == 1
    assert output.read_bytes() == reference.read_bytes()


# --- refusals: one line, exit 1, nothing written ----------------------------------------------


def assert_refused(result: Result, output: Path, *words: str) -> None:
    assert result.code == 1
    assert len(result.err_lines) == 1, result.err
    assert result.err_lines[0].startswith("recover.py: ")
    assert "Traceback" not in result.err
    for word in words:
        assert word in result.err
    assert not output.exists()


def test_wrong_passphrase(demo: Demo, tmp_path: Path) -> None:
    before = snapshot(demo.vault.parent)
    output = tmp_path / "recovered.json"
    result = recover(demo.vault, "-o", output, "--allow-weak-kdf", passphrase=OTHER_PASSPHRASE)
    assert_refused(result, output, "passphrase does not open")
    assert snapshot(demo.vault.parent) == before


def test_recovery_key_with_a_typo(demo: Demo, tmp_path: Path) -> None:
    key = demo.recovery_key
    typo = key[:3] + ("A" if key[3] != "A" else "B") + key[4:]
    output = tmp_path / "recovered.json"
    result = recover(demo.vault, "-o", output, "--recovery-key", passphrase=None, stdin=typo + "\n")
    assert_refused(result, output, "mistyped")


def test_recovery_key_of_another_vault(demo: Demo, tmp_path: Path) -> None:
    other = Journal.create(tmp_path / "other.vault", PASSPHRASE, KdfPolicy.testing())
    other.journal.lock()
    output = tmp_path / "recovered.json"
    result = recover(
        demo.vault, "-o", output, "--recovery-key", passphrase=None, stdin=other.recovery_key + "\n"
    )
    assert_refused(result, output, "does not belong to this vault")


def test_weak_kdf_settings_need_the_flag(demo: Demo, tmp_path: Path) -> None:
    output = tmp_path / "recovered.json"
    result = recover(demo.vault, "-o", output)
    assert_refused(result, output, "--allow-weak-kdf")


def test_kdf_ceiling_applies_even_with_the_flag(
    vault_copy: Path, demo: Demo, tmp_path: Path
) -> None:
    with database(vault_copy) as db:
        db.execute("UPDATE vault_header SET kdf_iterations = 21")
    output = tmp_path / "recovered.json"
    assert_refused(recover(vault_copy, "-o", output, "--allow-weak-kdf"), output, "20 passes")
    # The recovery key does not use those settings, so it still opens the vault.
    result = recover(vault_copy, "-o", output, "--recovery-key", stdin=demo.recovery_key + "\n")
    assert result.code == 0, result.err
    assert output.read_bytes() == demo.reference.read_bytes()


def test_no_passphrase_and_no_terminal(demo: Demo, tmp_path: Path) -> None:
    output = tmp_path / "recovered.json"
    result = recover(demo.vault, "-o", output, "--allow-weak-kdf", passphrase=None)
    assert_refused(result, output, "No passphrase given", "CASENOTES_PASSPHRASE")


def test_a_vault_from_a_newer_version(vault_copy: Path, tmp_path: Path) -> None:
    with database(vault_copy) as db:
        db.execute("UPDATE vault_header SET format_version = 4")
    output = tmp_path / "recovered.json"
    assert_refused(recover(vault_copy, "-o", output, "--allow-weak-kdf"), output, "newer")


@pytest.mark.parametrize("content", [b"", b"not a database at all\n" * 20, None])
def test_not_a_vault(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "something.vault"
    if content is None:  # a SQLite database, but not a vault
        with database(path) as db:
            db.execute("CREATE TABLE t (x)")
    else:
        path.write_bytes(content)
    output = tmp_path / "recovered.json"
    assert_refused(recover(path, "-o", output), output, str(path))


def test_missing_vault(tmp_path: Path) -> None:
    output = tmp_path / "recovered.json"
    assert_refused(recover(tmp_path / "nowhere.vault", "-o", output), output, "no vault")


def test_output_folder_missing(demo: Demo, tmp_path: Path) -> None:
    output = tmp_path / "no" / "such" / "recovered.json"
    assert_refused(recover(demo.vault, "-o", output, "--allow-weak-kdf"), output, "folder")


# --- usage errors: exit 2 ---------------------------------------------------------------------


def test_usage_errors_exit_2(demo: Demo, tmp_path: Path) -> None:
    assert recover().code == 2
    assert recover(demo.vault).code == 2  # no -o
    assert recover(demo.vault, "-o", tmp_path / "x.json", "--no-such-flag").code == 2
    help_ = recover("--help")
    assert help_.code == 0 and "--recovery-key" in help_.out


def test_refuses_to_write_over_the_vault(vault_copy: Path) -> None:
    before = vault_copy.read_bytes()
    for target in (vault_copy, Path(f"{vault_copy}-wal")):
        result = recover(vault_copy, "-o", target, "--allow-weak-kdf")
        assert result.code == 2
        assert len(result.err_lines) == 1 and "must not be the vault" in result.err
    assert vault_copy.read_bytes() == before
    assert not Path(f"{vault_copy}-wal").exists()


# --- the tool itself, without running it ------------------------------------------------------


def test_imports_only_the_standard_library_cryptography_and_optionally_argon2() -> None:
    tree = ast.parse(RECOVER.read_text(encoding="utf-8"), filename=str(RECOVER))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports"
            assert node.module is not None
            imported.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "__import__", "no dynamic imports"
    assert "cryptography" in imported
    assert {"importlib"}.isdisjoint(imported)
    outside = {
        name for name in imported if name not in sys.stdlib_module_names and name != "cryptography"
    }
    # argon2-cffi only speeds up the key derivation; the tool runs without it (the test above).
    assert outside <= {"argon2"}


@pytest.fixture(scope="module")
def tool() -> Iterator[ModuleType]:
    """recover.py loaded as a module, for checks against the format's worked example."""
    spec = importlib.util.spec_from_file_location("casenotes_recover_tool", RECOVER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file loads
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def _span(a: int, b: int) -> bytes:
    return bytes(range(a, b + 1))


# The worked example of docs/vault-format.md ("bytes(a..b)" there is _span(a, b) here).
VAULT_ID = _span(0x00, 0x0F)
SALT = _span(0x10, 0x1F)
DEK = _span(0x20, 0x3F)
RECOVERY_KEY = _span(0x40, 0x5F)
RECOVERY_TEXT = "IBAUE-Q2EIV-DEOSC-JJJFU-YTKOJ-5IFCU-STKRK-VMV2Y-LFNFW-XC5LZ-P4UKQ"
DOC_PASSPHRASE = "Café Ünïcode tea-kettle 42"
PASSPHRASE_SLOT = bytes.fromhex(
    "a0a1a2a3a4a5a6a7a8a9aaab"
    "6b34a4be523357b25bb03bc304af487f89acfb25ceaefafcf99b3b2a7fd3c563"
    "e02c834c3754cb6bf5ce7595cfba5534"
)
RECOVERY_SLOT = bytes.fromhex(
    "b0b1b2b3b4b5b6b7b8b9babb"
    "e89754e02c4b66f30e484e651cc57610631f28d41d69a5f92a0b7be2fbfcc69e"
    "4be4893cbce455a8e322770dbb73536f"
)
NOTE_ID = "6f1c2a9e-3b7d-4e58-9a0c-1d2e3f405162"
CASE_ID = "0b8e4d2c-5a61-4f3e-8d7c-9e0f1a2b3c4d"
ENVELOPE = bytes.fromhex(
    "01"
    "c0c1c2c3c4c5c6c7c8c9cacb"
    "24c88ead07bc7b4085c6d1fd857359b8d2a9e5d6785c76531bac7cd713109e39"
    "ba3218aec9ae78e410ec00fa1ae12edbc77d5e1659887f0c043efbe189973034"
    "69d78437a1adf0c5ce0963517e8c3b77"
)


def _header(tool: ModuleType) -> Any:
    return tool.Header(
        vault_id=VAULT_ID,
        passphrase_slot=PASSPHRASE_SLOT,
        recovery_slot=RECOVERY_SLOT,
        kdf="argon2id",
        kdf_salt=SALT,
        kdf_memory_kib=64,
        kdf_iterations=1,
        kdf_lanes=1,
    )


@pytest.mark.parametrize(
    "cases",
    [
        [],
        [{"code": "A-1", "notes": [], "goals": []}],
        [
            {"code": "Ä\n2", "tags": ["x"], "notes": [{"sections": {"s": "line\nline"}}]},
            {"code": "B", "nested": {"empty": {}, "list": [1, 2.5, None, True]}},
        ],
    ],
    ids=["no-case", "one-case", "two-cases"],
)
def test_the_streamed_document_is_one_dump_of_the_whole(
    tool: ModuleType, cases: list[dict[str, Any]]
) -> None:
    """recover.py writes a case at a time; the bytes are those of json.dumps of the whole
    document, as export-json writes it."""
    whole = {"format": "casenotes", "version": 1, "cases": cases}
    expected = (json.dumps(whole, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    assert b"".join(tool.serialise(iter(cases))) == expected


def test_worked_example_passphrase_slot(tool: ModuleType) -> None:
    header = _header(tool)
    kdf = tool.kdf_settings(header, allow_weak=True)
    assert tool.passphrase_kek(DOC_PASSPHRASE, kdf).hex() == (
        "cf1ca716a7e8e0bab4c14dc01fab1d452c9a2aec3b9d620b99adf2d5739a46b6"
    )
    nfd = "Cafe\u0301 U\u0308ni\u0308code tea-kettle 42"
    assert tool.dek_from_passphrase(header, nfd, kdf) == DEK
    with pytest.raises(tool.RecoveryError):
        tool.kdf_settings(header, allow_weak=False)


def test_worked_example_recovery_key(tool: ModuleType) -> None:
    assert tool.parse_recovery_key(RECOVERY_TEXT) == RECOVERY_KEY
    assert tool.dek_from_recovery_key(_header(tool), RECOVERY_TEXT.lower()) == DEK
    for bad in (RECOVERY_TEXT[:-1] + "R", RECOVERY_TEXT[:-6], RECOVERY_TEXT.replace("I", "ı", 1)):
        with pytest.raises(tool.RecoveryError):
            tool.parse_recovery_key(bad)


def test_worked_example_field(tool: ModuleType) -> None:
    opener = tool.FieldOpener(VAULT_ID, DEK)
    row = tool.Row(
        table="notes",
        id=NOTE_ID,
        foreign_keys={"case_id": CASE_ID},
        envelopes={"sections_enc": ENVELOPE},
    )
    assert len(opener.aad(row, "sections_enc")) == 142
    assert opener.json(row, "sections_enc") == {"body": "Example note: café ☕"}
    moved = tool.Row(
        table="notes",
        id=NOTE_ID,
        foreign_keys={"case_id": NOTE_ID},
        envelopes={"sections_enc": ENVELOPE},
    )
    with pytest.raises(tool.Unreadable, match="authenticated"):
        opener.open(moved, "sections_enc")
    for shape in (ENVELOPE[:-1], b"\x02" + ENVELOPE[1:], "text", None):
        with pytest.raises(tool.Unreadable):
            opener.open(
                tool.Row("notes", NOTE_ID, {"case_id": CASE_ID}, {"sections_enc": shape}),
                "sections_enc",
            )


# --- the golden vault of format 1 (tests/data/README.md) --------------------------------------

GOLDEN = ROOT / "tests" / "data" / "golden-v1.vault"
GOLDEN_PASSPHRASE = "Golden vault: quartz lantern harbour 1958"
GOLDEN_RECOVERY_KEY = "MBQWE-Y3EMV-TGO2D-JNJVW-Y3LON-5YHC4-TTOR2-XM53Y-PF5HW-7D5PZ-7U3DI"


@pytest.fixture
def golden(tmp_path: Path) -> Path:
    """A copy: the golden file itself is never opened (tests/data/README.md)."""
    if not GOLDEN.exists():
        pytest.skip("tests/data/golden-v1.vault is not there")
    copy = tmp_path / "golden" / "golden-v1.vault"
    copy.parent.mkdir()
    shutil.copyfile(GOLDEN, copy)
    return copy


def test_golden_vault_matches_export_json(golden: Path, tmp_path: Path) -> None:
    before = golden.read_bytes()
    by_passphrase = tmp_path / "passphrase.json"
    result = recover(golden, "-o", by_passphrase, "--allow-weak-kdf", passphrase=GOLDEN_PASSPHRASE)
    assert result.code == 0, result.err
    by_key = tmp_path / "key.json"
    result = recover(
        golden, "-o", by_key, "--recovery-key", passphrase=None, stdin=GOLDEN_RECOVERY_KEY + "\n"
    )
    assert result.code == 0, result.err
    assert golden.read_bytes() == before

    exported = tmp_path / "exported.vault"  # export-json writes to its vault: another copy
    shutil.copyfile(golden, exported)
    reference = tmp_path / "reference.json"
    assert export_json(exported, reference, GOLDEN_PASSPHRASE) == 0
    assert by_passphrase.read_bytes() == reference.read_bytes()
    assert by_key.read_bytes() == reference.read_bytes()


def test_golden_vault_contents(golden: Path, tmp_path: Path) -> None:
    """A few of the values tests/data/README.md documents, read by the tool alone."""
    output = tmp_path / "recovered.json"
    result = recover(golden, "-o", output, "--allow-weak-kdf", passphrase=GOLDEN_PASSPHRASE)
    assert result.code == 0, result.err
    cases = load(output)["cases"]
    assert [case["code"] for case in cases] == ["CPL-01", "OLD-03", "SW-02"]
    couple, trashed, _solo = cases
    assert trashed["deleted_at"] == "2023-10-05T10:00:00+00:00"
    assert [goal["status"] for goal in couple["goals"]] == ["in_progress"]
    soap, dap = couple["notes"]
    assert soap["content_hash"] == (
        "4af38ebafb180847c94157ea4ca67efd5b497cc1a136bc601001d87cbf747935"
    )
    assert soap["goal_refs"] == [0]
    assert [a["text"] for a in soap["addenda"]] == [
        "Addendum: Sam called to move the next session; the plan is unchanged."
    ]
    assert len(soap["revisions"]) == 1
    assert [r["saved_at"] for r in dap["revisions"]] == [
        "2023-09-18T17:00:00+00:00",
        "2023-09-18T17:20:00+00:00",
    ]
    assert "naïve" in dap["sections"]["assessment"]


def test_a_signed_note_rolled_back_to_an_older_ciphertext(tmp_path: Path) -> None:
    """Rolling one column back to an older ciphertext of the same row passes authentication
    (docs/vault-format.md says so). For a signed note the signature hash then disagrees: the
    tool still writes the note, as stored, and says so. (casenotes export-json, as of this
    writing, refuses to write any file at all in this case.)"""
    vault = tmp_path / "rollback.vault"
    created = Journal.create(vault, PASSPHRASE, KdfPolicy.testing())
    journal = created.journal
    try:
        case = journal.save_case(Case(code="R-1", display_name="Rollback"))
        note = journal.save_note(
            Note(
                case_id=case.id, session_date=date(2024, 1, 8), sections={"body": "First version."}
            )
        )
        with database(vault) as db:
            (older,) = db.execute(
                "SELECT sections_enc FROM notes WHERE id = ?", (note.id,)
            ).fetchone()
        journal.save_note(
            Note(
                case_id=case.id,
                id=note.id,
                session_date=note.session_date,
                sections={"body": "Signed version."},
                created_at=note.created_at,
            )
        )
        journal.sign_note(note.id)
    finally:
        journal.lock()
    with database(vault) as db:
        db.execute("UPDATE notes SET sections_enc = ? WHERE id = ?", (older, note.id))

    output = tmp_path / "recovered.json"
    result = recover(vault, "-o", output, "--allow-weak-kdf")
    assert result.code == 1
    assert f"notes {note.id}: is signed, but its content does not match" in result.err
    (recovered,) = load(output)["cases"][0]["notes"]
    assert recovered["sections"] == {"body": "First version."}
    assert recovered["signed_at"] is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux")
def test_the_tool_disables_core_dumps(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import resource, runpy, sys\n"
        f"mod = runpy.run_path({str(RECOVER)!r})\n"
        "mod['disable_core_dumps']()\n"
        "import ctypes; libc = ctypes.CDLL(None)\n"
        "print(libc.prctl(3, 0, 0, 0, 0), resource.getrlimit(resource.RLIMIT_CORE))\n",
        encoding="utf-8",
    )
    completed = subprocess.run(
        [sys.executable, str(probe)], capture_output=True, text=True, timeout=60, check=True
    )
    assert completed.stdout.split() == ["0", "(0,", "0)"]


# --- format 2: the manifest --------------------------------------------------------------------


def test_a_deleted_goal_and_a_replaced_recovery_slot_are_named_by_the_manifest(
    vault_copy: Path,
    tmp_path: Path,
) -> None:
    with database(vault_copy) as db:
        [(goal_id,)] = db.execute("SELECT id FROM goals LIMIT 1").fetchall()
        db.execute("DELETE FROM goals WHERE id = ?", (goal_id,))
        db.execute("UPDATE vault_header SET recovery_slot = randomblob(60)")
    output = tmp_path / "recovered.json"
    result = recover(vault_copy, "-o", output, "--allow-weak-kdf")
    assert result.code == 1
    assert any(
        line.startswith("recover.py: goals: ")
        and "the manifest" in line
        and "deleted, added or rolled back" in line
        for line in result.err_lines
    )
    assert any(
        "the recovery slot is not the one this vault wrote" in line for line in result.err_lines
    )
    assert output.exists()  # everything else is still recovered


def test_an_intact_format_2_vault_has_no_manifest_lines(demo: Demo, tmp_path: Path) -> None:
    output = tmp_path / "recovered.json"
    result = recover(demo.vault, "-o", output, "--allow-weak-kdf")
    assert result.code == 0, result.err
    assert "manifest" not in result.err


# --- format 3: process notes -------------------------------------------------------------------


def test_process_notes_and_an_old_signature_match_export_json(golden: Path, tmp_path: Path) -> None:
    """The golden vault migrated to format 3, with the signed note's process notes edited
    after signing: the tool writes them, and the reflection the old signature covered, as
    export-json does."""
    journal = Journal.open(golden, KdfPolicy.testing())
    journal.unlock(GOLDEN_PASSPHRASE, daily_backup=False)
    try:
        soap_id = "c0ffee00-0000-4000-8000-000000000021"
        journal.save_process_notes(
            ProcessNotes(
                note_id=soap_id,
                reflection={"need_met": ["novelty"]},
                text="My own wish to smooth things over; noticed, set aside.",
            )
        )
        dap = journal.get_note("c0ffee00-0000-4000-8000-000000000022")
        assert dap is not None
        journal.save_note(replace(dap, attendance=Attendance.PARTNER_B))
    finally:
        journal.lock()
    output = tmp_path / "recovered.json"
    result = recover(golden, "-o", output, "--allow-weak-kdf", passphrase=GOLDEN_PASSPHRASE)
    assert result.code == 0, result.err
    reference = tmp_path / "reference.json"
    assert export_json(golden, reference, GOLDEN_PASSPHRASE) == 0
    assert output.read_bytes() == reference.read_bytes()
    soap, dap = load(output)["cases"][0]["notes"]
    assert dap["attendance"] == "partner_b" and "attendance" not in soap
    assert soap["reflection"] == {"need_met": ["novelty"]}
    assert soap["process_notes"].startswith("My own wish")
    assert soap["signed_reflection"]["systemic_function"] == (
        "Keeps a manageable distance while the couple renegotiates."
    )


def test_damaged_process_notes_are_named_and_the_note_kept(
    demo: Demo, vault_copy: Path, tmp_path: Path
) -> None:
    with database(vault_copy) as db:
        [(row_id,)] = db.execute("SELECT id FROM process_notes LIMIT 1").fetchall()
        db.execute("UPDATE process_notes SET process_enc = x'01' WHERE id = ?", (row_id,))
    output = tmp_path / "recovered.json"
    result = recover(vault_copy, "-o", output, "--allow-weak-kdf")
    assert result.code == 1
    assert any(
        line.startswith(f"recover.py: process_notes {row_id}: ") for line in result.err_lines
    )
    # Every note is still written; only one loses its process notes.
    got = [n for case in load(output)["cases"] for n in case["notes"]]
    want = [n for case in load(demo.reference)["cases"] for n in case["notes"]]
    assert [n["sections"] for n in got] == [n["sections"] for n in want]
    assert sum(a != b for a, b in zip(got, want, strict=True)) == 1
