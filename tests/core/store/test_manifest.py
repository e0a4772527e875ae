"""The encrypted manifest (format 2): every write keeps it in step in its own transaction, and
verify names what a person with write access did to the records: a deleted record, a record
rolled back to an older copy of itself, commits lost with the WAL, a replaced recovery slot.
All content is fictional."""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from tests.core.conftest import Filled, RawVault, Template

from casenotes.core.domain import ExportLogEntry, Goal, Note
from casenotes.core.journal import ImportConflictError, Journal
from casenotes.core.store.database import checkpoint
from casenotes.core.store.manifest import (
    MODULUS,
    Manifest,
    TableDigest,
    cell_item,
    manifest_key,
)
from casenotes.core.vault.kdf import KdfPolicy


def _verify(path: Path, policy: KdfPolicy, passphrase: str) -> list[str]:
    journal = Journal.open(path, policy)
    journal.unlock(passphrase, daily_backup=False)
    try:
        report = journal.verify()
    finally:
        journal.lock()
    assert not report.intact
    return report.manifest + [f"{d.table} {d.row_id}: {d.reason}" for d in report.damaged]


def test_the_digest_construction_is_the_documented_one() -> None:
    mk = manifest_key(bytes(range(0x20, 0x40)), bytes(range(16)))
    item = cell_item(mk, "notes", "n1", "meta_enc", b"\x01abc")
    import hashlib
    import hmac

    expected = hmac.new(
        mk, b"\x00\x05notes\x00\x02n1\x00\x08meta_enc\x01abc", hashlib.sha256
    ).digest()
    assert item == int.from_bytes(expected, "big")
    state = TableDigest()
    state.add(item, 1)
    state.subtract(item, 1)
    assert state == TableDigest(0, 0)
    state.subtract(5)
    assert state.digest == MODULUS - 5
    # The example in docs/vault-format.md, "The manifest".
    assert mk.hex() == "0673e42e36aca8952e03b86785dbe7bc206014b77ace25fb1aea116a3b125d0a"
    envelope = bytes([1]) + bytes(range(0xC0, 0xCC)) + bytes(80)
    row_id = "6f1c2a9e-3b7d-4e58-9a0c-1d2e3f405162"
    meta = cell_item(mk, "notes", row_id, "meta_enc", envelope)
    sections = cell_item(mk, "notes", row_id, "sections_enc", envelope)
    assert f"{meta:064x}" == "b1d8e4d0da91c2fb211df23800a26710332a0460e5abd5f75cd9d69d880685f5"
    assert f"{sections:064x}" == (
        "f5c5334bdf3643b1829dc70a526fc6708ae874dc2762f48924eb6521da0c9105"
    )
    table = TableDigest()
    table.add(meta, 1)
    table.add(sections)
    assert (table.count, f"{table.digest:064x}") == (
        1,
        "a79e181cb9c806aca3bbb94253122d80be12793d0d0eca8081c53bbf621316fa",
    )
    manifest = Manifest(3, {"notes": TableDigest(1, 7)}, "ab" * 32)
    assert Manifest.from_payload(manifest.payload()) == manifest


def test_every_kind_of_write_keeps_it_intact(filled: Filled, journal: Journal) -> None:
    counters = []

    def intact() -> None:
        report = journal.verify()
        assert report.intact, report
        counters.append(report.write_counter)

    intact()
    note = journal.save_note(
        replace(filled.dap, sections={**filled.dap.sections, "plan": "Updated."})
    )
    intact()
    journal.trash_note(note.id)
    # A delete cascading to revisions.
    journal.purge_note(note.id, reason="Test: entered by mistake")
    intact()
    journal.save_goal(replace(filled.goal, text="A revised goal"))
    journal.delete_goal(filled.goal.id, reason="Test: entered by mistake")
    intact()
    journal.trash_case(filled.couple.id)
    # Cascades to notes, revisions, addenda, goals.
    journal.purge_case(filled.couple.id, reason="Test: entered by mistake")
    intact()
    journal.save_prompt_customisations([], removed=[c.id for c in journal.prompt_customisations()])
    journal.log_export(
        ExportLogEntry(
            case_id=None, exported_at=datetime.now(UTC), kind="interchange", format="json"
        )
    )
    intact()
    assert counters == sorted(set(counters))  # every write transaction counts once


def test_a_failed_write_leaves_it_as_it_was(filled: Filled, journal: Journal) -> None:
    before = journal.verify().write_counter
    bundles = journal.export_bundles()
    renamed = [replace(b, case=replace(b.case, code=f"X-{b.case.code}")) for b in bundles]
    with pytest.raises(ImportConflictError):  # same record ids: rolled back whole
        journal.import_bundles(renamed)
    report = journal.verify()
    assert report.intact and report.write_counter == before


def test_a_deleted_record_is_named(
    vault_copy: Path, raw_vault: RawVault, template: Template, policy: KdfPolicy, passphrase: str
) -> None:
    raw_vault.execute(("DELETE FROM goals WHERE id = ?", (template.filled.goal.id,)))
    [problem] = _verify(vault_copy, policy, passphrase)
    assert problem.startswith("goals: 1 record fewer than the manifest holds")
    assert "deleted outside Casenotes" in problem


def test_an_added_record_is_named(
    vault_copy: Path, raw_vault: RawVault, template: Template, policy: KdfPolicy, passphrase: str
) -> None:
    entry = raw_vault.get("export_log", "entry_enc", template.filled.export.id)
    raw_vault.execute(
        (
            "INSERT INTO export_log (id, entry_enc) VALUES (?, ?)",
            ("c0ffee00-0000-4000-8000-00000000dead", entry),
        )
    )
    problems = _verify(vault_copy, policy, passphrase)
    assert any(p.startswith("export_log: 1 record more than the manifest holds") for p in problems)


def _edit_and_roll_back(
    vault_copy: Path, policy: KdfPolicy, passphrase: str, table: str, row_id: str, edit: object
) -> None:
    raw = RawVault(vault_copy)
    columns = [r[1] for r in raw.query(f"PRAGMA table_info({table})") if str(r[1]).endswith("_enc")]
    old = {c: raw.get(table, c, row_id) for c in columns}
    journal = Journal.open(vault_copy, policy)
    journal.unlock(passphrase, daily_backup=False)
    try:
        edit(journal)  # type: ignore[operator]
        assert journal.verify().intact
    finally:
        journal.lock()
    raw.execute(
        *[(f"UPDATE {table} SET {c} = ? WHERE id = ?", (v, row_id)) for c, v in old.items()]
    )


def test_a_note_rolled_back_to_an_older_copy_is_pinpointed(
    vault_copy: Path,
    template: Template,
    policy: KdfPolicy,
    passphrase: str,
) -> None:
    dap = template.filled.dap
    _edit_and_roll_back(
        vault_copy,
        policy,
        passphrase,
        "notes",
        dap.id,
        lambda j: j.save_note(replace(dap, sections={**dap.sections, "plan": "Changed."})),
    )
    problems = _verify(vault_copy, policy, passphrase)
    assert (
        f"notes {dap.id}: older than its newest saved revision: rolled back to an "
        "earlier copy" in problems
    )
    assert any(
        p.startswith("notes: a record was deleted, added, altered or rolled back") for p in problems
    )


def test_a_goal_rolled_back_is_named_by_table(
    vault_copy: Path,
    template: Template,
    policy: KdfPolicy,
    passphrase: str,
) -> None:
    goal = template.filled.goal
    _edit_and_roll_back(
        vault_copy,
        policy,
        passphrase,
        "goals",
        goal.id,
        lambda j: j.save_goal(replace(goal, text="Another text")),
    )
    [problem] = _verify(vault_copy, policy, passphrase)
    assert problem.startswith(
        "goals: a record was deleted, added, altered or rolled back to an older copy of itself"
    )


def test_commits_lost_with_the_wal_are_named(
    vault_copy: Path,
    template: Template,
    policy: KdfPolicy,
    passphrase: str,
    tmp_path: Path,
) -> None:
    """A real scenario: the main file is restored from a copy taken earlier, while the -wal
    beside it is the current one. A goal added (and checkpointed into the main file) between
    the copy and the last commit is lost; the manifest page, rewritten by every commit, is
    in the -wal and still counts it."""
    older_main = tmp_path / "older-main"
    shutil.copyfile(vault_copy, older_main)
    journal = Journal.open(vault_copy, policy)
    journal.unlock(passphrase, daily_backup=False)
    try:
        journal.save_goal(Goal(case_id=template.filled.solo.id, text="Lost with the WAL"))
        unlocked = journal._open
        assert unlocked is not None
        assert checkpoint(unlocked.engine)  # the goal is now in the main file only
        journal.save_note(replace(template.filled.solo_note, tags=["kept"]))
        wal = Path(f"{vault_copy}-wal").read_bytes()
        assert wal
    finally:
        journal.lock()
    # The attacker's (or a careless restore's) result: older main file, current -wal.
    shutil.copyfile(older_main, vault_copy)
    Path(f"{vault_copy}-wal").write_bytes(wal)
    problems = _verify(vault_copy, policy, passphrase)
    assert any(
        p.startswith("goals: 1 record fewer than the manifest holds") and "commits were lost" in p
        for p in problems
    ), problems


def test_a_replaced_recovery_slot_is_named(
    vault_copy: Path, raw_vault: RawVault, policy: KdfPolicy, passphrase: str
) -> None:
    raw_vault.set_header("recovery_slot", os.urandom(60))
    [problem] = _verify(vault_copy, policy, passphrase)
    assert problem.startswith("the recovery slot is not the one this vault wrote")


def test_a_deleted_or_altered_manifest_is_named(
    vault_copy: Path, raw_vault: RawVault, policy: KdfPolicy, passphrase: str
) -> None:
    [(row_id,)] = raw_vault.query("SELECT id FROM vault_manifest")
    raw_vault.flip("vault_manifest", "manifest_enc", str(row_id), 20)
    [problem] = _verify(vault_copy, policy, passphrase)
    assert problem.startswith("the manifest failed authentication")
    # A write still goes through; the manifest is never rebuilt behind anyone's back.
    journal = Journal.open(vault_copy, policy)
    journal.unlock(passphrase, daily_backup=False)
    journal.save_goal(Goal(case_id=journal.list_cases()[0].id, text="Still saved"))
    journal.lock()
    raw_vault.execute(("DELETE FROM vault_manifest", ()))
    [problem] = _verify(vault_copy, policy, passphrase)
    assert problem.startswith("the manifest is missing")


def test_the_manifest_is_sealed_like_any_field(template: Template) -> None:
    with closing(sqlite3.connect(template.path)) as connection:
        [(row_id, blob)] = connection.execute("SELECT id, manifest_enc FROM vault_manifest")
    assert len(row_id) == 36 and blob[0] == 1 and (len(blob) - 29) % 64 == 0


def test_a_new_note_through_every_path_is_counted(journal: Journal, filled: Filled) -> None:
    journal.save_note(
        Note(
            case_id=filled.solo.id,
            session_date=date(2024, 6, 1),
            sections={"body": "Another fictional session."},
        )
    )
    journal.import_bundles([])
    report = journal.verify()
    assert report.intact, report
