"""Journal.rekey: a new data key and a new recovery key, every field re-sealed, both slots
re-wrapped, in one transaction. The old secrets no longer open the vault, older backups still
do (and say so). Interrupted re-keys are in test_rekey_kill.py. All content is fictional."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from tests.core.conftest import Filled, Template

from casenotes.core.domain import Note
from casenotes.core.journal import Journal
from casenotes.core.store.records import ENCRYPTED_TABLES
from casenotes.core.vault.errors import BadRecoveryKeyError, WrongPassphraseError
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.core.vault.recovery import format_recovery_key

NEW_RECOVERY = bytes(range(0xC0, 0xE0))


def _envelopes(path: Path) -> set[bytes]:
    found: set[bytes] = set()
    with closing(sqlite3.connect(path)) as connection:
        for name, record in ENCRYPTED_TABLES.items():
            columns = [c.key for c in record.__table__.columns if c.key.endswith("_enc")]
            for row in connection.execute(f"SELECT {', '.join(columns)} FROM {name}"):
                found.update(bytes(v) for v in row)
    return found


def _everything(journal: Journal) -> tuple[object, ...]:
    return (
        journal.export_bundles(),
        journal.settings(),
        journal.export_log(),
        journal.prompt_customisations(),
    )


@pytest.fixture
def unlocked_copy(vault_copy: Path, policy: KdfPolicy, passphrase: str) -> Journal:
    journal = Journal.open(vault_copy, policy)
    journal.unlock(passphrase, daily_backup=False)
    return journal


def test_rekey_keeps_the_passphrase_and_replaces_the_recovery_key(
    unlocked_copy: Journal,
    vault_copy: Path,
    template: Template,
    policy: KdfPolicy,
    passphrase: str,
) -> None:
    journal = unlocked_copy
    before = _everything(journal)
    old_envelopes = _envelopes(vault_copy)
    old_slot = journal.header.passphrase_slot
    progress: list[tuple[int, int]] = []
    try:
        result = journal.rekey(
            passphrase, progress=lambda d, t: progress.append((d, t)), recovery_key=NEW_RECOVERY
        )
        assert result.recovery_key == format_recovery_key(NEW_RECOVERY)
        total = sum(len(ids) for ids in template.ids.values())
        assert result.records == total and result.unreadable == 0
        assert progress[0] == (0, total) and progress[-1] == (total, total)
        assert [d for d, _ in progress] == sorted(d for d, _ in progress)
        assert result.checkpointed
        # Still unlocked, under the new key: everything reads back and new writes verify.
        assert _everything(journal) == before
        assert journal.verify().intact
        journal.save_note(
            Note(
                case_id=template.filled.solo.id,
                session_date=date(2024, 5, 1),
                sections={"body": "Written after the re-key."},
            )
        )
        assert journal.verify().intact
    finally:
        journal.lock()
    assert journal.header.passphrase_slot != old_slot
    # Not one ciphertext of the old key is left in the file.
    assert not os.path.exists(f"{vault_copy}-wal")
    data = vault_copy.read_bytes()
    assert not any(envelope[13:45] in data for envelope in old_envelopes)

    again = Journal.open(vault_copy, policy)
    with pytest.raises(BadRecoveryKeyError):
        again.unlock_with_recovery_key(template.recovery_key, daily_backup=False)
    again.unlock_with_recovery_key(result.recovery_key, daily_backup=False)
    try:
        assert again.verify().intact
        assert len(again.all_notes()) == len(template.filled.notes) + 1
        assert again.damaged == []
    finally:
        again.lock()
    again.unlock(passphrase, daily_backup=False)
    again.lock()


def test_rekey_with_a_new_passphrase(
    unlocked_copy: Journal,
    vault_copy: Path,
    policy: KdfPolicy,
    passphrase: str,
    new_passphrase: str,
) -> None:
    before = _everything(unlocked_copy)
    result = unlocked_copy.rekey(passphrase, new_passphrase=new_passphrase)
    unlocked_copy.lock()
    journal = Journal.open(vault_copy, policy)
    with pytest.raises(WrongPassphraseError):
        journal.unlock(passphrase, daily_backup=False)
    journal.unlock(new_passphrase, daily_backup=False)
    try:
        assert _everything(journal) == before
        assert journal.verify().intact
    finally:
        journal.lock()
    journal.unlock_with_recovery_key(result.recovery_key, daily_backup=False)
    journal.lock()


def test_a_wrong_passphrase_changes_nothing(
    unlocked_copy: Journal, vault_copy: Path, new_passphrase: str
) -> None:
    header = unlocked_copy.header
    with pytest.raises(WrongPassphraseError):
        unlocked_copy.rekey(new_passphrase)
    assert unlocked_copy.header == header
    assert unlocked_copy.verify().intact
    unlocked_copy.lock()


def test_older_backups_still_open_with_the_old_secrets_until_destroyed(
    unlocked_copy: Journal,
    vault_copy: Path,
    template: Template,
    policy: KdfPolicy,
    passphrase: str,
    new_passphrase: str,
) -> None:
    journal = unlocked_copy
    backup = journal.backup_now()
    result = journal.rekey(passphrase, new_passphrase=new_passphrase)
    assert [b.path for b in result.old_backups] == [backup]
    old = Journal.open(backup, policy)
    with pytest.raises(WrongPassphraseError):
        old.unlock(new_passphrase, daily_backup=False)
    old.unlock(passphrase, daily_backup=False)  # the old secret still opens the old copy
    old.lock()
    old.unlock_with_recovery_key(template.recovery_key, daily_backup=False)
    old.lock()
    assert journal.destroy_backups(result.old_backups) == 1
    assert not backup.exists()
    assert journal.backups() == []
    journal.lock()


def test_a_rekeyed_vault_keeps_writing_and_deleting(
    filled: Filled, journal: Journal, passphrase: str
) -> None:
    journal.rekey(passphrase)
    journal.trash_case(filled.solo.id)
    journal.purge_case(filled.solo.id, reason="Test: entered by mistake")
    journal.delete_goal(filled.goal.id, reason="Test: entered by mistake")
    report = journal.verify()
    assert report.intact, report


def test_a_cell_of_text_that_is_not_utf8_does_not_stop_a_rekey(
    unlocked_copy: Journal, vault_copy: Path, passphrase: str
) -> None:
    import sqlite3
    from contextlib import closing

    journal = unlocked_copy
    journal.lock()
    with closing(sqlite3.connect(vault_copy)) as db:
        [(goal_id,)] = db.execute("SELECT id FROM goals LIMIT 1").fetchall()
        db.execute("UPDATE goals SET goal_enc = CAST(x'fffe41' AS TEXT) WHERE id = ?", (goal_id,))
        db.commit()
    journal.unlock(passphrase, daily_backup=False)
    try:
        result = journal.rekey(passphrase, recovery_key=NEW_RECOVERY)
        assert result.unreadable == 1
        report = journal.verify()
        assert [d.row_id for d in report.damaged] == [goal_id]
    finally:
        journal.lock()
