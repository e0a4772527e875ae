"""Stigmatising words are found as whole words in any case, phrases across line breaks;
the shipped library uses none of them."""

from __future__ import annotations

import pytest

from casenotes.core.prompts import STIGMATISING_TERMS, find_stigmatising, load_default_library


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She is not a Prostitute.", ["prostitute"]),
        ("JOHNS and a john's car", ["johns", "john"]),
        ("a sex\naddict, or sex-addiction", ["sex addict", "sex addiction"]),
        ("PORN ADDICTION", ["porn addiction"]),
        ("call\n  girl", ["call girl"]),
        ("selling their body", ["selling their body"]),
        ("a fallen woman", ["fallen woman"]),
        ("acting out again, a relapse", ["acting out", "relapse"]),
        ("hookers, whores, punters, a rent boy", ["hookers", "whores", "punters", "rent boy"]),
        (
            "deviant, pervert, hypersexual, tranny, streetwalker",
            ["deviant", "pervert", "hypersexual", "tranny", "streetwalker"],
        ),
        ("addict, addicted, addiction", ["addict", "addicted", "addiction"]),
    ],
)
def test_finds_terms(text: str, expected: list[str]) -> None:
    assert find_stigmatising(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Am I assuming entitlement, exploitation, victimhood or deviance?",
        "Johnson works in sex work; she chose it.",
        "Johnny addictive? no: Johnsons, hookery",
        "The work of a sex worker is labour.",
        "A client of sex workers pays for companionship.",
        "",
    ],
)
def test_leaves_other_words_alone(text: str) -> None:
    assert find_stigmatising(text) == []


def test_each_term_is_found_as_itself() -> None:
    assert len(set(STIGMATISING_TERMS)) == len(STIGMATISING_TERMS)
    for term in STIGMATISING_TERMS:
        assert find_stigmatising(f"… {term.upper()} …") == [term]
    for allowed in ("victimhood", "deviance", "exploitation", "entitlement"):
        assert allowed not in STIGMATISING_TERMS


def test_shipped_library_passes() -> None:
    for prompt in load_default_library().prompts:
        strings = [prompt.text, prompt.help, prompt.group, prompt.scale_low, prompt.scale_high]
        strings += [option.label for option in prompt.options]
        for text in strings:
            assert find_stigmatising(text) == [], (prompt.id, text)
