"""casenotes.core.vault.envelope: the field envelope, its AAD and its padding."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Mapping

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from hypothesis import example, given, settings
from hypothesis import strategies as st

from casenotes.core.vault.envelope import (
    ENVELOPE_VERSION,
    FIELD_AAD_PREFIX,
    PAD_BLOCK,
    EnvelopeError,
    field_aad,
    length_prefixed,
    open_sealed,
    pad,
    seal,
    unpad,
)
from casenotes.core.vault.slots import field_key

# --- the worked example of docs/vault-format.md -------------------------------------------------

KAT_VAULT_ID = bytes(range(0x00, 0x10))
KAT_DEK = bytes(range(0x20, 0x40))
KAT_NONCE = bytes(range(0xC0, 0xCC))
KAT_TABLE = "notes"
KAT_COLUMN = "sections_enc"
KAT_ROW_ID = "6f1c2a9e-3b7d-4e58-9a0c-1d2e3f405162"
KAT_CASE_ID = "0b8e4d2c-5a61-4f3e-8d7c-9e0f1a2b3c4d"
KAT_FOREIGN_KEYS: Mapping[str, str | None] = {"case_id": KAT_CASE_ID}
# A note's sections as the store seals them: compact UTF-8 JSON.
KAT_PAYLOAD = '{"body":"Example note: café ☕"}'.encode()

KAT_FIELD_KEY = bytes.fromhex("42e319ddcdd41865e0d255c95f35bdad6d6e6bc3c5fdac30e60cd718956f3df9")
# fmt: off
KAT_AAD = bytes.fromhex(
    "636173656e6f7465732f6669656c642f7631"  # "casenotes/field/v1"
    "0010" "000102030405060708090a0b0c0d0e0f"  # L(vault_id)
    "0005" "6e6f746573"  # L("notes")
    "000c" "73656374696f6e735f656e63"  # L("sections_enc")
    "0024" "36663163326139652d336237642d346535382d396130632d316432653366343035313632"  # L(row id)
    "0007" "636173655f6964"  # L("case_id")
    "0024" "30623865346432632d356136312d346633652d386437632d396530663161326233633464"  # L(value)
)
# fmt: on
KAT_PADDED = bytes.fromhex(
    "7b22626f6479223a224578616d706c65206e6f74653a20636166c3a920e29895227d" + "80" + "00" * 29
)
KAT_ENVELOPE = bytes.fromhex(
    "01"  # version
    "c0c1c2c3c4c5c6c7c8c9cacb"  # nonce
    "24c88ead07bc7b4085c6d1fd857359b8d2a9e5d6785c76531bac7cd713109e39"  # ciphertext (64)
    "ba3218aec9ae78e410ec00fa1ae12edbc77d5e1659887f0c043efbe189973034"
    "69d78437a1adf0c5ce0963517e8c3b77"  # GCM tag
)


@pytest.fixture(scope="module")
def aead() -> AESGCM:
    return AESGCM(field_key(KAT_DEK, KAT_VAULT_ID))


def kat_aad(**changes: object) -> bytes:
    args: dict[str, object] = {
        "vault_id": KAT_VAULT_ID,
        "table": KAT_TABLE,
        "column": KAT_COLUMN,
        "row_id": KAT_ROW_ID,
        "foreign_keys": KAT_FOREIGN_KEYS,
    }
    args.update(changes)
    return field_aad(**args)  # type: ignore[arg-type]


def test_field_key_known_answer() -> None:
    assert field_key(KAT_DEK, KAT_VAULT_ID) == KAT_FIELD_KEY


def test_field_aad_known_answer() -> None:
    assert kat_aad() == KAT_AAD


def test_pad_known_answer() -> None:
    assert pad(KAT_PAYLOAD) == KAT_PADDED


def test_envelope_known_answer(aead: AESGCM) -> None:
    assert seal(aead, KAT_PAYLOAD, KAT_AAD, nonce=KAT_NONCE) == KAT_ENVELOPE
    assert open_sealed(aead, KAT_ENVELOPE, KAT_AAD) == KAT_PAYLOAD


def test_envelope_known_answer_matches_contract() -> None:
    """Recompute FK, the AAD, the padding and the envelope from the contract text alone."""

    def big_endian_length_prefixed(x: bytes) -> bytes:
        return len(x).to_bytes(2, "big") + x

    fk = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=KAT_VAULT_ID, info=b"casenotes/field/v1"
    ).derive(KAT_DEK)
    assert fk == KAT_FIELD_KEY

    aad = b"casenotes/field/v1" + b"".join(
        big_endian_length_prefixed(x)
        for x in (
            KAT_VAULT_ID,
            b"notes",
            b"sections_enc",  # the column as stored, with _enc
            KAT_ROW_ID.encode(),
            b"case_id",  # each *_id column: name, then value
            KAT_CASE_ID.encode(),
        )
    )
    assert aad == KAT_AAD

    padded = KAT_PAYLOAD + b"\x80" + b"\x00" * (64 - len(KAT_PAYLOAD) - 1)
    assert padded == KAT_PADDED

    envelope = b"\x01" + KAT_NONCE + AESGCM(fk).encrypt(KAT_NONCE, padded, aad)
    assert envelope == KAT_ENVELOPE
    assert len(envelope) == 1 + 12 + 64 + 16


# --- padding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "padded_size"), [(0, 64), (1, 64), (63, 64), (64, 128), (65, 128), (127, 128)]
)
def test_pad_lengths(size: int, padded_size: int) -> None:
    payload = bytes([0xAB]) * size
    padded = pad(payload)
    assert len(padded) == padded_size
    assert len(padded) % PAD_BLOCK == 0
    assert padded[:size] == payload
    assert padded[size] == 0x80
    assert padded[size + 1 :] == b"\x00" * (padded_size - size - 1)
    assert unpad(padded) == payload


@pytest.mark.parametrize("tail", [b"\x00", b"\x80", b"\x00\x80\x00", b"\x80" * 70])
def test_pad_keeps_payloads_that_look_like_padding(tail: bytes) -> None:
    payload = b"text" + tail
    assert unpad(pad(payload)) == payload


@given(st.binary(max_size=1000))
def test_pad_round_trip(payload: bytes) -> None:
    padded = pad(payload)
    assert len(padded) % PAD_BLOCK == 0
    assert 1 <= len(padded) - len(payload) <= PAD_BLOCK
    assert unpad(padded) == payload


@pytest.mark.parametrize(
    "padded",
    [
        b"",
        b"\x80",  # not a multiple of 64
        b"abc\x80" + b"\x00" * 61,  # 65 bytes
        b"\x00" * 64,  # no marker
        b"abc" + b"\x00" * 61,  # no marker
        b"abc\x81" + b"\x00" * 60,  # wrong marker
        b"\x80" + b"\x00" * 127,  # padding longer than one block
        b"abc\x80" + b"\x00" * 124,
    ],
)
def test_unpad_refuses(padded: bytes) -> None:
    with pytest.raises(EnvelopeError):
        unpad(padded)


# --- AAD ----------------------------------------------------------------------------------------


def test_length_prefixed() -> None:
    assert length_prefixed(b"") == b"\x00\x00"
    assert length_prefixed(b"abc") == b"\x00\x03abc"
    assert length_prefixed(b"x" * 300) == b"\x01\x2c" + b"x" * 300
    assert length_prefixed(b"x" * 0xFFFF)[:2] == b"\xff\xff"
    with pytest.raises(ValueError, match="65535"):
        length_prefixed(b"x" * 0x10000)


def test_aad_without_foreign_keys() -> None:
    assert field_aad(b"\x07" * 16, "cases", "name_enc", "r", {}) == (
        FIELD_AAD_PREFIX
        + b"\x00\x10"
        + b"\x07" * 16
        + b"\x00\x05cases"
        + b"\x00\x08name_enc"
        + b"\x00\x01r"
    )


def test_aad_foreign_keys_in_ascending_name_order() -> None:
    forwards = field_aad(KAT_VAULT_ID, "t", "c_enc", "r", {"a_id": "1", "b_id": "2", "c_id": "3"})
    backwards = field_aad(KAT_VAULT_ID, "t", "c_enc", "r", {"c_id": "3", "b_id": "2", "a_id": "1"})
    assert forwards == backwards
    assert forwards.endswith(b"\x00\x04a_id\x00\x011\x00\x04b_id\x00\x012\x00\x04c_id\x00\x013")


def test_aad_none_foreign_key_is_the_empty_string() -> None:
    with_none = field_aad(KAT_VAULT_ID, "t", "c_enc", "r", {"case_id": None})
    assert with_none == field_aad(KAT_VAULT_ID, "t", "c_enc", "r", {"case_id": ""})
    assert with_none.endswith(b"\x00\x07case_id\x00\x00")
    # …but a NULL foreign key is not the same as no foreign key column at all.
    assert with_none != field_aad(KAT_VAULT_ID, "t", "c_enc", "r", {})


def test_aad_lengths_count_utf8_bytes() -> None:
    aad = field_aad(KAT_VAULT_ID, "tä", "c_enc", "é", {})
    assert b"\x00\x03t\xc3\xa4" in aad
    assert aad.endswith(b"\x00\x02\xc3\xa9")


def test_aad_components_cannot_slide() -> None:
    """Length prefixes keep ("ab", "c") and ("a", "bc") apart."""
    slid = field_aad(KAT_VAULT_ID, "a", "bc", "r", {})
    assert field_aad(KAT_VAULT_ID, "ab", "c", "r", {}) != slid
    assert field_aad(KAT_VAULT_ID, "t", "c", "r", {"a_id": "b_idx"}) != field_aad(
        KAT_VAULT_ID, "t", "c", "r", {"a_idb_id": "x"}
    )


# --- sealing and opening ------------------------------------------------------------------------


def test_seal_layout(aead: AESGCM) -> None:
    envelope = seal(aead, b"hello", KAT_AAD)
    assert envelope[0] == ENVELOPE_VERSION == 0x01
    assert len(envelope) == 1 + 12 + 64 + 16
    assert open_sealed(aead, envelope, KAT_AAD) == b"hello"


def test_seal_uses_a_fresh_nonce_each_time(aead: AESGCM) -> None:
    envelopes = {seal(aead, b"same", KAT_AAD) for _ in range(20)}
    assert len(envelopes) == 20
    assert len({e[1:13] for e in envelopes}) == 20


@pytest.mark.parametrize("nonce", [b"", b"\x00" * 11, b"\x00" * 13], ids=len)
def test_seal_refuses_a_bad_nonce(aead: AESGCM, nonce: bytes) -> None:
    with pytest.raises(ValueError, match="12 bytes"):
        seal(aead, b"x", KAT_AAD, nonce=nonce)


def test_flipping_any_byte_fails(aead: AESGCM) -> None:
    for index in range(len(KAT_ENVELOPE)):
        for bit in (0x01, 0x80):
            tampered = bytearray(KAT_ENVELOPE)
            tampered[index] ^= bit
            with pytest.raises(EnvelopeError):
                open_sealed(aead, bytes(tampered), KAT_AAD)


@pytest.mark.parametrize(
    "changes",
    [
        {"vault_id": bytes(range(0x01, 0x11))},
        {"table": "cases"},
        {"table": "Notes"},
        {"column": "sections"},  # the column as stored includes _enc
        {"column": "meta_enc"},
        {"row_id": "6f1c2a9e-3b7d-4e58-9a0c-1d2e3f405163"},
        {"row_id": KAT_ROW_ID.upper()},
        {"foreign_keys": {"case_id": "0b8e4d2c-5a61-4f3e-8d7c-9e0f1a2b3c4e"}},  # re-parented
        {"foreign_keys": {"case_id": KAT_CASE_ID.upper()}},
        {"foreign_keys": {"case_id": None}},
        {"foreign_keys": {}},
        {"foreign_keys": {"case_id": KAT_CASE_ID, "template_id": None}},
        {"foreign_keys": {"client_id": KAT_CASE_ID}},
    ],
    ids=lambda changes: ",".join(changes),
)
def test_changing_any_aad_component_fails(aead: AESGCM, changes: dict[str, object]) -> None:
    with pytest.raises(EnvelopeError, match="authentication"):
        open_sealed(aead, KAT_ENVELOPE, kat_aad(**changes))


def test_another_vaults_field_key_fails() -> None:
    other = AESGCM(field_key(KAT_DEK, bytes(range(0x01, 0x11))))
    with pytest.raises(EnvelopeError):
        open_sealed(other, KAT_ENVELOPE, KAT_AAD)


@pytest.mark.parametrize("version", [0x00, 0x02, 0xFF])
def test_wrong_version_byte(aead: AESGCM, version: int) -> None:
    with pytest.raises(EnvelopeError, match="version"):
        open_sealed(aead, bytes([version]) + KAT_ENVELOPE[1:], KAT_AAD)


def test_truncated_or_extended_envelopes_fail(aead: AESGCM) -> None:
    for length in range(len(KAT_ENVELOPE)):
        with pytest.raises(EnvelopeError):
            open_sealed(aead, KAT_ENVELOPE[:length], KAT_AAD)
    for extra in (b"\x00", b"\x00" * 63, b"\x00" * 64):
        with pytest.raises(EnvelopeError):
            open_sealed(aead, KAT_ENVELOPE + extra, KAT_AAD)


@pytest.mark.parametrize("length", [0, 1, 13, 29, 92, 94, 156, 158])
def test_impossible_lengths(aead: AESGCM, length: int) -> None:
    with pytest.raises(EnvelopeError, match="length"):
        open_sealed(aead, b"\x01" * length, KAT_AAD)


@pytest.mark.parametrize("value", [None, "", KAT_ENVELOPE.hex(), 1, [1, 2], object()])
def test_non_bytes_input(aead: AESGCM, value: object) -> None:
    with pytest.raises(EnvelopeError, match="byte string"):
        open_sealed(aead, value, KAT_AAD)  # type: ignore[arg-type]


def test_bytes_like_input_is_accepted(aead: AESGCM) -> None:
    assert open_sealed(aead, bytearray(KAT_ENVELOPE), KAT_AAD) == KAT_PAYLOAD
    assert open_sealed(aead, memoryview(KAT_ENVELOPE), KAT_AAD) == KAT_PAYLOAD  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------------


@settings(deadline=None)
@given(payload=st.binary(max_size=4096))
@example(payload=b"")
@example(payload=b"\x80")
@example(payload=b"\x00" * 64)
def test_round_trip_bytes(aead: AESGCM, payload: bytes) -> None:
    envelope = seal(aead, payload, KAT_AAD)
    assert (len(envelope) - 1 - 12 - 16) % 64 == 0
    assert open_sealed(aead, envelope, KAT_AAD) == payload


@settings(deadline=None)
@given(text=st.text())
@example(text="")
@example(text="Ünïcode — 日本語 — emoji 🧭 — RTL עברית")
def test_round_trip_text(aead: AESGCM, text: str) -> None:
    envelope = seal(aead, text.encode("utf-8"), KAT_AAD)
    assert open_sealed(aead, envelope, KAT_AAD).decode("utf-8") == text


@settings(max_examples=15, deadline=None)
@given(size=st.integers(min_value=0, max_value=1 << 20), seed=st.integers(0, 2**32 - 1))
@example(size=1 << 20, seed=0)
def test_round_trip_up_to_a_megabyte(aead: AESGCM, size: int, seed: int) -> None:
    payload = random.Random(seed).randbytes(size)
    envelope = seal(aead, payload, KAT_AAD)
    assert len(envelope) == 1 + 12 + (size // 64 + 1) * 64 + 16
    assert open_sealed(aead, envelope, KAT_AAD) == payload


@given(data=st.binary(max_size=400))
def test_open_arbitrary_bytes_raises_only_envelope_error(aead: AESGCM, data: bytes) -> None:
    with contextlib.suppress(EnvelopeError):
        open_sealed(aead, data, KAT_AAD)


@given(
    blocks=st.integers(min_value=1, max_value=4),
    data=st.data(),
)
def test_open_well_shaped_garbage_raises_only_envelope_error(
    aead: AESGCM, blocks: int, data: st.DataObject
) -> None:
    """Bytes of a possible envelope length, so the checks past the length check are reached."""
    body = data.draw(st.binary(min_size=12 + 64 * blocks + 16, max_size=12 + 64 * blocks + 16))
    version = data.draw(st.sampled_from([0x01, 0x01, 0x00, 0x02]))
    with contextlib.suppress(EnvelopeError):
        open_sealed(aead, bytes([version]) + body, KAT_AAD)


@given(index=st.integers(0, len(KAT_ENVELOPE) - 1), value=st.integers(0, 255))
def test_any_single_byte_change_raises_envelope_error(aead: AESGCM, index: int, value: int) -> None:
    tampered = bytearray(KAT_ENVELOPE)
    tampered[index] = value
    if bytes(tampered) == KAT_ENVELOPE:
        assert open_sealed(aead, KAT_ENVELOPE, KAT_AAD) == KAT_PAYLOAD
        return
    with pytest.raises(EnvelopeError):
        open_sealed(aead, bytes(tampered), KAT_AAD)
