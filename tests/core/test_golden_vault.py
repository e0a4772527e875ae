"""The golden vault: tests/data/golden-v1.vault was written once by the first release's code
(tests/data/make_golden_vault.py) and is never regenerated. Every later version must open it
with its passphrase and with its recovery key, and read back exactly what is listed here and
in tests/data/README.md. The expected values are written out in full on purpose: they must
not follow the code if the code changes. All content is fictional."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from casenotes.core.domain import (
    Addendum,
    Case,
    CaseStatus,
    ClientType,
    ExportLogEntry,
    Goal,
    GoalChange,
    GoalStatus,
    Identifiers,
    Member,
    NoteTemplate,
    SessionFormat,
    Settings,
    note_content_hash,
)
from casenotes.core.journal import Journal
from casenotes.core.store.schema import KNOWN_REVISIONS
from casenotes.core.store.vault_file import inspect_vault
from casenotes.core.vault.errors import KdfParametersRefusedError
from casenotes.core.vault.kdf import KdfParams, KdfPolicy

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden-v1.vault"
GOLDEN_SHA256 = "d709816020224893c9b2e291d75fe1704f9f6d776528e206739b09952332d99e"
PASSPHRASE = "Golden vault: quartz lantern harbour 1958"
RECOVERY_KEY = "MBQWE-Y3EMV-TGO2D-JNJVW-Y3LON-5YHC4-TTOR2-XM53Y-PF5HW-7D5PZ-7U3DI"
VAULT_ID = "22cfa011f50b2bbe8b0bb3bb2bba54ca"

COUPLE_ID = "c0ffee00-0000-4000-8000-000000000001"
SOLO_ID = "c0ffee00-0000-4000-8000-000000000002"
TRASHED_ID = "c0ffee00-0000-4000-8000-000000000003"
GOAL_ID = "c0ffee00-0000-4000-8000-000000000011"
SOAP_ID = "c0ffee00-0000-4000-8000-000000000021"
DAP_ID = "c0ffee00-0000-4000-8000-000000000022"
ADDENDUM_ID = "c0ffee00-0000-4000-8000-000000000031"
EXPORT_ID = "c0ffee00-0000-4000-8000-000000000051"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def golden_copy(tmp_path: Path) -> Path:
    """The golden file is only ever opened as a copy: opening it in place would write."""
    folder = tmp_path / "golden"
    folder.mkdir(mode=0o700)
    copy = folder / "golden-v1.vault"
    shutil.copyfile(GOLDEN, copy)
    os.chmod(copy, 0o600)
    return copy


@pytest.fixture(params=["passphrase", "recovery key"])
def golden(request: pytest.FixtureRequest, golden_copy: Path) -> Iterator[Journal]:
    journal = Journal.open(golden_copy, KdfPolicy.testing())
    if request.param == "passphrase":
        journal.unlock(PASSPHRASE)
    else:
        journal.unlock_with_recovery_key(RECOVERY_KEY)
    yield journal
    journal.lock()


def test_the_golden_file_is_the_committed_one() -> None:
    assert hashlib.sha256(GOLDEN.read_bytes()).hexdigest() == GOLDEN_SHA256, (
        "tests/data/golden-v1.vault changed. It must never be regenerated or edited: "
        "restore it from version control."
    )
    assert not Path(f"{GOLDEN}-wal").exists()


def test_the_header(golden_copy: Path) -> None:
    inspection = inspect_vault(golden_copy)
    header = inspection.header
    assert header.magic == "casenotes-vault"
    assert header.format_version == 1
    assert header.vault_id.hex() == VAULT_ID
    assert header.kdf == "argon2id"
    assert header.kdf_params == KdfParams(memory_kib=64, iterations=1, lanes=1)
    assert inspection.schema_revision == "0001"
    assert "0001" in KNOWN_REVISIONS


def test_the_standard_policy_refuses_its_test_parameters(golden_copy: Path) -> None:
    # Only because the golden vault uses the cheap test-only KDF: the app never opens it.
    with pytest.raises(KdfParametersRefusedError):
        Journal.open(golden_copy)


def test_nothing_is_refused_and_it_verifies(golden: Journal) -> None:
    report = golden.verify()
    assert report.intact, report
    # 3 cases, 2 notes, 3 revisions, 1 addendum, 1 goal, 1 export, 1 settings row, and
    # (format 3) the 2 notes' reflections moved into process notes
    assert report.records_checked == 14
    assert golden.damaged == []


def test_the_cases(golden: Journal) -> None:
    assert golden.list_cases(include_deleted=True) == [
        Case(
            id=COUPLE_ID,
            code="CPL-01",
            display_name="Avery & Sam",
            client_types=[ClientType.COUPLE, ClientType.CLIENT_OF_SEX_WORKERS],
            tags=["agreements", "café"],
            status=CaseStatus.ACTIVE,
            pronouns="",
            intake_date=date(2023, 9, 4),
            identifiers=Identifiers(
                names=["Avery Quill", "Sam Ortolan"],
                aliases=["Ave"],
                handles=["@sam_o"],
                phones=["+1 555 0101"],
                emails=["avery@example.org"],
                places=["Lakeport"],
                employers=["Northwind Books"],
                other=["gym locker 12"],
            ),
            members=[Member("Partner A", "Avery", "she/her"), Member("Partner B", "Sam", "he/him")],
            created_at=at("2023-09-04T15:00:00"),
            updated_at=at("2023-09-04T15:05:00"),
            deleted_at=None,
        ),
        Case(
            id=TRASHED_ID,
            code="OLD-03",
            display_name="Moved to the trash",
            client_types=[ClientType.OCSB, ClientType.OTHER],
            tags=[],
            status=CaseStatus.CLOSED,
            pronouns="",
            intake_date=None,
            identifiers=Identifiers(),
            members=[],
            created_at=at("2023-08-01T10:00:00"),
            updated_at=at("2023-10-05T10:00:00"),
            deleted_at=at("2023-10-05T10:00:00"),
        ),
        Case(
            id=SOLO_ID,
            code="SW-02",
            display_name="Jules",
            client_types=[ClientType.CURRENT_SEX_WORKER, ClientType.FORMER_SEX_WORKER],
            tags=["workplace-safety"],
            status=CaseStatus.PAUSED,
            pronouns="they/them",
            intake_date=None,
            identifiers=Identifiers(handles=["@jules.fictional"]),
            members=[],
            created_at=at("2023-10-02T10:00:00"),
            updated_at=at("2023-10-02T10:00:00"),
            deleted_at=None,
        ),
    ]
    assert [c.code for c in golden.list_cases()] == ["CPL-01", "SW-02"]
    assert [c.code for c in golden.trashed_cases()] == ["OLD-03"]
    assert golden.notes_for_case(SOLO_ID) == []
    assert golden.goals_for_case(SOLO_ID) == []


def test_the_signed_soap_note_and_its_addendum(golden: Journal) -> None:
    note = golden.get_note(SOAP_ID)
    assert note is not None
    assert note.case_id == COUPLE_ID
    assert note.session_date == date(2023, 9, 11)
    assert note.duration_minutes == 80
    assert note.format is SessionFormat.IN_PERSON
    assert note.template is NoteTemplate.SOAP
    assert note.sections == {
        "subjective": "Sam describes the visits as meeting a need for novelty; "
        "Avery wants to be told, not to stop them.",
        "objective": "Both calm, took turns, some laughter. ☕ offered and accepted.",
        "assessment": "The strain is in the unspoken agreement, not in the visits.",
        "plan": "Each brings one line of the agreement they would want to keep.",
    }
    assert list(note.sections) == ["subjective", "objective", "assessment", "plan"]
    assert note.tags == ["agreements", "novelty"]
    assert note.reflection == {
        "need_met": ["novelty", "physical"],
        "systemic_function": "Keeps a manageable distance while the couple renegotiates.",
        "own_assumptions": "Checked: not assuming the visits are the problem.",
        "safety": {"raised_by_client": False, "notes": ""},
    }
    assert note.goal_ids == [GOAL_ID]
    assert note.created_at == at("2023-09-11T17:00:00")
    assert note.updated_at == at("2023-09-11T17:30:00")
    assert note.signed_at == at("2023-09-11T18:00:00")
    assert note.deleted_at is None
    # Pinned: the signature hash of the first release must stay what note_content_hash gives.
    # It covered the reflection (hash version 1): the reflection as signed stays with it.
    assert note.content_hash == ("4af38ebafb180847c94157ea4ca67efd5b497cc1a136bc601001d87cbf747935")
    assert note.hash_version == 1
    assert note.signed_reflection == note.reflection
    assert note_content_hash(note, 1) == note.content_hash
    assert golden.process_notes(SOAP_ID).reflection == note.reflection
    assert note.addenda == [
        Addendum(
            id=ADDENDUM_ID,
            note_id=SOAP_ID,
            text="Addendum: Sam called to move the next session; the plan is unchanged.",
            created_at=at("2023-09-12T09:00:00"),
        )
    ]
    [revision] = golden.revisions(SOAP_ID)
    assert revision.id == "c0ffee00-0000-4000-8000-000000000041"
    assert revision.saved_at == at("2023-09-11T17:30:00")
    assert revision.sections == note.sections
    assert revision.reflection == note.reflection
    assert revision.tags == note.tags


def test_the_unsigned_dap_note_and_its_revisions(golden: Journal) -> None:
    note = golden.get_note(DAP_ID)
    assert note is not None
    assert note.case_id == COUPLE_ID
    assert note.session_date == date(2023, 9, 18)
    assert note.duration_minutes == 50
    assert note.format is SessionFormat.TELEHEALTH
    assert note.template is NoteTemplate.DAP
    assert note.sections == {
        "data": "Compared their two drafts; most lines overlap.",
        "assessment": "Curious rather than defended; naïve hopes named kindly.",
        "plan": "Merge the drafts at home; bring the hard line next time.",
    }
    assert note.tags == ["agreements"]
    assert note.reflection == {"need_met": ["emotional"]}
    assert note.goal_ids == []
    assert (note.created_at, note.updated_at) == (
        at("2023-09-18T17:00:00"),
        at("2023-09-18T17:20:00"),
    )
    assert note.signed_at is None and note.content_hash is None
    assert note.addenda == []

    first, second = golden.revisions(DAP_ID)
    assert (first.id, second.id) == (
        "c0ffee00-0000-4000-8000-000000000042",
        "c0ffee00-0000-4000-8000-000000000043",
    )
    assert first.saved_at == at("2023-09-18T17:00:00")
    assert first.sections == {"data": "Compared their two drafts.", "assessment": "", "plan": ""}
    assert (first.tags, first.reflection) == ([], {})
    assert second.saved_at == at("2023-09-18T17:20:00")
    assert second.sections == note.sections
    assert (second.tags, second.reflection) == (note.tags, note.reflection)
    for revision in (first, second):
        assert revision.note_id == DAP_ID
        assert revision.session_date == date(2023, 9, 18)
        assert revision.duration_minutes == 50
        assert revision.format is SessionFormat.TELEHEALTH
        assert revision.template is NoteTemplate.DAP

    assert [n.id for n in golden.notes_for_case(COUPLE_ID)] == [SOAP_ID, DAP_ID]


def test_the_goal_and_its_history(golden: Journal) -> None:
    assert golden.goals_for_case(COUPLE_ID) == [
        Goal(
            id=GOAL_ID,
            case_id=COUPLE_ID,
            text="Write down the agreement we both want",
            status=GoalStatus.IN_PROGRESS,
            created_at=at("2023-09-04T16:00:00"),
            updated_at=at("2023-09-18T16:00:00"),
            history=[
                GoalChange(
                    at("2023-09-04T16:00:00"),
                    GoalStatus.OPEN,
                    "Talk about what the agreement is for",
                ),
                GoalChange(
                    at("2023-09-18T16:00:00"),
                    GoalStatus.IN_PROGRESS,
                    "Write down the agreement we both want",
                ),
            ],
        )
    ]


def test_the_export_log_and_settings(golden: Journal) -> None:
    assert golden.export_log() == [
        ExportLogEntry(
            id=EXPORT_ID,
            case_id=COUPLE_ID,
            exported_at=at("2023-09-20T10:00:00"),
            kind="summary",
            format="md",
            sessions="1-2",
            content_sha256=hashlib.sha256(b"golden summary").hexdigest(),
        )
    ]
    assert golden.settings() == Settings(
        auto_lock_minutes=10,
        lock_on_minimise=True,
        privacy_mode_at_start=False,
        theme="dark",
        font_size=12,
        backups_keep=7,
        last_case_id=COUPLE_ID,
        last_note_id=DAP_ID,
    )


def test_search_over_the_golden_notes(golden: Journal) -> None:
    assert [h.note_id for h in golden.search("novelty")] == [SOAP_ID]
    assert [h.note_id for h in golden.search("drafts")] == [DAP_ID]
    assert [h.note_id for h in golden.search("plan unchanged")] == [SOAP_ID]  # the addendum


def test_a_current_version_can_keep_writing_to_it(golden_copy: Path) -> None:
    journal = Journal.open(golden_copy, KdfPolicy.testing())
    journal.unlock(PASSPHRASE)
    try:
        note = journal.get_note(DAP_ID)
        assert note is not None
        journal.save_note(replace(note, tags=["agreements", "follow-up"]))
        journal.add_addendum(SOAP_ID, "A second addendum, written by this version.")
        assert journal.verify().intact
    finally:
        journal.lock()
    journal.unlock_with_recovery_key(RECOVERY_KEY)
    try:
        assert len(journal.revisions(DAP_ID)) == 3
        soap = journal.get_note(SOAP_ID)
        assert soap is not None and len(soap.addenda) == 2
    finally:
        journal.lock()


def test_unlocking_migrates_it_to_the_head_revision_and_keeps_a_copy(golden_copy: Path) -> None:
    journal = Journal.open(golden_copy, KdfPolicy.testing())
    journal.unlock(PASSPHRASE)
    try:
        assert inspect_vault(golden_copy).schema_revision == KNOWN_REVISIONS[-1]
        # Revision 0002's table is there and empty; the rest reads as before.
        assert journal.prompt_customisations() == []
        assert len(journal.list_cases(include_deleted=True)) == 3
        assert journal.verify().intact
    finally:
        journal.lock()
    [copy] = (golden_copy.parent / "backups").glob("*-pre-migration.vault")
    assert inspect_vault(copy).schema_revision == "0001"


def test_format_1_becomes_format_3_with_a_manifest_at_the_first_unlock(
    golden_copy: Path,
) -> None:
    """Revision 0003 and the manifest land in the unlock's one migration transaction; the
    copy taken before stays format 1."""
    journal = Journal.open(golden_copy, KdfPolicy.testing())
    assert journal.header.format_version == 1
    journal.unlock(PASSPHRASE, daily_backup=False)
    try:
        assert journal.header.format_version == 3
        report = journal.verify()
        assert report.intact, report
        assert report.write_counter == 1  # the migration's own write
        note = journal.get_note(DAP_ID)
        assert note is not None
        journal.save_note(replace(note, tags=["agreements", "after-migration"]))
        report = journal.verify()
        assert report.intact and report.write_counter == 2
    finally:
        journal.lock()
    inspection = inspect_vault(golden_copy)
    assert (inspection.header.format_version, inspection.schema_revision) == (3, "0004")
    assert not inspection.needs_migration
    [copy] = (golden_copy.parent / "backups").glob("*-pre-migration.vault")
    before = inspect_vault(copy)
    assert (before.header.format_version, before.schema_revision) == (1, "0001")
    assert hashlib.sha256(GOLDEN.read_bytes()).hexdigest() == GOLDEN_SHA256


def test_a_passphrase_reset_on_the_old_format_keeps_the_upgrade(golden_copy: Path) -> None:
    # The reset unlocks with the recovery key, which migrates the vault to format 2; the new
    # header must say format 2 too, or the next open would migrate (and rebuild the
    # manifest) again.
    journal = Journal.open(golden_copy, KdfPolicy.testing())
    journal.reset_passphrase(
        RECOVERY_KEY, "A new golden passphrase: moss, kettle, 2041", check_strength=False
    )
    journal.lock()
    inspection = inspect_vault(golden_copy)
    assert inspection.header.format_version == 3
    assert not inspection.needs_migration
    again = Journal.open(golden_copy, KdfPolicy.testing())
    again.unlock("A new golden passphrase: moss, kettle, 2041")
    try:
        assert again.verify().intact
    finally:
        again.lock()
