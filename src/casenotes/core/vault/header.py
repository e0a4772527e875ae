"""The vault header's key material: create, unlock with passphrase or recovery key, re-wrap."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from casenotes.core.vault.errors import (
    BadRecoveryKeyError,
    NotAVaultError,
    UnsupportedVersionError,
    WrongPassphraseError,
)
from casenotes.core.vault.kdf import KdfParams, KdfPolicy, derive_kek
from casenotes.core.vault.recovery import new_recovery_key, parse_recovery_key, recovery_kek
from casenotes.core.vault.slots import (
    DEK_LENGTH,
    PASSPHRASE_SLOT_AAD,
    RECOVERY_SLOT_AAD,
    SlotError,
    field_key,
    unwrap_dek,
    wrap_dek,
)
from casenotes.core.vault.strength import require_strong

if TYPE_CHECKING:  # imported when keys are made (see slots)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = "casenotes-vault"
FORMAT_VERSION = 3  # 2: the encrypted manifest (revision 0003); 3: process notes (0004)
KDF_NAME = "argon2id"
ID_LENGTH = 16


@dataclass(frozen=True, slots=True)
class VaultHeader:
    """The single row of ``vault_header``, exactly as stored."""

    magic: str
    format_version: int
    vault_id: bytes
    kdf: str
    kdf_salt: bytes
    kdf_params: KdfParams
    passphrase_slot: bytes
    recovery_slot: bytes

    def validate(self, policy: KdfPolicy) -> None:
        if self.magic != MAGIC:
            raise NotAVaultError("This file is not a Casenotes vault.")
        # SQLite does not enforce column types: a damaged or edited header can hold text where
        # an integer or blob belongs. Report that as damage, never as a TypeError later on.
        if not _is_int(self.format_version):
            raise NotAVaultError("The vault header is damaged (format version).")
        if self.format_version > FORMAT_VERSION:
            raise UnsupportedVersionError(
                f"This vault was written by a newer version of Casenotes (vault format "
                f"{self.format_version}; this version reads format {FORMAT_VERSION}). "
                "Update Casenotes to open it. The vault was not changed."
            )
        if self.format_version < 1:
            raise NotAVaultError("The vault header names an impossible format version.")
        if self.kdf != KDF_NAME:
            raise UnsupportedVersionError(
                f"This vault uses a key derivation ('{self.kdf}') this version does not know."
            )
        if (
            not isinstance(self.vault_id, bytes)
            or not isinstance(self.kdf_salt, bytes)
            or len(self.vault_id) != ID_LENGTH
            or len(self.kdf_salt) != ID_LENGTH
        ):
            raise NotAVaultError("The vault header is damaged (identifier or salt length).")
        params = self.kdf_params
        if not all(_is_int(v) for v in (params.memory_kib, params.iterations, params.lanes)):
            raise NotAVaultError("The vault header is damaged (key-derivation settings).")
        if not isinstance(self.passphrase_slot, bytes) or not isinstance(self.recovery_slot, bytes):
            raise NotAVaultError("The vault header is damaged (key slots).")
        policy.check(params)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class VaultKeys:
    """The unlocked key material of one vault. ``wipe()`` drops it; Python cannot zero memory
    reliably, so the point is that nothing keeps a reference after lock."""

    __slots__ = ("_aead", "_dek", "vault_id")

    def __init__(self, vault_id: bytes, dek: bytes) -> None:
        if len(dek) != DEK_LENGTH:
            raise ValueError("DEK must be 32 bytes")
        self.vault_id = vault_id
        self._dek: bytearray | None = bytearray(dek)
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead: AESGCM | None = AESGCM(field_key(dek, vault_id))

    @property
    def field_aead(self) -> AESGCM:
        if self._aead is None:
            raise RuntimeError("vault keys were wiped")
        return self._aead

    @property
    def dek(self) -> bytes:
        if self._dek is None:
            raise RuntimeError("vault keys were wiped")
        return bytes(self._dek)

    def wipe(self) -> None:
        if self._dek is not None:
            for i in range(len(self._dek)):
                self._dek[i] = 0
        self._dek = None
        self._aead = None


@dataclass(frozen=True, slots=True)
class NewVault:
    header: VaultHeader
    keys: VaultKeys
    recovery_key: bytes


def create_header(
    passphrase: str,
    policy: KdfPolicy,
    *,
    check_strength: bool = True,
    vault_id: bytes | None = None,
    salt: bytes | None = None,
    dek: bytes | None = None,
    recovery_key: bytes | None = None,
) -> NewVault:
    """New key material. The keyword overrides exist for known-answer tests only."""
    if check_strength:
        require_strong(passphrase)
    vault_id = vault_id or os.urandom(ID_LENGTH)
    salt = salt or os.urandom(ID_LENGTH)
    dek = dek or os.urandom(DEK_LENGTH)
    recovery_key = recovery_key or new_recovery_key()
    params = policy.create_params
    policy.check(params)
    header = VaultHeader(
        magic=MAGIC,
        format_version=FORMAT_VERSION,
        vault_id=vault_id,
        kdf=KDF_NAME,
        kdf_salt=salt,
        kdf_params=params,
        passphrase_slot=wrap_dek(
            derive_kek(passphrase, salt, params), dek, PASSPHRASE_SLOT_AAD, vault_id
        ),
        recovery_slot=wrap_dek(
            recovery_kek(recovery_key, vault_id), dek, RECOVERY_SLOT_AAD, vault_id
        ),
    )
    return NewVault(header, VaultKeys(vault_id, dek), recovery_key)


def unlock_with_passphrase(header: VaultHeader, passphrase: str, policy: KdfPolicy) -> VaultKeys:
    header.validate(policy)
    kek = derive_kek(passphrase, header.kdf_salt, header.kdf_params)
    try:
        dek = unwrap_dek(kek, header.passphrase_slot, PASSPHRASE_SLOT_AAD, header.vault_id)
    except SlotError as exc:
        raise WrongPassphraseError(
            "That passphrase does not open this vault. Check caps lock and try again."
        ) from exc
    return VaultKeys(header.vault_id, dek)


def unlock_with_recovery_key(
    header: VaultHeader, recovery_text: str, policy: KdfPolicy
) -> VaultKeys:
    header.validate(policy)
    key = parse_recovery_key(recovery_text)
    try:
        dek = unwrap_dek(
            recovery_kek(key, header.vault_id),
            header.recovery_slot,
            RECOVERY_SLOT_AAD,
            header.vault_id,
        )
    except SlotError as exc:
        raise BadRecoveryKeyError("That recovery key does not belong to this vault.") from exc
    return VaultKeys(header.vault_id, dek)


def rewrap_passphrase(
    header: VaultHeader,
    keys: VaultKeys,
    new_passphrase: str,
    policy: KdfPolicy,
    *,
    check_strength: bool = True,
) -> VaultHeader:
    """A header whose passphrase slot opens with the new passphrase; the DEK is unchanged.

    A fresh salt and the policy's current parameters are used, so a passphrase change also
    upgrades the KDF cost of an older vault."""
    if check_strength:
        require_strong(new_passphrase)
    salt = os.urandom(ID_LENGTH)
    params = policy.create_params
    slot = wrap_dek(
        derive_kek(new_passphrase, salt, params), keys.dek, PASSPHRASE_SLOT_AAD, header.vault_id
    )
    return replace(header, kdf_salt=salt, kdf_params=params, passphrase_slot=slot)


def new_key_material(
    header: VaultHeader,
    passphrase: str,
    policy: KdfPolicy,
    *,
    check_strength: bool = True,
    dek: bytes | None = None,
    recovery_key: bytes | None = None,
) -> NewVault:
    """Re-keying: a new DEK and a new recovery key for the same vault, both slots wrapped
    afresh (a new salt, the policy's current KDF parameters). The vault id is kept."""
    if check_strength:
        require_strong(passphrase)
    dek = dek or os.urandom(DEK_LENGTH)
    recovery_key = recovery_key or new_recovery_key()
    salt = os.urandom(ID_LENGTH)
    params = policy.create_params
    policy.check(params)
    vault_id = header.vault_id
    new_header = replace(
        header,
        kdf_salt=salt,
        kdf_params=params,
        passphrase_slot=wrap_dek(
            derive_kek(passphrase, salt, params), dek, PASSPHRASE_SLOT_AAD, vault_id
        ),
        recovery_slot=wrap_dek(
            recovery_kek(recovery_key, vault_id), dek, RECOVERY_SLOT_AAD, vault_id
        ),
    )
    return NewVault(new_header, VaultKeys(vault_id, dek), recovery_key)
