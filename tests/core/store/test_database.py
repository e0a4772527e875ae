"""casenotes.core.store.database: creating the vault file safely, the pragmas of format v1 on
every connection, the read-only inspection connection, and the WAL checkpoint."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from casenotes.core.store.database import (
    DIR_MODE,
    FILE_MODE,
    PRAGMAS,
    checkpoint,
    create_vault_file,
    make_engine,
    open_read_only,
    writer,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def engine(vault_path: Path) -> Iterator[Engine]:
    create_vault_file(vault_path)
    engine = make_engine(vault_path)
    yield engine
    engine.dispose()


def test_modes_are_owner_only() -> None:
    assert FILE_MODE == 0o600
    assert DIR_MODE == 0o700


@posix_only
def test_create_vault_file_makes_the_folder_0700_and_the_file_0600(vault_path: Path) -> None:
    old_umask = os.umask(0)
    try:
        create_vault_file(vault_path)
    finally:
        os.umask(old_umask)
    assert vault_path.read_bytes() == b""
    assert _mode(vault_path) == 0o600
    assert _mode(vault_path.parent) == 0o700


@posix_only
def test_create_vault_file_applies_the_modes_despite_a_strict_umask(vault_path: Path) -> None:
    old_umask = os.umask(0o077)
    try:
        create_vault_file(vault_path)
    finally:
        os.umask(old_umask)
    assert _mode(vault_path) == 0o600
    assert _mode(vault_path.parent) == 0o700


@posix_only
def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    os.chmod(folder, 0o750)
    create_vault_file(folder / "casenotes.vault")
    assert _mode(folder) == 0o750
    assert _mode(folder / "casenotes.vault") == 0o600


def test_create_vault_file_never_overwrites(vault_path: Path) -> None:
    vault_path.parent.mkdir()
    vault_path.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        create_vault_file(vault_path)
    assert vault_path.read_bytes() == b"keep me"


def test_pragmas_are_in_force_on_every_connection(engine: Engine) -> None:
    expected = {
        "journal_mode": "wal",
        "synchronous": 2,
        "secure_delete": 1,
        "foreign_keys": 1,
        "temp_store": 2,
    }
    for _ in range(2):  # two connections from the pool, each configured
        with engine.connect() as connection:
            actual = {
                name: connection.execute(text(f"PRAGMA {name}")).scalar_one() for name in expected
            }
            assert actual == expected


def test_journal_mode_comes_first() -> None:
    assert PRAGMAS[0] == "PRAGMA journal_mode=WAL"


def test_writer_transactions_take_the_write_lock_at_begin(engine: Engine, vault_path: Path) -> None:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x)"))
    with writer(engine).begin() as connection:
        connection.execute(text("SELECT 1"))
        # BEGIN IMMEDIATE: another writer cannot start while this transaction is open.
        other = sqlite3.connect(vault_path, timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_a_long_read_does_not_block_a_writer(engine: Engine, vault_path: Path) -> None:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x)"))
    with engine.begin() as connection:
        connection.execute(text("SELECT * FROM t")).all()
        other = sqlite3.connect(vault_path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO t VALUES (1)")
            other.execute("COMMIT")
        finally:
            other.close()


@posix_only
def test_wal_and_shm_are_0600(engine: Engine, vault_path: Path) -> None:
    old_umask = os.umask(0)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
        for suffix in ("-wal", "-shm"):
            path = Path(f"{vault_path}{suffix}")
            assert path.exists()
            assert _mode(path) == 0o600
    finally:
        os.umask(old_umask)


def test_checkpoint_truncates_the_wal(engine: Engine, vault_path: Path) -> None:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x BLOB)"))
        connection.execute(text("INSERT INTO t VALUES (randomblob(10000))"))
    wal = Path(f"{vault_path}-wal")
    assert wal.stat().st_size > 0
    checkpoint(engine)
    assert wal.stat().st_size == 0
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar_one() == 1


def test_read_only_connection_on_a_closed_vault_creates_no_files(
    engine: Engine, vault_path: Path
) -> None:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x)"))
        connection.execute(text("INSERT INTO t VALUES (42)"))
    engine.dispose()
    assert sorted(p.name for p in vault_path.parent.iterdir()) == [vault_path.name]
    before = vault_path.read_bytes()

    connection = open_read_only(vault_path)
    try:
        assert connection.execute("SELECT x FROM t").fetchall() == [(42,)]
        with pytest.raises(sqlite3.OperationalError):
            connection.execute("INSERT INTO t VALUES (1)")
    finally:
        connection.close()
    assert sorted(p.name for p in vault_path.parent.iterdir()) == [vault_path.name]
    assert vault_path.read_bytes() == before


def test_read_only_connection_reads_the_wal_of_an_open_vault(
    engine: Engine, vault_path: Path
) -> None:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x)"))
        connection.execute(text("INSERT INTO t VALUES (7)"))
    assert Path(f"{vault_path}-wal").exists()  # the engine still holds its connection
    connection = open_read_only(vault_path)
    try:
        assert connection.execute("SELECT x FROM t").fetchall() == [(7,)]
    finally:
        connection.close()
