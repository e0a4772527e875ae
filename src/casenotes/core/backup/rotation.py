"""Rotation: keep the newest ``keep`` automatic backups, delete older ones.

Automatic backups are those Casenotes takes by itself: daily, pre-migration, pre-passwd and
pre-restore; they share one count. Manual backups are never deleted by Casenotes and do not
count towards ``keep``; nor do files whose names Casenotes does not recognise. ``keep`` below
one is taken as one: the newest automatic backup is never deleted by rotation.

Rotation also sweeps leftovers of an interrupted backup or restore (``*.partial`` files and
``.restore-*`` scratch folders in ``backups/``, and ``<vault>.partial`` beside the vault) once
they are an hour old, so that it never touches a copy another process is still writing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

from casenotes.core.backup.catalog import DEFAULT_KEEP, backups_folder, list_backups
from casenotes.core.backup.snapshot import (
    PARTIAL_SUFFIX,
    fsync_folder,
    partial_path,
    remove_quietly,
)

log = logging.getLogger(__name__)

RESTORE_SCRATCH_PREFIX = ".restore-"
STALE_AFTER_SECONDS = 3600


def rotate_backups(
    vault_path: Path, keep: int = DEFAULT_KEEP, *, protect: Iterable[Path] = ()
) -> list[Path]:
    """Delete the automatic backups beyond the newest ``keep``; return what was deleted.

    Files in ``protect`` (the backup just written, the one just restored from) are never
    deleted. A file that cannot be deleted is logged and skipped: rotation never makes a
    backup fail."""
    keep = max(1, keep)
    kept = {path.resolve() for path in protect}
    automatic = [b for b in list_backups(vault_path) if b.automatic]
    doomed = [b.path for b in automatic[:-keep] if b.path.resolve() not in kept]
    removed: list[Path] = []
    for path in doomed:
        try:
            remove_quietly(path)
        except OSError as exc:
            log.warning("an old backup could not be deleted (%s)", exc.strerror)
            continue
        removed.append(path)
    sweep_leftovers(backups_folder(vault_path))
    _sweep_restore_partial(Path(vault_path))
    if removed:
        with contextlib.suppress(OSError):
            fsync_folder(backups_folder(vault_path))
        log.info("rotation deleted %d old automatic backup(s)", len(removed))
    return removed


def _sweep_restore_partial(vault_path: Path) -> None:
    """``<vault>.partial`` is written only by a restore; an hour-old one is a crash's."""
    partial = partial_path(vault_path)
    with contextlib.suppress(OSError):
        if partial.stat().st_mtime < time.time() - STALE_AFTER_SECONDS:
            remove_quietly(partial)


def sweep_leftovers(folder: Path, *, older_than: float = STALE_AFTER_SECONDS) -> list[Path]:
    """Remove ``*.partial`` files and ``.restore-*`` folders older than ``older_than`` s."""
    swept: list[Path] = []
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return swept
    for entry in entries:
        try:
            if entry.stat(follow_symlinks=False).st_mtime > cutoff:
                continue
            if entry.name.endswith(PARTIAL_SUFFIX) and entry.is_file(follow_symlinks=False):
                remove_quietly(Path(entry.path))
            elif entry.name.startswith(RESTORE_SCRATCH_PREFIX) and entry.is_dir(
                follow_symlinks=False
            ):
                shutil.rmtree(entry.path)
            else:
                continue
        except OSError:
            continue
        swept.append(Path(entry.path))
    return swept
