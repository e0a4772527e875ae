"""Journal: the practitioner's prompt customisations, sealed in the vault (revision 0002)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casenotes.core.domain import ClientType
from casenotes.core.journal import Journal
from casenotes.core.prompts import parse_library
from casenotes.core.prompts.model import Prompt, PromptCustomisation, PromptKind, PromptOption
from casenotes.core.vault.kdf import KdfPolicy


def test_customisations_round_trip_through_lock_and_unlock(
    journal: Journal,
    vault_path: Path,
    policy: KdfPolicy,
    passphrase: str,
) -> None:
    edited = PromptCustomisation("clinician_feelings", text="What do I feel right now?", position=2)
    own = PromptCustomisation(
        "own_scale",
        position=0,
        added=Prompt(
            "own_scale",
            "How settled did the session feel?",
            PromptKind.SCALE,
            help="For my own tracking.",
            scale_low="Unsettled",
            scale_high="Settled",
            custom=True,
        ),
    )
    hidden = PromptCustomisation(
        "some_prompt",
        hidden=True,
        options=(PromptOption("a", "First"), PromptOption("b", "Second")),
    )
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
    journal: Journal,
    vault_path: Path,
) -> None:
    journal.save_prompt_customisations(
        [PromptCustomisation("clinician_feelings", text="Wording only I would use QWZX")]
    )
    journal.lock()
    data = b"".join(p.read_bytes() for p in vault_path.parent.iterdir() if p.is_file())
    assert b"QWZX" not in data
    assert b"clinician_feelings" not in data


V1_LIBRARY = Path(__file__).resolve().parents[1] / "data" / "default-prompts-v1.toml"


def test_a_vault_customised_under_library_v1_opens_with_them_intact_under_v2(
    journal: Journal,
    vault_path: Path,
    policy: KdfPolicy,
    passphrase: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A practitioner who edited version 1's prompts updates Casenotes: every edit is kept,
    over the rewording of version 2, and version 2's new prompts arrive beside them."""
    v1 = parse_library(V1_LIBRARY.read_text(encoding="utf-8"), "v1")
    monkeypatch.setattr("casenotes.core.journal.load_default_library", lambda: v1)
    reworded = PromptCustomisation("csw_stressors", text="What weighs on the client this week?")
    fewer = PromptCustomisation(
        "self_check_assumptions",
        options=(
            PromptOption("victimhood", "Victimhood"),
            PromptOption("none", "Nothing I notice"),
        ),
    )
    hidden = PromptCustomisation("fsw_valued", hidden=True)
    moved = PromptCustomisation("self_check_feelings", position=0)
    widened = PromptCustomisation(
        "needs_met", client_types=frozenset({ClientType.COUPLE, ClientType.OCSB, ClientType.OTHER})
    )
    journal.save_prompt_customisations([reworded, fewer, hidden, moved, widened])
    before = journal.prompt_library()
    order_before = [p.id for p in before.prompts]
    assert before.version == 1
    journal.lock()

    monkeypatch.undo()  # the update: the shipped library is version 2 from here
    reopened = Journal.open(vault_path, policy)
    reopened.unlock(passphrase)
    try:
        assert {c.id for c in reopened.prompt_customisations()} == {
            c.id for c in (reworded, fewer, hidden, moved, widened)
        }
        library = reopened.prompt_library()
        assert library.version == 2
        stressors = library.get("csw_stressors")
        assert stressors is not None
        assert stressors.text == "What weighs on the client this week?"
        assert "violence" in [o.id for o in stressors.options]  # untouched fields update
        check = library.get("self_check_assumptions")
        assert check is not None and [o.label for o in check.options] == [
            "Victimhood",
            "Nothing I notice",
        ]
        assert library.get("fsw_valued") is None
        assert reopened.prompt_library(include_hidden=True).get("fsw_valued") is not None
        # The practitioner's place for their moved prompt is kept relative to its neighbours.
        order = [p.id for p in library.prompts if p.id in order_before]
        assert order.index("self_check_feelings") - order.index("self_check_assumptions") == (
            order_before.index("self_check_feelings") - order_before.index("self_check_assumptions")
        )
        needs = library.get("needs_met")
        assert needs is not None and ClientType.OTHER in needs.client_types
        # Version 2's own prompts arrive, and every version 1 prompt is still there.
        for prompt_id in ("risk_self_harm", "self_check_stance", "other_goals"):
            assert library.get(prompt_id) is not None
        hidden_too = reopened.prompt_library(include_hidden=True)
        assert all(hidden_too.get(p.id) is not None for p in v1.prompts)
    finally:
        reopened.lock()
