"""Details that a finding beside them gives away (core.deid.beside_found)."""

from __future__ import annotations

import pytest

from casenotes.core.deid import Deidentifier, Identifiers


def _redacted(text: str) -> str:
    return Deidentifier(Identifiers.from_dict({})).redact(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 Orchard Walk, Bath BA1 5QX", "[Address], [Place] [ZIP]"),
        ("She lives at 12 Elm Road, Reading RG1 4AB.", "She lives at [Address], [Place] [ZIP]."),
        ("Gaswerkstraße 41, 5020 Salzburg", "[Address], [ZIP] [Place]"),
        ("vive en Calle del Pez 12, Madrid", "vive en [Address], [Place]"),
    ],
)
def test_an_address_line_names_its_town_and_postcode(text: str, expected: str) -> None:
    assert _redacted(text) == expected


def test_a_town_needs_the_postcode_or_the_address_before_it() -> None:
    text = "She wants a bath and a quiet evening, 2 hours at least."
    assert _redacted(text) == text


def test_a_district_named_after_a_venue() -> None:
    out = _redacted("Drop-in, back room at the Crown, the Wicker. Next week.")
    assert "Wicker" not in out


def test_a_plain_phrase_after_a_venue_stays() -> None:
    out = _redacted("She works at the Crown, the one by the station.")
    assert out.endswith("the one by the station.")
