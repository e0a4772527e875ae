"""Sealing and opening a record's ``*_enc`` columns with the AAD binding of vault format v1.

This lives with the repositories, not in a column type, because the AAD needs the whole row
(its id and foreign keys), which a SQLAlchemy TypeDecorator never sees.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from casenotes.core.store.records import Base
from casenotes.core.vault.envelope import EnvelopeError, field_aad, open_sealed, seal
from casenotes.core.vault.errors import TamperedRecordError
from casenotes.core.vault.header import VaultKeys


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

    def open_bytes(self, table: str, column: str, row_id: str,
                   foreign_keys: dict[str, str | None], blob: bytes) -> bytes:
        try:
            return open_sealed(self._keys.field_aead, blob,
                               self.aad(table, column, row_id, foreign_keys))
        except EnvelopeError as exc:
            raise TamperedRecordError(table, row_id, column) from exc

    def open_text(self, table: str, column: str, row_id: str,
                  foreign_keys: dict[str, str | None], blob: bytes) -> str:
        raw = self.open_bytes(table, column, row_id, foreign_keys, blob)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise TamperedRecordError(table, row_id, column) from None

    def open_json(self, table: str, column: str, row_id: str,
                  foreign_keys: dict[str, str | None], blob: bytes) -> Any:
        text = self.open_text(table, column, row_id, foreign_keys, blob)
        try:
            return json.loads(text)
        except ValueError:  # the message would quote decrypted text
            raise TamperedRecordError(table, row_id, column) from None

    # Record-level helpers: the AAD comes from the record's own id and *_id columns.

    def seal_into(self, record: Base, column: str, value: Any) -> None:
        table, row_id, fks = _identity(record)
        setattr(record, column, self.seal_value(table, column, row_id, fks, value))

    def open_from(self, record: Base, column: str) -> Any:
        table, row_id, fks = _identity(record)
        return self.open_json(table, column, row_id, fks, getattr(record, column))

    def open_text_from(self, record: Base, column: str) -> str:
        table, row_id, fks = _identity(record)
        return self.open_text(table, column, row_id, fks, getattr(record, column))


@functools.cache
def foreign_key_columns(record_type: type[Base]) -> tuple[str, ...]:
    return tuple(c.key for c in record_type.__table__.columns if c.key.endswith("_id"))


def _identity(record: Base) -> tuple[str, str, dict[str, str | None]]:
    fks = {name: getattr(record, name) for name in foreign_key_columns(type(record))}
    return str(record.__tablename__), str(getattr(record, "id")), fks  # noqa: B009
