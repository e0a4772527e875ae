"""One Casenotes at a time per vault: an exclusive, non-blocking OS lock on ``<vault>.lock``.

The lock is ``fcntl.flock`` on POSIX and ``msvcrt.locking`` on Windows, on a file beside the
vault (created 0600) that holds nothing but the holder's process id. It is held while the
vault is unlocked for writing. A second ``InstanceLock`` on the same vault, in another process
or in this one, raises ``VaultInUseError``. The operating system drops the lock when the
process ends, however it ends; a clean release also deletes the lock file (POSIX), so a
closed vault leaves nothing beside it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import threading
from pathlib import Path
from types import TracebackType

from casenotes.core.store.database import FILE_MODE
from casenotes.core.vault.errors import VaultError, VaultInUseError

LOCK_SUFFIX = ".lock"
IN_USE_MESSAGE = (
    "This vault is open in another Casenotes window or command. Close it there "
    "first; nothing was changed."
)

# Locks held by this process, by lock file path. flock already refuses a second open file
# description in the same process, but on some network file systems flock is emulated with
# per-process fcntl locks, which would not: this set makes the rule hold everywhere.
_held: set[str] = set()
_held_guard = threading.RLock()  # re-entrant: __del__ may run from GC inside acquire


class LockFileError(VaultError):
    """The lock file could not be created or locked (a read-only or full folder …)."""


def lock_path(vault_path: Path) -> Path:
    return Path(f"{vault_path}{LOCK_SUFFIX}")


def _key(path: Path) -> str:
    return os.path.join(os.path.realpath(path.parent), path.name)


class InstanceLock:
    """``with InstanceLock(vault):`` or ``acquire()`` … ``release()``. Not re-entrant across
    objects; ``acquire`` on an object that already holds the lock does nothing."""

    def __init__(self, vault_path: Path) -> None:
        self.vault_path = Path(vault_path)
        self.path = lock_path(self.vault_path)
        self._fd: int | None = None
        self._key: str | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> InstanceLock:
        if self._fd is not None:
            return self
        key = _key(self.path)
        with _held_guard:
            if key in _held:
                raise VaultInUseError(IN_USE_MESSAGE)
            _held.add(key)
        try:
            self._fd = _lock(self.path)
        except BaseException:
            with _held_guard:
                _held.discard(key)
            raise
        self._key = key
        _write_pid(self._fd)
        return self

    def release(self) -> None:
        fd, key = self._fd, self._key
        if fd is None:
            return
        self._fd = self._key = None
        try:
            _unlock(fd, self.path)
        finally:
            with _held_guard:
                _held.discard(key or "")

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    def __del__(self) -> None:  # an object dropped without release: do not leak the fd
        with contextlib.suppress(Exception):
            self.release()


def _lock_file_error(exc: OSError, path: Path) -> LockFileError:
    if exc.errno == errno.EROFS:
        reason = "the disk or folder is read-only"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = "permission was denied"
    elif exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        reason = "the disk is full"
    elif exc.errno == errno.ENOENT:
        reason = "the folder does not exist"
    else:
        reason = (exc.strerror or exc.__class__.__name__).rstrip(".").lower()
    return LockFileError(
        f"Casenotes could not create its lock file {path.name} beside the vault: {reason}. "
        "The vault was not opened or changed."
    )


def _write_pid(fd: int) -> None:
    """Best effort: the pid helps a person see who holds the lock; failing to write it (a
    full disk) does not weaken the lock."""
    with contextlib.suppress(OSError):
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))


if sys.platform == "win32":
    import msvcrt

    def _lock(path: Path) -> int:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_BINARY | os.O_NOINHERIT, FILE_MODE)
        except OSError as exc:
            raise _lock_file_error(exc, path) from exc
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                raise VaultInUseError(IN_USE_MESSAGE) from None
            raise _lock_file_error(exc, path) from exc
        return fd

    def _unlock(fd: int, path: Path) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(fd)
        # Windows refuses to delete a file another process has open: then it stays.
        with contextlib.suppress(OSError):
            os.remove(path)

else:
    import fcntl

    def _lock(path: Path) -> int:
        # A releasing holder deletes the file while still holding the lock, so the inode we
        # lock may have been unlinked meanwhile: then try again with the new file.
        for _ in range(50):
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, FILE_MODE)
            except OSError as exc:
                raise _lock_file_error(exc, path) from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise VaultInUseError(IN_USE_MESSAGE) from None
                raise _lock_file_error(exc, path) from exc
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
            except FileNotFoundError:
                same = False
            if same:
                with contextlib.suppress(OSError):
                    os.fchmod(fd, FILE_MODE)  # a file left by a crash keeps owner-only
                return fd
            os.close(fd)
        raise VaultInUseError(IN_USE_MESSAGE)

    def _unlock(fd: int, path: Path) -> None:
        try:
            # Delete while still holding the lock; a process waiting on the old inode then
            # sees it is gone and retries (see _lock).
            with contextlib.suppress(OSError):
                os.remove(path)
        finally:
            os.close(fd)  # closing the only descriptor releases the flock
