"""Journal: the practitioner's prompt customisations, sealed in the vault (revision 0002)."""

from __future__ import annotations

from pathlib import Path

from casenotes.core.journal import Journal
from casenotes.core.prompts.model import Prompt, PromptCustomisation, PromptKind, PromptOption
from casenotes.core.vault.kdf import KdfPolicy


def test_customisations_round_trip_through_lock_and_unlock(
    journal: Journal, vault_path: Path, policy: KdfPolicy, passphrase: str,
) -> None:
    edited = PromptCustomisation("clinician_feelings", text="What do I feel right now?",
                                 position=2)
    own = PromptCustomisation(
        "own_scale", position=0,
        added=Prompt("own_scale", "How settled did the session feel?", PromptKind.SCALE,
                     help="For my own tracking.", scale_low="Unsettled", scale_high="Settled",
                     custom=True))
    hidden = PromptCustomisation("some_prompt", hidden=True,
                                 options=(PromptOption("a", "First"), PromptOption("b", "Second")))
    journal.save_prompt_customisations([edited, own, hidden])
    journal.lock()

    reopened = Journal.open(vault_path, policy)
    reopened.unlock(passphrase)
    try:
        stored = {c.id: c for c in reopened.prompt_customisations()}
        assert stored == {edited.id: edited, own.id: own, hidden.id: hidden}
        reopened.save_prompt_customisations([], removed=[hidden.id])
        assert {c.id for c in reopened.prompt_customisations()} == {edited.id, own.id}
    finally:
        reopened.lock()


def test_nothing_of_a_customisation_is_readable_in_the_file(
    journal: Journal, vault_path: Path,
) -> None:
    journal.save_prompt_customisations([
        PromptCustomisation("clinician_feelings", text="Wording only I would use QWZX")])
    journal.lock()
    data = b"".join(p.read_bytes() for p in vault_path.parent.iterdir() if p.is_file())
    assert b"QWZX" not in data
    assert b"clinician_feelings" not in data
