"""Someone with write access to the vault file, but no key: altered, swapped and moved fields,
altered key slots and headers, wrong passphrases and recovery keys.

Each test edits a private copy of the session's template vault (see conftest) with plain
sqlite3 while the vault is locked, then opens it through the Journal. A tampered field must
fail for that record only; a refusal must leave every file byte-identical."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from casenotes.core.domain import Case, Settings
from casenotes.core.journal import CreatedVault, Journal
from casenotes.core.store.verify import DamagedRecord
from casenotes.core.vault.errors import (
    BadRecoveryKeyError,
    KdfParametersRefusedError,
    NotAVaultError,
    TamperedRecordError,
    UnsupportedVersionError,
    WrongPassphraseError,
)
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.core.vault.recovery import format_recovery_key

if TYPE_CHECKING:
    from tests.core.conftest import RawVault, Template

Digest = Callable[[Path], dict[str, str]]


@pytest.fixture
def opened(vault_copy: Path, policy: KdfPolicy, passphrase: str) -> Iterator[Callable[[], Journal]]:
    """Open and unlock the (tampered) copy; locked again at the end of the test."""
    journals: list[Journal] = []

    def open_() -> Journal:
        journal = Journal.open(vault_copy, policy)
        journal.unlock(passphrase)
        journals.append(journal)
        return journal

    yield open_
    for journal in journals:
        journal.lock()


def inventory(journal: Journal, template: Template) -> set[tuple[str, str]]:
    """Every (table, id) the journal's own listings can read from the template's content."""
    filled = template.filled
    case_ids = [filled.couple.id, filled.solo.id]
    found: set[tuple[str, str]] = set()
    found |= {("cases", c.id) for c in journal.list_cases(include_deleted=True)}
    for case_id in case_ids:
        for note in journal.notes_for_case(case_id, include_deleted=True):
            found.add(("notes", note.id))
            found |= {("addenda", a.id) for a in note.addenda}
        found |= {("goals", g.id) for g in journal.goals_for_case(case_id)}
        found |= {("process_notes", p.id) for p in journal.process_notes_for_case(case_id).values()}
    for note_id in template.ids["notes"]:
        found |= {("note_revisions", r.id) for r in journal.revisions(note_id)}
    found |= {("export_log", e.id) for e in journal.export_log()}
    found |= {("destruction_log", e.id) for e in journal.destruction_log()}
    found |= {("prompt_customisations", c.id) for c in journal.prompt_customisations()}
    journal.settings()  # (the daily backup at unlock may have read them already)
    if not any(e.table == "settings" for e in journal.damaged):
        found.add(("settings", template.ids["settings"][0]))
    return found


def everything(template: Template) -> set[tuple[str, str]]:
    return {(table, row_id) for table, ids in template.ids.items() for row_id in ids}


def target_row(template: Template, table: str) -> str:
    """The row to tamper with in each table: the unsigned DAP note for ``notes`` (so its
    addenda-free row leaves the signed note's addendum reachable), else the first row
    belonging to the couple's case where there is a choice."""
    filled = template.filled
    return {
        "cases": filled.couple.id,
        "notes": filled.dap.id,
        "note_revisions": template.ids["note_revisions"][0],
        "addenda": filled.soap.addenda[0].id,
        "goals": filled.goal.id,
        "export_log": filled.export.id,
        "settings": template.ids["settings"][0],
        "prompt_customisations": template.ids["prompt_customisations"][0],
        "process_notes": template.ids["process_notes"][0],
        "destruction_log": template.ids["destruction_log"][0],
    }[table]


ENC_COLUMNS = [
    ("cases", "code_enc"),
    ("cases", "profile_enc"),
    ("notes", "meta_enc"),
    ("notes", "sections_enc"),
    ("notes", "reflection_enc"),
    ("note_revisions", "revision_enc"),
    ("addenda", "addendum_enc"),
    ("goals", "goal_enc"),
    ("export_log", "entry_enc"),
    ("settings", "settings_enc"),
    ("prompt_customisations", "customisation_enc"),
    ("process_notes", "process_enc"),
    ("destruction_log", "entry_enc"),
]

# The version byte, inside the nonce, the first and a later ciphertext byte, inside the tag.
POSITIONS = {
    "version": 0,
    "nonce": 6,
    "body-first": 13,
    "body": 40,
    "tag-first": -16,
    "tag-last": -1,
}


def test_enc_columns_cover_the_schema(template: Template) -> None:
    from casenotes.core.store.records import ENCRYPTED_TABLES

    expected = sorted(
        (table, column.key)
        for table, record in ENCRYPTED_TABLES.items()
        for column in record.__table__.columns
        if column.key.endswith("_enc")
    )
    assert sorted(ENC_COLUMNS) == expected


# ---- one flipped byte in one field ------------------------------------------------------------


@pytest.mark.parametrize("position", POSITIONS.values(), ids=POSITIONS.keys())
@pytest.mark.parametrize(("table", "column"), ENC_COLUMNS, ids=[f"{t}.{c}" for t, c in ENC_COLUMNS])
def test_a_flipped_byte_damages_that_record_only(
    table: str,
    column: str,
    position: int,
    template: Template,
    raw_vault: RawVault,
    opened: Callable[[], Journal],
) -> None:
    row_id = target_row(template, table)
    raw_vault.flip(table, column, row_id, position)
    journal = opened()

    report = journal.verify()
    assert report.damaged == [DamagedRecord(table, row_id, f"{column} failed authentication")]
    assert report.integrity == []

    assert inventory(journal, template) == everything(template) - {(table, row_id)}
    if table == "settings":  # damaged settings fall back to the defaults
        assert journal.settings() == Settings()
    assert [(e.table, e.row_id, e.column) for e in journal.damaged] == [(table, row_id, column)]
    # Search over the rest still works.
    assert [h.note_id for h in journal.search("screening")] == [template.filled.solo_note.id]


def test_a_flipped_byte_in_the_signed_note(
    template: Template, raw_vault: RawVault, opened: Callable[[], Journal]
) -> None:
    soap = template.filled.soap
    raw_vault.flip("notes", "sections_enc", soap.id, 20)
    journal = opened()
    assert journal.verify().damaged == [
        DamagedRecord("notes", soap.id, "sections_enc failed authentication")
    ]
    with pytest.raises(TamperedRecordError) as caught:
        journal.get_note(soap.id)
    assert (caught.value.table, caught.value.row_id) == ("notes", soap.id)
    assert soap.id not in {n.id for n in journal.all_notes()}
    assert [(e.table, e.row_id) for e in journal.damaged] == [("notes", soap.id)]
    assert journal.search("novelty") == []
    assert len(journal.revisions(soap.id)) == 1  # its revisions are still readable


def test_a_tampered_case_does_not_hide_its_notes(
    template: Template, raw_vault: RawVault, opened: Callable[[], Journal]
) -> None:
    couple = template.filled.couple
    raw_vault.flip("cases", "profile_enc", couple.id, 30)
    journal = opened()
    with pytest.raises(TamperedRecordError):
        journal.get_case(couple.id)
    assert [c.code for c in journal.list_cases()] == ["SW-12"]
    assert len(journal.notes_for_case(couple.id)) == 2
    assert len(journal.goals_for_case(couple.id)) == 1


def test_a_truncated_or_emptied_field_is_damage(
    template: Template, raw_vault: RawVault, opened: Callable[[], Journal]
) -> None:
    filled = template.filled
    raw_vault.set(
        "notes",
        "sections_enc",
        filled.dap.id,
        raw_vault.get("notes", "sections_enc", filled.dap.id)[:-64],
    )
    raw_vault.set("goals", "goal_enc", filled.goal.id, b"")
    raw_vault.set("cases", "code_enc", filled.solo.id, "text, not a blob")
    journal = opened()
    assert set(journal.verify().damaged) == {
        DamagedRecord("notes", filled.dap.id, "sections_enc failed authentication"),
        DamagedRecord("goals", filled.goal.id, "goal_enc failed authentication"),
        DamagedRecord("cases", filled.solo.id, "code_enc holds TEXT, not a BLOB envelope"),
    }
    assert inventory(journal, template) == everything(template) - {
        ("notes", filled.dap.id),
        ("goals", filled.goal.id),
        ("cases", filled.solo.id),
    }


# ---- ciphertexts moved between rows, columns and vaults ---------------------------------------


def test_sections_swapped_between_two_notes(
    template: Template, raw_vault: RawVault, opened: Callable[[], Journal]
) -> None:
    a, b = template.filled.dap.id, template.filled.solo_note.id
    blob_a = raw_vault.get("notes", "sections_enc", a)
    blob_b = raw_vault.get("notes", "sections_enc", b)
    raw_vault.execute(
        ("UPDATE notes SET sections_enc = ? WHERE id = ?", (blob_b, a)),
        ("UPDATE notes SET sections_enc = ? WHERE id = ?", (blob_a, b)),
    )
    journal = opened()
    assert set(journal.verify().damaged) == {
        DamagedRecord("notes", a, "sections_enc failed authentication"),
        DamagedRecord("notes", b, "sections_enc failed authentication"),
    }
    assert inventory(journal, template) == everything(template) - {("notes", a), ("notes", b)}


def test_meta_and_sections_swapped_within_a_note(
    template: Template, raw_vault: RawVault, opened: Callable[[], Journal]
) -> None:
    note_id = template.filled.dap.id
    meta = raw_vault.get("notes", "meta_enc", note_id)
    sections = raw_vault.get("notes", "sections_enc", note_id)
    raw_vault.execute(
        ("UPDATE notes SET meta_enc = ?, sections_enc = ? WHERE id = ?", (sections, meta, note_id)),
    )
    journal = opened()
    assert [(d.table, d.row_id) for d in journal.verify().damaged] == [("notes", note_id)]
    assert inventory(journal, template) == everything(template) - {("notes", note_id)}


def test_a_field_copied_from_another_vault(
    template: Template,
    raw_vault: RawVault,
    opened: Callable[[], Journal],
    tmp_path: Path,
    make_journal: Callable[[Path], CreatedVault],
    raw_of: Callable[[Path], RawVault],
) -> None:
    couple = template.filled.couple
    other_path = tmp_path / "other" / "other.vault"
    other = make_journal(other_path).journal
    # Same row id, same table and column, another vault (and so another vault_id and key).
    other.save_case(Case(id=couple.id, code=couple.code, display_name="Someone else"))
    other.lock()
    foreign = raw_of(other_path).get("cases", "profile_enc", couple.id)
    raw_vault.set("cases", "profile_enc", couple.id, foreign)
    journal = opened()
    assert journal.verify().damaged == [
        DamagedRecord("cases", couple.id, "profile_enc failed authentication")
    ]
    assert inventory(journal, template) == everything(template) - {("cases", couple.id)}


def test_a_note_moved_to_another_case(
    template: Template, raw_vault: RawVault, opened: Callable[[], Journal]
) -> None:
    filled = template.filled
    raw_vault.set("notes", "case_id", filled.dap.id, filled.solo.id)
    journal = opened()
    report = journal.verify()
    assert report.integrity == []  # the foreign key itself is valid
    assert report.damaged == [
        DamagedRecord("notes", filled.dap.id, "meta_enc failed authentication")
    ]
    assert [n.id for n in journal.notes_for_case(filled.solo.id)] == [filled.solo_note.id]
    assert filled.dap.id not in {n.id for n in journal.notes_for_case(filled.couple.id)}
    assert [(e.table, e.row_id) for e in journal.damaged] == [("notes", filled.dap.id)]


def test_a_revision_moved_to_another_note(
    template: Template, raw_vault: RawVault, opened: Callable[[], Journal]
) -> None:
    filled = template.filled
    [revision_id] = [
        r[0]
        for r in raw_vault.query(
            "SELECT id FROM note_revisions WHERE note_id = ?", (filled.solo_note.id,)
        )
    ]
    raw_vault.set("note_revisions", "note_id", revision_id, filled.dap.id)
    journal = opened()
    assert journal.verify().damaged == [
        DamagedRecord("note_revisions", str(revision_id), "revision_enc failed authentication")
    ]
    assert len(journal.revisions(filled.dap.id)) == 2


# ---- the key slots ----------------------------------------------------------------------------


@pytest.mark.parametrize("position", [0, 11, 12, 30, 43, 44, 59])
def test_a_flipped_passphrase_slot_fails_only_the_passphrase(
    position: int,
    template: Template,
    raw_vault: RawVault,
    vault_copy: Path,
    policy: KdfPolicy,
    passphrase: str,
) -> None:
    raw_vault.flip_header("passphrase_slot", position)
    journal = Journal.open(vault_copy, policy)
    with pytest.raises(WrongPassphraseError, match="does not open this vault"):
        journal.unlock(passphrase)
    journal.unlock_with_recovery_key(template.recovery_key)
    assert journal.verify().intact
    journal.lock()


@pytest.mark.parametrize("position", [0, 11, 12, 30, 43, 44, 59])
def test_a_flipped_recovery_slot_fails_only_the_recovery_key(
    position: int,
    template: Template,
    raw_vault: RawVault,
    vault_copy: Path,
    policy: KdfPolicy,
    passphrase: str,
) -> None:
    raw_vault.flip_header("recovery_slot", position)
    journal = Journal.open(vault_copy, policy)
    with pytest.raises(BadRecoveryKeyError, match="does not belong to this vault"):
        journal.unlock_with_recovery_key(template.recovery_key)
    journal.unlock(passphrase)
    # Format 2: the manifest holds a hash of the recovery slot, so verify names it.
    report = journal.verify()
    assert not report.damaged and not report.integrity
    assert len(report.manifest) == 1 and "recovery slot" in report.manifest[0]
    journal.lock()


def test_slots_swapped_open_nothing(
    template: Template, raw_vault: RawVault, vault_copy: Path, policy: KdfPolicy, passphrase: str
) -> None:
    pslot, rslot = raw_vault.header("passphrase_slot"), raw_vault.header("recovery_slot")
    raw_vault.execute(
        ("UPDATE vault_header SET passphrase_slot = ?, recovery_slot = ?", (rslot, pslot))
    )
    journal = Journal.open(vault_copy, policy)
    with pytest.raises(WrongPassphraseError):
        journal.unlock(passphrase)
    with pytest.raises(BadRecoveryKeyError):
        journal.unlock_with_recovery_key(template.recovery_key)


def test_a_slot_copied_from_another_vault_does_not_open(
    raw_vault: RawVault,
    vault_copy: Path,
    policy: KdfPolicy,
    passphrase: str,
    tmp_path: Path,
    make_journal: Callable[[Path], CreatedVault],
    raw_of: Callable[[Path], RawVault],
) -> None:
    other_path = tmp_path / "other" / "other.vault"
    make_journal(other_path).journal.lock()
    other = raw_of(other_path)
    # The other vault's slot, salt and parameters together: the passphrase is the same, but
    # the slot's AAD names the other vault_id.
    raw_vault.execute(
        (
            "UPDATE vault_header SET passphrase_slot = ?, kdf_salt = ?",
            (other.header("passphrase_slot"), other.header("kdf_salt")),
        )
    )
    journal = Journal.open(vault_copy, policy)
    with pytest.raises(WrongPassphraseError):
        journal.unlock(passphrase)


# ---- refusals leave every file byte-identical -------------------------------------------------


def _refused_unchanged(
    vault: Path,
    digest: Digest,
    attempt: Callable[[], object],
    error: type[Exception],
    match: str | None = None,
) -> None:
    before = digest(vault.parent)
    with pytest.raises(error, match=match):
        attempt()
    assert digest(vault.parent) == before


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("kdf_memory_kib", 65535),  # below the 64 MiB floor
        ("kdf_iterations", 1),  # below the floor of 2 passes
        ("kdf_memory_kib", 4 * 1024 * 1024 + 1),  # above the ceiling
        ("kdf_iterations", 21),
        ("kdf_lanes", 17),
    ],
)
def test_kdf_parameters_outside_the_standard_bounds_are_refused(
    column: str,
    value: int,
    raw_vault: RawVault,
    vault_copy: Path,
    digest: Digest,
) -> None:
    # Start from the standard defaults, so only the one edited value is out of bounds.
    raw_vault.execute(
        (
            "UPDATE vault_header SET kdf_memory_kib = 262144, kdf_iterations = 3, kdf_lanes = 4",
            (),
        )
    )
    raw_vault.set_header(column, value)
    _refused_unchanged(
        vault_copy, digest, lambda: Journal.open(vault_copy), KdfParametersRefusedError
    )


def test_the_test_vaults_own_parameters_are_refused_by_the_standard_policy(
    vault_copy: Path,
    digest: Digest,
) -> None:
    _refused_unchanged(
        vault_copy,
        digest,
        lambda: Journal.open(vault_copy, KdfPolicy.standard()),
        KdfParametersRefusedError,
        match="weaker",
    )


@pytest.mark.parametrize(
    ("column", "value"), [("kdf_iterations", 2), ("kdf_memory_kib", 128), ("kdf_lanes", 2)]
)
def test_edited_kdf_parameters_make_the_passphrase_fail(
    column: str,
    value: int,
    template: Template,
    raw_vault: RawVault,
    vault_copy: Path,
    policy: KdfPolicy,
    passphrase: str,
    digest: Digest,
) -> None:
    raw_vault.set_header(column, value)
    before = digest(vault_copy.parent)
    journal = Journal.open(vault_copy, policy)
    with pytest.raises(WrongPassphraseError):
        journal.unlock(passphrase)
    assert digest(vault_copy.parent) == before
    # The parameters are not part of the recovery slot: the recovery key still opens it.
    journal.unlock_with_recovery_key(template.recovery_key)
    journal.lock()


def test_a_newer_format_version_is_refused(
    raw_vault: RawVault, vault_copy: Path, policy: KdfPolicy, digest: Digest
) -> None:
    raw_vault.set_header("format_version", 4)
    _refused_unchanged(
        vault_copy,
        digest,
        lambda: Journal.open(vault_copy, policy),
        UnsupportedVersionError,
        match="newer version",
    )


def test_an_unknown_schema_revision_is_refused_as_newer(
    raw_vault: RawVault, vault_copy: Path, policy: KdfPolicy, digest: Digest
) -> None:
    raw_vault.execute(("UPDATE alembic_version SET version_num = '0005'", ()))
    _refused_unchanged(
        vault_copy,
        digest,
        lambda: Journal.open(vault_copy, policy),
        UnsupportedVersionError,
        match="newer version",
    )


@pytest.mark.parametrize(
    ("column", "value", "error"),
    [
        ("format_version", 0, NotAVaultError),
        ("format_version", "one", NotAVaultError),
        ("kdf", "scrypt", UnsupportedVersionError),
        ("vault_id", b"short", NotAVaultError),
        ("kdf_salt", b"\x00" * 17, NotAVaultError),
        ("kdf_memory_kib", "64 MiB", NotAVaultError),
        ("passphrase_slot", "text", NotAVaultError),
    ],
)
def test_a_damaged_header_is_refused(
    column: str,
    value: object,
    error: type[Exception],
    raw_vault: RawVault,
    vault_copy: Path,
    policy: KdfPolicy,
    digest: Digest,
) -> None:
    raw_vault.set_header(column, value)
    _refused_unchanged(vault_copy, digest, lambda: Journal.open(vault_copy, policy), error)


# ---- wrong passphrase, recovery key and passphrase changes ------------------------------------


def test_a_wrong_passphrase_changes_nothing(
    vault_copy: Path, policy: KdfPolicy, digest: Digest
) -> None:
    before = digest(vault_copy.parent)
    journal = Journal.open(vault_copy, policy)
    for attempt in (
        "Otter lantern quarry 58 mosaic drif",
        "otter lantern quarry 58 mosaic drift",
        "",
    ):
        with pytest.raises(WrongPassphraseError):
            journal.unlock(attempt)
    assert not journal.is_unlocked
    assert digest(vault_copy.parent) == before


def test_the_recovery_key_resets_the_passphrase(
    template: Template,
    vault_copy: Path,
    policy: KdfPolicy,
    passphrase: str,
    new_passphrase: str,
) -> None:
    journal = Journal.open(vault_copy, policy)
    journal.reset_passphrase(template.recovery_key, new_passphrase)
    assert journal.is_unlocked
    assert journal.verify().intact
    journal.lock()

    journal = Journal.open(vault_copy, policy)
    with pytest.raises(WrongPassphraseError):
        journal.unlock(passphrase)
    journal.unlock(new_passphrase)
    assert [c.code for c in journal.list_cases()] == ["CPL-07", "SW-12"]
    journal.lock()
    journal.unlock_with_recovery_key(template.recovery_key)
    assert journal.verify().intact
    journal.lock()


def test_reset_passphrase_while_unlocked(
    template: Template,
    vault_copy: Path,
    policy: KdfPolicy,
    new_passphrase: str,
    opened: Callable[[], Journal],
) -> None:
    journal = opened()
    journal.reset_passphrase(template.recovery_key, new_passphrase)
    assert len(journal.list_cases()) == 2
    journal.lock()
    journal.unlock(new_passphrase)
    journal.lock()


def test_change_passphrase(
    template: Template,
    vault_copy: Path,
    policy: KdfPolicy,
    passphrase: str,
    new_passphrase: str,
    opened: Callable[[], Journal],
) -> None:
    journal = opened()
    old_salt = journal.header.kdf_salt
    journal.change_passphrase(new_passphrase)
    assert journal.header.kdf_salt != old_salt
    journal.lock()
    assert not Path(f"{vault_copy}-wal").exists()

    journal = Journal.open(vault_copy, policy)
    assert journal.header.kdf_salt != old_salt
    with pytest.raises(WrongPassphraseError):
        journal.unlock(passphrase)
    journal.unlock(new_passphrase)
    journal.lock()
    journal.unlock_with_recovery_key(template.recovery_key)
    journal.lock()


def test_a_recovery_key_with_a_bad_checksum_is_rejected(
    template: Template, vault_copy: Path, policy: KdfPolicy, digest: Digest
) -> None:
    key = template.recovery_key
    mistyped = ("B" if key[0] != "B" else "C") + key[1:]
    before = digest(vault_copy.parent)
    journal = Journal.open(vault_copy, policy)
    with pytest.raises(BadRecoveryKeyError, match="does not check out"):
        journal.unlock_with_recovery_key(mistyped)
    with pytest.raises(BadRecoveryKeyError):
        journal.reset_passphrase(mistyped, "Harbour velvet ninety-3 kettle spruce")
    assert not journal.is_unlocked
    assert digest(vault_copy.parent) == before
    # Case, spaces and dashes do not matter.
    journal.unlock_with_recovery_key(" " + key.lower().replace("-", " ") + " ")
    journal.lock()


def test_another_vaults_recovery_key_is_rejected(
    vault_copy: Path,
    policy: KdfPolicy,
    digest: Digest,
    tmp_path: Path,
    make_journal: Callable[[Path], CreatedVault],
) -> None:
    other = make_journal(tmp_path / "other" / "other.vault")
    before = digest(vault_copy.parent)
    journal = Journal.open(vault_copy, policy)
    for key in (other.recovery_key, format_recovery_key(bytes(32))):
        with pytest.raises(BadRecoveryKeyError, match="does not belong to this vault"):
            journal.unlock_with_recovery_key(key)
    assert digest(vault_copy.parent) == before
