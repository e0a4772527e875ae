"""casenotes.core.vault.kdf: Argon2id, passphrase normalisation and the KDF parameter policy."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from hypothesis import given, settings
from hypothesis import strategies as st

from casenotes.core.vault.errors import KdfParametersRefusedError
from casenotes.core.vault.kdf import (
    DEFAULT_KDF,
    KEY_LENGTH,
    KdfParams,
    KdfPolicy,
    derive_kek,
    normalise_passphrase,
)

# --- known answers ----------------------------------------------------------------------------

# RFC 9106, section 5.3 (Argon2id test vector).
RFC9106_TAG = bytes.fromhex("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659")

# Our KEK_p for the worked example in docs/vault-format.md.
KAT_PASSPHRASE = "Café Ünïcode tea-kettle 42"  # NFC
KAT_SALT = bytes(range(0x10, 0x20))
KAT_PARAMS = KdfParams(memory_kib=64, iterations=1, lanes=1)
KAT_KEK_P = bytes.fromhex("cf1ca716a7e8e0bab4c14dc01fab1d452c9a2aec3b9d620b99adf2d5739a46b6")

CHEAP = KdfParams(memory_kib=64, iterations=1, lanes=1)


def test_rfc9106_argon2id_vector() -> None:
    """The primitive we build on computes the published Argon2id test vector."""
    kdf = Argon2id(
        salt=b"\x02" * 16,
        length=32,
        iterations=3,
        lanes=4,
        memory_cost=32,
        ad=b"\x04" * 12,
        secret=b"\x03" * 8,
    )
    assert kdf.derive(b"\x01" * 32) == RFC9106_TAG


def test_kek_known_answer() -> None:
    assert derive_kek(KAT_PASSPHRASE, KAT_SALT, KAT_PARAMS) == KAT_KEK_P


def test_kek_known_answer_matches_contract() -> None:
    """Recompute KEK_p from the contract text: Argon2id over the NFC, UTF-8 passphrase, the
    header's salt and parameters, 32 bytes, no secret and no associated data."""
    raw = Argon2id(
        salt=KAT_SALT,
        length=32,
        iterations=KAT_PARAMS.iterations,
        lanes=KAT_PARAMS.lanes,
        memory_cost=KAT_PARAMS.memory_kib,
    ).derive(unicodedata.normalize("NFC", KAT_PASSPHRASE).encode("utf-8"))
    assert raw == KAT_KEK_P


@pytest.mark.parametrize(
    "params",
    [
        DEFAULT_KDF,  # the vault's: 256 MiB, 3 passes, 4 lanes
        KdfPolicy.testing().create_params,  # the test policy's
        KdfParams(memory_kib=64, iterations=2, lanes=4),
    ],
    ids=["vault", "test-policy", "cheap-4-lanes"],
)
def test_threaded_kek_is_cryptographys_argon2id(params: KdfParams) -> None:
    """derive_kek computes the lanes on threads (argon2-cffi); the key must be byte for byte
    the one-thread Argon2id of pyca cryptography, which made every existing vault's slot."""
    expected = Argon2id(
        salt=KAT_SALT,
        length=KEY_LENGTH,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(normalise_passphrase(KAT_PASSPHRASE))
    assert derive_kek(KAT_PASSPHRASE, KAT_SALT, params) == expected


def test_kek_is_32_bytes() -> None:
    assert KEY_LENGTH == 32
    assert len(derive_kek("x", KAT_SALT, CHEAP)) == 32


@pytest.mark.parametrize(
    "change",
    [
        {"passphrase": "Café Ünïcode tea-kettle 43"},
        {"salt": bytes(range(0x11, 0x21))},
        {"params": KdfParams(memory_kib=72, iterations=1, lanes=1)},
        {"params": KdfParams(memory_kib=64, iterations=2, lanes=1)},
        {"params": KdfParams(memory_kib=64, iterations=1, lanes=2)},
    ],
)
def test_every_input_changes_the_key(change: dict[str, object]) -> None:
    args: dict[str, object] = {"passphrase": KAT_PASSPHRASE, "salt": KAT_SALT, "params": CHEAP}
    args.update(change)
    assert derive_kek(**args) != KAT_KEK_P  # type: ignore[arg-type]


# --- normalisation ------------------------------------------------------------------------------


def test_nfc_and_nfd_forms_derive_the_same_key() -> None:
    nfc = unicodedata.normalize("NFC", "Café Ünïcode tea-kettle 42")
    nfd = unicodedata.normalize("NFD", "Café Ünïcode tea-kettle 42")
    assert nfc != nfd  # really two different strings
    assert nfc.encode("utf-8") != nfd.encode("utf-8")
    assert normalise_passphrase(nfd) == normalise_passphrase(nfc) == nfc.encode("utf-8")
    assert derive_kek(nfd, KAT_SALT, CHEAP) == derive_kek(nfc, KAT_SALT, CHEAP)


def test_compatibility_forms_are_not_folded() -> None:
    """NFC only: NFKC would also fold e.g. the 'ﬁ' ligature, which the contract does not say."""
    assert normalise_passphrase("\ufb01") == "\ufb01".encode()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_normalisation_forms_derive_the_same_key(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)
    assert normalise_passphrase(nfd) == normalise_passphrase(nfc) == nfc.encode("utf-8")
    assert derive_kek(nfd, KAT_SALT, CHEAP) == derive_kek(nfc, KAT_SALT, CHEAP)


# --- policy -------------------------------------------------------------------------------------


def test_standard_policy_creates_with_the_contract_defaults() -> None:
    policy = KdfPolicy.standard()
    assert policy.create_params == DEFAULT_KDF == KdfParams(262144, 3, 4)
    policy.check(DEFAULT_KDF)


@pytest.mark.parametrize(
    "params",
    [
        KdfParams(memory_kib=65536, iterations=2, lanes=1),  # the floor itself
        KdfParams(memory_kib=4 * 1024 * 1024, iterations=20, lanes=16),  # the ceiling itself
        KdfParams(memory_kib=1024 * 1024, iterations=4, lanes=8),
    ],
)
def test_standard_policy_accepts_parameters_within_bounds(params: KdfParams) -> None:
    KdfPolicy.standard().check(params)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        # downgrade: below the floor
        (KdfParams(memory_kib=65535, iterations=3, lanes=4), "weaker"),
        (KdfParams(memory_kib=64, iterations=1, lanes=1), "weaker"),
        (KdfParams(memory_kib=262144, iterations=1, lanes=4), "weaker"),
        (KdfParams(memory_kib=262144, iterations=0, lanes=4), "weaker"),
        # denial of service: above the ceiling
        (KdfParams(memory_kib=4 * 1024 * 1024 + 1, iterations=3, lanes=4), "larger"),
        (KdfParams(memory_kib=262144, iterations=21, lanes=4), "larger"),
        (KdfParams(memory_kib=262144, iterations=3, lanes=17), "larger"),
        # not Argon2 parameters at all
        (KdfParams(memory_kib=262144, iterations=3, lanes=0), "invalid"),
        (KdfParams(memory_kib=262144, iterations=3, lanes=-1), "invalid"),
    ],
)
def test_standard_policy_refuses(params: KdfParams, words: str) -> None:
    with pytest.raises(KdfParametersRefusedError, match=words):
        KdfPolicy.standard().check(params)


def test_testing_policy_allows_cheap_parameters() -> None:
    policy = KdfPolicy.testing()
    policy.check(policy.create_params)
    policy.check(KdfParams(memory_kib=8, iterations=1, lanes=1))
    with pytest.raises(KdfParametersRefusedError):
        KdfPolicy.standard().check(policy.create_params)


def test_testing_policy_keeps_the_ceiling_and_sanity_checks() -> None:
    policy = KdfPolicy.testing()
    with pytest.raises(KdfParametersRefusedError):
        policy.check(KdfParams(memory_kib=4 * 1024 * 1024 + 1, iterations=1, lanes=1))
    with pytest.raises(KdfParametersRefusedError):
        policy.check(KdfParams(memory_kib=64, iterations=21, lanes=1))
    with pytest.raises(KdfParametersRefusedError):
        policy.check(KdfParams(memory_kib=64, iterations=0, lanes=1))
    with pytest.raises(KdfParametersRefusedError, match="invalid"):
        policy.check(KdfParams(memory_kib=15, iterations=1, lanes=2))  # Argon2 needs 8 × lanes


def test_policy_is_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        KdfPolicy.standard().min_memory_kib = 8  # type: ignore[misc]
