"""Shared fixtures for the vault tests. Every vault here uses ``KdfPolicy.testing()``'s cheap
Argon2id parameters, so that the suite stays fast; only tests about ``KdfPolicy.standard()``'s
bounds use the standard policy, and those never derive a key."""

from __future__ import annotations

import pytest

from casenotes.core.vault.header import NewVault, create_header
from casenotes.core.vault.kdf import KdfPolicy

# Fixed test passphrases (not secrets). Both score 4 with zxcvbn.
PASSPHRASE = "Café Ünïcode tea-kettle 42"
OTHER_PASSPHRASE = "vT9#qL2m!xR8wZ4p kettle orbit"


@pytest.fixture
def policy() -> KdfPolicy:
    return KdfPolicy.testing()


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def other_passphrase() -> str:
    return OTHER_PASSPHRASE


@pytest.fixture
def vault(policy: KdfPolicy, passphrase: str) -> NewVault:
    """A freshly created vault's header, keys and recovery key (random ids and keys)."""
    return create_header(passphrase, policy, check_strength=False)
