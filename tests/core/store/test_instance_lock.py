"""casenotes.core.store.instance_lock: one Casenotes at a time per vault, by an OS lock on
``<vault>.lock`` that another process, or another lock object in this one, cannot take."""

from __future__ import annotations

import errno
import gc
import os
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from casenotes.core.store.instance_lock import (
    IN_USE_MESSAGE,
    InstanceLock,
    LockFileError,
    lock_path,
)
from casenotes.core.vault.errors import VaultError, VaultInUseError

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and signals")

HOLDER = """
import sys
from pathlib import Path
from casenotes.core.store.instance_lock import InstanceLock
from casenotes.core.vault.errors import VaultInUseError
try:
    lock = InstanceLock(Path(sys.argv[1])).acquire()
except VaultInUseError:
    print("in use", flush=True)
    sys.exit(3)
print("held", flush=True)
sys.stdin.readline()   # hold until told (or killed)
lock.release()
print("released", flush=True)
"""


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    path = tmp_path / "vaultdir" / "casenotes.vault"
    path.parent.mkdir(mode=0o700)
    return path


@pytest.fixture
def holder(vault: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock on ``vault``."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(vault)],
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "held"
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            stream.close()


def _try_in_another_process(vault: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", HOLDER, str(vault)],
        input="\n",
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return result.stdout.splitlines()[0]


def test_the_lock_file_sits_beside_the_vault_and_holds_only_the_pid(vault: Path) -> None:
    lock = InstanceLock(vault)
    assert lock.path == lock_path(vault) == vault.parent / "casenotes.vault.lock"
    assert not lock.held
    with lock:
        assert lock.held
        assert lock.path.read_text() == f"{os.getpid()}\n"
        if os.name == "posix":
            assert stat.S_IMODE(lock.path.stat().st_mode) == 0o600
    assert not lock.held
    assert os.listdir(vault.parent) == []  # a clean release leaves nothing beside the vault


def test_a_second_lock_object_in_the_same_process_is_refused(vault: Path) -> None:
    first = InstanceLock(vault).acquire()
    second = InstanceLock(vault)
    with pytest.raises(VaultInUseError) as caught:
        second.acquire()
    assert str(caught.value) == IN_USE_MESSAGE
    assert "Close it there first; nothing was changed." in IN_USE_MESSAGE
    assert not second.held and first.held
    first.release()
    with second:
        assert second.held


def test_acquire_and_release_are_idempotent_on_one_object(vault: Path) -> None:
    lock = InstanceLock(vault)
    assert lock.acquire() is lock
    assert lock.acquire() is lock
    lock.release()
    lock.release()
    assert not lock.held


def test_the_same_vault_by_another_spelling_is_the_same_lock(vault: Path) -> None:
    with InstanceLock(vault), pytest.raises(VaultInUseError):
        InstanceLock(vault.parent / ".." / "vaultdir" / "casenotes.vault").acquire()


def test_a_lock_dropped_without_release_is_released(vault: Path) -> None:
    InstanceLock(vault).acquire()  # no reference kept
    gc.collect()
    with InstanceLock(vault):
        pass


def test_only_one_of_many_threads_gets_the_lock(vault: Path) -> None:
    locks = [InstanceLock(vault) for _ in range(8)]
    barrier = threading.Barrier(len(locks))
    outcomes: list[str] = []

    def race(lock: InstanceLock) -> None:
        barrier.wait()
        try:
            lock.acquire()
            outcomes.append("held")
        except VaultInUseError:
            outcomes.append("in use")

    threads = [threading.Thread(target=race, args=(lock,)) for lock in locks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["held"] + ["in use"] * 7
    for lock in locks:
        lock.release()


def test_another_process_holding_the_lock_keeps_us_out(
    vault: Path,
    holder: subprocess.Popen[str],
) -> None:
    with pytest.raises(VaultInUseError, match="open in another Casenotes window or command"):
        InstanceLock(vault).acquire()
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "released"
    with InstanceLock(vault):
        pass


def test_we_keep_another_process_out(vault: Path) -> None:
    with InstanceLock(vault):
        assert _try_in_another_process(vault) == "in use"
    assert _try_in_another_process(vault) == "held"


@posix_only
def test_the_lock_is_released_when_its_process_is_killed(
    vault: Path,
    holder: subprocess.Popen[str],
) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    assert lock_path(vault).exists()  # left behind by the killed process…
    os.chmod(lock_path(vault), 0o644)
    with InstanceLock(vault) as lock:  # …and simply reused
        assert stat.S_IMODE(lock.path.stat().st_mode) == 0o600
        assert lock.path.read_text() == f"{os.getpid()}\n"


def test_a_lock_file_that_cannot_be_created_is_a_clear_vault_error(tmp_path: Path) -> None:
    with pytest.raises(LockFileError, match="folder does not exist") as caught:
        InstanceLock(tmp_path / "missing" / "casenotes.vault").acquire()
    assert isinstance(caught.value, VaultError)
    assert "The vault was not opened or changed." in str(caught.value)


def test_a_read_only_folder_is_reported(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*_: object, **__: object) -> int:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "open", read_only)
    lock = InstanceLock(vault)
    with pytest.raises(LockFileError, match="read-only"):
        lock.acquire()
    monkeypatch.undo()
    assert not lock.held
    with InstanceLock(vault):  # the failed attempt left no claim behind in this process
        pass
