"""The field's own vocabulary is never redacted; known identifiers still win."""

from __future__ import annotations

import pytest

from casenotes.core.deid import Deidentifier, Identifiers
from casenotes.core.deid.vocabulary import Vocabulary


@pytest.mark.parametrize(
    "text, term",
    [
        ("Victimhood was her answer to the self-check.", "Victimhood"),
        ("She described the Nordic model as harmful.", "Nordic model"),
        ("FOSTA-SESTA pushed her off the sites.", "FOSTA-SESTA"),
        ("Referred to SWOP Behind Bars for support.", "SWOP Behind Bars"),
        ("Paid through CashApp and Venmo.", "CashApp"),
        ("Sensate Focus exercises were assigned.", "Sensate Focus"),
        ("VICTIMHOOD WAS WRITTEN ON THE WORKSHEET.", "VICTIMHOOD"),
        ('he describes "losing time" in the red-light district.', "red-light district"),
    ],
)
def test_field_terms_are_left_standing(text: str, term: str) -> None:
    assert term in Deidentifier(Identifiers()).redact(text).text


def test_the_practitioners_own_terms_are_left_standing() -> None:
    text = "Talked about the Larkmoor Collective model."
    assert "Larkmoor" not in Deidentifier(Identifiers()).redact(text).text
    engine = Deidentifier(Identifiers(), allowed=["Larkmoor Collective"])
    assert "Larkmoor Collective" in engine.redact(text).text


def test_a_known_identifier_wins_over_a_field_term() -> None:
    text = "Venmo sent the money on her behalf."
    result = Deidentifier(Identifiers(aliases=["Venmo"])).redact(text)
    assert "Venmo" not in result.text


def test_a_first_name_alone_is_never_a_field_term() -> None:
    # "Stella" names an organisation and a person alike: the person must be caught.
    assert Vocabulary(["Stella"]).find("Stella called.") == []
    assert Vocabulary(["Marisol Quenby"]).find("Marisol Quenby called.") == []
    assert Vocabulary(["Merlin law"]).find("The Merlin law was raised.") == [(4, 14)]
    assert Vocabulary().find("Referred to SWOP Behind Bars.") != []


@pytest.mark.parametrize(
    "text, secret",
    [
        ("Ashley Madison came to the session.", "Ashley"),
        ("Met Grace Satir last week.", "Satir"),
        ("Her friend Emily Nagoski called.", "Nagoski"),
        ("Maya Gottman attended with her partner.", "Gottman"),
    ],
)
def test_a_term_never_hides_a_person(text: str, secret: str) -> None:
    assert secret not in Deidentifier(Identifiers()).redact(text).text


def test_terms_match_whole_tokens_only() -> None:
    assert Vocabulary(["Pix"]).find("Pixie called") == []
    assert Vocabulary(["Pix"]).find("paid by pix today") == [(8, 11)]


def test_a_term_never_spans_a_line_break() -> None:
    assert Vocabulary().find("me: Good plan.\nB: release it") == []
    assert Vocabulary().find("She took Plan B on Friday.") != []
