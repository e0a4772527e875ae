"""Faults: what a full disk, a read-only vault and an interruption do to saving notes and to
changing the passphrase.

The promises checked: a failed save leaves the previous saved state intact (in the journal,
in the search index, and on disk after reopening), says so with an error whose message holds no
note text, and the same journal works again once space returns; a failed or interrupted
passphrase change leaves exactly one of the old and new passphrases working, and the recovery
key always works.

Faults are injected two ways: at the SQLite driver (the commit or a write statement raises
``sqlite3.OperationalError`` as a full disk or read-only file makes SQLite do), and for real on
a 2 MiB tmpfs mounted for the test (skipped, with the reason, where mounting is not allowed).
Interruptions reuse the kill test (benchmarks/kill_test.py): a writer that changes the
passphrase over and over is killed with SIGKILL at random points.

A clear error is a VaultError or OSError whose message is a sentence (not a driver's text with
SQL in it). All content is fictional; every vault uses ``KdfPolicy.testing()``.
"""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

from casenotes.core import journal as journal_module
from casenotes.core.domain import Case, Note, note_content_hash
from casenotes.core.journal import Journal
from casenotes.core.vault.errors import VaultError, WrongPassphraseError
from casenotes.core.vault.kdf import KdfPolicy

DISK_FULL = "database or disk is full"
READ_ONLY = "attempt to write a readonly database"
SECRET = "Quillfeather"  # a word in the note whose save fails; it must never surface
BIG = 150_000  # characters of note text: more than the WAL can hold without growing


# ---- helpers ----------------------------------------------------------------------------------


def _note(case_id: str, body: str, day: int = 1) -> Note:
    return Note(case_id=case_id, session_date=date(2024, 7, day), sections={"body": body})


def _seed(journal: Journal) -> tuple[Case, list[Note]]:
    """A case and three saved notes, one edited once (so it has two revisions)."""
    case = journal.save_case(Case(code="FT-01", display_name="Fictional Linnet"))
    notes = [
        journal.save_note(_note(case.id, f"Session {day}: pacing and rest.", day))
        for day in (1, 2, 3)
    ]
    notes[0] = journal.save_note(replace(notes[0], sections={"body": "Session 1, revised."}))
    return case, notes


def _state(journal: Journal) -> dict[str, tuple[str, int]]:
    """Every note's content hash and number of revisions."""
    return {
        note.id: (note_content_hash(note), len(journal.revisions(note.id)))
        for note in journal.all_notes()
    }


def _messages(error: BaseException) -> str:
    """Everything an error would show: its text and repr, and those of its causes."""
    seen: list[str] = []
    current: BaseException | None = error
    while current is not None and len(seen) < 20:
        seen += [str(current), repr(current)]
        current = current.__cause__ or current.__context__
    return "\n".join(seen)


def _is_clear(error: BaseException) -> bool:
    """A VaultError or OSError whose message is a sentence (not a driver's dump)."""
    message = str(error).strip()
    return (
        isinstance(error, VaultError | OSError)
        and bool(message)
        and message[0].isupper()
        and message.endswith(".")
        and "[SQL" not in message
    )


def _reopen_state(path: Path, passphrase: str, policy: KdfPolicy) -> dict[str, tuple[str, int]]:
    journal = Journal.open(path, policy)
    journal.unlock(passphrase)
    try:
        assert journal.verify().intact
        return _state(journal)
    finally:
        journal.lock()


def _opens_with(path: Path, passphrase: str, policy: KdfPolicy) -> bool:
    journal = Journal.open(path, policy)
    try:
        journal.unlock(passphrase)
    except WrongPassphraseError:
        return False
    journal.lock()
    return True


def _check_passphrases(path: Path, old: str, new: str, recovery_key: str, policy: KdfPolicy) -> str:
    """Exactly one of old and new opens the vault, the recovery key does too, and the vault
    verifies intact. Returns the passphrase that works."""
    working = [p for p in (old, new) if _opens_with(path, p, policy)]
    assert len(working) == 1, f"{len(working)} of the two passphrases open the vault"
    journal = Journal.open(path, policy)
    journal.unlock_with_recovery_key(recovery_key)
    try:
        assert journal.verify().intact
    finally:
        journal.lock()
    return working[0]


class Faults:
    """Makes the SQLite driver fail the way a full disk or a read-only file makes it fail."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.commit_error: str | None = None
        self.commit_after: bool = False  # commit for real, then report the error anyway
        self.write_error: str | None = None
        self.failures = 0
        original_commit = SQLiteDialect_pysqlite.do_commit
        original_execute = SQLiteDialect_pysqlite.do_execute
        original_executemany = SQLiteDialect_pysqlite.do_executemany

        def do_commit(dialect: Any, dbapi_connection: Any) -> None:
            if self.commit_error is not None and not self.commit_after:
                self.failures += 1
                raise sqlite3.OperationalError(self.commit_error)
            original_commit(dialect, dbapi_connection)
            if self.commit_error is not None:
                self.failures += 1
                raise sqlite3.OperationalError(self.commit_error)

        def check_write(statement: str) -> None:
            if self.write_error is not None and statement.lstrip().upper().startswith(
                ("INSERT", "UPDATE", "DELETE")
            ):
                self.failures += 1
                raise sqlite3.OperationalError(self.write_error)

        def do_execute(
            dialect: Any, cursor: Any, statement: str, parameters: Any, context: Any = None
        ) -> None:
            check_write(statement)
            original_execute(dialect, cursor, statement, parameters, context)

        def do_executemany(
            dialect: Any, cursor: Any, statement: str, parameters: Any, context: Any = None
        ) -> None:
            check_write(statement)
            original_executemany(dialect, cursor, statement, parameters, context)

        monkeypatch.setattr(SQLiteDialect_pysqlite, "do_commit", do_commit)
        monkeypatch.setattr(SQLiteDialect_pysqlite, "do_execute", do_execute)
        monkeypatch.setattr(SQLiteDialect_pysqlite, "do_executemany", do_executemany)

    def clear(self) -> None:
        self.commit_error = self.write_error = None
        self.commit_after = False


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Faults:
    return Faults(monkeypatch)


# ---- a real full (or read-only) disk: a small tmpfs ------------------------------------------


def _mount_tmpfs(target: Path) -> str | None:
    """Mount a 2 MiB tmpfs on ``target``; the reason it cannot be done, or None."""
    if not sys.platform.startswith("linux"):
        return "tmpfs mounts are Linux-only"
    if os.geteuid() != 0:
        return "mounting a tmpfs needs root (run as root, e.g. in a container, to include these)"
    if shutil.which("mount") is None or shutil.which("umount") is None:
        return "no mount/umount command on this machine"
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "casenotes-test", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return f"mounting a tmpfs is not permitted here: {result.stderr.strip()}"
    return None


def _remount(target: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(target)], check=True, capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "small-disk"
    target.mkdir()
    reason = _mount_tmpfs(target)
    if reason is not None:
        pytest.skip(reason)
    try:
        yield target
    finally:
        if (
            subprocess.run(["umount", str(target)], capture_output=True, check=False).returncode
            != 0
        ):
            subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


def _fill_disk(folder: Path, leave: int = 0) -> Path:
    """Fill the filesystem under ``folder`` with one file, then free ``leave`` bytes of it."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        for chunk in (b"\0" * 65536, b"\0" * 512, b"\0"):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, chunk)
        with pytest.raises(OSError) as full:
            os.write(fd, b"\0")
        assert full.value.errno == errno.ENOSPC
    finally:
        os.close(fd)
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


# ---- disk full while saving a note ------------------------------------------------------------


@pytest.mark.parametrize("where", ["commit", "write"])
def test_disk_full_during_save_keeps_the_previous_state(
    journal: Journal, faults: Faults, passphrase: str, policy: KdfPolicy, where: str
) -> None:
    case, notes = _seed(journal)
    journal.build_index()
    before = _state(journal)
    if where == "commit":
        faults.commit_error = DISK_FULL
    else:
        faults.write_error = DISK_FULL

    attempts: list[Callable[[], object]] = [
        lambda: journal.save_note(_note(case.id, f"{SECRET} said the new shift feels safer.")),
        lambda: journal.save_note(replace(notes[1], sections={"body": f"{SECRET} edit"})),
        lambda: journal.sign_note(notes[2].id),
    ]
    for attempt in attempts:
        with pytest.raises(Exception) as failed:
            attempt()
        assert _is_clear(failed.value), repr(failed.value)
        assert SECRET not in _messages(failed.value)
    assert faults.failures >= len(attempts)

    # Nothing changed: not the notes, not their revisions, not the index.
    assert _state(journal) == before
    assert journal.search(SECRET) == []
    assert not journal.get_note(notes[2].id).is_signed  # type: ignore[union-attr]

    # Space returns: the same journal saves again.
    faults.clear()
    saved = journal.save_note(_note(case.id, f"{SECRET} said the new shift feels safer."))
    assert [hit.note_id for hit in journal.search(SECRET)] == [saved.id]
    after = _state(journal)
    assert {k: v for k, v in after.items() if k != saved.id} == before
    journal.lock()
    assert _reopen_state(journal.path, passphrase, policy) == after


def test_disk_full_during_save_is_a_clear_error(journal: Journal, faults: Faults) -> None:
    case, _ = _seed(journal)
    faults.commit_error = DISK_FULL
    with pytest.raises(Exception) as failed:
        journal.save_note(_note(case.id, f"{SECRET} talked about rest."))
    assert _is_clear(failed.value), repr(failed.value)


def test_disk_full_on_a_real_small_disk(
    small_disk: Path, passphrase: str, policy: KdfPolicy
) -> None:
    """A 2 MiB tmpfs filled to the last byte: a large save fails, nothing saved before is lost,
    and once the space is back the same journal saves it."""
    path = small_disk / "vault" / "faults.vault"
    journal = Journal.create(path, passphrase, policy).journal
    try:
        case, _ = _seed(journal)
        journal.build_index()
        before = _state(journal)
        filler = _fill_disk(small_disk)
        big = _note(case.id, f"{SECRET} " + "long reflection on agency and rest. " * (BIG // 36))
        with pytest.raises(Exception) as failed:
            journal.save_note(big)
        assert _is_clear(failed.value), repr(failed.value)
        assert SECRET not in _messages(failed.value)
        assert _state(journal) == before
        assert journal.search(SECRET) == []

        filler.unlink()
        saved = journal.save_note(big)
        after = _state(journal)
        assert saved.id in after and len(after) == len(before) + 1
    finally:
        journal.lock()
    assert _reopen_state(path, passphrase, policy) == after


def test_locking_while_the_disk_is_full_loses_nothing(
    small_disk: Path, passphrase: str, policy: KdfPolicy
) -> None:
    """Quitting while the disk is full: the WAL cannot be folded into the file, yet everything
    saved is there when the vault is opened again (with or without the space back)."""
    path = small_disk / "vault" / "faults.vault"
    journal = Journal.create(path, passphrase, policy).journal
    try:
        case, _ = _seed(journal)
        journal.save_note(_note(case.id, "Another session: " + "values and goals. " * 3000))
        before = _state(journal)
        filler = _fill_disk(small_disk)
    finally:
        journal.lock()
    assert _reopen_state(path, passphrase, policy) == before
    filler.unlink()
    assert _reopen_state(path, passphrase, policy) == before


# ---- a read-only vault ------------------------------------------------------------------------


def test_read_only_vault_during_save_loses_nothing(
    journal: Journal, faults: Faults, passphrase: str, policy: KdfPolicy
) -> None:
    case, notes = _seed(journal)
    before = _state(journal)
    faults.write_error = READ_ONLY
    with pytest.raises(Exception) as failed:
        journal.save_note(replace(notes[0], sections={"body": f"{SECRET} was here."}))
    assert _is_clear(failed.value), repr(failed.value)
    assert SECRET not in _messages(failed.value)
    assert _state(journal) == before
    faults.clear()
    journal.save_note(_note(case.id, "Written once the vault was writable again."))
    after = _state(journal)
    journal.lock()
    assert _reopen_state(journal.path, passphrase, policy) == after


def test_read_only_vault_during_save_is_a_clear_error(journal: Journal, faults: Faults) -> None:
    case, _ = _seed(journal)
    faults.write_error = READ_ONLY
    with pytest.raises(Exception) as failed:
        journal.save_note(_note(case.id, "Anything."))
    assert _is_clear(failed.value), repr(failed.value)


def _unlock_or_refuse(path: Path, passphrase: str, policy: KdfPolicy) -> Journal | None:
    """Open and unlock; None if that is refused with a VaultError or OSError (also a fine
    answer to a read-only vault: nothing can be lost if nothing opens for writing)."""
    try:
        journal = Journal.open(path, policy)
        journal.unlock(passphrase)
    except (VaultError, OSError):
        return None
    return journal


def _save_fails(journal: Journal | None, case_id: str) -> None:
    if journal is None:
        return
    with pytest.raises(Exception) as failed:
        journal.save_note(_note(case_id, f"{SECRET} on a read-only disk."))
    assert _is_clear(failed.value), repr(failed.value)
    assert SECRET not in _messages(failed.value)


def test_read_only_filesystem(small_disk: Path, passphrase: str, policy: KdfPolicy) -> None:
    """The vault's filesystem turns read-only between sessions (a locked SD card, a remount
    after an error): unlocking is refused with a VaultError or OSError, or saving fails;
    nothing is lost; once writable, the vault (the same journal, if it unlocked) saves again."""
    path = small_disk / "vault" / "faults.vault"
    journal: Journal | None = Journal.create(path, passphrase, policy).journal
    assert journal is not None
    case, _ = _seed(journal)
    before = _state(journal)
    journal.lock()
    _remount(small_disk, "ro")
    try:
        journal = _unlock_or_refuse(path, passphrase, policy)
        _save_fails(journal, case.id)
    finally:
        _remount(small_disk, "rw")
    journal = journal or _unlock_or_refuse(path, passphrase, policy)
    assert journal is not None
    try:
        assert _state(journal) == before
        journal.save_note(_note(case.id, "Writable again."))
        after = _state(journal)
    finally:
        journal.lock()
    assert len(after) == len(before) + 1
    assert _reopen_state(path, passphrase, policy) == after


def test_read_only_file_and_folder_permissions(
    vault_path: Path, passphrase: str, policy: KdfPolicy
) -> None:
    """Permissions taken away between sessions (0400 file, 0500 folder): unlocking is refused
    or saving fails, and nothing is lost."""
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions; test_read_only_filesystem covers this")
    journal = Journal.create(vault_path, passphrase, policy).journal
    case, _ = _seed(journal)
    before = _state(journal)
    journal.lock()
    os.chmod(vault_path, 0o400)
    os.chmod(vault_path.parent, 0o500)
    try:
        reopened = _unlock_or_refuse(vault_path, passphrase, policy)
        _save_fails(reopened, case.id)
        if reopened is not None:
            reopened.lock()
    finally:
        os.chmod(vault_path.parent, 0o700)
        os.chmod(vault_path, 0o600)
    assert _reopen_state(vault_path, passphrase, policy) == before


# ---- failures while changing the passphrase ---------------------------------------------------


def _after_the_backup(monkeypatch: pytest.MonkeyPatch, action: Callable[[], object]) -> None:
    """Run ``action`` once change_passphrase's own backup (taken before the change) is written,
    so a fault lands on the header's write and not on the backup; at once if there is none."""
    original = getattr(journal_module, "backup_vault", None)
    if original is None:
        action()
        return

    def backup_then_act(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        action()
        return result

    monkeypatch.setattr(journal_module, "backup_vault", backup_then_act)


@pytest.mark.parametrize("commit_after", [False, True], ids=["before-commit", "after-commit"])
def test_passphrase_change_failing_at_commit(
    journal: Journal,
    faults: Faults,
    monkeypatch: pytest.MonkeyPatch,
    recovery_key: str,
    passphrase: str,
    new_passphrase: str,
    policy: KdfPolicy,
    commit_after: bool,
) -> None:
    """The commit reports a full disk, either before writing anything or (as an fsync error
    can) after the transaction was written: exactly one passphrase works either way."""
    _seed(journal)

    def arm() -> None:
        faults.commit_error, faults.commit_after = DISK_FULL, commit_after

    _after_the_backup(monkeypatch, arm)  # so the fault hits the header's commit
    with pytest.raises(Exception) as failed:
        journal.change_passphrase(new_passphrase)
    assert _is_clear(failed.value), repr(failed.value)
    assert faults.failures == 1
    faults.clear()
    monkeypatch.undo()
    assert journal.is_unlocked
    assert len(journal.all_notes()) == 3  # still usable
    journal.lock()
    works = _check_passphrases(journal.path, passphrase, new_passphrase, recovery_key, policy)
    assert works == (new_passphrase if commit_after else passphrase)

    # Space returns: changing it works, from whichever passphrase is in force.
    journal = Journal.open(journal.path, policy)
    journal.unlock(works)
    journal.change_passphrase(new_passphrase)
    journal.lock()
    assert (
        _check_passphrases(journal.path, passphrase, new_passphrase, recovery_key, policy)
        == new_passphrase
    )


def _failing_checkpoint(*_: object) -> None:
    raise sqlite3.OperationalError("disk I/O error")


def test_passphrase_change_with_a_failing_checkpoint(
    journal: Journal,
    monkeypatch: pytest.MonkeyPatch,
    recovery_key: str,
    passphrase: str,
    new_passphrase: str,
    policy: KdfPolicy,
) -> None:
    """The re-wrap commits, then the TRUNCATE checkpoint fails (a disk I/O error): exactly one
    passphrase works, and it is the one change_passphrase's outcome promised: the new one if it
    returned, the old one if it raised."""
    _seed(journal)
    monkeypatch.setattr(journal_module, "checkpoint", _failing_checkpoint)
    try:
        journal.change_passphrase(new_passphrase)
        raised = False
    except Exception as error:
        assert _is_clear(error), repr(error)
        raised = True
    monkeypatch.undo()
    journal.lock()
    works = _check_passphrases(journal.path, passphrase, new_passphrase, recovery_key, policy)
    assert works == (passphrase if raised else new_passphrase)


@pytest.mark.parametrize("leave", [0, 4096, 16384, 32768, 65536, 131072])
@pytest.mark.parametrize("read_first", [False, True], ids=["fresh-unlock", "after-reading"])
@pytest.mark.parametrize("fill", ["before-backup", "after-backup"])
def test_passphrase_change_on_a_full_disk(
    small_disk: Path,
    monkeypatch: pytest.MonkeyPatch,
    passphrase: str,
    new_passphrase: str,
    policy: KdfPolicy,
    leave: int,
    read_first: bool,
    fill: str,
) -> None:
    """A real full disk, with a little space left or none, filled before the change starts or
    just after the change's own backup is written (so the header's write meets it): if the
    change fails the old passphrase still works; exactly one works either way; the recovery key
    always works; and with the space back the same journal changes it."""
    path = small_disk / "vault" / "faults.vault"
    created = Journal.create(path, passphrase, policy)
    _seed(created.journal)
    created.journal.lock()
    journal = Journal.open(path, policy)
    journal.unlock(passphrase)
    if read_first:
        assert len(journal.all_notes()) == 3
    fillers: list[Path] = []
    if fill == "before-backup":
        fillers.append(_fill_disk(small_disk, leave))
    else:
        _after_the_backup(monkeypatch, lambda: fillers.append(_fill_disk(small_disk, leave)))
    try:
        journal.change_passphrase(new_passphrase)
        changed = True
    except Exception as error:
        changed = False
        assert _is_clear(error), repr(error)
        assert new_passphrase not in _messages(error)
    monkeypatch.undo()
    assert len(fillers) == 1
    fillers[0].unlink()
    if not changed:
        journal.lock()
        assert (
            _check_passphrases(path, passphrase, new_passphrase, created.recovery_key, policy)
            == passphrase
        )
        journal = Journal.open(path, policy)
        journal.unlock(passphrase)
        journal.change_passphrase(new_passphrase)  # space is back: now it works
    journal.lock()
    assert (
        _check_passphrases(path, passphrase, new_passphrase, created.recovery_key, policy)
        == new_passphrase
    )


def test_passphrase_change_failing_on_a_full_disk_keeps_the_old_one(
    small_disk: Path, passphrase: str, new_passphrase: str, policy: KdfPolicy
) -> None:
    """The disk is full before anything is written: the change fails and the old one works."""
    path = small_disk / "vault" / "faults.vault"
    created = Journal.create(path, passphrase, policy)
    _seed(created.journal)
    created.journal.lock()
    journal = Journal.open(path, policy)
    journal.unlock(passphrase)
    filler = _fill_disk(small_disk)
    with pytest.raises(Exception) as failed:
        journal.change_passphrase(new_passphrase)
    assert _is_clear(failed.value), repr(failed.value)
    journal.lock()
    filler.unlink()
    assert (
        _check_passphrases(path, passphrase, new_passphrase, created.recovery_key, policy)
        == passphrase
    )


# ---- interrupted passphrase changes (the kill test's writer) ----------------------------------

KILL_TEST = Path(__file__).resolve().parents[2] / "benchmarks" / "kill_test.py"


def _kill_test() -> ModuleType:
    name = "casenotes_benchmarks_kill_test"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, KILL_TEST)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


needs_sigkill = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX SIGKILL")


@needs_sigkill
def test_passphrase_change_killed_at_random_points(tmp_path: Path) -> None:
    """A writer that changes the passphrase back and forth (and saves notes in between) is
    killed 8 times: each time exactly one passphrase works (the last acknowledged one or the
    one being set), the recovery key works, and the vault verifies intact."""
    summary = _kill_test().run(8, seed=8128, workdir=tmp_path, mode="passphrase", fresh_every=8)
    assert summary.failures == [], summary.text()
    assert summary.kills == 8
    assert summary.counts.passphrases > 0, summary.text()


@needs_sigkill
@pytest.mark.slow
def test_passphrase_change_killed_200_times(tmp_path: Path) -> None:
    summary = _kill_test().run(200, seed=31337, workdir=tmp_path, mode="passphrase")
    assert summary.failures == [], summary.text()
    assert summary.counts.passphrases > 1000, summary.text()
