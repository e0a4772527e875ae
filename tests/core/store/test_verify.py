"""casenotes.core.store.verify: SQLite's own checks, then every envelope of every row, then the
signature hash of every signed note. The tampering tests in tests/core/test_journal_tamper.py
go through Journal.verify(); these look at the report itself."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from casenotes.core.store.database import make_engine
from casenotes.core.store.repositories import NoteRepository
from casenotes.core.store.sealing import FieldCipher
from casenotes.core.store.vault_file import inspect_vault
from casenotes.core.store.verify import DamagedRecord, VerifyReport, verify
from casenotes.core.vault.header import create_header, unlock_with_passphrase
from casenotes.core.vault.kdf import KdfPolicy

if TYPE_CHECKING:
    from tests.core.conftest import RawVault, Template


@pytest.fixture
def cipher(vault_copy: Path, passphrase: str, policy: KdfPolicy) -> FieldCipher:
    header = inspect_vault(vault_copy).header
    return FieldCipher(unlock_with_passphrase(header, passphrase, policy))


@pytest.fixture
def engine(vault_copy: Path) -> Iterator[Engine]:
    engine = make_engine(vault_copy)
    yield engine
    engine.dispose()


def _verify(engine: Engine, cipher: FieldCipher) -> VerifyReport:
    with Session(engine) as session:
        return verify(session, cipher)


def test_report_properties() -> None:
    assert VerifyReport().intact
    assert not VerifyReport(integrity=["page 3 is never used"]).intact
    assert not VerifyReport(damaged=[DamagedRecord("notes", "x", "why")]).intact


def test_an_untouched_vault_is_intact(
    engine: Engine, cipher: FieldCipher, template: Template
) -> None:
    report = _verify(engine, cipher)
    assert report.intact
    assert report.integrity == [] and report.damaged == []
    assert report.records_checked == sum(len(ids) for ids in template.ids.values())


def test_each_damaged_record_is_reported_once(
    raw_vault: RawVault, template: Template, cipher: FieldCipher, vault_copy: Path
) -> None:
    dap = template.filled.dap.id
    # Every column of the note broken: still one entry, naming the first failing column.
    for column in ("meta_enc", "sections_enc", "reflection_enc"):
        raw_vault.flip("notes", column, dap, -1)
    goal = template.filled.goal.id
    raw_vault.flip("goals", "goal_enc", goal, 20)
    engine = make_engine(vault_copy)
    try:
        report = _verify(engine, cipher)
    finally:
        engine.dispose()
    assert not report.intact
    assert report.integrity == []
    assert sorted(report.damaged, key=lambda d: d.table) == [
        DamagedRecord("goals", goal, "goal_enc failed authentication"),
        DamagedRecord("notes", dap, "meta_enc failed authentication"),
    ]
    assert report.records_checked == sum(len(ids) for ids in template.ids.values())


def test_a_key_of_another_vault_damages_everything(engine: Engine, template: Template) -> None:
    stranger = create_header("unused", KdfPolicy.testing(), check_strength=False)
    report = _verify(engine, FieldCipher(stranger.keys))
    assert {(d.table, d.row_id) for d in report.damaged} == {
        (table, row_id) for table, ids in template.ids.items() for row_id in ids
    }


def test_a_broken_foreign_key_is_an_integrity_problem(
    raw_vault: RawVault, template: Template, cipher: FieldCipher, vault_copy: Path
) -> None:
    # With foreign_keys off (as any other SQLite tool may have it), a case row is deleted
    # out from under its notes and goals.
    raw_vault.execute(("DELETE FROM cases WHERE id = ?", (template.filled.solo.id,)))
    engine = make_engine(vault_copy)
    try:
        report = _verify(engine, cipher)
    finally:
        engine.dispose()
    assert report.integrity == [f"foreign key broken in notes (row {_rowid(raw_vault, template)})"]
    assert report.damaged == []
    assert not report.intact


def _rowid(raw_vault: RawVault, template: Template) -> object:
    return raw_vault.query("SELECT rowid FROM notes WHERE id = ?", (template.filled.solo_note.id,))[
        0
    ][0]


def test_a_resealed_signed_note_fails_its_signature(
    engine: Engine, cipher: FieldCipher, template: Template
) -> None:
    soap = template.filled.soap.id
    repository = NoteRepository(cipher)
    with Session(engine) as session, session.begin():
        note = repository.get(session, soap)
        assert note is not None and note.signed_at is not None
        repository.save(session, replace(note, tags=[*note.tags, "added later"]))
    report = _verify(engine, cipher)
    assert report.damaged == [
        DamagedRecord("notes", soap, "signed content does not match its signature hash")
    ]


def test_unsigned_notes_have_no_signature_to_check(
    engine: Engine, cipher: FieldCipher, template: Template
) -> None:
    dap = template.filled.dap.id
    repository = NoteRepository(cipher)
    with Session(engine) as session, session.begin():
        note = repository.get(session, dap)
        assert note is not None and note.content_hash is None
        repository.save(
            session, replace(note, sections={"data": "changed"}, content_hash="not checked")
        )
    assert _verify(engine, cipher).intact
