"""Details that identify without a name: marked for a look, with the reason."""

from __future__ import annotations

import pytest

from casenotes.core.deid import Deidentifier, Identifiers


def looks(text: str) -> dict[str, tuple[str, str, bool]]:
    return {
        s.text: (s.replacement, s.reason, s.certain)
        for s in Deidentifier(Identifiers()).find(text)
        if s.kind == "other"
    }


@pytest.mark.parametrize(
    "text, piece, label",
    [
        (
            "She was named in the local paper after it.",
            "named in the local paper",
            "[Legal proceeding]" if False else "[Media coverage]",
        ),
        ("His bail hearing is on the list.", "bail hearing", "[Legal proceeding]"),
        (
            "She was arrested for loitering, later dropped.",
            "was arrested for loitering",
            "[Legal proceeding]",
        ),
        ("The story went viral overnight.", "went viral", "[Media coverage]"),
        (
            "He is the 1988 provincial curling champion.",
            "the 1988 provincial curling champion",
            "[Distinction]",
        ),
        ("Her son's school phoned twice.", "Her son's school", "[Child's detail]"),
        ("She disclosed she is HIV-positive.", "HIV-positive", "[Health detail]"),
    ],
)
def test_quasi_identifiers_are_marked_for_a_look(text: str, piece: str, label: str) -> None:
    found = looks(text)
    assert piece in found
    replacement, reason, certain = found[piece]
    assert replacement == label
    assert reason  # the practitioner is told why
    assert certain is False


def test_a_unique_role_never_swallows_the_place_inside_it() -> None:
    text = "She is the only trans woman doing pro-domme work in Leeds."
    spans = Deidentifier(Identifiers()).find(text)
    kinds = {s.text: s.kind for s in spans}
    assert kinds.get("Leeds") == "place"
    role = [s for s in spans if s.kind == "other"]
    assert role and all("Leeds" not in s.text for s in role)
    assert role[0].text.startswith("the only trans woman")


@pytest.mark.parametrize(
    "text",
    [
        "It was the only time she felt safe.",
        "The court of public opinion is harsh on her.",
        "She has been reading about the news cycle.",
    ],
)
def test_ordinary_phrases_are_not_looks(text: str) -> None:
    assert looks(text) == {}
