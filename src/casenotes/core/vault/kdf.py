"""Argon2id key derivation with the header's parameters, and the policy that bounds them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from casenotes.core.vault.errors import KdfParametersRefusedError

KEY_LENGTH = 32
ARGON2_VERSION = 0x13  # RFC 9106's only version; named so a library default cannot move it


@dataclass(frozen=True, slots=True)
class KdfParams:
    memory_kib: int = 262144
    iterations: int = 3
    lanes: int = 4


DEFAULT_KDF = KdfParams()


@dataclass(frozen=True, slots=True)
class KdfPolicy:
    """Bounds applied when opening a vault: a floor against downgrade, a ceiling against DoS.

    The GUI and CLI only ever use ``KdfPolicy.standard()``; ``testing()`` exists so the test
    suite can create vaults with cheap parameters.
    """

    min_memory_kib: int
    min_iterations: int
    max_memory_kib: int
    max_iterations: int
    max_lanes: int
    create_params: KdfParams

    @classmethod
    def standard(cls) -> KdfPolicy:
        return cls(
            min_memory_kib=65536,
            min_iterations=2,
            max_memory_kib=4 * 1024 * 1024,
            max_iterations=20,
            max_lanes=16,
            create_params=DEFAULT_KDF,
        )

    @classmethod
    def testing(cls) -> KdfPolicy:
        return cls(
            min_memory_kib=8,
            min_iterations=1,
            max_memory_kib=4 * 1024 * 1024,
            max_iterations=20,
            max_lanes=16,
            create_params=KdfParams(memory_kib=64, iterations=1, lanes=1),
        )

    def check(self, params: KdfParams) -> None:
        if params.lanes < 1 or params.memory_kib < 8 * params.lanes:
            raise KdfParametersRefusedError(
                "The vault's key-derivation settings are invalid; the vault header was altered."
            )
        if params.memory_kib < self.min_memory_kib or params.iterations < self.min_iterations:
            raise KdfParametersRefusedError(
                "The vault's key-derivation settings are weaker than Casenotes allows. "
                "The header may have been altered to weaken it; the vault was not opened."
            )
        if (
            params.memory_kib > self.max_memory_kib
            or params.iterations > self.max_iterations
            or params.lanes > self.max_lanes
        ):
            raise KdfParametersRefusedError(
                "The vault's key-derivation settings are larger than Casenotes allows "
                "(over 4 GiB, 20 iterations or 16 lanes); the vault was not opened."
            )


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC-normalise then UTF-8 encode, so the same passphrase typed any way derives one key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_kek(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """KEK_p: Argon2id (RFC 9106, version 0x13) over the normalised passphrase, no secret and no
    associated data. argon2-cffi computes the header's lanes on as many threads, which gives
    the same key as a one-thread Argon2id (tests/core/vault/test_kdf.py compares them) in
    about half the time on two cores; the call releases the GIL."""
    from argon2.low_level import Type, hash_secret_raw  # first use: lean start

    return hash_secret_raw(
        normalise_passphrase(passphrase),
        salt,
        time_cost=params.iterations,
        memory_cost=params.memory_kib,
        parallelism=params.lanes,
        hash_len=KEY_LENGTH,
        type=Type.ID,
        version=ARGON2_VERSION,
    )
