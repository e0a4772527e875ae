"""Putting an existing vault where this computer's vault goes: a new laptop, a vault or backup
brought on a USB stick. The same checked, atomic copy as a manual backup (the source is only
read), into a folder made owner-only; the copy then opens with the passphrase it had."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from casenotes.core.backup.catalog import BackupInfo
from casenotes.core.backup.errors import BackupTargetError
from casenotes.core.backup.snapshot import copy_vault
from casenotes.core.store.database import DIR_MODE


def adopt_vault(source: Path, vault_path: Path) -> BackupInfo:
    """Copy the vault (or backup) at ``source`` to ``vault_path``, which must not exist yet.

    Refuses a file that is not a vault, or one from a newer version, before anything is
    written (``copy_vault`` inspects it); a folder made here is removed again on failure."""
    source, vault_path = Path(source), Path(vault_path)
    if vault_path.exists() or vault_path.is_symlink():
        raise BackupTargetError(f"There is already a vault at {vault_path}; it was left untouched.")
    folder = vault_path.parent
    made = not folder.exists()
    if made:
        folder.mkdir(parents=True, mode=DIR_MODE)
        if os.name == "posix":
            os.chmod(folder, DIR_MODE)  # the umask filters mkdir's mode
    try:
        return copy_vault(source, vault_path)
    except BaseException:
        if made:
            with contextlib.suppress(OSError):  # not empty after all: leave what is there
                folder.rmdir()
        raise
