"""casenotes.core.vault.slots: the DEK wrapped under a KEK, bound to the slot kind and vault id."""

from __future__ import annotations

import unicodedata

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from casenotes.core.vault.kdf import KdfParams, derive_kek
from casenotes.core.vault.slots import (
    DEK_LENGTH,
    PASSPHRASE_SLOT_AAD,
    RECOVERY_SLOT_AAD,
    SLOT_LENGTH,
    SlotError,
    field_key,
    hkdf_sha256,
    unwrap_dek,
    wrap_dek,
)

# --- the worked example of docs/vault-format.md -------------------------------------------------

KAT_VAULT_ID = bytes(range(0x00, 0x10))
KAT_SALT = bytes(range(0x10, 0x20))
KAT_DEK = bytes(range(0x20, 0x40))
KAT_PASSPHRASE = "Café Ünïcode tea-kettle 42"
KAT_PARAMS = KdfParams(memory_kib=64, iterations=1, lanes=1)
KAT_PASSPHRASE_NONCE = bytes(range(0xA0, 0xAC))

KAT_KEK_P = bytes.fromhex("cf1ca716a7e8e0bab4c14dc01fab1d452c9a2aec3b9d620b99adf2d5739a46b6")
KAT_PASSPHRASE_SLOT = bytes.fromhex(
    "a0a1a2a3a4a5a6a7a8a9aaab"  # nonce
    "6b34a4be523357b25bb03bc304af487f89acfb25ceaefafcf99b3b2a7fd3c563"  # encrypted DEK
    "e02c834c3754cb6bf5ce7595cfba5534"  # GCM tag
)
KAT_FIELD_KEY = bytes.fromhex("42e319ddcdd41865e0d255c95f35bdad6d6e6bc3c5fdac30e60cd718956f3df9")

OTHER_VAULT_ID = bytes(range(0x01, 0x11))


def test_constants_match_the_contract() -> None:
    assert PASSPHRASE_SLOT_AAD == b"casenotes/slot/passphrase/v1"
    assert RECOVERY_SLOT_AAD == b"casenotes/slot/recovery/v1"
    assert DEK_LENGTH == 32
    assert SLOT_LENGTH == 12 + 32 + 16


def test_passphrase_slot_known_answer() -> None:
    kek = derive_kek(KAT_PASSPHRASE, KAT_SALT, KAT_PARAMS)
    assert kek == KAT_KEK_P
    slot = wrap_dek(kek, KAT_DEK, PASSPHRASE_SLOT_AAD, KAT_VAULT_ID, nonce=KAT_PASSPHRASE_NONCE)
    assert slot == KAT_PASSPHRASE_SLOT
    assert unwrap_dek(kek, slot, PASSPHRASE_SLOT_AAD, KAT_VAULT_ID) == KAT_DEK


def test_passphrase_slot_known_answer_matches_contract() -> None:
    """passphrase_slot = nonce ‖ AES-256-GCM(KEK_p, DEK, aad="casenotes/slot/passphrase/v1" ‖
    vault_id), KEK_p = Argon2id(NFC UTF-8 passphrase, kdf_salt, header parameters, 32)."""
    kek = Argon2id(
        salt=KAT_SALT,
        length=32,
        iterations=KAT_PARAMS.iterations,
        lanes=KAT_PARAMS.lanes,
        memory_cost=KAT_PARAMS.memory_kib,
    ).derive(unicodedata.normalize("NFC", KAT_PASSPHRASE).encode("utf-8"))
    aad = b"casenotes/slot/passphrase/v1" + KAT_VAULT_ID
    slot = KAT_PASSPHRASE_NONCE + AESGCM(kek).encrypt(KAT_PASSPHRASE_NONCE, KAT_DEK, aad)
    assert slot == KAT_PASSPHRASE_SLOT
    assert AESGCM(kek).decrypt(slot[:12], slot[12:], aad) == KAT_DEK


def test_field_key_known_answer() -> None:
    assert field_key(KAT_DEK, KAT_VAULT_ID) == KAT_FIELD_KEY


def test_field_key_known_answer_matches_contract() -> None:
    fk = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=KAT_VAULT_ID, info=b"casenotes/field/v1"
    ).derive(KAT_DEK)
    assert fk == KAT_FIELD_KEY


def test_field_key_depends_on_vault_id_and_dek() -> None:
    assert field_key(KAT_DEK, OTHER_VAULT_ID) != KAT_FIELD_KEY
    assert field_key(bytes(32), KAT_VAULT_ID) != KAT_FIELD_KEY
    assert field_key(KAT_DEK, KAT_VAULT_ID) != KAT_DEK


def test_hkdf_sha256_is_plain_rfc5869() -> None:
    # RFC 5869, test case 1 (first 32 bytes of its 42-byte OKM).
    ikm = bytes.fromhex("0b" * 22)
    salt = bytes.fromhex("000102030405060708090a0b0c")
    info = bytes.fromhex("f0f1f2f3f4f5f6f7f8f9")
    okm = bytes.fromhex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf")
    assert hkdf_sha256(ikm, salt, info) == okm


# --- wrapping and unwrapping --------------------------------------------------------------------


def test_round_trip_with_random_nonce() -> None:
    slot_a = wrap_dek(KAT_KEK_P, KAT_DEK, PASSPHRASE_SLOT_AAD, KAT_VAULT_ID)
    slot_b = wrap_dek(KAT_KEK_P, KAT_DEK, PASSPHRASE_SLOT_AAD, KAT_VAULT_ID)
    assert len(slot_a) == SLOT_LENGTH
    assert slot_a != slot_b
    for slot in (slot_a, slot_b):
        assert unwrap_dek(KAT_KEK_P, slot, PASSPHRASE_SLOT_AAD, KAT_VAULT_ID) == KAT_DEK


def test_wrong_kek_fails() -> None:
    with pytest.raises(SlotError):
        unwrap_dek(bytes(32), KAT_PASSPHRASE_SLOT, PASSPHRASE_SLOT_AAD, KAT_VAULT_ID)


def test_flipping_any_byte_fails() -> None:
    for index in range(len(KAT_PASSPHRASE_SLOT)):
        tampered = bytearray(KAT_PASSPHRASE_SLOT)
        tampered[index] ^= 0x01
        with pytest.raises(SlotError):
            unwrap_dek(KAT_KEK_P, bytes(tampered), PASSPHRASE_SLOT_AAD, KAT_VAULT_ID)


def test_slot_moved_to_another_vault_fails() -> None:
    with pytest.raises(SlotError):
        unwrap_dek(KAT_KEK_P, KAT_PASSPHRASE_SLOT, PASSPHRASE_SLOT_AAD, OTHER_VAULT_ID)


def test_slot_kinds_are_not_interchangeable() -> None:
    with pytest.raises(SlotError):
        unwrap_dek(KAT_KEK_P, KAT_PASSPHRASE_SLOT, RECOVERY_SLOT_AAD, KAT_VAULT_ID)


@pytest.mark.parametrize(
    "slot",
    [
        b"",
        KAT_PASSPHRASE_SLOT[:-1],
        KAT_PASSPHRASE_SLOT + b"\x00",
        bytearray(KAT_PASSPHRASE_SLOT),
        KAT_PASSPHRASE_SLOT.hex(),
        None,
    ],
    ids=["empty", "short", "long", "bytearray", "str", "none"],
)
def test_malformed_slots_fail(slot: object) -> None:
    with pytest.raises(SlotError, match="length"):
        unwrap_dek(KAT_KEK_P, slot, PASSPHRASE_SLOT_AAD, KAT_VAULT_ID)  # type: ignore[arg-type]


@pytest.mark.parametrize("nonce", [b"", b"\x00" * 11, b"\x00" * 13], ids=len)
def test_wrap_refuses_a_bad_nonce(nonce: bytes) -> None:
    with pytest.raises(ValueError, match="12 bytes"):
        wrap_dek(KAT_KEK_P, KAT_DEK, PASSPHRASE_SLOT_AAD, KAT_VAULT_ID, nonce=nonce)


@pytest.mark.parametrize("dek", [b"", bytes(31), bytes(33)], ids=len)
def test_wrap_refuses_a_bad_dek(dek: bytes) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        wrap_dek(KAT_KEK_P, dek, PASSPHRASE_SLOT_AAD, KAT_VAULT_ID)
