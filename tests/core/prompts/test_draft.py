"""casenotes.core.prompts.draft: the prompt library being edited, without a window.

The prompts dialog's behaviour lives here: the customisations as edited, the changes against
what the vault holds, and moving, hiding, adding, resetting, deleting and importing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from casenotes.core.domain.client_types import ClientType
from casenotes.core.prompts.draft import (
    NEW_PROMPT_TEXT,
    PromptsDraft,
    is_edited,
    is_hidden,
    new_prompt_id,
    option_id_from,
)
from casenotes.core.prompts.library import load_default_library
from casenotes.core.prompts.model import PromptCustomisation, PromptKind, PromptLibrary

NEEDS = "cosw_needs_met"  # a shipped multiple-choice prompt, first in the library
AGREEMENT = "cosw_agreement"  # the second, single choice


@pytest.fixture(scope="module")
def base() -> PromptLibrary:
    return load_default_library()


@pytest.fixture
def draft(base: PromptLibrary) -> PromptsDraft:
    return PromptsDraft(base, [])


def test_an_untouched_draft_lists_the_library_and_changes_nothing(
    base: PromptLibrary, draft: PromptsDraft
) -> None:
    assert draft.ids() == [prompt.id for prompt in base.prompts]
    assert draft.customisations() == []
    assert draft.changes() == ([], [])
    assert draft.missing_options() is None


def test_an_edit_keeps_only_the_changed_fields(draft: PromptsDraft) -> None:
    entry = draft.entry(NEEDS)
    assert entry is not None
    assert draft.edit(replace(entry[0], text="What needs did the visits meet?"))
    [custom] = draft.customisations()
    assert custom.prompt_id == NEEDS and custom.text == "What needs did the visits meet?"
    assert custom.help is None and custom.options is None  # untouched: the library's
    assert is_edited(custom)
    changed, removed = draft.changes()
    assert changed == [custom] and removed == []
    assert not draft.edit(replace(entry[0], id="no-such-prompt"))


def test_changes_are_measured_against_what_the_vault_holds(base: PromptLibrary) -> None:
    saved = [
        PromptCustomisation(NEEDS, text="Needs, in the client's words"),
        PromptCustomisation(AGREEMENT, hidden=True),
    ]
    draft = PromptsDraft(base, saved)
    assert draft.changes() == ([], [])
    assert draft.reset(NEEDS)
    draft.set_hidden(AGREEMENT, False)
    changed, removed = draft.changes()
    # Both rows go: the reset one, and the one left empty by showing the prompt again.
    assert changed == [] and removed == [saved[0].id, saved[1].id]
    # The vault's copies were never touched.
    assert saved[0].text == "Needs, in the client's words" and saved[1].hidden


def test_moving_swaps_with_the_neighbour_on_show(draft: PromptsDraft) -> None:
    first, second, third = draft.ids()[:3]
    assert draft.move(second, -1)
    assert draft.ids()[:3] == [second, first, third]
    assert not draft.move(second, -1)  # already first
    # With a filter showing only some prompts, it swaps with the next one shown.
    assert draft.move(second, 1, among=[second, third])
    assert draft.ids()[:3] == [first, third, second]
    assert not draft.move("no-such-prompt", 1)


def test_hiding_and_showing_again(draft: PromptsDraft) -> None:
    assert draft.set_hidden(NEEDS, True)
    entry = draft.entry(NEEDS)
    assert entry is not None and is_hidden(entry[1]) and not is_edited(entry[1])
    assert NEEDS in draft.ids()  # hidden prompts stay listed
    assert draft.set_hidden(NEEDS, False)
    entry = draft.entry(NEEDS)
    assert entry is not None and not is_hidden(entry[1])
    assert not draft.set_hidden("no-such-prompt", True)


def test_adding_ones_own_prompt(draft: PromptsDraft) -> None:
    prompt_id = draft.add(PromptKind.SCALE, group="Goals")
    assert prompt_id.startswith("own_") and draft.ids()[-1] == prompt_id
    entry = draft.entry(prompt_id)
    assert entry is not None
    prompt, custom = entry
    assert prompt.text == NEW_PROMPT_TEXT and prompt.group == "Goals" and prompt.custom
    assert (prompt.scale_low, prompt.scale_high) == ("Not at all", "Very much")
    assert custom is not None and custom.added is not None
    assert draft.is_own(prompt_id) and draft.base_of(prompt_id) == custom.added
    choice = draft.add(PromptKind.SINGLE)
    lacking = draft.missing_options()
    assert lacking is not None and lacking.id == choice  # a choice needs two options
    draft.set_hidden(choice, True)
    assert draft.missing_options() is None  # hidden, it can be saved as it is


def test_reset_brings_back_the_shipped_prompt_and_only_that(draft: PromptsDraft) -> None:
    entry = draft.entry(NEEDS)
    assert entry is not None
    draft.edit(replace(entry[0], client_types=frozenset({ClientType.COUPLE})))
    assert draft.reset(NEEDS)
    assert draft.entry(NEEDS) == entry and draft.customisations() == []
    assert not draft.reset(NEEDS)  # nothing left to reset
    own = draft.add(PromptKind.TEXT)
    assert not draft.reset(own)  # one's own has nothing shipped to go back to


def test_only_ones_own_prompts_can_be_deleted(draft: PromptsDraft) -> None:
    assert not draft.delete(NEEDS)
    own = draft.add(PromptKind.TEXT)
    assert draft.delete(own)
    assert own not in draft.ids() and draft.customisations() == []


def test_new_ids(draft: PromptsDraft) -> None:
    assert option_id_from("Feeling desired!", set()) == "feeling_desired"
    assert option_id_from("Feeling desired", {"feeling_desired"}) == "feeling_desired_2"
    assert option_id_from("42 things", set()) == "option_42_things"
    assert option_id_from("—", set()) == "option"
    taken = {"own_0000000000"}
    assert new_prompt_id(taken) not in taken
    entry = draft.entry(NEEDS)
    assert entry is not None
    # Every id the prompt's definition used stays reserved, even if removed from the form.
    used = entry[0].options[0]
    assert draft.new_option_id(NEEDS, used.label, set()) != used.id


def test_an_import_is_compared_then_taken_whole(base: PromptLibrary, draft: PromptsDraft) -> None:
    other = PromptsDraft(base, [])
    entry = other.entry(NEEDS)
    assert entry is not None
    other.edit(replace(entry[0], text="Needs met, as they put it"))
    other.set_hidden(AGREEMENT, True)
    own = other.add(PromptKind.TEXT)
    comparison = draft.compare(other.customisations())
    assert (comparison.added, comparison.changed, comparison.hidden) == (1, 1, 1)
    assert not comparison.nothing
    assert ("Needs met, as they put it", ("changed",)) in comparison.listed
    assert draft.compare([]).nothing
    draft.replace_all(other.customisations())
    assert draft.ids() == other.ids() and own in draft.ids()
