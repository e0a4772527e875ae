"""casenotes.core.store.vault_file: reading the header and schema revision through a read-only
connection, and refusing files this version cannot open, before anything could write."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.orm import Session

from casenotes.core.journal import CreatedVault, Journal
from casenotes.core.store.database import create_vault_file, make_engine
from casenotes.core.store.schema import HEAD_REVISION, upgrade_to_head
from casenotes.core.store.vault_file import (
    Inspection,
    header_from_row,
    inspect_vault,
    write_header,
)
from casenotes.core.vault.errors import (
    NotAVaultError,
    UnsupportedVersionError,
    VaultNotFoundError,
)
from casenotes.core.vault.header import VaultHeader, create_header
from casenotes.core.vault.kdf import KdfParams, KdfPolicy

if TYPE_CHECKING:
    from tests.core.conftest import RawVault, Template

Digest = Callable[[Path], dict[str, str]]


def _refused(vault: Path, digest: Digest, error: type[Exception], match: str | None = None) -> None:
    before = digest(vault.parent)
    with pytest.raises(error, match=match):
        inspect_vault(vault)
    assert digest(vault.parent) == before


def test_inspect_reads_the_header_and_revision(
    template: Template, vault_copy: Path, digest: Digest
) -> None:
    before = digest(vault_copy.parent)
    inspection = inspect_vault(vault_copy)
    assert digest(vault_copy.parent) == before  # not even a -shm file
    assert inspection.schema_revision == HEAD_REVISION
    assert not inspection.needs_migration
    header = inspection.header
    assert header.magic == "casenotes-vault"
    assert header.format_version == 3
    assert header.kdf == "argon2id"
    assert header.kdf_params == KdfPolicy.testing().create_params
    assert len(header.vault_id) == 16 and len(header.kdf_salt) == 16
    assert len(header.passphrase_slot) == 60 and len(header.recovery_slot) == 60


def test_inspect_reads_a_header_that_is_still_in_the_wal(
    journal: Journal, vault_path: Path
) -> None:
    # The journal is unlocked, so its newest pages (the header included) may be in the WAL.
    assert Path(f"{vault_path}-wal").exists()
    inspection = inspect_vault(vault_path)
    assert inspection.header.format_version == 3
    assert inspection.schema_revision == HEAD_REVISION


def test_needs_migration_for_an_older_revision() -> None:
    header = create_header("unused", KdfPolicy.testing(), check_strength=False).header
    assert Inspection(header, HEAD_REVISION).needs_migration is False
    assert Inspection(header, "0000").needs_migration is True


def test_a_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFoundError):
        inspect_vault(tmp_path / "nothing.vault")
    with pytest.raises(VaultNotFoundError):
        inspect_vault(tmp_path)  # a folder is not a vault either


@pytest.mark.parametrize(
    "content", [b"", b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000]
)
def test_a_file_that_is_not_sqlite_is_not_a_vault(
    vault_path: Path, digest: Digest, content: bytes
) -> None:
    vault_path.parent.mkdir()
    vault_path.write_bytes(content)
    _refused(vault_path, digest, NotAVaultError)


def test_a_database_without_a_header_is_not_a_vault(vault_path: Path, digest: Digest) -> None:
    vault_path.parent.mkdir()
    with closing(sqlite3.connect(vault_path)) as connection:
        connection.execute("CREATE TABLE notes (id TEXT)")
        connection.commit()
    _refused(vault_path, digest, NotAVaultError)


def test_an_empty_header_table_is_not_a_vault(
    raw_vault: RawVault, vault_copy: Path, digest: Digest
) -> None:
    raw_vault.execute(("DELETE FROM vault_header", ()))
    _refused(vault_copy, digest, NotAVaultError, match="header is missing")


def test_another_magic_is_not_a_vault(
    raw_vault: RawVault, vault_copy: Path, digest: Digest
) -> None:
    raw_vault.execute(
        ("PRAGMA ignore_check_constraints = ON", ()),
        ("UPDATE vault_header SET magic = 'other-vault'", ()),
    )
    _refused(vault_copy, digest, NotAVaultError)


def test_a_newer_format_is_refused_as_newer(
    raw_vault: RawVault, vault_copy: Path, digest: Digest
) -> None:
    raw_vault.set_header("format_version", 4)
    _refused(vault_copy, digest, UnsupportedVersionError, match="newer version")


@pytest.mark.parametrize("revision", ["0005", "ffff", ""])
def test_an_unknown_revision_is_refused_as_newer(
    raw_vault: RawVault, vault_copy: Path, digest: Digest, revision: str
) -> None:
    raw_vault.execute(("UPDATE alembic_version SET version_num = ?", (revision,)))
    _refused(vault_copy, digest, UnsupportedVersionError, match="newer version")


def test_a_missing_revision_is_refused(
    raw_vault: RawVault, vault_copy: Path, digest: Digest
) -> None:
    raw_vault.execute(("DROP TABLE alembic_version", ()))
    _refused(vault_copy, digest, UnsupportedVersionError)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("format_version", "one"),
        ("kdf_memory_kib", "lots"),
        ("kdf_iterations", 1.5),
        ("kdf_lanes", None),
        ("vault_id", "text"),
        ("kdf_salt", 16),
        ("passphrase_slot", None),
        ("recovery_slot", "text"),
    ],
)
def test_a_header_column_of_the_wrong_type_is_damage(
    raw_vault: RawVault, vault_copy: Path, digest: Digest, column: str, value: object
) -> None:
    raw_vault.execute(("PRAGMA ignore_check_constraints = ON", ()))
    # NOT NULL is not a CHECK constraint: drop it from the schema for the write, then put
    # the schema back as it was (the pinned schema would refuse it otherwise).
    original = raw_vault.query("SELECT sql FROM sqlite_master WHERE name = 'vault_header'")
    if value is None:
        raw_vault.execute(
            ("PRAGMA writable_schema = ON", ()),
            (
                "UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '') "
                "WHERE name = 'vault_header'",
                (),
            ),
        )
    raw_vault.set_header(column, value)
    if value is None:
        raw_vault.execute(
            ("PRAGMA writable_schema = ON", ()),
            ("UPDATE sqlite_master SET sql = ? WHERE name = 'vault_header'", original[0]),
        )
    _refused(vault_copy, digest, NotAVaultError, match="damaged")


def test_header_from_row_and_back(template: Template, tmp_path: Path) -> None:
    header = inspect_vault(template.path).header
    row = (
        header.magic,
        header.format_version,
        header.vault_id,
        header.kdf,
        header.kdf_salt,
        header.kdf_params.memory_kib,
        header.kdf_params.iterations,
        header.kdf_params.lanes,
        header.passphrase_slot,
        header.recovery_slot,
    )
    assert header_from_row(row) == header


def test_write_header_inserts_then_updates_the_one_row(vault_path: Path) -> None:
    new = create_header("unused", KdfPolicy.testing(), check_strength=False)
    create_vault_file(vault_path)
    engine = make_engine(vault_path)
    try:
        upgrade_to_head(engine)
        with engine.begin() as connection, Session(connection) as session:
            write_header(session, new.header)
            session.flush()
        changed = dataclasses.replace(
            new.header,
            kdf_salt=b"\x01" * 16,
            kdf_params=KdfParams(128, 2, 1),
            passphrase_slot=b"\x02" * 60,
        )
        with Session(engine) as session, session.begin():
            write_header(session, changed)
    finally:
        engine.dispose()
    inspection = inspect_vault(vault_path)
    assert inspection.header == changed
    with closing(sqlite3.connect(vault_path)) as connection:
        assert connection.execute("SELECT count(*) FROM vault_header").fetchone() == (1,)


def test_the_inspected_header_is_what_create_wrote(created: CreatedVault, vault_path: Path) -> None:
    created.journal.lock()
    header: VaultHeader = inspect_vault(vault_path).header
    assert header == created.journal.header
