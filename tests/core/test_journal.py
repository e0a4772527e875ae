"""casenotes.core.journal: the Journal facade's behaviour on cases, notes, revisions, signing,
goals, settings, the export log, search, locking, import and export.

Tampering, refusals and residue are in test_journal_tamper.py and test_journal_residue.py.
All content is fictional."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy.orm import Session

from casenotes.core.domain import (
    Case,
    CaseBundle,
    CaseStatus,
    ExportLogEntry,
    Goal,
    GoalStatus,
    Note,
    NoteTemplate,
    Settings,
    note_content_hash,
)
from casenotes.core.journal import CreatedVault, ImportConflictError, InvalidRecordError, Journal
from casenotes.core.search import SearchIndex, SearchIndexClosedError
from casenotes.core.store.database import make_engine
from casenotes.core.store.repositories import NoteRepository
from casenotes.core.store.sealing import FieldCipher
from casenotes.core.store.verify import DamagedRecord
from casenotes.core.vault.errors import (
    SignedNoteError,
    VaultError,
    VaultExistsError,
    VaultLockedError,
    WeakPassphraseError,
)
from casenotes.core.vault.header import unlock_with_passphrase
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.core.vault.recovery import parse_recovery_key

if TYPE_CHECKING:
    from tests.core.conftest import Filled


def _case(code: str, name: str = "Fictional client") -> Case:
    return Case(code=code, display_name=name)


def _note(case_id: str, body: str, day: int = 1) -> Note:
    return Note(case_id=case_id, session_date=date(2024, 5, day), sections={"body": body})


# ---- create and open --------------------------------------------------------------------------


def test_create_returns_an_unlocked_journal_and_a_recovery_key(
    created: CreatedVault, vault_path: Path
) -> None:
    assert created.journal.is_unlocked
    assert created.journal.path == vault_path
    assert vault_path.is_file()
    assert len(parse_recovery_key(created.recovery_key)) == 32
    assert created.journal.list_cases() == []
    assert created.journal.settings() == Settings()


def test_create_refuses_an_existing_file(
    vault_path: Path, policy: KdfPolicy, passphrase: str
) -> None:
    vault_path.parent.mkdir()
    vault_path.write_bytes(b"the user's own file")
    with pytest.raises(VaultExistsError):
        Journal.create(vault_path, passphrase, policy)
    assert vault_path.read_bytes() == b"the user's own file"


def test_create_refuses_a_weak_passphrase_and_leaves_nothing(
    vault_path: Path, policy: KdfPolicy
) -> None:
    with pytest.raises(WeakPassphraseError):
        Journal.create(vault_path, "password1", policy)
    assert not vault_path.parent.exists()


def test_create_removes_the_file_when_it_fails(
    vault_path: Path, policy: KdfPolicy, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(engine: object) -> None:
        raise RuntimeError("migration failed")

    monkeypatch.setattr("casenotes.core.journal.upgrade_to_head", broken)
    with pytest.raises(RuntimeError, match="migration failed"):
        Journal.create(vault_path, passphrase, policy)
    assert not vault_path.parent.exists()  # the folder it made is gone too


def test_create_keeps_a_folder_it_did_not_make(
    vault_path: Path, policy: KdfPolicy, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(engine: object) -> None:
        raise RuntimeError("migration failed")

    vault_path.parent.mkdir()
    monkeypatch.setattr("casenotes.core.journal.upgrade_to_head", broken)
    with pytest.raises(RuntimeError, match="migration failed"):
        Journal.create(vault_path, passphrase, policy)
    assert list(vault_path.parent.iterdir()) == []


def test_create_with_a_fixed_recovery_key(
    vault_path: Path, policy: KdfPolicy, passphrase: str
) -> None:
    key = bytes(range(0x40, 0x60))
    created = Journal.create(vault_path, passphrase, policy, recovery_key=key)
    created.journal.lock()
    assert parse_recovery_key(created.recovery_key) == key
    journal = Journal.open(vault_path, policy)
    journal.unlock_with_recovery_key(created.recovery_key)
    assert journal.is_unlocked
    journal.lock()


def test_open_returns_a_locked_journal_that_unlocks(
    journal: Journal, vault_path: Path, policy: KdfPolicy, passphrase: str
) -> None:
    case = journal.save_case(_case("A-01"))
    journal.lock()
    reopened = Journal.open(vault_path, policy)
    assert not reopened.is_unlocked
    assert reopened.header == journal.header
    reopened.unlock(passphrase)
    reopened.unlock(passphrase)  # a second unlock is harmless
    assert reopened.list_cases() == [case]
    reopened.lock()


# ---- cases ------------------------------------------------------------------------------------


def test_cases_are_saved_read_and_listed_by_code(journal: Journal) -> None:
    b = journal.save_case(_case("B-02"))
    a = journal.save_case(_case("A-01"))
    assert journal.list_cases() == [a, b]
    assert journal.get_case(a.id) == a
    assert journal.get_case("00000000-0000-4000-8000-000000000000") is None
    assert journal.case_count() == 2


def test_save_case_updates_in_place(journal: Journal) -> None:
    case = journal.save_case(_case("A-01"))
    changed = journal.save_case(replace(case, display_name="Renamed", status=CaseStatus.PAUSED))
    assert changed.updated_at >= case.updated_at
    assert journal.list_cases() == [changed]
    assert journal.case_count() == 1


def test_trash_restore_and_purge_case(journal: Journal) -> None:
    keep = journal.save_case(_case("A-01"))
    gone = journal.save_case(_case("B-02"))
    note = journal.save_note(_note(gone.id, "fictional session"))
    journal.save_goal(Goal(case_id=gone.id, text="a goal"))

    journal.trash_case(gone.id)
    assert [c.id for c in journal.list_cases()] == [keep.id]
    assert [c.id for c in journal.trashed_cases()] == [gone.id]
    assert {c.id for c in journal.list_cases(include_deleted=True)} == {keep.id, gone.id}

    journal.restore_case(gone.id)
    assert journal.trashed_cases() == []
    assert {c.id for c in journal.list_cases()} == {keep.id, gone.id}

    journal.trash_case(gone.id)
    journal.purge_case(gone.id, reason="Test: entered by mistake")
    assert journal.get_case(gone.id) is None
    assert journal.get_note(note.id) is None  # everything under the case goes with it
    assert journal.revisions(note.id) == []
    assert journal.goals_for_case(gone.id) == []
    assert journal.note_count() == 0
    assert journal.verify().intact


def test_trash_of_a_missing_case_is_an_error(journal: Journal) -> None:
    with pytest.raises(VaultError):
        journal.trash_case("00000000-0000-4000-8000-000000000000")


# ---- notes and revisions ------------------------------------------------------------------------


def test_notes_are_saved_read_and_listed_by_session_date(journal: Journal) -> None:
    case = journal.save_case(_case("A-01"))
    later = journal.save_note(_note(case.id, "later", day=20))
    earlier = journal.save_note(_note(case.id, "earlier", day=3))
    assert journal.notes_for_case(case.id) == [earlier, later]
    assert journal.get_note(later.id) == later
    assert journal.get_note("00000000-0000-4000-8000-000000000000") is None
    assert journal.note_count() == 2


def test_trash_restore_and_purge_note(journal: Journal) -> None:
    case = journal.save_case(_case("A-01"))
    note = journal.save_note(_note(case.id, "fictional session"))
    journal.trash_note(note.id)
    assert journal.notes_for_case(case.id) == []
    [trashed] = journal.notes_for_case(case.id, include_deleted=True)
    assert trashed.deleted_at is not None
    journal.restore_note(note.id)
    [restored] = journal.notes_for_case(case.id)
    assert restored.deleted_at is None
    assert restored.sections == note.sections
    with pytest.raises(VaultError, match="in the trash"):
        journal.purge_note(note.id)  # only from the trash
    journal.trash_note(note.id)
    journal.purge_note(note.id, reason="Test: entered by mistake")
    assert journal.get_note(note.id) is None
    assert journal.revisions(note.id) == []
    assert journal.note_count() == 0
    journal.trash_note(note.id)  # already gone: nothing happens
    journal.restore_note(note.id)


def test_each_distinct_saved_state_is_a_revision(journal: Journal) -> None:
    case = journal.save_case(_case("A-01"))
    note = journal.save_note(_note(case.id, "first draft"))
    assert len(journal.revisions(note.id)) == 1

    note = journal.save_note(note)  # identical re-save (an autosave with no change)
    assert len(journal.revisions(note.id)) == 1

    note = journal.save_note(replace(note, sections={"body": "second draft"}))
    note = journal.save_note(replace(note, tags=["agreements"]))
    note = journal.save_note(replace(note, goal_ids=["a-goal-id"]))  # the goals worked on too
    revisions = journal.revisions(note.id)
    assert [r.sections["body"] for r in revisions] == [
        "first draft",
        "second draft",
        "second draft",
        "second draft",
    ]
    assert revisions[-2].tags == ["agreements"]
    assert [r.goal_ids for r in revisions] == [[], [], [], ["a-goal-id"]]
    restored = journal.restore_revision(revisions[-2])
    assert restored.goal_ids == []
    assert [r.saved_at for r in revisions] == sorted(r.saved_at for r in revisions)
    assert all(r.note_id == note.id for r in revisions)


def test_restore_revision_brings_back_a_saved_state(journal: Journal) -> None:
    case = journal.save_case(_case("A-01"))
    note = journal.save_note(
        Note(
            case_id=case.id,
            session_date=date(2024, 5, 1),
            template=NoteTemplate.DAP,
            sections={"data": "first", "assessment": "a", "plan": "p"},
            tags=["one"],
            reflection={"need_met": "connection"},
            duration_minutes=50,
        )
    )
    journal.save_note(
        replace(
            note,
            sections={"body": "second"},
            tags=[],
            reflection={},
            session_date=date(2024, 5, 2),
            duration_minutes=80,
            template=NoteTemplate.FREE,
        )
    )
    first = journal.revisions(note.id)[0]

    restored = journal.restore_revision(first)
    assert restored.sections == {"data": "first", "assessment": "a", "plan": "p"}
    assert restored.tags == ["one"]
    # The reflection is the process notes', not part of the note's history: it stays as is.
    assert restored.reflection == {}
    assert restored.session_date == date(2024, 5, 1)
    assert restored.duration_minutes == 50
    assert restored.template is NoteTemplate.DAP
    assert journal.get_note(note.id) == restored
    assert len(journal.revisions(note.id)) == 3  # restoring is itself a saved state


# ---- signing and addenda ------------------------------------------------------------------------


def test_signing_locks_a_note(journal: Journal) -> None:
    case = journal.save_case(_case("A-01"))
    note = journal.save_note(_note(case.id, "signed content"))
    signed = journal.sign_note(note.id)
    assert signed.is_signed
    assert signed.content_hash == note_content_hash(note)
    assert journal.get_note(note.id) == signed
    assert journal.sign_note(note.id) == signed  # signing again changes nothing

    with pytest.raises(SignedNoteError):
        journal.save_note(replace(signed, sections={"body": "edited after signing"}))
    with pytest.raises(SignedNoteError):
        journal.save_note(signed)
    assert journal.get_note(note.id) == signed
    assert len(journal.revisions(note.id)) == 1
    assert journal.verify().intact


def test_sign_of_a_missing_note_is_an_error(journal: Journal) -> None:
    with pytest.raises(VaultError):
        journal.sign_note("00000000-0000-4000-8000-000000000000")


def test_addenda_only_on_signed_notes(journal: Journal) -> None:
    case = journal.save_case(_case("A-01"))
    note = journal.save_note(_note(case.id, "draft"))
    with pytest.raises(VaultError, match="signed"):
        journal.add_addendum(note.id, "too early")
    with pytest.raises(VaultError):
        journal.add_addendum("00000000-0000-4000-8000-000000000000", "no such note")

    journal.sign_note(note.id)
    first = journal.add_addendum(note.id, "first addendum")
    second = journal.add_addendum(note.id, "second addendum")
    stored = journal.get_note(note.id)
    assert stored is not None
    assert stored.addenda == [first, second]
    assert journal.notes_for_case(case.id)[0].addenda == [first, second]
    assert journal.verify().intact  # addenda are not part of the signed content


def test_verify_reports_a_signed_note_whose_content_was_resealed(
    filled: Filled, journal: Journal, vault_path: Path, passphrase: str, policy: KdfPolicy
) -> None:
    # Someone holding the keys rewrites a signed note's sections through the repository:
    # every envelope authenticates, but the content no longer matches its signature hash.
    keys = unlock_with_passphrase(journal.header, passphrase, policy)
    engine = make_engine(vault_path)
    try:
        repository = NoteRepository(FieldCipher(keys))
        with Session(engine) as session, session.begin():
            stored = repository.get(session, filled.soap.id)
            assert stored is not None and stored.is_signed
            repository.save(session, replace(stored, sections={"subjective": "rewritten"}))
    finally:
        engine.dispose()
    report = journal.verify()
    assert report.damaged == [
        DamagedRecord("notes", filled.soap.id, "signed content does not match its signature hash")
    ]
    assert not report.integrity


def test_verify_of_a_filled_vault_is_intact(filled: Filled, journal: Journal) -> None:
    report = journal.verify()
    assert report.intact
    # 2 cases, 3 notes, 4 revisions, 1 addendum, 1 goal, 1 export, 1 settings row,
    # 1 prompt customisation, the signed note's process notes, 1 destruction-log entry
    assert report.records_checked == 16


# ---- goals --------------------------------------------------------------------------------------


def test_goal_history_grows_on_status_or_text_change(journal: Journal) -> None:
    case = journal.save_case(_case("A-01"))
    goal = journal.save_goal(Goal(case_id=case.id, text="Say what the agreement protects"))
    assert [(c.status, c.text) for c in goal.history] == [
        (GoalStatus.OPEN, "Say what the agreement protects")
    ]

    goal = journal.save_goal(goal)  # nothing changed
    assert len(goal.history) == 1
    goal = journal.save_goal(replace(goal, status=GoalStatus.IN_PROGRESS))
    goal = journal.save_goal(replace(goal, text="Write the agreement down"))
    goal = journal.save_goal(replace(goal, status=GoalStatus.MET))
    assert [(c.status, c.text) for c in goal.history] == [
        (GoalStatus.OPEN, "Say what the agreement protects"),
        (GoalStatus.IN_PROGRESS, "Say what the agreement protects"),
        (GoalStatus.IN_PROGRESS, "Write the agreement down"),
        (GoalStatus.MET, "Write the agreement down"),
    ]
    assert journal.goals_for_case(case.id) == [goal]


def test_goals_are_listed_by_creation_and_deleted(journal: Journal) -> None:
    case = journal.save_case(_case("A-01"))
    start = datetime(2024, 1, 1, tzinfo=UTC)
    second = journal.save_goal(
        Goal(case_id=case.id, text="second", created_at=start + timedelta(days=1))
    )
    first = journal.save_goal(Goal(case_id=case.id, text="first", created_at=start))
    assert journal.goals_for_case(case.id) == [first, second]
    journal.delete_goal(first.id, reason="Test: entered by mistake")
    assert journal.goals_for_case(case.id) == [second]


# ---- settings and export log --------------------------------------------------------------------


def test_settings_round_trip(journal: Journal) -> None:
    assert journal.settings() == Settings()
    settings = Settings(
        auto_lock_minutes=15,
        lock_on_minimise=True,
        privacy_mode_at_start=True,
        theme="dark",
        font_size=13,
        backups_keep=3,
        last_case_id="11111111-1111-4111-8111-111111111111",
        last_note_id="22222222-2222-4222-8222-222222222222",
    )
    journal.save_settings(settings)
    journal.save_settings(settings)
    assert journal.settings() == settings


def test_export_log_round_trip(journal: Journal) -> None:
    later = ExportLogEntry(
        case_id=None,
        exported_at=datetime(2024, 6, 2, tzinfo=UTC),
        kind="interchange",
        format="json",
    )
    earlier = ExportLogEntry(
        case_id="11111111-1111-4111-8111-111111111111",
        exported_at=datetime(2024, 6, 1, 9, 30, tzinfo=UTC),
        kind="summary",
        format="md",
        sessions="3-5",
        content_sha256="ab" * 32,
    )
    journal.log_export(later)
    journal.log_export(earlier)
    assert journal.export_log() == [earlier, later]


# ---- search -------------------------------------------------------------------------------------


def test_search_finds_a_saved_note_and_follows_saves(journal: Journal) -> None:
    case = journal.save_case(_case("A-01"))
    note = journal.save_note(_note(case.id, "We talked about the harbour walk."))
    [hit] = journal.search("harbour")
    assert (hit.note_id, hit.case_id, hit.case_code) == (note.id, case.id, "A-01")
    assert "[harbour]" in hit.snippet

    note = journal.save_note(replace(note, sections={"body": "Now about the orchard instead."}))
    assert journal.search("harbour") == []
    assert [h.note_id for h in journal.search("orchard")] == [note.id]

    other = journal.save_note(_note(case.id, "A second orchard visit.", day=9))
    assert {h.note_id for h in journal.search("orchard")} == {note.id, other.id}
    assert journal.search("orchard", case_id="00000000-0000-4000-8000-000000000000") == []

    journal.trash_note(note.id)
    assert [h.note_id for h in journal.search("orchard")] == [other.id]
    journal.restore_note(note.id)
    assert {h.note_id for h in journal.search("orchard")} == {note.id, other.id}
    journal.trash_note(note.id)
    journal.purge_note(note.id, reason="Test: entered by mistake")
    assert [h.note_id for h in journal.search("orchard")] == [other.id]


def test_search_follows_cases_and_addenda(journal: Journal) -> None:
    case = journal.save_case(_case("A-01"))
    note = journal.save_note(_note(case.id, "A session about boundaries."))
    other_note = journal.save_note(_note(case.id, "A draft about a cormorant.", day=9))
    assert [h.case_code for h in journal.search("boundaries")] == ["A-01"]

    journal.save_case(replace(case, code="A-99"))
    assert [h.case_code for h in journal.search("boundaries")] == ["A-99"]

    journal.trash_case(case.id)
    assert journal.search("boundaries") == []
    journal.restore_case(case.id)
    assert [h.note_id for h in journal.search("boundaries")] == [note.id]

    journal.sign_note(note.id)
    journal.add_addendum(note.id, "Addendum about a lighthouse.")
    assert [h.note_id for h in journal.search("lighthouse")] == [note.id]
    journal.trash_note(note.id)
    journal.restore_note(note.id)  # a restored note comes back with its addenda
    assert [h.note_id for h in journal.search("lighthouse")] == [note.id]

    journal.trash_case(case.id)
    journal.save_note(replace(journal.get_note(other_note.id) or other_note))
    assert journal.search("cormorant") == []  # a save does not bring back a trashed case
    journal.purge_case(case.id, reason="Test: entered by mistake")
    assert journal.search("boundaries") == []


def test_search_builds_its_index_on_first_use(filled: Filled, journal: Journal) -> None:
    assert [h.note_id for h in journal.search("screening")] == [filled.solo_note.id]
    assert len(journal.build_index()) == 3


# ---- lock ---------------------------------------------------------------------------------------


def test_lock_drops_the_index_and_refuses_every_operation(filled: Filled, journal: Journal) -> None:
    index = journal.build_index()
    journal.lock()
    assert not journal.is_unlocked
    assert journal.damaged == []
    with pytest.raises(SearchIndexClosedError):
        index.search("agreement")

    case, note = filled.couple, filled.soap
    operations: list[Callable[[], object]] = [
        journal.list_cases,
        journal.trashed_cases,
        lambda: journal.get_case(case.id),
        lambda: journal.save_case(case),
        lambda: journal.trash_case(case.id),
        lambda: journal.restore_case(case.id),
        lambda: journal.purge_case(case.id, reason="Test: entered by mistake"),
        lambda: journal.notes_for_case(case.id),
        lambda: journal.get_note(note.id),
        lambda: journal.save_note(filled.dap),
        lambda: journal.sign_note(filled.dap.id),
        lambda: journal.add_addendum(note.id, "text"),
        lambda: journal.trash_note(note.id),
        lambda: journal.restore_note(note.id),
        lambda: journal.purge_note(note.id, reason="Test: entered by mistake"),
        lambda: journal.revisions(note.id),
        lambda: journal.goals_for_case(case.id),
        lambda: journal.save_goal(filled.goal),
        lambda: journal.delete_goal(filled.goal.id, reason="Test: entered by mistake"),
        lambda: journal.log_export(filled.export),
        journal.export_log,
        journal.settings,
        lambda: journal.save_settings(Settings()),
        journal.build_index,
        lambda: journal.search("agreement"),
        journal.all_notes,
        journal.export_bundles,
        lambda: journal.import_bundles([]),
        journal.verify,
        journal.note_count,
        journal.case_count,
        lambda: journal.change_passphrase("Quartz meadow 71 lantern gravel"),
    ]
    for operation in operations:
        with pytest.raises(VaultLockedError):
            operation()
    journal.lock()  # locking twice is harmless


def test_lock_then_unlock_again(filled: Filled, journal: Journal, passphrase: str) -> None:
    journal.lock()
    journal.unlock(passphrase)
    assert [c.code for c in journal.list_cases()] == ["CPL-07", "SW-12"]
    assert [h.note_id for h in journal.search("screening")] == [filled.solo_note.id]


# ---- import and export --------------------------------------------------------------------------


def test_import_refuses_a_clash_of_codes_and_writes_nothing(
    filled: Filled, journal: Journal
) -> None:
    fresh_case = _case("NEW-01")
    new = CaseBundle(case=fresh_case, notes=[_note(fresh_case.id, "should not be written")])
    clash = CaseBundle(case=_case("SW-12"))
    before = journal.export_bundles()
    with pytest.raises(ImportConflictError, match=r"cases\[1\]\.code"):
        journal.import_bundles([new, clash])
    assert journal.export_bundles() == before
    assert journal.get_case(new.case.id) is None
    assert journal.note_count() == 3


def test_streamed_export_reads_many_cases_as_the_whole_vault_read_does(journal: Journal) -> None:
    """iter_export_bundles reads cases a group at a time: more cases than a group, with
    goals, addenda, revisions and process notes, give the bundles export_bundles gives, in
    the same order (notes, goals, addenda and revisions within each case included)."""
    from casenotes.core.demo import generate_demo

    journal.import_bundles(generate_demo(cases=130, notes=400, seed=3))
    streamed = list(journal.iter_export_bundles())
    whole = journal.export_bundles()
    assert len(streamed) == 130
    assert sum(len(b.revisions) for b in streamed) > 0
    assert sum(len(n.addenda) for b in streamed for n in b.notes) > 0
    assert sum(len(b.process_notes) for b in streamed) > 0
    assert streamed == whole


def test_export_then_import_into_a_fresh_vault_is_lossless(
    filled: Filled,
    journal: Journal,
    tmp_path: Path,
    make_journal: Callable[[Path], CreatedVault],
) -> None:
    journal.trash_case(filled.solo.id)  # trashed cases travel too
    journal.trash_note(filled.dap.id)
    exported = journal.export_bundles()
    assert [b.case.code for b in exported] == ["CPL-07", "SW-12"]

    fresh = make_journal(tmp_path / "other" / "fresh.vault").journal
    assert fresh.import_bundles(exported) == 2
    imported = fresh.export_bundles()

    assert len(imported) == len(exported)
    for mine, theirs in zip(exported, imported, strict=True):
        for field in dataclasses.fields(CaseBundle):
            assert getattr(theirs, field.name) == getattr(mine, field.name), field.name
        for note_a, note_b in zip(mine.notes, theirs.notes, strict=True):
            for field in dataclasses.fields(Note):
                assert getattr(note_b, field.name) == getattr(note_a, field.name), field.name
    assert imported == exported
    assert fresh.verify().intact  # signed notes still match their hashes
    assert fresh.get_note(filled.soap.id) == journal.get_note(filled.soap.id)
    assert [h.note_id for h in fresh.search("novelty")] == [filled.soap.id]


# ---- rules the vault keeps so that everything it holds can be exported ---------------------


def test_case_codes_are_unique_across_the_vault_and_the_trash(journal: Journal) -> None:
    first = journal.save_case(_case("A-01"))
    with pytest.raises(InvalidRecordError, match="A-01"):
        journal.save_case(_case("A-01"))
    journal.trash_case(first.id)
    with pytest.raises(InvalidRecordError):
        journal.save_case(_case("A-01"))
    with pytest.raises(InvalidRecordError):
        journal.save_case(_case("   "))
    assert journal.save_case(replace(first, display_name="Renamed")).code == "A-01"


@pytest.mark.parametrize(
    "change",
    [
        {"sections": {"subjective": "belongs to SOAP, not free"}},
        {"duration_minutes": 2000},
        {"duration_minutes": -1},
        {"reflection": {"scale": float("nan")}},
        {"reflection": {"nested": [float("inf")]}},
    ],
)
def test_a_note_the_export_could_not_carry_is_refused(
    journal: Journal, change: dict[str, object]
) -> None:
    case = journal.save_case(_case("A-01"))
    with pytest.raises(InvalidRecordError):
        journal.save_note(replace(_note(case.id, "draft"), **change))  # type: ignore[arg-type]
    assert journal.note_count() == 0


def test_a_stale_editor_copy_does_not_take_a_note_out_of_the_trash(journal: Journal) -> None:
    case = journal.save_case(_case("A-01"))
    editor_copy = journal.save_note(_note(case.id, "draft"))
    journal.trash_note(editor_copy.id)
    saved = journal.save_note(replace(editor_copy, sections={"body": "typed later"}))
    assert saved.deleted_at is not None
    assert saved.created_at == editor_copy.created_at
    assert journal.notes_for_case(case.id) == []
    assert journal.search("typed") == []


def test_an_index_built_while_the_vault_locks_is_closed(
    filled: Filled, journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_stream = journal._index_batches
    built: list[SearchIndex] = []
    real_init = SearchIndex.__init__

    def remember(self: SearchIndex, **kwargs: Any) -> None:
        real_init(self, **kwargs)
        built.append(self)

    def lock_midway(*args: object) -> Iterator[Any]:
        yield from real_stream(*args)  # type: ignore[arg-type]
        journal.lock()  # the idle timer fires while a worker builds the index

    monkeypatch.setattr(SearchIndex, "__init__", remember)
    monkeypatch.setattr(journal, "_index_batches", lock_midway)
    with pytest.raises(VaultLockedError):
        journal.build_index()
    with pytest.raises(SearchIndexClosedError):
        built[-1].search("screening")


def test_notes_and_cases_changed_during_a_rebuild_reach_the_new_index(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = journal.save_case(_case("A-01"))
    other = journal.save_case(_case("B-02"))
    journal.save_note(_note(other.id, "A session about a heron."))
    real_stream = journal._index_batches

    def others_write_meanwhile(*args: object) -> Iterator[Any]:
        yield from real_stream(*args)  # type: ignore[arg-type]
        # While the worker's rebuild has read everything, the window saves and renames.
        journal.save_note(_note(case.id, "Written during the rebuild: kingfisher."))
        journal.save_case(replace(journal.get_case(other.id) or other, code="B-99"))

    monkeypatch.setattr(journal, "_index_batches", others_write_meanwhile)
    journal.build_index()
    monkeypatch.undo()
    assert [h.case_code for h in journal.search("kingfisher")] == ["A-01"]
    assert [h.case_code for h in journal.search("heron")] == ["B-99"]


def test_all_goals_reads_every_case_s_goals(journal: Journal) -> None:
    first = journal.save_case(Case(code="G-1", display_name="One"))
    second = journal.save_case(Case(code="G-2", display_name="Two"))
    a = journal.save_goal(Goal(case_id=first.id, text="Rest two days a week"))
    b = journal.save_goal(Goal(case_id=second.id, text="Name one boundary"))
    assert [(g.id, g.text) for g in journal.all_goals()] == [(a.id, a.text), (b.id, b.text)]
