"""What a vault leaves behind on disk: no plaintext anywhere (vault, -wal, -shm, backups,
temporary files, log records), and owner-only permissions on the vault's files and folder.
All content is fictional."""

from __future__ import annotations

import logging
import os
import stat
import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from casenotes.core.domain import (
    Case,
    ExportLogEntry,
    Goal,
    GoalStatus,
    Identifiers,
    Member,
    Note,
    NoteTemplate,
    Settings,
)
from casenotes.core.journal import Journal
from casenotes.core.prompts.model import Prompt, PromptCustomisation, PromptKind
from casenotes.core.vault.kdf import KdfPolicy

MARKERS = [f"ZQXMARKER{i}" for i in range(1, 31)]


def _marker_patterns() -> list[tuple[str, bytes]]:
    patterns = []
    for marker in MARKERS:
        patterns.append((marker, marker.encode("utf-8")))
        patterns.append((marker, marker.encode("utf-16-le")))
    # The common prefix alone catches a marker cut in half across a page or a log line.
    patterns.append(("ZQXMARKER", b"ZQXMARKER"))
    patterns.append(("ZQXMARKER", "ZQXMARKER".encode("utf-16-le")))
    return patterns


def _files_with_markers(folder: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        found.extend(
            (str(path), marker) for marker, pattern in _marker_patterns() if pattern in data
        )
    return found


def _write_marked_content(journal: Journal) -> tuple[Case, Note]:
    """Every kind of record, each text field carrying a marker; several revisions; one case and
    one note to delete. Returns a (case, note) pair still in the vault."""
    m = iter(MARKERS)
    case = journal.save_case(
        Case(
            code=f"C-{next(m)}",
            display_name=f"Client {next(m)}",
            tags=[f"tag {next(m)}"],
            pronouns=f"{next(m)}/them",
            intake_date=date(2024, 1, 5),
            identifiers=Identifiers(
                names=[f"Name {next(m)}"],
                phones=[f"555 {next(m)}"],
                emails=[f"{next(m)}@example.org"],
                employers=[f"Employer {next(m)}"],
            ),
            members=[Member("Partner A", f"Member {next(m)}", "she/her")],
        )
    )
    goal = journal.save_goal(Goal(case_id=case.id, text=f"Goal {next(m)}"))
    journal.save_goal(replace(goal, text=f"Goal revised {next(m)}", status=GoalStatus.IN_PROGRESS))
    note = journal.save_note(
        Note(
            case_id=case.id,
            session_date=date(2024, 1, 12),
            template=NoteTemplate.SOAP,
            sections={
                "subjective": f"Said {next(m)}",
                "objective": "",
                "assessment": "",
                "plan": f"Plan {next(m)}",
            },
            tags=[f"note tag {next(m)}"],
            reflection={"need_met": f"need {next(m)}", "own_assumptions": f"mine {next(m)}"},
        )
    )
    for _ in range(3):  # several revisions, each with its own marker
        note = journal.save_note(
            replace(note, sections={**note.sections, "assessment": f"Draft {next(m)}"})
        )
    journal.sign_note(note.id)
    journal.add_addendum(note.id, f"Addendum {next(m)}")

    doomed_note = journal.save_note(
        Note(
            case_id=case.id,
            session_date=date(2024, 1, 19),
            sections={"body": f"Deleted note {next(m)}"},
        )
    )
    doomed_case = journal.save_case(Case(code=f"D-{next(m)}", display_name=f"Purged {next(m)}"))
    journal.save_note(
        Note(
            case_id=doomed_case.id,
            session_date=date(2024, 1, 20),
            sections={"body": f"Purged case note {next(m)}"},
        )
    )
    journal.log_export(
        ExportLogEntry(
            case_id=case.id,
            exported_at=datetime(2024, 2, 1, tzinfo=UTC),
            kind="summary",
            format="md",
            sessions=f"{next(m)}",
        )
    )
    journal.save_settings(Settings(theme=f"theme-{next(m)}"))
    journal.save_prompt_customisations(
        [
            PromptCustomisation("clinician_feelings", text=f"Edited {next(m)}"),
            PromptCustomisation(
                "own_prompt",
                added=Prompt("own_prompt", f"Mine {next(m)}", PromptKind.TEXT, custom=True),
            ),
        ]
    )
    journal.save_settings(Settings(theme="dark", last_case_id=case.id))

    journal.trash_note(doomed_note.id)
    journal.purge_note(doomed_note.id, reason="Test: entered by mistake")
    journal.trash_case(doomed_case.id)
    journal.purge_case(doomed_case.id, reason="Test: entered by mistake")
    return case, note


def test_no_plaintext_is_left_anywhere(
    vault_path: Path,
    policy: KdfPolicy,
    passphrase: str,
    new_passphrase: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setenv("TEMP", str(temp))
    monkeypatch.setenv("TMP", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    caplog.set_level(logging.DEBUG)

    journal = Journal.create(vault_path, passphrase, policy).journal
    try:
        case, note = _write_marked_content(journal)
        journal.change_passphrase(new_passphrase)
        hits = journal.search(MARKERS[13])  # builds the in-memory index
        assert [h.note_id for h in hits] == [note.id]
        assert journal.search("Deleted") == []
        # While unlocked: the WAL and shared-memory files too.
        assert _files_with_markers(vault_path.parent) == []
        assert _files_with_markers(temp) == []
    finally:
        journal.lock()

    assert _files_with_markers(vault_path.parent) == []
    assert _files_with_markers(temp) == []
    assert list(temp.iterdir()) == []  # nothing was written to the temp folder at all

    for record in caplog.records:
        text = f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
        assert "ZQXMARKER" not in text, record.name
    assert caplog.records  # logging did run (created, locked …)

    # And the content is all there, for whoever has the passphrase.
    journal = Journal.open(vault_path, policy)
    journal.unlock(new_passphrase)
    try:
        assert [c.id for c in journal.list_cases()] == [case.id]
        assert journal.list_cases()[0].identifiers.emails == [f"{MARKERS[6]}@example.org"]
        assert len(journal.revisions(note.id)) == 4
        assert journal.verify().intact
    finally:
        journal.lock()


# ---- permissions --------------------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _check_modes(vault: Path) -> list[str]:
    """The vault's folder 0700 and every vault file present 0600."""
    modes = {vault.parent: 0o700}
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{vault}{suffix}")
        if path.exists():
            modes[path] = 0o600
    return [
        f"{path.name}: {oct(_mode(path))} instead of {oct(mode)}"
        for path, mode in modes.items()
        if _mode(path) != mode
    ]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_vault_files_are_owner_only(
    vault_path: Path, policy: KdfPolicy, passphrase: str, new_passphrase: str
) -> None:
    old_umask = os.umask(0)  # the most permissive umask: the modes must not come from it
    try:
        journal = Journal.create(vault_path, passphrase, policy).journal
        try:
            assert Path(f"{vault_path}-wal").exists()
            assert _check_modes(vault_path) == []
            case = journal.save_case(Case(code="P-01", display_name="Fictional"))
            journal.save_note(
                Note(case_id=case.id, session_date=date(2024, 1, 1), sections={"body": "text"})
            )
            assert _check_modes(vault_path) == []
            journal.change_passphrase(new_passphrase)
            assert _check_modes(vault_path) == []
        finally:
            journal.lock()
        assert _check_modes(vault_path) == []

        journal = Journal.open(vault_path, policy)
        journal.unlock(new_passphrase)
        try:
            journal.save_case(Case(code="P-02", display_name="Fictional"))
            assert Path(f"{vault_path}-shm").exists()
            assert _check_modes(vault_path) == []
        finally:
            journal.lock()
    finally:
        os.umask(old_umask)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_existing_folder_is_left_as_it_is(
    tmp_path: Path, policy: KdfPolicy, passphrase: str
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    journal = Journal.create(folder / "test.vault", passphrase, policy).journal
    journal.lock()
    assert _mode(folder) == 0o755
    assert _mode(folder / "test.vault") == 0o600
