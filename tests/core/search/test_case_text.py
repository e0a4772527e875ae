"""casenotes.core.search.case_text: presenting concerns and goals, searched as notes are."""

from __future__ import annotations

from casenotes.core.search.case_text import (
    CaseField,
    query_words,
    search_case_texts,
    snippet_for,
)

MARK = ("[", "]")


def test_every_word_must_start_a_word_of_the_text() -> None:
    text = "Wants to keep working while finishing a nursing degree."
    assert snippet_for(text, query_words("nurs degree"), MARK) is not None
    assert snippet_for(text, query_words("nursing holiday"), MARK) is None
    assert snippet_for(text, query_words("ursing"), MARK) is None  # not inside a word


def test_case_and_accents_are_ignored_and_matches_marked() -> None:
    text = "Café shifts and Rest days."
    assert snippet_for(text, query_words("cafe rest"), MARK) == "[Café] shifts and [Rest] days."


def test_a_long_text_gives_a_snippet_around_the_first_match() -> None:
    words = [f"w{i}" for i in range(40)]
    words[25] = "boundary"
    snippet = snippet_for(" ".join(words), query_words("boundary"), MARK)
    assert snippet is not None
    assert "[boundary]" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet.split()) <= 12


def test_concerns_come_before_goals_and_the_limit_holds() -> None:
    texts = {
        "case-1": (
            "Anxiety about disclosure to a partner.",
            ["Plan a disclosure conversation", "Sleep better"],
        ),
        "case-2": ("", ["Practise disclosure scripts"]),
    }
    hits = search_case_texts("disclosure", texts, mark=MARK)
    assert [(h.case_id, h.field) for h in hits] == [
        ("case-1", CaseField.CONCERNS),
        ("case-1", CaseField.GOAL),
        ("case-2", CaseField.GOAL),
    ]
    assert hits[1].snippet == "Plan a [disclosure] conversation"
    assert len(search_case_texts("disclosure", texts, mark=MARK, limit=2)) == 2


def test_nothing_to_search_finds_nothing() -> None:
    texts = {"case-1": ("Anything at all", ["and a goal"])}
    assert search_case_texts("  ", texts) == []
    assert search_case_texts("?!", texts) == []
