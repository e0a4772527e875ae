"""Chosen options shown as their labels in a snippet (core.prompts.option_words)."""

from __future__ import annotations

from casenotes.core.prompts.model import Prompt, PromptKind, PromptLibrary, PromptOption
from casenotes.core.prompts.option_words import option_labels, with_option_labels

S, E = "\ue000", "\ue001"


def library() -> PromptLibrary:
    options = (
        PromptOption("not_allowed", "Not allowed"),
        PromptOption("companionship", "Companionship"),
        PromptOption("in_place", "In place and held"),
    )
    prompt = Prompt(id="agreement", text="The agreement", kind=PromptKind.MULTIPLE, options=options)
    return PromptLibrary(version=1, prompts=(prompt,))


def test_only_ids_that_are_no_plain_word_are_mapped() -> None:
    assert option_labels(library()) == {
        "not_allowed": "Not allowed",
        "in_place": "In place and held",
    }


def test_a_snippet_shows_labels_and_keeps_its_highlight() -> None:
    labels = option_labels(library())
    assert with_option_labels(f"…not_{S}allowed{E} companionship", labels, S, E) == (
        f"…{S}Not allowed{E} companionship"
    )
    assert with_option_labels("in_place; her_own_words stay", labels, S, E) == (
        "In place and held; her_own_words stay"
    )


def test_a_long_run_of_underscores_is_read_in_one_pass() -> None:
    text = "Signed: " + "_" * 60 + "-"
    assert with_option_labels(text, {"not_allowed": "Not allowed"}, S, E) == text


def test_a_mark_inside_an_id_stays_paired() -> None:
    labels = {"not_allowed": "Not allowed"}
    out = with_option_labels(f"she {S}felt not{E}_allowed to speak", labels, S, E)
    assert out.count(S) == out.count(E) == 1
