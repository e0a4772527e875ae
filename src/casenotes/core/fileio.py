"""Writing files the user asked for: atomically (temp file beside the target, fsync, rename)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def atomic_write(
    path: Path, data: bytes, mode: int = 0o600, *, before_replace: Callable[[], None] | None = None
) -> None:
    """Either the whole new file is in place, or the old one (if any) is untouched.

    ``before_replace`` runs once the new file is complete, just before it takes the target's
    place: if it fails, nothing is replaced (an export is logged there, so that no exported
    file stands without its log entry)."""
    atomic_write_stream(
        path, lambda handle: handle.write(data), mode, before_replace=before_replace
    )


def atomic_write_stream(
    path: Path,
    produce: Callable[[BinaryIO], object],
    mode: int = 0o600,
    *,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """``atomic_write`` for content written piece by piece: ``produce`` writes to the temp
    file's handle; if it raises, the temp file is removed and the target left untouched."""
    path = Path(path)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            produce(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        if before_replace is not None:
            before_replace()
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temp_name)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
