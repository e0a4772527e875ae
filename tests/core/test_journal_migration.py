"""casenotes.core.journal: a vault on an older schema revision is backed up, then migrated,
when it is unlocked (never before the passphrase is known)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from casenotes.core.journal import Journal
from casenotes.core.store import vault_file
from casenotes.core.vault.kdf import KdfPolicy

if TYPE_CHECKING:
    from tests.core.conftest import Template


def test_unlocking_an_older_revision_backs_up_then_migrates(
    vault_copy: Path,
    policy: KdfPolicy,
    passphrase: str,
    template: Template,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Pretend this version knows a newer revision than the vault's, so the vault's is "older".
    newer = f"{int(vault_file.KNOWN_REVISIONS[-1]) + 1:04d}"
    monkeypatch.setattr(vault_file, "KNOWN_REVISIONS", (*vault_file.KNOWN_REVISIONS, newer))
    journal = Journal.open(vault_copy, policy)
    assert not list(vault_copy.parent.glob("backups/*"))  # nothing before the passphrase
    journal.unlock(passphrase)
    try:
        [backup] = list((vault_copy.parent / "backups").iterdir())
        assert backup.name.endswith("-pre-migration.vault")
        assert journal.verify().intact
    finally:
        journal.lock()
    monkeypatch.undo()
    copy = Journal.open(backup, KdfPolicy.testing())
    copy.unlock(passphrase)
    try:
        assert [c.id for c in copy.list_cases()] == [
            template.filled.couple.id,
            template.filled.solo.id,
        ]
        assert copy.verify().intact
    finally:
        copy.lock()
