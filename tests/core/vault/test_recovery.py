"""casenotes.core.vault.recovery: the recovery key, its text form and KEK_r."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from hypothesis import given
from hypothesis import strategies as st

from casenotes.core.vault.errors import BadRecoveryKeyError
from casenotes.core.vault.recovery import (
    RECOVERY_KEY_LENGTH,
    format_recovery_key,
    new_recovery_key,
    parse_recovery_key,
    recovery_kek,
)
from casenotes.core.vault.slots import RECOVERY_SLOT_AAD, SlotError, unwrap_dek, wrap_dek

# --- the worked example of docs/vault-format.md -------------------------------------------------

KAT_VAULT_ID = bytes(range(0x00, 0x10))
KAT_DEK = bytes(range(0x20, 0x40))
KAT_RECOVERY_KEY = bytes(range(0x40, 0x60))
KAT_RECOVERY_NONCE = bytes(range(0xB0, 0xBC))

KAT_RECOVERY_TEXT = "IBAUE-Q2EIV-DEOSC-JJJFU-YTKOJ-5IFCU-STKRK-VMV2Y-LFNFW-XC5LZ-P4UKQ"
KAT_KEK_R = bytes.fromhex("baa9e992890b6ba6f683a0f5c0e5cb082d50404849ef2613d323ac8289b40c2e")
KAT_RECOVERY_SLOT = bytes.fromhex(
    "b0b1b2b3b4b5b6b7b8b9babb"  # nonce
    "e89754e02c4b66f30e484e651cc57610631f28d41d69a5f92a0b7be2fbfcc69e"  # encrypted DEK
    "4be4893cbce455a8e322770dbb73536f"  # GCM tag
)

SHAPE = re.compile(r"^[A-Z2-7]{5}(-[A-Z2-7]{5}){10}$")
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def test_text_known_answer() -> None:
    assert format_recovery_key(KAT_RECOVERY_KEY) == KAT_RECOVERY_TEXT
    assert parse_recovery_key(KAT_RECOVERY_TEXT) == KAT_RECOVERY_KEY


def test_text_known_answer_matches_contract() -> None:
    """RFC 4648 base32, no padding, of key ‖ SHA-256(key)[:2], upper case, groups of 5 by '-'."""
    raw = KAT_RECOVERY_KEY + hashlib.sha256(KAT_RECOVERY_KEY).digest()[:2]
    text = base64.b32encode(raw).decode("ascii").rstrip("=").upper()
    assert "-".join(text[i : i + 5] for i in range(0, len(text), 5)) == KAT_RECOVERY_TEXT


def test_kek_r_known_answer() -> None:
    assert recovery_kek(KAT_RECOVERY_KEY, KAT_VAULT_ID) == KAT_KEK_R


def test_kek_r_known_answer_matches_contract() -> None:
    kek = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=KAT_VAULT_ID, info=b"casenotes/recovery/v1"
    ).derive(KAT_RECOVERY_KEY)
    assert kek == KAT_KEK_R


def test_recovery_slot_known_answer() -> None:
    slot = wrap_dek(
        recovery_kek(KAT_RECOVERY_KEY, KAT_VAULT_ID),
        KAT_DEK,
        RECOVERY_SLOT_AAD,
        KAT_VAULT_ID,
        nonce=KAT_RECOVERY_NONCE,
    )
    assert slot == KAT_RECOVERY_SLOT


def test_recovery_slot_known_answer_matches_contract() -> None:
    aad = b"casenotes/slot/recovery/v1" + KAT_VAULT_ID
    slot = KAT_RECOVERY_NONCE + AESGCM(KAT_KEK_R).encrypt(KAT_RECOVERY_NONCE, KAT_DEK, aad)
    assert slot == KAT_RECOVERY_SLOT


def test_kek_r_is_bound_to_the_vault() -> None:
    other_vault = bytes(range(0x01, 0x11))
    assert recovery_kek(KAT_RECOVERY_KEY, other_vault) != KAT_KEK_R
    with pytest.raises(SlotError):
        unwrap_dek(
            recovery_kek(KAT_RECOVERY_KEY, other_vault),
            KAT_RECOVERY_SLOT,
            RECOVERY_SLOT_AAD,
            KAT_VAULT_ID,
        )


# --- text form ----------------------------------------------------------------------------------


def test_new_recovery_keys_are_random_32_bytes() -> None:
    keys = {new_recovery_key() for _ in range(10)}
    assert len(keys) == 10
    assert all(len(k) == RECOVERY_KEY_LENGTH == 32 for k in keys)


def test_shape() -> None:
    for key in (KAT_RECOVERY_KEY, bytes(32), b"\xff" * 32, new_recovery_key()):
        text = format_recovery_key(key)
        assert SHAPE.match(text), text
        assert len(text) == 11 * 5 + 10


@pytest.mark.parametrize("key", [b"", bytes(31), bytes(33)])
def test_format_refuses_wrong_key_length(key: bytes) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        format_recovery_key(key)


@pytest.mark.parametrize(
    "typed",
    [
        KAT_RECOVERY_TEXT.lower(),
        KAT_RECOVERY_TEXT.replace("-", ""),
        KAT_RECOVERY_TEXT.replace("-", " "),
        KAT_RECOVERY_TEXT.lower().replace("-", " - "),
        "  " + KAT_RECOVERY_TEXT + "  ",
        KAT_RECOVERY_TEXT.replace("-", "\n"),
        "-".join(KAT_RECOVERY_TEXT.replace("-", "")),  # a dash between every character
        KAT_RECOVERY_TEXT.swapcase(),
    ],
)
def test_parse_ignores_case_spaces_and_dashes(typed: str) -> None:
    assert parse_recovery_key(typed) == KAT_RECOVERY_KEY


def _substitute(text: str, index: int) -> str:
    """The text with the character at ``index`` replaced by another valid base32 character."""
    old = text[index]
    new = BASE32[(BASE32.index(old) + 1) % len(BASE32)]
    return text[:index] + new + text[index + 1 :]


def test_any_single_changed_character_is_rejected() -> None:
    """Including the last one, whose three unused bits base32 decoders commonly ignore."""
    for index, char in enumerate(KAT_RECOVERY_TEXT):
        if char == "-":
            continue
        with pytest.raises(BadRecoveryKeyError, match="mistyped"):
            parse_recovery_key(_substitute(KAT_RECOVERY_TEXT, index))


def test_non_canonical_last_character_is_rejected() -> None:
    # "Q" is 10000 in base32; the last 3 bits are padding. "R" (10001) decodes to the same
    # bytes with lenient decoders, and must still be refused.
    assert KAT_RECOVERY_TEXT.endswith("Q")
    with pytest.raises(BadRecoveryKeyError):
        parse_recovery_key(KAT_RECOVERY_TEXT[:-1] + "R")


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "IBAUE",
        KAT_RECOVERY_TEXT[:-1],
        KAT_RECOVERY_TEXT + "A",
        KAT_RECOVERY_TEXT + "-AAAAA",
    ],
)
def test_wrong_length_is_rejected(typed: str) -> None:
    with pytest.raises(BadRecoveryKeyError, match="wrong length"):
        parse_recovery_key(typed)


@pytest.mark.parametrize("bad", ["0", "1", "8", "9", "!", "=", "_", "é"])
def test_invalid_characters_are_rejected(bad: str) -> None:
    typed = bad + KAT_RECOVERY_TEXT[1:]
    with pytest.raises(BadRecoveryKeyError, match="characters"):
        parse_recovery_key(typed)


@pytest.mark.parametrize("lookalike", ["\u0131", "\u0130", "\uff29"])  # ı, İ, fullwidth I
def test_non_ascii_lookalikes_are_rejected(lookalike: str) -> None:
    """str.upper() maps 'ı' to 'I'; the parser must not accept such characters as letters."""
    assert KAT_RECOVERY_TEXT.startswith("I")
    with pytest.raises(BadRecoveryKeyError):
        parse_recovery_key(lookalike + KAT_RECOVERY_TEXT[1:])


def test_error_messages_do_not_echo_the_key() -> None:
    typed = _substitute(KAT_RECOVERY_TEXT, 3)
    with pytest.raises(BadRecoveryKeyError) as info:
        parse_recovery_key(typed)
    message = str(info.value)
    for group in typed.split("-"):
        assert group not in message


@given(st.binary(min_size=32, max_size=32))
def test_round_trip(key: bytes) -> None:
    text = format_recovery_key(key)
    assert SHAPE.match(text)
    assert parse_recovery_key(text) == key
    assert parse_recovery_key(text.lower().replace("-", " ")) == key
