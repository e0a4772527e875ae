"""Backups and restore on a really full or read-only disk: a small tmpfs mounted for the test.

Needs root and a kernel that lets this process mount tmpfs (a VM or a privileged container);
elsewhere these tests are skipped, and test_snapshot.py / test_restore.py cover the same
paths by injecting ENOSPC and EROFS."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from casenotes.core.backup import (
    BackupReason,
    BackupWriteError,
    RestoreWriteError,
    backup_vault,
    restore_backup,
)
from casenotes.core.backup import snapshot as snapshot_module
from casenotes.core.store.instance_lock import LockFileError
from casenotes.core.vault.kdf import KdfPolicy

from .support import NOW, leftovers, sha256

if TYPE_CHECKING:
    from tests.core.conftest import Template

Digest = Callable[[Path], dict[str, str]]
DISK_SIZE = 4 * 1024 * 1024


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=30)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs mounted at a fresh folder, unmounted afterwards."""
    if os.name != "posix" or shutil.which("mount") is None:
        pytest.skip("needs POSIX mount(8) to make a small tmpfs")
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs (run as root in a VM to include it)")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    result = _run(
        "mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE},mode=0700", "tmpfs", str(mount_point)
    )
    if result.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here ({result.stderr.strip()})")
    try:
        yield mount_point
    finally:
        if _run("umount", str(mount_point)).returncode != 0:
            _run("umount", "-l", str(mount_point))


def _vault_on(disk: Path, template: Template) -> Path:
    vault = disk / "vaultdir" / "test.vault"
    vault.parent.mkdir(mode=0o700)
    shutil.copyfile(template.path, vault)
    os.chmod(vault, 0o600)
    return vault


def _fill(disk: Path, leave: int) -> None:
    """Write a filler file so that only about ``leave`` bytes stay free."""
    free = shutil.disk_usage(disk).free
    with open(disk / "filler", "wb") as handle:
        handle.write(b"\0" * max(0, free - leave))


@pytest.fixture
def without_precheck(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the copy run into the real ENOSPC instead of stopping at the free-space check."""
    monkeypatch.setattr(snapshot_module, "_check_free_space", lambda folder, needed: None)


def _files(vault: Path) -> list[str]:
    return sorted(str(p.relative_to(vault.parent)) for p in vault.parent.rglob("*"))


@pytest.mark.parametrize("precheck", [True, False], ids=["free-space-check", "real-ENOSPC"])
def test_a_backup_on_a_full_disk_fails_cleanly(
    disk: Path,
    template: Template,
    request: pytest.FixtureRequest,
    precheck: bool,
) -> None:
    if not precheck:
        request.getfixturevalue("without_precheck")
    vault = _vault_on(disk, template)
    (vault.parent / "backups").mkdir(mode=0o700)
    before = sha256(vault)
    _fill(disk, leave=vault.stat().st_size // 2)
    with pytest.raises(BackupWriteError, match="the disk is full") as caught:
        backup_vault(vault, BackupReason.DAILY, now=NOW)
    assert "Free some space and try again." in str(caught.value)
    assert _files(vault) == ["backups", "test.vault"]
    assert sha256(vault) == before
    os.remove(disk / "filler")
    assert backup_vault(vault, BackupReason.DAILY, now=NOW).size > 0  # and works with room


@pytest.mark.parametrize("precheck", [True, False], ids=["free-space-check", "real-ENOSPC"])
def test_a_restore_on_a_full_disk_leaves_the_vault_as_it_was(
    disk: Path,
    template: Template,
    passphrase: str,
    digest: Digest,
    request: pytest.FixtureRequest,
    precheck: bool,
) -> None:
    if not precheck:
        request.getfixturevalue("without_precheck")
    vault = _vault_on(disk, template)
    backup = backup_vault(vault, BackupReason.MANUAL, now=NOW)
    before = digest(vault.parent)
    # Room for about one more copy; a restore needs three (private copy, pre-restore, new).
    _fill(disk, leave=int(vault.stat().st_size * 1.5))
    with pytest.raises(RestoreWriteError, match="the disk is full"):
        restore_backup(vault, backup.path, passphrase=passphrase, policy=KdfPolicy.testing())
    assert digest(vault.parent) == before
    assert leftovers(vault.parent) == []


def test_a_read_only_disk_is_reported_and_left_alone(
    disk: Path,
    template: Template,
    passphrase: str,
    digest: Digest,
) -> None:
    vault = _vault_on(disk, template)
    backup = backup_vault(vault, BackupReason.MANUAL, now=NOW)
    before = digest(vault.parent)
    result = _run("mount", "-o", "remount,ro", str(disk))
    if result.returncode != 0:
        pytest.skip(f"remounting read-only is not permitted here ({result.stderr.strip()})")
    with pytest.raises(BackupWriteError, match="read-only"):
        backup_vault(vault, BackupReason.DAILY)
    with pytest.raises(LockFileError, match="read-only"):
        restore_backup(vault, backup.path, passphrase=passphrase, policy=KdfPolicy.testing())
    assert digest(vault.parent) == before
