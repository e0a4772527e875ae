"""casenotes.core.vault.header: creating a vault's key material, unlocking, re-wrapping and
validating the ``vault_header`` row."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from casenotes.core.vault.envelope import field_aad, open_sealed, seal
from casenotes.core.vault.errors import (
    BadRecoveryKeyError,
    KdfParametersRefusedError,
    NotAVaultError,
    UnsupportedVersionError,
    VaultError,
    WeakPassphraseError,
    WrongPassphraseError,
)
from casenotes.core.vault.header import (
    FORMAT_VERSION,
    ID_LENGTH,
    KDF_NAME,
    MAGIC,
    NewVault,
    VaultHeader,
    VaultKeys,
    create_header,
    rewrap_passphrase,
    unlock_with_passphrase,
    unlock_with_recovery_key,
)
from casenotes.core.vault.kdf import KdfParams, KdfPolicy
from casenotes.core.vault.recovery import format_recovery_key
from casenotes.core.vault.slots import SLOT_LENGTH

KAT_VAULT_ID = bytes(range(0x00, 0x10))
KAT_SALT = bytes(range(0x10, 0x20))
KAT_DEK = bytes(range(0x20, 0x40))
KAT_RECOVERY_KEY = bytes(range(0x40, 0x60))


def test_contract_constants() -> None:
    assert MAGIC == "casenotes-vault"
    assert FORMAT_VERSION == 3
    assert KDF_NAME == "argon2id"
    assert ID_LENGTH == 16


# --- creating -----------------------------------------------------------------------------------


def test_create_header_fields(vault: NewVault, policy: KdfPolicy) -> None:
    header = vault.header
    assert header.magic == "casenotes-vault"
    assert header.format_version == 3
    assert header.kdf == "argon2id"
    assert len(header.vault_id) == 16
    assert len(header.kdf_salt) == 16
    assert header.kdf_params == policy.create_params
    assert len(header.passphrase_slot) == SLOT_LENGTH
    assert len(header.recovery_slot) == SLOT_LENGTH
    assert len(vault.recovery_key) == 32
    assert vault.keys.vault_id == header.vault_id
    assert len(vault.keys.dek) == 32
    header.validate(policy)


def test_created_vaults_are_all_different(policy: KdfPolicy, passphrase: str) -> None:
    a = create_header(passphrase, policy, check_strength=False)
    b = create_header(passphrase, policy, check_strength=False)
    assert a.header.vault_id != b.header.vault_id
    assert a.header.kdf_salt != b.header.kdf_salt
    assert a.keys.dek != b.keys.dek
    assert a.recovery_key != b.recovery_key
    assert a.header.passphrase_slot != b.header.passphrase_slot


def test_the_dek_is_never_stored_unwrapped(vault: NewVault) -> None:
    dek = vault.keys.dek
    header = vault.header
    for value in (header.passphrase_slot, header.recovery_slot, header.vault_id, header.kdf_salt):
        assert dek not in value


def test_create_with_fixed_material_opens_per_contract(policy: KdfPolicy, passphrase: str) -> None:
    """A header made with the known-answer inputs opens with raw Argon2id/HKDF/AES-GCM calls."""
    new = create_header(
        passphrase,
        policy,
        check_strength=False,
        vault_id=KAT_VAULT_ID,
        salt=KAT_SALT,
        dek=KAT_DEK,
        recovery_key=KAT_RECOVERY_KEY,
    )
    header = new.header
    assert (header.vault_id, header.kdf_salt, new.keys.dek, new.recovery_key) == (
        KAT_VAULT_ID,
        KAT_SALT,
        KAT_DEK,
        KAT_RECOVERY_KEY,
    )
    params = header.kdf_params
    kek_p = Argon2id(
        salt=header.kdf_salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(unicodedata.normalize("NFC", passphrase).encode("utf-8"))
    slot = header.passphrase_slot
    aad_p = b"casenotes/slot/passphrase/v1" + header.vault_id
    assert AESGCM(kek_p).decrypt(slot[:12], slot[12:], aad_p) == KAT_DEK

    kek_r = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=header.vault_id, info=b"casenotes/recovery/v1"
    ).derive(KAT_RECOVERY_KEY)
    slot = header.recovery_slot
    aad_r = b"casenotes/slot/recovery/v1" + header.vault_id
    assert AESGCM(kek_r).decrypt(slot[:12], slot[12:], aad_r) == KAT_DEK

    assert unlock_with_passphrase(header, passphrase, policy).dek == KAT_DEK
    assert unlock_with_recovery_key(header, format_recovery_key(KAT_RECOVERY_KEY), policy).dek == (
        KAT_DEK
    )


def test_create_refuses_a_weak_passphrase(policy: KdfPolicy) -> None:
    with pytest.raises(WeakPassphraseError):
        create_header("password1", policy)


def test_create_refuses_a_policy_whose_own_parameters_it_refuses() -> None:
    bad = dataclasses.replace(KdfPolicy.standard(), create_params=KdfParams(64, 1, 1))
    with pytest.raises(KdfParametersRefusedError):
        create_header("irrelevant", bad, check_strength=False)


# --- unlocking ----------------------------------------------------------------------------------


def test_unlock_with_passphrase(vault: NewVault, policy: KdfPolicy, passphrase: str) -> None:
    keys = unlock_with_passphrase(vault.header, passphrase, policy)
    assert keys.dek == vault.keys.dek
    assert keys.vault_id == vault.header.vault_id


def test_unlock_with_the_nfd_form(vault: NewVault, policy: KdfPolicy, passphrase: str) -> None:
    nfd = unicodedata.normalize("NFD", passphrase)
    assert nfd != passphrase
    assert unlock_with_passphrase(vault.header, nfd, policy).dek == vault.keys.dek


@pytest.mark.parametrize(
    "attempt",
    ["", "café ünïcode tea-kettle 42", "Café Ünïcode tea-kettle 42 ", "Cafe Unicode tea-kettle 42"],
)
def test_wrong_passphrase(vault: NewVault, policy: KdfPolicy, attempt: str) -> None:
    with pytest.raises(WrongPassphraseError) as info:
        unlock_with_passphrase(vault.header, attempt, policy)
    assert "passphrase does not open this vault" in str(info.value)
    if attempt:
        assert attempt not in str(info.value)


def test_flipped_byte_in_the_passphrase_slot(
    vault: NewVault, policy: KdfPolicy, passphrase: str
) -> None:
    for index in (0, 11, 12, 30, SLOT_LENGTH - 1):
        slot = bytearray(vault.header.passphrase_slot)
        slot[index] ^= 0x01
        header = dataclasses.replace(vault.header, passphrase_slot=bytes(slot))
        with pytest.raises(WrongPassphraseError):
            unlock_with_passphrase(header, passphrase, policy)


def test_flipped_byte_in_the_recovery_slot(vault: NewVault, policy: KdfPolicy) -> None:
    text = format_recovery_key(vault.recovery_key)
    for index in (0, 11, 12, 30, SLOT_LENGTH - 1):
        slot = bytearray(vault.header.recovery_slot)
        slot[index] ^= 0x80
        header = dataclasses.replace(vault.header, recovery_slot=bytes(slot))
        with pytest.raises(BadRecoveryKeyError):
            unlock_with_recovery_key(header, text, policy)


@pytest.mark.parametrize("length", [0, SLOT_LENGTH - 1, SLOT_LENGTH + 1])
def test_truncated_slot(vault: NewVault, policy: KdfPolicy, passphrase: str, length: int) -> None:
    slot = (vault.header.passphrase_slot * 2)[:length]
    header = dataclasses.replace(vault.header, passphrase_slot=slot)
    with pytest.raises(WrongPassphraseError):
        unlock_with_passphrase(header, passphrase, policy)


def test_slots_moved_to_another_vault_id(
    vault: NewVault, policy: KdfPolicy, passphrase: str
) -> None:
    moved = dataclasses.replace(vault.header, vault_id=bytes(16))
    with pytest.raises(WrongPassphraseError):
        unlock_with_passphrase(moved, passphrase, policy)
    with pytest.raises(BadRecoveryKeyError):
        unlock_with_recovery_key(moved, format_recovery_key(vault.recovery_key), policy)


def test_slot_copied_from_another_vault_with_the_same_passphrase(
    policy: KdfPolicy, passphrase: str
) -> None:
    a = create_header(passphrase, policy, check_strength=False)
    b = create_header(passphrase, policy, check_strength=False)
    transplanted = dataclasses.replace(
        b.header, kdf_salt=a.header.kdf_salt, passphrase_slot=a.header.passphrase_slot
    )
    with pytest.raises(WrongPassphraseError):
        unlock_with_passphrase(transplanted, passphrase, policy)


def test_slots_swapped(vault: NewVault, policy: KdfPolicy, passphrase: str) -> None:
    swapped = dataclasses.replace(
        vault.header,
        passphrase_slot=vault.header.recovery_slot,
        recovery_slot=vault.header.passphrase_slot,
    )
    with pytest.raises(WrongPassphraseError):
        unlock_with_passphrase(swapped, passphrase, policy)
    with pytest.raises(BadRecoveryKeyError):
        unlock_with_recovery_key(swapped, format_recovery_key(vault.recovery_key), policy)


def test_unlock_with_recovery_key(vault: NewVault, policy: KdfPolicy) -> None:
    text = format_recovery_key(vault.recovery_key)
    assert unlock_with_recovery_key(vault.header, text, policy).dek == vault.keys.dek
    typed = text.lower().replace("-", " ")
    assert unlock_with_recovery_key(vault.header, typed, policy).dek == vault.keys.dek


def test_another_vaults_recovery_key(vault: NewVault, policy: KdfPolicy, passphrase: str) -> None:
    other = create_header(passphrase, policy, check_strength=False)
    with pytest.raises(BadRecoveryKeyError, match="does not belong"):
        unlock_with_recovery_key(vault.header, format_recovery_key(other.recovery_key), policy)


def test_mistyped_recovery_key(vault: NewVault, policy: KdfPolicy) -> None:
    with pytest.raises(BadRecoveryKeyError):
        unlock_with_recovery_key(vault.header, "AAAAA-BBBBB", policy)


# --- passphrase change --------------------------------------------------------------------------


def test_rewrap_keeps_the_dek(
    vault: NewVault, policy: KdfPolicy, passphrase: str, other_passphrase: str
) -> None:
    aad = field_aad(vault.header.vault_id, "notes", "sections_enc", "row", {})
    envelope = seal(vault.keys.field_aead, b"written before the change", aad)

    new_header = rewrap_passphrase(vault.header, vault.keys, other_passphrase, policy)

    assert new_header.vault_id == vault.header.vault_id
    assert new_header.recovery_slot == vault.header.recovery_slot
    assert new_header.kdf_salt != vault.header.kdf_salt
    assert new_header.passphrase_slot != vault.header.passphrase_slot
    keys = unlock_with_passphrase(new_header, other_passphrase, policy)
    assert keys.dek == vault.keys.dek
    assert open_sealed(keys.field_aead, envelope, aad) == b"written before the change"
    with pytest.raises(WrongPassphraseError):
        unlock_with_passphrase(new_header, passphrase, policy)
    text = format_recovery_key(vault.recovery_key)
    assert unlock_with_recovery_key(new_header, text, policy).dek == vault.keys.dek


def test_rewrap_after_recovery(vault: NewVault, policy: KdfPolicy, other_passphrase: str) -> None:
    keys = unlock_with_recovery_key(vault.header, format_recovery_key(vault.recovery_key), policy)
    new_header = rewrap_passphrase(vault.header, keys, other_passphrase, policy)
    assert unlock_with_passphrase(new_header, other_passphrase, policy).dek == vault.keys.dek


def test_rewrap_upgrades_the_kdf_parameters(
    vault: NewVault, policy: KdfPolicy, other_passphrase: str
) -> None:
    stronger = dataclasses.replace(policy, create_params=KdfParams(128, 2, 2))
    new_header = rewrap_passphrase(vault.header, vault.keys, other_passphrase, stronger)
    assert new_header.kdf_params == KdfParams(128, 2, 2)
    assert unlock_with_passphrase(new_header, other_passphrase, policy).dek == vault.keys.dek


def test_rewrap_refuses_a_weak_passphrase(vault: NewVault, policy: KdfPolicy) -> None:
    with pytest.raises(WeakPassphraseError):
        rewrap_passphrase(vault.header, vault.keys, "casenotes", policy)


# --- validation ---------------------------------------------------------------------------------


def edited(header: VaultHeader, **changes: object) -> VaultHeader:
    return dataclasses.replace(header, **changes)  # type: ignore[arg-type]


def test_wrong_magic(vault: NewVault, policy: KdfPolicy) -> None:
    for magic in ("", "casenotes-vault ", "Casenotes-vault", "keepass", b"casenotes-vault"):
        with pytest.raises(NotAVaultError, match="not a Casenotes vault"):
            edited(vault.header, magic=magic).validate(policy)


@pytest.mark.parametrize("version", [4, 5, 1000])
def test_newer_format_version(vault: NewVault, policy: KdfPolicy, version: int) -> None:
    with pytest.raises(UnsupportedVersionError) as info:
        edited(vault.header, format_version=version).validate(policy)
    message = str(info.value)
    assert "newer version of Casenotes" in message
    assert str(version) in message


@pytest.mark.parametrize("version", [0, -1, "1", "2", None, 1.0, True])
def test_impossible_format_version(vault: NewVault, policy: KdfPolicy, version: object) -> None:
    with pytest.raises(NotAVaultError):
        edited(vault.header, format_version=version).validate(policy)


@pytest.mark.parametrize("kdf", ["scrypt", "argon2i", "Argon2id", "", "pbkdf2"])
def test_unknown_kdf(vault: NewVault, policy: KdfPolicy, kdf: str) -> None:
    with pytest.raises(UnsupportedVersionError, match="key derivation"):
        edited(vault.header, kdf=kdf).validate(policy)


@pytest.mark.parametrize("field", ["vault_id", "kdf_salt"])
@pytest.mark.parametrize(
    "value",
    [b"", bytes(15), bytes(17), bytes(32), "0123456789abcdef", None],
    ids=["empty", "15", "17", "32", "text", "none"],
)
def test_bad_id_or_salt(vault: NewVault, policy: KdfPolicy, field: str, value: object) -> None:
    with pytest.raises(NotAVaultError, match="damaged"):
        edited(vault.header, **{field: value}).validate(policy)


@pytest.mark.parametrize(
    "params",
    [KdfParams("64", 1, 1), KdfParams(64, 1.5, 1), KdfParams(64, 1, None), KdfParams(64, True, 1)],  # type: ignore[arg-type]
)
def test_kdf_parameters_of_the_wrong_type(
    vault: NewVault, policy: KdfPolicy, params: KdfParams
) -> None:
    with pytest.raises(NotAVaultError, match="damaged"):
        edited(vault.header, kdf_params=params).validate(policy)


@pytest.mark.parametrize("field", ["passphrase_slot", "recovery_slot"])
def test_slots_of_the_wrong_type(vault: NewVault, policy: KdfPolicy, field: str) -> None:
    value = getattr(vault.header, field).hex()
    with pytest.raises(NotAVaultError, match="damaged"):
        edited(vault.header, **{field: value}).validate(policy)


@pytest.mark.parametrize(
    "params",
    [
        KdfParams(262144, 1, 4),  # downgrade below the floor
        KdfParams(1024, 3, 4),
        KdfParams(8 * 1024 * 1024, 3, 4),  # denial of service above the ceiling
        KdfParams(262144, 100, 4),
        KdfParams(262144, 3, 64),
    ],
)
def test_edited_kdf_parameters_refused_without_deriving(
    vault: NewVault, passphrase: str, params: KdfParams
) -> None:
    """Under the standard policy the header is refused before any Argon2id call, so a
    ceiling-busting header cannot make the unlock hang."""
    header = edited(vault.header, kdf_params=params)
    with pytest.raises(KdfParametersRefusedError):
        header.validate(KdfPolicy.standard())
    with pytest.raises(KdfParametersRefusedError):
        unlock_with_passphrase(header, passphrase, KdfPolicy.standard())
    with pytest.raises(KdfParametersRefusedError):
        unlock_with_recovery_key(
            header, format_recovery_key(vault.recovery_key), KdfPolicy.standard()
        )


def test_standard_policy_refuses_a_testing_vault(vault: NewVault, passphrase: str) -> None:
    with pytest.raises(KdfParametersRefusedError):
        unlock_with_passphrase(vault.header, passphrase, KdfPolicy.standard())


@pytest.mark.parametrize("params", [KdfParams(72, 1, 1), KdfParams(64, 2, 1), KdfParams(64, 1, 2)])
def test_edited_kdf_parameters_within_bounds_fail_to_unlock(
    vault: NewVault, policy: KdfPolicy, passphrase: str, params: KdfParams
) -> None:
    """The parameters are not in any AAD, but they feed KEK_p, so editing them loses the key."""
    assert params != vault.header.kdf_params
    header = edited(vault.header, kdf_params=params)
    header.validate(policy)
    with pytest.raises(WrongPassphraseError):
        unlock_with_passphrase(header, passphrase, policy)


def test_edited_salt_fails_to_unlock(vault: NewVault, policy: KdfPolicy, passphrase: str) -> None:
    header = edited(vault.header, kdf_salt=bytes(16))
    with pytest.raises(WrongPassphraseError):
        unlock_with_passphrase(header, passphrase, policy)


def test_all_refusals_are_vault_errors() -> None:
    for error in (
        NotAVaultError,
        UnsupportedVersionError,
        KdfParametersRefusedError,
        WrongPassphraseError,
        BadRecoveryKeyError,
        WeakPassphraseError,
    ):
        assert issubclass(error, VaultError)


# --- keys in memory -----------------------------------------------------------------------------


def test_vault_keys_wipe(vault: NewVault) -> None:
    keys = VaultKeys(vault.header.vault_id, vault.keys.dek)
    assert isinstance(keys.field_aead, AESGCM)
    keys.wipe()
    with pytest.raises(RuntimeError):
        _ = keys.dek
    with pytest.raises(RuntimeError):
        _ = keys.field_aead
    keys.wipe()  # idempotent


@pytest.mark.parametrize("dek", [b"", bytes(16), bytes(33)], ids=len)
def test_vault_keys_refuse_a_wrong_length_dek(dek: bytes) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        VaultKeys(KAT_VAULT_ID, dek)
