"""Key slots: the DEK wrapped under a key-encryption key, bound to the vault id."""

from __future__ import annotations

import os

# The cryptography bindings are imported on first use: the window's unlock page and a
# command's vault inspection read the header without them (20-30 ms of every start).

NONCE_LENGTH = 12
DEK_LENGTH = 32
SLOT_LENGTH = NONCE_LENGTH + DEK_LENGTH + 16
PASSPHRASE_SLOT_AAD = b"casenotes/slot/passphrase/v1"
RECOVERY_SLOT_AAD = b"casenotes/slot/recovery/v1"
FIELD_KEY_INFO = b"casenotes/field/v1"


class SlotError(ValueError):
    """The slot does not open with this key (wrong secret, or an altered slot)."""


def wrap_dek(
    kek: bytes, dek: bytes, slot_aad: bytes, vault_id: bytes, nonce: bytes | None = None
) -> bytes:
    nonce = os.urandom(NONCE_LENGTH) if nonce is None else nonce
    if len(nonce) != NONCE_LENGTH:
        raise ValueError("nonce must be 12 bytes")
    if len(dek) != DEK_LENGTH:
        raise ValueError("DEK must be 32 bytes")
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return nonce + AESGCM(kek).encrypt(nonce, dek, slot_aad + vault_id)


def unwrap_dek(kek: bytes, slot: bytes, slot_aad: bytes, vault_id: bytes) -> bytes:
    if not isinstance(slot, bytes) or len(slot) != SLOT_LENGTH:
        raise SlotError("key slot has the wrong length")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        dek = AESGCM(kek).decrypt(slot[:NONCE_LENGTH], slot[NONCE_LENGTH:], slot_aad + vault_id)
    except InvalidTag as exc:
        raise SlotError("key slot did not open") from exc
    return dek


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def field_key(dek: bytes, vault_id: bytes) -> bytes:
    return hkdf_sha256(dek, vault_id, FIELD_KEY_INFO)
