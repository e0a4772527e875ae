"""The field envelope: 0x01 ‖ nonce ‖ AES-256-GCM(FK, padded payload, aad) — vault format v1."""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ENVELOPE_VERSION = 0x01
NONCE_LENGTH = 12
TAG_LENGTH = 16
PAD_BLOCK = 64
FIELD_AAD_PREFIX = b"casenotes/field/v1"


class EnvelopeError(ValueError):
    """The envelope is malformed or failed authentication."""


def length_prefixed(value: bytes) -> bytes:
    if len(value) > 0xFFFF:
        raise ValueError("AAD component longer than 65535 bytes")
    return len(value).to_bytes(2, "big") + value


def field_aad(
    vault_id: bytes,
    table: str,
    column: str,
    row_id: str,
    foreign_keys: Mapping[str, str | None],
) -> bytes:
    """Bind a ciphertext to its vault, table, column, row and the row's foreign keys."""
    parts = [_aad_head(vault_id, table, column), length_prefixed(row_id.encode("utf-8"))]
    for name in sorted(foreign_keys):
        value = foreign_keys[name]
        parts.append(_encoded_name(name))
        parts.append(length_prefixed((value or "").encode("utf-8")))
    return b"".join(parts)


# Every read of a record builds an AAD; the head (prefix, vault, table, column) and the
# foreign keys' names are the same for every row of a column, so they are encoded once.
@functools.lru_cache(maxsize=256)
def _aad_head(vault_id: bytes, table: str, column: str) -> bytes:
    return b"".join(
        (
            FIELD_AAD_PREFIX,
            length_prefixed(vault_id),
            length_prefixed(table.encode("utf-8")),
            length_prefixed(column.encode("utf-8")),
        )
    )


@functools.lru_cache(maxsize=64)
def _encoded_name(name: str) -> bytes:
    return length_prefixed(name.encode("utf-8"))


def pad(payload: bytes) -> bytes:
    """ISO/IEC 7816-4 style: 0x80 then zeros up to the next multiple of 64 bytes."""
    padded_length = (len(payload) // PAD_BLOCK + 1) * PAD_BLOCK
    return payload + b"\x80" + b"\x00" * (padded_length - len(payload) - 1)


def unpad(padded: bytes) -> bytes:
    if not padded or len(padded) % PAD_BLOCK:
        raise EnvelopeError("padding length is not a multiple of 64")
    end = padded.rstrip(b"\x00")
    if not end.endswith(b"\x80"):
        raise EnvelopeError("padding marker missing")
    if len(padded) - len(end) >= PAD_BLOCK:
        # pad() adds 1..64 bytes; more than that is not the contract's padding.
        raise EnvelopeError("padding is longer than one block")
    return end[:-1]


def seal(aead: AESGCM, payload: bytes, aad: bytes, nonce: bytes | None = None) -> bytes:
    """Encrypt under the field key (an ``AESGCM`` built once per unlock)."""
    nonce = os.urandom(NONCE_LENGTH) if nonce is None else nonce
    if len(nonce) != NONCE_LENGTH:
        raise ValueError("nonce must be 12 bytes")
    return bytes([ENVELOPE_VERSION]) + nonce + aead.encrypt(nonce, pad(payload), aad)


def open_sealed(aead: AESGCM, envelope: bytes, aad: bytes) -> bytes:
    minimum = 1 + NONCE_LENGTH + PAD_BLOCK + TAG_LENGTH
    if not isinstance(envelope, bytes | bytearray | memoryview):
        raise EnvelopeError("field is not a byte string")
    envelope = bytes(envelope)
    if len(envelope) < minimum or (len(envelope) - 1 - NONCE_LENGTH - TAG_LENGTH) % PAD_BLOCK:
        raise EnvelopeError("field has an impossible length")
    if envelope[0] != ENVELOPE_VERSION:
        raise EnvelopeError("unknown field envelope version")
    nonce = envelope[1 : 1 + NONCE_LENGTH]
    try:
        padded = aead.decrypt(nonce, envelope[1 + NONCE_LENGTH :], aad)
    except InvalidTag as exc:
        raise EnvelopeError("field failed authentication") from exc
    return unpad(padded)
