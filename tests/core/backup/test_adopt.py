"""casenotes.core.backup.adopt: an existing vault (from a USB stick) copied into place."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from casenotes.core.backup import BackupTargetError, adopt_vault, copy_vault
from casenotes.core.journal import Journal
from casenotes.core.vault.errors import NotAVaultError
from casenotes.core.vault.kdf import KdfPolicy

from .support import sha256

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.fixture
def on_stick(vault_copy: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return copy_vault(vault_copy, folder / "casenotes.vault").path


def test_the_copy_opens_with_its_passphrase(
    on_stick: Path, tmp_path: Path, passphrase: str, policy: KdfPolicy
) -> None:
    before = sha256(on_stick)
    target = tmp_path / "new-laptop" / "data" / "casenotes.vault"
    adopt_vault(on_stick, target)
    journal = Journal.open(target, policy)
    journal.unlock(passphrase, daily_backup=False)
    try:
        assert journal.case_count() == 2
    finally:
        journal.lock()
    assert sha256(on_stick) == before  # the source is only read
    assert sorted(p.name for p in on_stick.parent.iterdir()) == ["casenotes.vault"]


@posix_only
def test_the_new_folder_and_file_are_owner_only(on_stick: Path, tmp_path: Path) -> None:
    target = tmp_path / "fresh" / "casenotes.vault"
    adopt_vault(on_stick, target)
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_existing_vault_is_never_replaced(on_stick: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.vault"
    target.write_bytes(b"my own vault")
    with pytest.raises(BackupTargetError):
        adopt_vault(on_stick, target)
    assert target.read_bytes() == b"my own vault"


def test_a_file_that_is_not_a_vault_leaves_nothing_behind(tmp_path: Path) -> None:
    other = tmp_path / "photo.vault"
    other.write_bytes(b"not a vault" * 500)
    target = tmp_path / "fresh" / "casenotes.vault"
    with pytest.raises(NotAVaultError):
        adopt_vault(other, target)
    assert not target.parent.exists()
