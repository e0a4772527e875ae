"""Argon2id key derivation with the header's parameters, and the policy that bounds them."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass

from casenotes.core.vault.errors import KdfParametersRefusedError
from casenotes.core.vault.kdf_child import ARGON2_VERSION as ARGON2_VERSION
from casenotes.core.vault.kdf_child import KEY_LENGTH as KEY_LENGTH
from casenotes.core.vault.kdf_child import argon2id

log = logging.getLogger(__name__)
# Derivations of this much memory or more run in the helper process (kdf_process): every
# vault the standard policy opens (at least 64 MiB). The test policy's cheap ones stay here,
# where a process start would cost more than the derivation.
HELPER_MIN_MEMORY_KIB = 32 * 1024


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
    associated data.

    With a vault's parameters (``HELPER_MIN_MEMORY_KIB`` or more) the derivation
    runs in a small helper process, so that Argon2id's memory is never added to this
    process's own (peak memory); the same ``kdf_child.argon2id`` computes it there. If the helper
    cannot start or answer, that is logged and the key is derived here instead."""
    secret = normalise_passphrase(passphrase)
    if params.memory_kib >= HELPER_MIN_MEMORY_KIB:
        from casenotes.core.vault import kdf_process  # first use: lean start

        if kdf_process.wanted(params):
            try:
                return kdf_process.derive(secret, salt, params)
            except kdf_process.KdfHelperError as exc:
                log.warning("%s; deriving the key in this process instead", exc)
    return argon2id_raw(secret, salt, params)


def argon2id_raw(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id with these parameters, in this process (``kdf_child.argon2id``: the one
    definition the helper process uses too)."""
    return argon2id(secret, salt, params.memory_kib, params.iterations, params.lanes)
