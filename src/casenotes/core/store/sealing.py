"""Sealing and opening a record's ``*_enc`` columns with the AAD binding of vault format v1.

This lives with the repositories, not in a column type, because the AAD needs the whole row
(its id and foreign keys), which a SQLAlchemy TypeDecorator never sees.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from casenotes.core.store.pinned_schema import shown
from casenotes.core.store.records import Base
from casenotes.core.vault.envelope import (
    FIELD_AAD_PREFIX,
    EnvelopeError,
    field_aad,
    length_prefixed,
    open_sealed,
    seal,
)
from casenotes.core.vault.errors import TamperedRecordError
from casenotes.core.vault.header import VaultKeys

ColumnOpener = Callable[[object, tuple[object, ...], object], str]


class FieldCipher:
    def __init__(self, keys: VaultKeys) -> None:
        self._keys = keys

    def aad(self, table: str, column: str, row_id: str,
            foreign_keys: dict[str, str | None]) -> bytes:
        return field_aad(self._keys.vault_id, table, column, row_id, foreign_keys)

    def seal_value(self, table: str, column: str, row_id: str,
                   foreign_keys: dict[str, str | None], value: Any) -> bytes:
        """Seal text as UTF-8 and anything else as UTF-8 JSON."""
        payload = value if isinstance(value, str) else json.dumps(
            value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return seal(self._keys.field_aead, payload.encode("utf-8"),
                    self.aad(table, column, row_id, foreign_keys))

    def open_bytes(self, table: str, column: str, row_id: object,
                   foreign_keys: dict[str, object], blob: object) -> bytes:
        """The payload of one envelope. Anything stored that is not as Casenotes writes it
        (an envelope that is not a BLOB, or too short; an id or foreign key that is not UTF-8
        TEXT) is damage to this record alone: ``TamperedRecordError``, naming the column."""
        damaged = _damaged_identity(row_id, foreign_keys)
        if damaged is not None:
            raise TamperedRecordError(table, shown_id(row_id), damaged)
        assert isinstance(row_id, str)
        try:
            return open_sealed(self._keys.field_aead, blob,  # type: ignore[arg-type]
                               self.aad(table, column, row_id,
                                        foreign_keys))  # type: ignore[arg-type]
        except EnvelopeError as exc:
            raise TamperedRecordError(table, row_id, column) from exc

    def open_text(self, table: str, column: str, row_id: object,
                  foreign_keys: dict[str, object], blob: object) -> str:
        raw = self.open_bytes(table, column, row_id, foreign_keys, blob)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise TamperedRecordError(table, shown_id(row_id), column) from None

    def open_json(self, table: str, column: str, row_id: object,
                  foreign_keys: dict[str, object], blob: object) -> Any:
        text = self.open_text(table, column, row_id, foreign_keys, blob)
        try:
            return json.loads(text)
        except ValueError:  # the message would quote decrypted text
            raise TamperedRecordError(table, shown_id(row_id), column) from None

    def column_opener(self, table: str, column: str,
                      foreign_key_names: tuple[str, ...]) -> ColumnOpener:
        """A reader of one column over many raw rows (the search index's pass at unlock).

        The AAD's constant head (prefix, vault id, table, column) and the foreign keys' names
        are encoded once instead of once a field. Only well-formed rows take the short way;
        anything else (a damaged id, a failed tag, bad padding or UTF-8) is opened again by
        ``open_text``, so the checks and the error raised are exactly those of every other
        read."""
        head = b"".join((FIELD_AAD_PREFIX, length_prefixed(self._keys.vault_id),
                         length_prefixed(table.encode("utf-8")),
                         length_prefixed(column.encode("utf-8"))))
        names = sorted(foreign_key_names)
        encoded_names = [length_prefixed(name.encode("utf-8")) for name in names]
        aead = self._keys.field_aead

        def open_row(row_id: object, foreign_keys: tuple[object, ...], blob: object) -> str:
            values = dict(zip(foreign_key_names, foreign_keys, strict=True))
            try:
                parts = [head, length_prefixed(row_id.encode("utf-8"))]  # type: ignore[attr-defined]
                for name, encoded in zip(names, encoded_names, strict=True):
                    value = values[name]
                    parts.append(encoded)
                    parts.append(length_prefixed(
                        value.encode("utf-8") if value is not None else b""))  # type: ignore[attr-defined]
                raw = open_sealed(aead, blob, b"".join(parts))  # type: ignore[arg-type]
                return raw.decode("utf-8")
            except (AttributeError, TypeError, ValueError, UnicodeError):
                # EnvelopeError is a ValueError. The long way raises TamperedRecordError.
                return self.open_text(table, column, row_id, values, blob)

        return open_row

    # Record-level helpers: the AAD comes from the record's own id and *_id columns.

    def seal_into(self, record: Base, column: str, value: Any) -> None:
        table, row_id, fks = _identity(record)
        setattr(record, column, self.seal_value(table, column, row_id, fks, value))

    def open_from(self, record: Base, column: str) -> Any:
        table, row_id, fks = _stored_identity(record)
        return self.open_json(table, column, row_id, fks, getattr(record, column))

    def open_text_from(self, record: Base, column: str) -> str:
        table, row_id, fks = _stored_identity(record)
        return self.open_text(table, column, row_id, fks, getattr(record, column))


@functools.cache
def foreign_key_columns(record_type: type[Base]) -> tuple[str, ...]:
    return tuple(c.key for c in record_type.__table__.columns if c.key.endswith("_id"))


def _stored_identity(record: Base) -> tuple[str, object, dict[str, object]]:
    """A record's identity as read from the file: checked when an envelope is opened."""
    fks = {name: getattr(record, name) for name in foreign_key_columns(type(record))}
    return str(record.__tablename__), getattr(record, "id"), fks  # noqa: B009


def _utf8_text(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")  # lone surrogates: TEXT that was not UTF-8 on disk
    except UnicodeEncodeError:
        return False
    return True


def _damaged_identity(row_id: object, foreign_keys: dict[str, object]) -> str | None:
    """The first of ``id`` and the ``*_id`` columns that is not what Casenotes stores."""
    if not _utf8_text(row_id):
        return "id"
    for name in sorted(foreign_keys):
        value = foreign_keys[name]
        if value is not None and not _utf8_text(value):
            return name
    return None


def shown_id(row_id: object) -> str:
    """A stored id as it can be printed and logged: a damaged one escaped and cut short."""
    if row_id is None:
        return "(none)"
    if isinstance(row_id, bytes):
        return "x'" + row_id[:40].hex() + ("…'" if len(row_id) > 40 else "'")
    return shown(row_id, limit=48)


def _identity(record: Base) -> tuple[str, str, dict[str, str | None]]:
    fks = {name: getattr(record, name) for name in foreign_key_columns(type(record))}
    return str(record.__tablename__), str(getattr(record, "id")), fks  # noqa: B009
