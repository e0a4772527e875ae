"""The vault file on disk: safe creation, the pragmas of format v1, and the SQLAlchemy engine."""

from __future__ import annotations

import operator
import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # SQLAlchemy is imported on first use: reading a vault raw needs none of it
    from sqlalchemy import Connection, Engine
    from sqlalchemy.pool import ConnectionPoolEntry

# Order matters: journal_mode cannot change inside a transaction, and must come first.
PRAGMAS: tuple[str, ...] = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA secure_delete=ON",
    "PRAGMA foreign_keys=ON",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA busy_timeout=5000",
)
FILE_MODE = 0o600
DIR_MODE = 0o700


def create_vault_file(path: Path) -> None:
    """Create an empty file 0600, in a directory created 0700 if it did not exist.

    An existing directory is left as it is: it may be the user's own folder.
    """
    parent = path.parent
    if not parent.exists():
        parent.mkdir(parents=True, mode=DIR_MODE)
        os.chmod(parent, DIR_MODE)  # mkdir's mode is filtered by the umask
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)


# The text factory of every vault connection: TEXT that is not UTF-8 (a damaged or altered
# cell) is read with its bytes kept as lone surrogates instead of failing the whole query.
# Such a value never authenticates, so it is reported for its record alone. A methodcaller
# with positional arguments runs without a Python frame per value, and as fast as the
# default factory (a partial with keywords built a dict for each value: twice the time of
# reading the ids of a note; the pass at unlock reads two a note).
decode_text = operator.methodcaller("decode", "utf-8", "surrogateescape")


def apply_pragmas(connection: sqlite3.Connection) -> None:
    connection.text_factory = decode_text
    cursor = connection.cursor()
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def make_engine(path: Path) -> Engine:
    """An engine whose every connection carries the vault pragmas.

    The driver's own transaction handling is turned off and SQLAlchemy emits BEGIN itself,
    as SQLAlchemy's SQLite documentation advises, so transactions mean what they say.
    """
    from sqlalchemy import URL, create_engine, event

    # URL.create, not an f-string: a '?' or '%' in the path must not be read as URL syntax.
    engine = create_engine(
        URL.create("sqlite+pysqlite", database=str(path)),
        connect_args={"check_same_thread": False, "isolation_level": None},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _: ConnectionPoolEntry) -> None:
        apply_pragmas(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Writers take the write lock up front (no deadlock-prone upgrade from a read lock);
        # readers use a plain BEGIN so a long read (index build, export) never blocks a save.
        immediate = connection.get_execution_options().get("immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection for inspecting a vault before opening it.

    With no WAL beside the file (the vault was closed cleanly) it is opened as immutable, so
    not even a ``-shm`` file is created; otherwise the WAL must be read, as it may hold the
    newest header.
    """
    wal = Path(f"{path}-wal")
    immutable = "&immutable=1" if not wal.exists() else ""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{immutable}", uri=True)
    connection.text_factory = decode_text
    return connection


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions begin with BEGIN IMMEDIATE."""
    return engine.execution_options(immediate=True)


def checkpoint(engine: Engine, attempts: int = 20) -> bool:
    """Fold the WAL into the main file and truncate it, outside any transaction.

    Returns False if a reader kept it busy through every attempt, so the caller can say so.
    """
    raw = engine.raw_connection()
    try:
        for _ in range(attempts):
            row = raw.driver_connection.execute(  # type: ignore[union-attr]
                "PRAGMA wal_checkpoint(TRUNCATE)"
            ).fetchone()
            if row is not None and row[0] == 0:
                return True
            time.sleep(0.05)
        return False
    finally:
        raw.close()
