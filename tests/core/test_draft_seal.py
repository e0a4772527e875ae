"""A note sealed in memory when the vault locks with an unsaved edit (audit: auto-lock failed
open). It opens again only with the keys of a successful unlock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag

from casenotes.core.domain import Case, Note
from casenotes.core.domain.models import NoteTemplate
from casenotes.core.draft_seal import DRAFT_INFO, DraftUnsealError, SealedDraft
from casenotes.core.journal import CreatedVault, Journal
from casenotes.core.vault.errors import VaultLockedError

DRAFT_TEXT = "Fictional draft: Orrin Vantablade talked about the booking app."


def _draft(journal: Journal) -> Note:
    case = journal.save_case(Case(code="DS-01", display_name="Fictional client"))
    return Note(
        case_id=case.id,
        session_date=date(2026, 3, 2),
        template=NoteTemplate.SOAP,
        sections={"subjective": DRAFT_TEXT, "plan": "Review in two weeks."},
        tags=["agreement"],
        reflection={"need": "emotional"},
    )


def test_a_sealed_draft_opens_only_after_unlock(journal: Journal, passphrase: str) -> None:
    note = _draft(journal)
    sealed = journal.seal_draft(note)
    assert sealed.note_id == note.id and sealed.case_id == note.case_id
    assert DRAFT_TEXT.encode() not in sealed.sealed
    assert b"Vantablade" not in sealed.sealed
    journal.lock()
    with pytest.raises(VaultLockedError):
        journal.open_draft(sealed)
    journal.unlock(passphrase, daily_backup=False)
    opened = journal.open_draft(sealed)
    assert opened == replace(note, addenda=[])


def test_each_seal_uses_a_fresh_nonce(journal: Journal) -> None:
    note = _draft(journal)
    first, second = journal.seal_draft(note), journal.seal_draft(note)
    assert first.sealed[:12] != second.sealed[:12]
    assert first.sealed != second.sealed


def test_the_draft_key_is_not_the_field_key(journal: Journal) -> None:
    """Its own HKDF info string: a sealed draft is no field envelope, and vice versa."""
    sealed = journal.seal_draft(_draft(journal))
    keys = journal._require().keys
    with pytest.raises(InvalidTag):
        keys.field_aead.decrypt(sealed.sealed[:12], sealed.sealed[12:], DRAFT_INFO + keys.vault_id)


def test_another_vault_or_a_tampered_draft_does_not_open(
    journal: Journal, make_journal: Callable[[Path], CreatedVault], tmp_path: Path
) -> None:
    sealed = journal.seal_draft(_draft(journal))
    other = make_journal(tmp_path / "other" / "other.vault").journal
    with pytest.raises(DraftUnsealError):
        other.open_draft(sealed)
    flipped = bytearray(sealed.sealed)
    flipped[20] ^= 1
    with pytest.raises(DraftUnsealError):
        journal.open_draft(replace(sealed, sealed=bytes(flipped)))
    with pytest.raises(DraftUnsealError):
        journal.open_draft(SealedDraft(sealed.note_id, "another-case", sealed.sealed))
