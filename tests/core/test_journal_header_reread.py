"""A journal reads the vault header again at every unlock (audit: a locked window still
accepted the old passphrase after ``casenotes passwd`` ran from the command line)."""

from __future__ import annotations

import pytest

from casenotes.core.journal import CreatedVault, Journal
from casenotes.core.vault.errors import WrongPassphraseError
from casenotes.core.vault.kdf import KdfPolicy


def _change_elsewhere(created: CreatedVault, policy: KdfPolicy, old: str, new: str) -> None:
    """What `casenotes passwd` does: its own Journal on the same file."""
    other = Journal.open(created.journal.path, policy)
    other.unlock(old, daily_backup=False)
    try:
        other.change_passphrase(new, check_strength=False)
    finally:
        other.lock()


def test_old_passphrase_stops_working_after_a_change_made_elsewhere(
    created: CreatedVault, policy: KdfPolicy, passphrase: str, new_passphrase: str
) -> None:
    journal = created.journal
    journal.lock()
    _change_elsewhere(created, policy, passphrase, new_passphrase)
    with pytest.raises(WrongPassphraseError):
        journal.unlock(passphrase, daily_backup=False)
    assert not journal.is_unlocked
    journal.unlock(new_passphrase, daily_backup=False)
    assert journal.is_unlocked
    assert (
        journal.header.passphrase_slot == Journal.open(journal.path, policy).header.passphrase_slot
    )
    journal.lock()


def test_recovery_reset_after_a_change_elsewhere_keeps_the_newest_header(
    created: CreatedVault, policy: KdfPolicy, passphrase: str, new_passphrase: str
) -> None:
    journal = created.journal
    journal.lock()
    _change_elsewhere(created, policy, passphrase, new_passphrase)
    third = "Copper lagoon 58 thimble orchard"
    journal.reset_passphrase(created.recovery_key, third, check_strength=False)
    journal.lock()
    for wrong in (passphrase, new_passphrase):
        with pytest.raises(WrongPassphraseError):
            journal.unlock(wrong, daily_backup=False)
    journal.unlock(third, daily_backup=False)
    journal.lock()
