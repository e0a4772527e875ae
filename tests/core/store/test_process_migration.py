"""Format 3: reflections move out of the notes into process notes, nothing is lost, and
signatures made before (hash version 1, which covered the reflection) still verify."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from tests.core.conftest import RawVault

from casenotes.core.demo import generate_demo
from casenotes.core.domain import ProcessNotes, note_content_hash
from casenotes.core.journal import Journal
from casenotes.core.store.records import NoteRecord, ProcessNotesRecord
from casenotes.core.vault.kdf import KdfPolicy

DATA = Path(__file__).resolve().parents[2] / "data"
GOLDEN_V1 = DATA / "golden-v1.vault"
GOLDEN_V2 = DATA / "golden-v2.vault"
PASSPHRASES = {
    GOLDEN_V1: "Golden vault: quartz lantern harbour 1958",
    GOLDEN_V2: "Golden vault two: cedar kettle meadow 2026",
}
SOAP_ID = "c0ffee00-0000-4000-8000-000000000021"  # signed in both golden vaults
DAP_ID = "c0ffee00-0000-4000-8000-000000000022"  # unsigned


def _open(path: Path, passphrase: str) -> Journal:
    journal = Journal.open(path, KdfPolicy.testing())
    journal.unlock(passphrase, daily_backup=False)
    return journal


def _stored_reflections(journal: Journal) -> dict[str, object]:
    """What each note's own ``reflection_enc`` holds now, by note id."""
    unlocked = journal._require()
    with journal._write() as (_, session):
        return {
            r.id: unlocked.cipher.open_from(r, "reflection_enc")
            for r in session.scalars(select(NoteRecord))
        }


def _check_golden(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "vault" / "golden.vault"
    copy.parent.mkdir(mode=0o700)
    shutil.copyfile(path, copy)
    journal = _open(copy, PASSPHRASES[path])
    try:
        assert journal.header.format_version == 3
        report = journal.verify()
        assert report.intact, report
        soap, dap = journal.get_note(SOAP_ID), journal.get_note(DAP_ID)
        assert soap is not None and dap is not None
        # Nothing lost: each reflection is now the note's process notes.
        assert journal.process_notes(SOAP_ID).reflection == soap.reflection
        assert soap.reflection["systemic_function"] == (
            "Keeps a manageable distance while the couple renegotiates."
        )
        assert journal.process_notes(DAP_ID).reflection == {"need_met": ["emotional"]}
        # The unsigned note no longer holds its reflection; the signed one keeps the copy its
        # old signature covered, frozen.
        stored = _stored_reflections(journal)
        assert stored[DAP_ID] == {}
        assert stored[SOAP_ID] == soap.reflection == soap.signed_reflection
        assert soap.hash_version == 1
        assert note_content_hash(soap, 1) == soap.content_hash

        # Process notes stay editable after signing, and the old signature still verifies.
        journal.save_process_notes(
            ProcessNotes(
                note_id=SOAP_ID,
                reflection={"need_met": ["novelty"]},
                text="Noticed my own pull to side with Avery.",
            )
        )
        edited = journal.get_note(SOAP_ID)
        assert edited is not None and edited.reflection == {"need_met": ["novelty"]}
        assert journal.verify().intact
        # A note signed from now on is hashed without the reflection.
        signed = journal.sign_note(DAP_ID)
        assert signed.hash_version == 3 and signed.signed_reflection is None
        assert journal.verify().intact
    finally:
        journal.lock()
    again = _open(copy, PASSPHRASES[path])  # migrated once: nothing more to do
    try:
        assert again.process_notes(SOAP_ID).text == "Noticed my own pull to side with Avery."
        assert again.verify().intact
    finally:
        again.lock()


def test_golden_v1_migrates_and_its_signature_verifies(tmp_path: Path) -> None:
    _check_golden(GOLDEN_V1, tmp_path)


def test_golden_v2_migrates_and_its_manifest_follows(tmp_path: Path) -> None:
    _check_golden(GOLDEN_V2, tmp_path)


def _as_format_2(journal: Journal) -> None:
    """Turn this vault's records into what format 2 wrote: each reflection inside its note,
    signed notes hashed with it (version 1), and no process notes."""
    unlocked = journal._require()
    with journal._write() as (_, session):
        reflections = {}
        for record in session.scalars(select(ProcessNotesRecord)):
            reflections[record.note_id] = unlocked.process.build(record).reflection
            session.delete(record)
        for note in unlocked.notes.where(session, lambda _: None):
            old = replace(note, signed_reflection=reflections.get(note.id, {}), hash_version=1)
            if note.signed_at is not None:
                old.content_hash = note_content_hash(old, 1)
            unlocked.notes.save(session, old)


def test_a_demo_vault_migrates_with_nothing_lost(
    vault_path: Path,
    policy: KdfPolicy,
    passphrase: str,
    raw_vault: RawVault,
) -> None:
    created = Journal.create(vault_path, passphrase, policy)
    journal = created.journal
    journal.import_bundles(generate_demo(cases=4, notes=40, seed=3))
    before = {n.id: n for n in journal.all_notes()}
    assert sum(1 for n in before.values() if n.reflection) > 10
    assert any(n.is_signed and n.reflection for n in before.values())
    _as_format_2(journal)
    journal.lock()
    raw_vault.execute(
        ("DROP TABLE process_notes", ()),
        ("DROP TABLE destruction_log", ()),
        ("UPDATE alembic_version SET version_num = '0003'", ()),
        ("UPDATE vault_header SET format_version = 2", ()),
    )

    journal = Journal.open(vault_path, policy)
    journal.unlock(passphrase, daily_backup=False)
    try:
        assert journal.header.format_version == 3
        report = journal.verify()
        assert report.intact, report
        after = {n.id: n for n in journal.all_notes()}
        assert after.keys() == before.keys()
        for note_id, note in before.items():
            moved = after[note_id]
            assert moved.reflection == note.reflection
            assert moved.sections == note.sections
            assert journal.process_notes(note_id).reflection == note.reflection
            if note.is_signed:
                assert moved.hash_version == 1 and moved.content_hash != note.content_hash
    finally:
        journal.lock()
