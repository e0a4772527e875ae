"""Fuzzing the vault's parsers at high example counts: the recovery-key text parser, the key
slots (``unwrap_dek``, and unlocking headers whose slots and key material are random or
altered), and the field envelope (``open_sealed``; its ordinary property tests are in
test_envelope.py and run hypothesis's default 100 examples).

The properties: only the parser's own error escapes (``BadRecoveryKeyError``, ``SlotError``,
``EnvelopeError``, ``VaultError`` from the unlock functions); whatever parses round-trips; and
whatever unlocks yields the vault's own DEK. Keys here are fixed fictional test material."""

from __future__ import annotations

import contextlib
import random
from dataclasses import replace

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from casenotes.core.vault.envelope import EnvelopeError, open_sealed, seal
from casenotes.core.vault.errors import BadRecoveryKeyError, VaultError
from casenotes.core.vault.header import (
    ID_LENGTH,
    VaultHeader,
    create_header,
    unlock_with_passphrase,
    unlock_with_recovery_key,
)
from casenotes.core.vault.kdf import KdfParams, KdfPolicy
from casenotes.core.vault.recovery import format_recovery_key, parse_recovery_key
from casenotes.core.vault.slots import (
    DEK_LENGTH,
    PASSPHRASE_SLOT_AAD,
    SLOT_LENGTH,
    SlotError,
    unwrap_dek,
    wrap_dek,
)

FUZZ = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
SEPARATORS = " -\t\r\n"
# Characters that look like they could belong: digits outside base32, padding, other spaces,
# and non-ASCII letters that str.upper() folds into ASCII (ı → I, ſ → S) or fullwidth A.
NEAR_MISSES = "0189=_.\x0b\u00a0\u0131\u017f\uff21"

# ---- the recovery key's text form -------------------------------------------------------------


def _normalise(text: str) -> str:
    """What the parser compares: the text without spaces, tabs, newlines and dashes, upper case."""
    return "".join(ch for ch in text if ch not in SEPARATORS).upper()


def _check_parse(text: str) -> bytes | None:
    try:
        key = parse_recovery_key(text)
    except BadRecoveryKeyError:
        return None
    assert isinstance(key, bytes) and len(key) == 32
    # Success means the text is exactly the key's canonical form, up to case and separators.
    assert format_recovery_key(key).replace("-", "") == _normalise(text)
    return key


@FUZZ
@given(st.text())
@example("")
@example("=" * 55)
@example("A" * 55)
@example("\x00" * 55)
def test_parse_arbitrary_text(text: str) -> None:
    _check_parse(text)


@FUZZ
@given(
    st.text(alphabet=BASE32 + BASE32.lower() + SEPARATORS + NEAR_MISSES, min_size=50, max_size=80)
)
def test_parse_text_made_of_nearly_the_right_characters(text: str) -> None:
    _check_parse(text)


@st.composite
def typed_keys(draw: st.DrawFn) -> tuple[bytes, str, bool]:
    """A key's text as someone might type it: case and separators changed (still valid), and
    perhaps characters substituted, dropped or added (probably not)."""
    key = draw(st.binary(min_size=32, max_size=32))
    chars = list(format_recovery_key(key))
    harmless = True
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        kind = draw(
            st.sampled_from(
                ["case", "separator", "drop-separator", "substitute", "delete", "insert"]
            )
        )
        at = draw(st.integers(min_value=0, max_value=len(chars)))
        if kind == "case" and at < len(chars):
            chars[at] = chars[at].swapcase()
        elif kind == "separator":
            chars.insert(at, draw(st.sampled_from(list(SEPARATORS))))
        elif kind == "drop-separator" and at < len(chars) and chars[at] in SEPARATORS:
            del chars[at]
        elif kind == "substitute" and at < len(chars):
            chars[at] = draw(st.sampled_from(list(BASE32 + "0189=!é\u0131ſ")))
            harmless = False
        elif kind == "delete" and at < len(chars):
            harmless = harmless and chars[at] in SEPARATORS
            del chars[at]
        elif kind == "insert":
            chars.insert(at, draw(st.sampled_from(list(BASE32))))
            harmless = False
    return key, "".join(chars), harmless


@FUZZ
@given(typed_keys())
def test_parse_typed_keys(typed: tuple[bytes, str, bool]) -> None:
    key, text, harmless = typed
    parsed = _check_parse(text)
    # Non-ASCII characters are refused even where str.upper() would fold them into the right
    # letter (ſ -> S).
    same = text.isascii() and _normalise(text) == format_recovery_key(key).replace("-", "")
    if harmless or same:
        assert parsed == key
    elif parsed is not None:
        # A substitution that still checks out is another key with a valid checksum (about
        # one typo in 65,536 passes the checksum): it is the canonical form of what was typed.
        assert parsed != key


# ---- key slots and unlocking --------------------------------------------------------------

PASSPHRASE = "Fuzzing quarry velvet 84 tamarind"
# Unlocking fuzzed headers must stay cheap: this policy refuses any KDF cost above a trifle.
CHEAP = KdfPolicy(
    min_memory_kib=8,
    min_iterations=1,
    max_memory_kib=256,
    max_iterations=2,
    max_lanes=2,
    create_params=KdfParams(64, 1, 1),
)
VAULT = create_header(PASSPHRASE, CHEAP, check_strength=False)
DEK = VAULT.keys.dek
RECOVERY_TEXT = format_recovery_key(VAULT.recovery_key)


def _flipped(value: bytes, flips: list[tuple[int, int]]) -> bytes:
    data = bytearray(value)
    for offset, mask in flips:
        if data:
            data[offset % len(data)] ^= mask
    return bytes(data)


flip_lists = st.lists(
    st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)),
    min_size=1,
    max_size=4,
)


def slot_values(original: bytes) -> st.SearchStrategy[bytes]:
    """The real slot, random bytes (of the right length or any), or the real slot altered."""
    return st.one_of(
        st.just(original),
        st.binary(),
        st.binary(min_size=SLOT_LENGTH, max_size=SLOT_LENGTH),
        flip_lists.map(lambda flips: _flipped(original, flips)),
        st.sampled_from([VAULT.header.passphrase_slot, VAULT.header.recovery_slot]),
        st.integers(min_value=0, max_value=SLOT_LENGTH + 4).map(lambda n: original[:n]),
    )


def id_values(original: bytes) -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.just(original),
        st.binary(min_size=ID_LENGTH, max_size=ID_LENGTH),
        st.binary(max_size=ID_LENGTH * 2),
        flip_lists.map(lambda flips: _flipped(original, flips)),
    )


kdf_values = st.one_of(
    st.just(CHEAP.create_params),
    st.builds(
        KdfParams,
        st.integers(min_value=-8, max_value=300),
        st.integers(min_value=-1, max_value=3),
        st.integers(min_value=-1, max_value=3),
    ),
    st.builds(KdfParams, st.integers(), st.integers(), st.integers()),
)


@st.composite
def fuzzed_headers(draw: st.DrawFn) -> VaultHeader:
    header = VAULT.header
    return replace(
        header,
        vault_id=draw(id_values(header.vault_id)),
        kdf_salt=draw(id_values(header.kdf_salt)),
        kdf_params=draw(kdf_values),
        passphrase_slot=draw(slot_values(header.passphrase_slot)),
        recovery_slot=draw(slot_values(header.recovery_slot)),
    )


@FUZZ
@given(fuzzed_headers(), st.sampled_from([PASSPHRASE, PASSPHRASE + " ", ""]))
def test_unlock_with_passphrase_on_fuzzed_headers(header: VaultHeader, passphrase: str) -> None:
    original = VAULT.header
    try:
        keys = unlock_with_passphrase(header, passphrase, CHEAP)
    except VaultError:
        untouched = (
            header.vault_id,
            header.kdf_salt,
            header.kdf_params,
            header.passphrase_slot,
        ) == (original.vault_id, original.kdf_salt, original.kdf_params, original.passphrase_slot)
        assert not (untouched and passphrase == PASSPHRASE), "the real passphrase was refused"
        return
    assert keys.dek == DEK
    assert passphrase == PASSPHRASE
    assert header.passphrase_slot == original.passphrase_slot
    assert header.vault_id == original.vault_id


@FUZZ
@given(
    fuzzed_headers(),
    st.sampled_from(
        [RECOVERY_TEXT, RECOVERY_TEXT.lower(), "ABCDE-FGHIJ", format_recovery_key(bytes(32))]
    ),
)
def test_unlock_with_recovery_key_on_fuzzed_headers(header: VaultHeader, text: str) -> None:
    original = VAULT.header
    try:
        keys = unlock_with_recovery_key(header, text, CHEAP)
    except VaultError:
        valid_header = (
            len(header.vault_id) == ID_LENGTH == len(header.kdf_salt)
            and header.kdf_params == original.kdf_params
        )
        untouched = (header.vault_id, header.recovery_slot) == (
            original.vault_id,
            original.recovery_slot,
        )
        assert not (valid_header and untouched and text.upper() == RECOVERY_TEXT), (
            "the real recovery key was refused"
        )
        return
    assert keys.dek == DEK
    assert text.upper() == RECOVERY_TEXT
    assert header.recovery_slot == original.recovery_slot
    assert header.vault_id == original.vault_id


@FUZZ
@given(
    kek=st.binary(min_size=32, max_size=32) | st.just(bytes(32)),
    slot=st.binary(max_size=120),
    vault_id=st.binary(max_size=32),
)
def test_unwrap_arbitrary_slots(kek: bytes, slot: bytes, vault_id: bytes) -> None:
    with contextlib.suppress(SlotError):
        dek = unwrap_dek(kek, slot, PASSPHRASE_SLOT_AAD, vault_id)
        pytest.fail(f"a random slot opened ({len(dek)} bytes)")


@FUZZ
@given(
    kek=st.binary(min_size=32, max_size=32),
    dek=st.binary(min_size=DEK_LENGTH, max_size=DEK_LENGTH),
    vault_id=st.binary(min_size=ID_LENGTH, max_size=ID_LENGTH),
    flips=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)), max_size=3
    ),
)
def test_wrapped_slots_open_only_unaltered(
    kek: bytes, dek: bytes, vault_id: bytes, flips: list[tuple[int, int]]
) -> None:
    slot = wrap_dek(kek, dek, PASSPHRASE_SLOT_AAD, vault_id)
    altered = _flipped(slot, flips)
    if altered == slot:
        assert unwrap_dek(kek, slot, PASSPHRASE_SLOT_AAD, vault_id) == dek
        return
    with pytest.raises(SlotError):
        unwrap_dek(kek, altered, PASSPHRASE_SLOT_AAD, vault_id)


# ---- the field envelope, at a high example count ------------------------------------------

AEAD = AESGCM(bytes(range(100, 132)))
AAD = b"casenotes/field/v1 fuzz"


@FUZZ
@given(st.binary(max_size=600))
def test_open_sealed_arbitrary_bytes(data: bytes) -> None:
    with contextlib.suppress(EnvelopeError):
        open_sealed(AEAD, data, AAD)
        pytest.fail("random bytes authenticated")


@FUZZ
@given(
    blocks=st.integers(min_value=1, max_value=6),
    version=st.sampled_from([1, 1, 0, 2, 255]),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_open_sealed_well_shaped_garbage(blocks: int, version: int, seed: int) -> None:
    body = random.Random(seed).randbytes(12 + 64 * blocks + 16)
    with pytest.raises(EnvelopeError):
        open_sealed(AEAD, bytes([version]) + body, AAD)


@FUZZ
@given(
    payload=st.binary(max_size=300),
    flips=flip_lists,
    cut=st.none() | st.integers(0, 400),
    other_aad=st.booleans(),
)
def test_open_sealed_altered_envelopes(
    payload: bytes, flips: list[tuple[int, int]], cut: int | None, other_aad: bool
) -> None:
    envelope = seal(AEAD, payload, AAD)
    altered = _flipped(envelope, flips)
    if cut is not None:
        altered = altered[:cut]
    assume(altered != envelope or other_aad)
    with pytest.raises(EnvelopeError):
        open_sealed(AEAD, altered, AAD + b"x" if other_aad else AAD)


def test_the_fuzzed_vault_opens_untouched() -> None:
    """The baseline the properties above compare with."""
    assert unlock_with_passphrase(VAULT.header, PASSPHRASE, CHEAP).dek == DEK
    assert unlock_with_recovery_key(VAULT.header, RECOVERY_TEXT, CHEAP).dek == DEK
