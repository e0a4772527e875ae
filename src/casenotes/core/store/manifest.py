"""The encrypted manifest of vault format 2: a keyed set hash over every record and a write
counter, sealed in the one row of ``vault_manifest`` and kept current in the same transaction
as every write (docs/vault-format.md, "The manifest").

Each stored cell (table, row id, ``*_enc`` column, envelope bytes) contributes
``HMAC-SHA256(MK, L(table) ‖ L(id) ‖ L(column) ‖ envelope)`` read as a 256-bit big-endian
integer; a table's digest is the sum of its cells modulo 2^256, so an insert adds, an update
subtracts the old cell and adds the new one, and a delete subtracts: O(1) per write. The
manifest also keeps each table's row count, the write counter (one more per committed write
transaction) and SHA-256 of the recovery slot.

The bookkeeping is one set of SQLAlchemy session events. A session takes part when
``track(session, tracker)`` put a tracker in its ``info``; the journal does that for every
session it writes through. Deletes are statements (``Repository.delete``) and SQLite cascades
them to child rows, so a delete subtracts the rows it and its cascade will remove first.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, delete, event, insert, inspect, select, update
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, attributes

from casenotes.core.domain.models import new_id
from casenotes.core.store.process_migration import move_reflections
from casenotes.core.store.records import ENCRYPTED_TABLES, Base, HeaderRecord, ManifestRecord
from casenotes.core.store.sealing import FieldCipher
from casenotes.core.vault.envelope import length_prefixed
from casenotes.core.vault.errors import TamperedRecordError
from casenotes.core.vault.header import FORMAT_VERSION, VaultHeader, VaultKeys
from casenotes.core.vault.slots import hkdf_sha256

log = logging.getLogger(__name__)

MANIFEST_INFO = b"casenotes/manifest/v1"
MANIFEST_TABLE = ManifestRecord.__tablename__
MANIFEST_COLUMN = "manifest_enc"
MODULUS = 1 << 256
TRACKER = "casenotes.manifest.tracker"
DELTA = "casenotes.manifest.delta"


def manifest_key(dek: bytes, vault_id: bytes) -> bytes:
    """MK = HKDF-SHA256(ikm=DEK, salt=vault_id, info="casenotes/manifest/v1", length 32)."""
    return hkdf_sha256(dek, vault_id, MANIFEST_INFO)


def cell_item(mk: bytes, table: str, row_id: str, column: str, envelope: bytes) -> int:
    message = b"".join(
        (
            length_prefixed(table.encode("utf-8")),
            length_prefixed(row_id.encode("utf-8", errors="surrogateescape")),
            length_prefixed(column.encode("utf-8")),
            bytes(envelope),
        )
    )
    return int.from_bytes(hmac.digest(mk, message, "sha256"), "big")


def slot_hash(slot: bytes) -> str:
    return hashlib.sha256(bytes(slot)).hexdigest()


def enc_columns(record_type: type[Base]) -> tuple[str, ...]:
    return tuple(sorted(c.key for c in record_type.__table__.columns if c.key.endswith("_enc")))


@dataclass(slots=True)
class TableDigest:
    count: int = 0
    digest: int = 0

    def add(self, item: int, rows: int = 0) -> None:
        self.digest = (self.digest + item) % MODULUS
        self.count += rows

    def subtract(self, item: int, rows: int = 0) -> None:
        self.digest = (self.digest - item) % MODULUS
        self.count -= rows


@dataclass(slots=True)
class Manifest:
    """What the sealed row holds."""

    counter: int = 0
    tables: dict[str, TableDigest] = field(default_factory=dict)
    recovery_slot_sha256: str = ""

    def table(self, name: str) -> TableDigest:
        return self.tables.setdefault(name, TableDigest())

    def payload(self) -> dict[str, Any]:
        return {
            "counter": self.counter,
            "recovery_slot_sha256": self.recovery_slot_sha256,
            "tables": {
                name: {"count": state.count, "digest": f"{state.digest:064x}"}
                for name, state in sorted(self.tables.items())
            },
        }

    @classmethod
    def from_payload(cls, payload: Any) -> Manifest:
        if not isinstance(payload, dict):
            raise ValueError("manifest is not an object")
        counter = payload["counter"]
        slot = payload["recovery_slot_sha256"]
        tables = payload["tables"]
        if (
            type(counter) is not int
            or counter < 0
            or not isinstance(slot, str)
            or not isinstance(tables, dict)
        ):
            raise ValueError("manifest has the wrong shape")
        manifest = cls(counter=counter, recovery_slot_sha256=slot)
        for name, state in tables.items():
            count, digest = state["count"], state["digest"]
            if type(count) is not int or not isinstance(digest, str) or len(digest) != 64:
                raise ValueError("manifest table entry has the wrong shape")
            manifest.tables[str(name)] = TableDigest(count, int(digest, 16))
        return manifest


def empty_manifest(recovery_slot: bytes) -> Manifest:
    return Manifest(
        tables={name: TableDigest() for name in ENCRYPTED_TABLES},
        recovery_slot_sha256=slot_hash(recovery_slot),
    )


# ---- reading and writing the row ---------------------------------------------------------


def seal_manifest(cipher: FieldCipher, row_id: str, manifest: Manifest) -> bytes:
    return cipher.seal_value(MANIFEST_TABLE, MANIFEST_COLUMN, row_id, {}, manifest.payload())


def open_manifest(cipher: FieldCipher, row_id: str, blob: bytes) -> Manifest:
    """The manifest in ``blob``; TamperedRecordError when it fails authentication or shape."""
    payload = cipher.open_json(MANIFEST_TABLE, MANIFEST_COLUMN, row_id, {}, blob)
    try:
        return Manifest.from_payload(payload)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise TamperedRecordError(MANIFEST_TABLE, row_id, MANIFEST_COLUMN) from None


def read_manifest_rows(connection: Connection) -> list[tuple[str, bytes]]:
    table = ManifestRecord.__table__
    return [(str(r[0]), r[1]) for r in connection.execute(select(table.c.id, table.c.manifest_enc))]


def compute_manifest(
    connection: Connection, mk: bytes, recovery_slot: bytes, counter: int
) -> Manifest:
    """The manifest of the records as they are now, from every stored cell (a full scan)."""
    manifest = empty_manifest(recovery_slot)
    manifest.counter = counter
    for name, record_type in ENCRYPTED_TABLES.items():
        table: Table = record_type.__table__  # type: ignore[assignment]
        columns = enc_columns(record_type)
        state = manifest.table(name)
        rows = connection.execute(select(table.c.id, *(table.c[c] for c in columns))).yield_per(
            1000
        )
        for row in rows:
            row_id = str(row[0])
            state.count += 1
            for column, blob in zip(columns, row[1:], strict=True):
                state.add(cell_item(mk, name, row_id, column, stored_bytes(blob)))
    return manifest


def write_manifest(connection: Connection, cipher: FieldCipher, manifest: Manifest) -> None:
    """Replace the manifest row (Core, for migration and re-keying)."""
    connection.execute(delete(ManifestRecord))
    row_id = new_id()
    connection.execute(
        insert(ManifestRecord).values(
            id=row_id, manifest_enc=seal_manifest(cipher, row_id, manifest)
        )
    )


def stored_bytes(value: object) -> bytes:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if value is None:
        return b""
    # SQLite does not enforce types: a cell edited to text still counts, as its bytes (text
    # that is not UTF-8 is read with surrogateescape: database.decode_text).
    return str(value).encode("utf-8", errors="surrogateescape")


def finish_migration(connection: Connection, keys: VaultKeys, header: VaultHeader) -> None:
    """In the migration's transaction (``upgrade_to_head(engine, finish)``), what needs the
    data key: a vault before format 3 has its reflections moved into process notes
    (``process_migration``); a format 1 vault then gets its manifest, built from the records
    as they are, while a format 2 vault's manifest takes the moved cells as one more write
    (not rebuilt, so a change made outside Casenotes before the migration stays visible to
    ``verify``). The vault becomes format 3."""
    if header.format_version >= FORMAT_VERSION:
        return
    tracker = ManifestTracker(keys)
    changes = move_reflections(connection, tracker.cipher)
    slot = connection.execute(select(HeaderRecord.recovery_slot)).scalar_one()
    if header.format_version >= 2:
        manifest = _first_authentic(tracker, read_manifest_rows(connection))
        if manifest is not None:
            for table, row_id, column, old, new in changes.cells:
                state = manifest.table(table)
                if old is None:
                    state.add(tracker.item(table, row_id, column, new), rows=1)
                else:
                    state.subtract(tracker.item(table, row_id, column, old))
                    state.add(tracker.item(table, row_id, column, new))
            manifest.counter += 1
            write_manifest(connection, tracker.cipher, manifest)
        # A manifest missing or failing authentication is left as it is: verify names it.
    else:
        write_manifest(
            connection,
            tracker.cipher,
            compute_manifest(connection, tracker.mk, stored_bytes(slot), counter=1),
        )
    connection.execute(update(HeaderRecord).values(format_version=FORMAT_VERSION))
    log.info("vault upgraded to format %d", FORMAT_VERSION)


def _first_authentic(tracker: ManifestTracker, rows: list[tuple[str, bytes]]) -> Manifest | None:
    for row_id, blob in rows:
        try:
            return open_manifest(tracker.cipher, row_id, blob)
        except TamperedRecordError:
            continue
    return None


# ---- the per-write bookkeeping -------------------------------------------------------------


class ManifestTracker:
    """The manifest key of one unlocked vault, and how a write session's changes reach the
    manifest row before it commits."""

    def __init__(self, keys: VaultKeys) -> None:
        self.cipher = FieldCipher(keys)
        self.mk = manifest_key(keys.dek, keys.vault_id)

    def item(self, table: str, row_id: str, column: str, envelope: object) -> int:
        return cell_item(self.mk, table, row_id, column, stored_bytes(envelope))


def track(session: Session, tracker: ManifestTracker) -> Session:
    session.info[TRACKER] = tracker
    return session


def _delta(session: Session) -> dict[str, TableDigest]:
    delta: dict[str, TableDigest] = session.info.setdefault(DELTA, {})
    return delta


def _stored_cells(
    session: Session,
    record_type: type[Base],
    row_ids: Iterable[str],
) -> list[tuple[str, tuple[Any, ...]]]:
    table: Table = record_type.__table__  # type: ignore[assignment]
    columns = enc_columns(record_type)
    ids = list(row_ids)
    found: list[tuple[str, tuple[Any, ...]]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.connection().execute(
            select(table.c.id, *(table.c[c] for c in columns)).where(table.c.id.in_(chunk))
        )
        found.extend((str(r[0]), tuple(r[1:])) for r in rows)
    return found


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    tracker = session.info.get(TRACKER)
    if not isinstance(tracker, ManifestTracker):
        return
    delta = _delta(session)
    for obj in list(session.new):
        name = getattr(obj, "__tablename__", None)
        if name not in ENCRYPTED_TABLES:
            continue
        state = delta.setdefault(name, TableDigest())
        row_id = str(obj.id)
        state.count += 1
        for column in enc_columns(type(obj)):
            state.add(tracker.item(name, row_id, column, getattr(obj, column)))
    for obj in list(session.dirty):
        name = getattr(obj, "__tablename__", None)
        if name not in ENCRYPTED_TABLES or not session.is_modified(obj):
            continue
        _track_update(session, tracker, delta.setdefault(name, TableDigest()), obj)
    deleted = [
        obj for obj in session.deleted if getattr(obj, "__tablename__", None) in ENCRYPTED_TABLES
    ]
    for obj in deleted:
        _subtract_rows(session, tracker, type(obj), [str(obj.id)])


def _track_update(session: Session, tracker: ManifestTracker, state: TableDigest, obj: Any) -> None:
    name = str(obj.__tablename__)
    row_id = str(inspect(obj).identity[0]) if inspect(obj).identity else str(obj.id)
    changed: list[tuple[str, object]] = []
    for column in enc_columns(type(obj)):
        history = attributes.get_history(obj, column)
        if history.added:
            changed.append((column, history.added[0]))
    if not changed:
        return
    # The stored cells, read from the database: an expired attribute has no history, and the
    # manifest must follow what is on disk.
    [(_, stored)] = _stored_cells(session, type(obj), [row_id]) or [(row_id, ())]
    old = dict(zip(enc_columns(type(obj)), stored, strict=False))
    for column, new in changed:
        if column in old:
            state.subtract(tracker.item(name, row_id, column, old[column]))
        state.add(tracker.item(name, row_id, column, new))


def _children(record_type: type[Base]) -> list[tuple[type[Base], str]]:
    """Tables whose ``*_id`` references ``record_type`` with ON DELETE CASCADE."""
    parent = record_type.__table__
    found = []
    for child in ENCRYPTED_TABLES.values():
        for key in child.__table__.foreign_keys:
            if key.column.table is parent and (key.ondelete or "").upper() == "CASCADE":
                found.append((child, str(key.parent.key)))
    return found


def _subtract_rows(
    session: Session, tracker: ManifestTracker, record_type: type[Base], row_ids: list[str]
) -> None:
    """Subtract rows about to be deleted, and the rows the cascade will delete with them."""
    if not row_ids:
        return
    name = str(record_type.__tablename__)
    state = _delta(session).setdefault(name, TableDigest())
    columns = enc_columns(record_type)
    for row_id, cells in _stored_cells(session, record_type, row_ids):
        state.count -= 1
        for column, blob in zip(columns, cells, strict=True):
            state.subtract(tracker.item(name, row_id, column, blob))
    for child, fk in _children(record_type):
        table: Table = child.__table__  # type: ignore[assignment]
        child_ids = [
            str(r[0])
            for start in range(0, len(row_ids), 500)
            for r in session.connection().execute(
                select(table.c.id).where(table.c[fk].in_(row_ids[start : start + 500]))
            )
        ]
        _subtract_rows(session, tracker, child, child_ids)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    session = state.session
    tracker = session.info.get(TRACKER)
    if not isinstance(tracker, ManifestTracker) or not state.is_delete:
        return
    mapper = state.bind_mapper
    record_type = mapper.class_ if mapper is not None else None
    if record_type is None or getattr(record_type, "__tablename__", None) not in ENCRYPTED_TABLES:
        return
    session.flush()
    table: Table = record_type.__table__
    where = state.statement.whereclause  # type: ignore[attr-defined]
    query = select(table.c.id) if where is None else select(table.c.id).where(where)
    ids = [str(r[0]) for r in session.connection().execute(query)]
    _subtract_rows(session, tracker, record_type, ids)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    tracker = session.info.get(TRACKER)
    if not isinstance(tracker, ManifestTracker):
        return
    session.flush()
    delta: Mapping[str, TableDigest] = session.info.pop(DELTA, {})
    if not delta:
        return
    record = session.scalars(select(ManifestRecord)).first()
    if record is None:
        log.warning("the vault has no manifest; 'casenotes verify' reports it")
        return
    try:
        manifest = open_manifest(tracker.cipher, record.id, record.manifest_enc)
    except TamperedRecordError:
        # Never rebuilt behind the practitioner's back: that would bless whatever was done
        # to the records. The write goes ahead; verify names the damaged manifest.
        log.warning("the vault's manifest is damaged; 'casenotes verify' reports it")
        return
    for name, change in delta.items():
        state = manifest.table(name)
        state.count += change.count
        state.digest = (state.digest + change.digest) % MODULUS
    manifest.counter += 1
    record.manifest_enc = seal_manifest(tracker.cipher, record.id, manifest)
    session.flush()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(DELTA, None)


def init_manifest(session: Session, tracker: ManifestTracker, recovery_slot: bytes) -> None:
    """The first, empty manifest of a new vault (before any record is written)."""
    row_id = new_id()
    session.add(
        ManifestRecord(
            id=row_id,
            manifest_enc=seal_manifest(tracker.cipher, row_id, empty_manifest(recovery_slot)),
        )
    )
    session.flush()


# ---- verification --------------------------------------------------------------------------


@dataclass(slots=True)
class ManifestCheck:
    """What verify found comparing the records with the manifest."""

    problems: list[str] = field(default_factory=list)
    counter: int | None = None
    tables_differing: list[str] = field(default_factory=list)


LOST_COMMITS = (
    "or commits were lost (a -wal file truncated, deleted or swapped, or a main "
    "file restored without its -wal)"
)


def check_manifest(
    connection: Connection, tracker: ManifestTracker, recovery_slot: bytes
) -> ManifestCheck:
    """Recompute the set hash of every record and compare it with the sealed manifest."""
    check = ManifestCheck()
    rows = read_manifest_rows(connection)
    if not rows:
        check.problems.append(
            "the manifest is missing: its row was deleted outside Casenotes, so deleted or "
            "rolled-back records cannot be ruled out"
        )
        return check
    if len(rows) > 1:
        check.problems.append(
            "the manifest table holds more than one row (added outside "
            "Casenotes); the first authentic one is used"
        )
    stored: Manifest | None = None
    for row_id, blob in rows:
        try:
            stored = open_manifest(tracker.cipher, row_id, blob)
            break
        except TamperedRecordError:
            continue
    if stored is None:
        check.problems.append(
            "the manifest failed authentication: it was damaged, or replaced with another "
            "vault's or an older key's; deleted or rolled-back records cannot be ruled out"
        )
        return check
    check.counter = stored.counter
    actual = compute_manifest(connection, tracker.mk, recovery_slot, stored.counter)
    for name in sorted(set(actual.tables) | set(stored.tables)):
        have, want = actual.table(name), stored.table(name)
        if have.count == want.count and have.digest == want.digest:
            continue
        check.tables_differing.append(name)
        if have.count < want.count:
            n = want.count - have.count
            check.problems.append(
                f"{name}: {n} record{'s' if n != 1 else ''} fewer than the manifest holds "
                f"(write {stored.counter}): deleted outside Casenotes, {LOST_COMMITS}"
            )
        elif have.count > want.count:
            n = have.count - want.count
            check.problems.append(
                f"{name}: {n} record{'s' if n != 1 else ''} more than the manifest holds "
                f"(write {stored.counter}): added outside Casenotes, {LOST_COMMITS}"
            )
        else:
            check.problems.append(
                f"{name}: a record was deleted, added, altered or rolled back to an older "
                f"copy of itself (the count matches, the digest does not), {LOST_COMMITS}"
            )
    if slot_hash(recovery_slot) != stored.recovery_slot_sha256:
        check.problems.append(
            "the recovery slot is not the one this vault wrote (damaged or replaced): the "
            "recovery key will not open the vault; re-key to make a new recovery key"
        )
    return check
