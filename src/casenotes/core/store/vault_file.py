"""Reading and writing the vault header, and inspecting a vault without changing a byte of it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from casenotes.core.store.database import open_read_only
from casenotes.core.store.pinned_schema import require_pinned_schema
from casenotes.core.store.schema import KNOWN_REVISIONS
from casenotes.core.vault.errors import (
    NotAVaultError,
    UnsupportedVersionError,
    VaultNotFoundError,
)
from casenotes.core.vault.header import FORMAT_VERSION, MAGIC, VaultHeader
from casenotes.core.vault.kdf import KdfParams

if TYPE_CHECKING:  # inspecting a vault needs no SQLAlchemy (the command line's one-off search)
    from sqlalchemy.orm import Session

HEADER_COLUMNS = (
    "magic, format_version, vault_id, kdf, kdf_salt, kdf_memory_kib, kdf_iterations, "
    "kdf_lanes, passphrase_slot, recovery_slot"
)


@dataclass(frozen=True, slots=True)
class Inspection:
    header: VaultHeader
    schema_revision: str | None

    @property
    def needs_migration(self) -> bool:
        # Format 1 at the head revision cannot be written by Casenotes (revision 0003 and
        # format 2 land in one transaction); it is migrated like any older vault.
        return (
            self.schema_revision != KNOWN_REVISIONS[-1]
            or self.header.format_version < FORMAT_VERSION
        )


def inspect_vault(path: Path, *, pin_schema: bool = True) -> Inspection:
    """Read the header and schema revision through a read-only connection, and refuse a vault
    this version cannot open before anything could write to it.

    With ``pin_schema`` (the default), a vault whose schema is not exactly its revision's is
    refused too (``SchemaMismatchError``), before its header or any record is read beyond the
    magic and format version."""
    if not path.is_file():
        raise VaultNotFoundError(f"There is no vault at {path}.")
    try:
        connection = open_read_only(path)
    except sqlite3.Error as exc:
        raise NotAVaultError(f"{path} could not be opened as a Casenotes vault.") from exc
    try:
        # Magic and version first, on their own: a newer vault may have other columns, and
        # must be told apart from a damaged one.
        first = connection.execute("SELECT magic, format_version FROM vault_header").fetchall()
        if len(first) != 1:
            raise NotAVaultError(f"{path} is not a Casenotes vault (its header is missing).")
        magic, version = first[0]
        if magic != MAGIC:
            raise NotAVaultError(f"{path} is not a Casenotes vault.")
        if not isinstance(version, int) or isinstance(version, bool):
            raise NotAVaultError("The vault header is damaged (its format version).")
        if version > FORMAT_VERSION:
            raise UnsupportedVersionError(
                f"This vault was written by a newer version of Casenotes (vault format "
                f"{version}; this version reads format {FORMAT_VERSION}). "
                "Update Casenotes to open it. The vault was not changed."
            )
        try:
            revisions = [
                r[0] for r in connection.execute("SELECT version_num FROM alembic_version")
            ]
        except sqlite3.OperationalError:
            revisions = []
        if pin_schema and len(revisions) == 1 and revisions[0] in KNOWN_REVISIONS:
            require_pinned_schema(connection, revisions[0])
        rows = connection.execute(f"SELECT {HEADER_COLUMNS} FROM vault_header").fetchall()
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        # UnicodeDecodeError: Python cannot decode SQLite's message about a damaged schema.
        raise NotAVaultError(f"{path} is not a Casenotes vault, or it is damaged.") from exc
    finally:
        connection.close()
    header = header_from_row(rows[0])
    revision = revisions[0] if len(revisions) == 1 else None
    if revision not in KNOWN_REVISIONS:
        raise UnsupportedVersionError(
            "This vault was written by a newer version of Casenotes (its storage schema is "
            f"'{revision}'). Update Casenotes to open it. The vault was not changed."
        )
    return Inspection(header, revision)


def header_from_row(row: tuple[object, ...]) -> VaultHeader:
    (magic, version, vault_id, kdf, salt, memory, iterations, lanes, pslot, rslot) = row
    if not all(isinstance(v, bytes) for v in (vault_id, salt, pslot, rslot)) or not all(
        isinstance(v, int) for v in (version, memory, iterations, lanes)
    ):
        raise NotAVaultError("The vault header is damaged (a column has the wrong type).")
    return VaultHeader(
        magic=str(magic),
        format_version=int(version),  # type: ignore[call-overload]
        vault_id=vault_id,  # type: ignore[arg-type]
        kdf=str(kdf),
        kdf_salt=salt,  # type: ignore[arg-type]
        kdf_params=KdfParams(int(memory), int(iterations), int(lanes)),  # type: ignore[call-overload]
        passphrase_slot=pslot,  # type: ignore[arg-type]
        recovery_slot=rslot,  # type: ignore[arg-type]
    )


def write_header(session: Session, header: VaultHeader) -> None:
    from sqlalchemy import select

    from casenotes.core.store.records import HeaderRecord

    record = session.scalars(select(HeaderRecord)).first()
    if record is None:
        record = HeaderRecord(magic=header.magic)
        session.add(record)
    record.format_version = header.format_version
    record.vault_id = header.vault_id
    record.kdf = header.kdf
    record.kdf_salt = header.kdf_salt
    record.kdf_memory_kib = header.kdf_params.memory_kib
    record.kdf_iterations = header.kdf_params.iterations
    record.kdf_lanes = header.kdf_params.lanes
    record.passphrase_slot = header.passphrase_slot
    record.recovery_slot = header.recovery_slot
