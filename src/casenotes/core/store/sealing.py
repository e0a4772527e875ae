"""Sealing and opening a record's ``*_enc`` columns with the AAD binding of vault format v1.

This lives with the repositories, not in a column type, because the AAD needs the whole row
(its id and foreign keys), which a SQLAlchemy TypeDecorator never sees.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from casenotes.core.store.pinned_schema import shown
from casenotes.core.vault.envelope import (
    ENVELOPE_VERSION,
    FIELD_AAD_PREFIX,
    NONCE_LENGTH,
    PAD_BLOCK,
    EnvelopeError,
    field_aad,
    length_prefixed,
    open_sealed,
    seal,
)
from casenotes.core.vault.errors import TamperedRecordError
from casenotes.core.vault.header import VaultKeys

if TYPE_CHECKING:  # the raw readers (the one-off search) use this module without SQLAlchemy
    from casenotes.core.store.records import Base

# Each row's text, or the error opening that row alone raises (column_opener).
ColumnOpener = Callable[[Iterable[Sequence[Any]], int], list[str | TamperedRecordError]]


class FieldCipher:
    def __init__(self, keys: VaultKeys) -> None:
        self._keys = keys
        # The AAD's head (prefix, vault, table, column) by table and column: _quick_text.
        self._heads: dict[tuple[str, str], bytes] = {}

    def aad(
        self, table: str, column: str, row_id: str, foreign_keys: dict[str, str | None]
    ) -> bytes:
        return field_aad(self._keys.vault_id, table, column, row_id, foreign_keys)

    def seal_value(
        self, table: str, column: str, row_id: str, foreign_keys: dict[str, str | None], value: Any
    ) -> bytes:
        """Seal text as UTF-8 and anything else as UTF-8 JSON."""
        payload = (
            value
            if isinstance(value, str)
            else json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        )
        return seal(
            self._keys.field_aead,
            payload.encode("utf-8"),
            self.aad(table, column, row_id, foreign_keys),
        )

    def open_bytes(
        self, table: str, column: str, row_id: object, foreign_keys: dict[str, object], blob: object
    ) -> bytes:
        """The payload of one envelope. Anything stored that is not as Casenotes writes it
        (an envelope that is not a BLOB, or too short; an id or foreign key that is not UTF-8
        TEXT) is damage to this record alone: ``TamperedRecordError``, naming the column."""
        damaged = _damaged_identity(row_id, foreign_keys)
        if damaged is not None:
            raise TamperedRecordError(table, shown_id(row_id), damaged)
        assert isinstance(row_id, str)
        try:
            aad = self.aad(table, column, row_id, foreign_keys)  # type: ignore[arg-type]
        except ValueError:  # an id or key too long for its length prefix: not ours
            raise TamperedRecordError(table, shown_id(row_id), column) from None
        try:
            return open_sealed(self._keys.field_aead, blob, aad)  # type: ignore[arg-type]
        except EnvelopeError as exc:
            raise TamperedRecordError(table, row_id, column) from exc

    def open_text(
        self, table: str, column: str, row_id: object, foreign_keys: dict[str, object], blob: object
    ) -> str:
        raw = self.open_bytes(table, column, row_id, foreign_keys, blob)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise TamperedRecordError(table, shown_id(row_id), column) from None

    def open_json(
        self, table: str, column: str, row_id: object, foreign_keys: dict[str, object], blob: object
    ) -> Any:
        text = self.open_text(table, column, row_id, foreign_keys, blob)
        try:
            return json.loads(text)
        except ValueError:  # the message would quote decrypted text
            raise TamperedRecordError(table, shown_id(row_id), column) from None

    def column_opener(self, table: str, column: str, foreign_key_name: str) -> ColumnOpener:
        """A reader of one column over batches of raw rows of a table with one foreign key
        (the index pass at unlock opens two or three fields of every note): ``rows`` hold
        the row id at 0, the foreign key at 1 and the envelope at ``at``.

        Gives each row's text, or the ``TamperedRecordError`` that opening that row alone
        with ``open_text`` raises: a damaged record is reported on its own, and the rest of
        its batch is read. A plainly well-formed row takes the short way: the AAD as
        ``field_aad`` builds it (its constant head encoded once, with the id's length once a
        length, and the foreign-key part once a key), AES-GCM, then ``unpad()``'s and
        UTF-8's checks. Anything else (an id or key that is not UTF-8 TEXT or is too long for
        the AAD, a failed tag, bad padding or UTF-8) is opened again by ``open_text``, so
        the checks and the error are exactly those of every other read."""
        head = b"".join(
            (
                FIELD_AAD_PREFIX,
                length_prefixed(self._keys.vault_id),
                length_prefixed(table.encode("utf-8")),
                length_prefixed(column.encode("utf-8")),
            )
        )
        encoded_name = length_prefixed(foreign_key_name.encode("utf-8"))
        decrypt = self._keys.field_aead.decrypt
        body = 1 + NONCE_LENGTH
        version, block = ENVELOPE_VERSION, PAD_BLOCK

        def open_rows(rows: Iterable[Sequence[Any]], at: int) -> list[str | TamperedRecordError]:
            texts: list[str | TamperedRecordError] = []
            append = texts.append
            # Once a batch: the AAD's foreign-key part once a key (many notes share a case),
            # its head with the id's length once a length (ids are all of one length).
            tails: dict[object, bytes] = {}
            heads: dict[int, bytes] = {}
            for row in rows:
                try:
                    key = row[1]
                    tail = tails.get(key)
                    if tail is None:
                        encoded_key = key.encode("utf-8")  # None (no key) takes the long way
                        tail = encoded_name + len(encoded_key).to_bytes(2, "big") + encoded_key
                        tails[key] = tail
                    encoded_id = row[0].encode("utf-8")
                    size = len(encoded_id)
                    sized_head = heads.get(size)
                    if sized_head is None:
                        # Lengths over 65535 raise OverflowError: the long way.
                        sized_head = heads[size] = head + size.to_bytes(2, "big")
                    blob = row[at]
                    if type(blob) is bytes and blob[0] == version:
                        padded = decrypt(
                            blob[1:body], blob[body:], b"".join((sized_head, encoded_id, tail))
                        )
                        # unpad(): whole blocks (which also covers the envelope's least
                        # length), the marker, then at most a block of zeros.
                        end = padded.rstrip(b"\x00")
                        size = len(padded)
                        if end[-1:] == b"\x80" and size - len(end) < block and not size % block:
                            append(end[:-1].decode("utf-8"))
                            continue
                except Exception:  # the long way below says what is wrong
                    pass
                try:
                    append(
                        self.open_text(table, column, row[0], {foreign_key_name: row[1]}, row[at])
                    )
                except TamperedRecordError as exc:
                    append(exc)
            return texts

        return open_rows

    # Record-level helpers: the AAD comes from the record's own id and *_id columns.

    def seal_into(self, record: Base, column: str, value: Any) -> None:
        table, row_id, fks = _identity(record)
        setattr(record, column, self.seal_value(table, column, row_id, fks, value))

    def open_from(self, record: Base, column: str) -> Any:
        table, row_id, fks = _stored_identity(record)
        blob = getattr(record, column)
        text = self._quick_text(table, column, row_id, fks, blob)
        if text is None:
            return self.open_json(table, column, row_id, fks, blob)
        try:
            return json.loads(text)
        except ValueError:  # the message would quote decrypted text
            raise TamperedRecordError(table, shown_id(row_id), column) from None

    def open_text_from(self, record: Base, column: str) -> str:
        table, row_id, fks = _stored_identity(record)
        blob = getattr(record, column)
        text = self._quick_text(table, column, row_id, fks, blob)
        if text is None:
            return self.open_text(table, column, row_id, fks, blob)
        return text

    def _quick_text(
        self, table: str, column: str, row_id: object, foreign_keys: dict[str, object], blob: object
    ) -> str | None:
        """``open_text``'s answer for a plainly well-formed field, or None for anything else,
        which ``open_text`` then opens again so that its checks and errors are exactly those
        of every other read (as ``column_opener``). The short way: ids and keys that are
        ``str`` (encoding one that is not UTF-8 raises), the AAD as ``field_aad`` builds it
        with its head encoded once a column, AES-GCM, then ``unpad()``'s and UTF-8's checks.
        A whole number of blocks after a successful decrypt also covers the envelope's least
        length. A whole export opens every field of the vault this way."""
        try:
            if type(row_id) is not str or type(blob) is not bytes or blob[0] != ENVELOPE_VERSION:
                return None
            head = self._heads.get((table, column))
            if head is None:
                head = self._heads[(table, column)] = field_aad(
                    self._keys.vault_id, table, column, "", {}
                )[:-2]  # without the empty id's length
            parts = [head, length_prefixed(row_id.encode("utf-8"))]
            for name in sorted(foreign_keys):
                value = foreign_keys[name]
                if value is None:
                    value = ""
                elif type(value) is not str:
                    return None
                parts.append(length_prefixed(name.encode("utf-8")))
                parts.append(length_prefixed(value.encode("utf-8")))
            padded = self._keys.field_aead.decrypt(
                blob[1 : 1 + NONCE_LENGTH], blob[1 + NONCE_LENGTH :], b"".join(parts)
            )
            end = padded.rstrip(b"\x00")
            size = len(padded)
            if end[-1:] != b"\x80" or size - len(end) >= PAD_BLOCK or size % PAD_BLOCK:
                return None
            return end[:-1].decode("utf-8")
        except Exception:  # the long way says what is wrong
            return None


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
