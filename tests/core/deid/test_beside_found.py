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
        ("Chemin des Tilleuls 9, 1012 Lausanne", "[Address], [ZIP] [Place]"),
        ("Rue du Four 3, 2000 Neuchâtel", "[Address], [ZIP] [Place]"),
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


def test_a_place_joined_to_a_place_after_a_word_of_where() -> None:
    out = _redacted("She works mostly around Kellmoor and Outfield; Outfield Road is quiet.")
    assert "Outfield;" not in out
    assert "Kellmoor" not in out
    assert "Brack" not in _redacted("Escorting in Inverness and the Brack last summer.")


@pytest.mark.parametrize(
    "text",
    [
        "Sessions in Leeds and English with an interpreter.",
        "She lives in Leeds and Mum visits on Sundays.",
    ],
)
def test_a_language_or_a_person_word_after_a_place_stays(text: str) -> None:
    out = _redacted(text)
    assert "English" in out or "Mum" in out


def test_a_joined_everyday_word_is_not_repeated_elsewhere() -> None:
    out = _redacted("Works around Kellmoor and Outfield. Outfield screen done; Intake next.")
    assert "Outfield screen" in out


def test_a_town_joined_to_a_town_that_is_also_a_first_name() -> None:
    out = _redacted("She worked in her twenties in Reno and Sparks, and told him early.")
    assert "Sparks" not in out
    assert "Reno" not in out


def test_a_town_set_off_after_a_place_found() -> None:
    assert _redacted("she lives in gorgie, edinburgh.") == "she lives in [Place], [Place]."


def test_words_set_off_after_a_place_that_are_no_town_stay() -> None:
    assert _redacted("She lives in Leith, reading a lot.") == "She lives in [Place], reading a lot."
    assert _redacted("Her dad is in Leeds, parole.") == "Her dad is in [Place], parole."


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Dances at Club Ember on Union + picks up private parties.", "Union"),
        ("Works at The Gilded Fern on University, she asked me not to say.", "University"),
        ("Dancer, works at The Gilded Fern, on National. Sleep poor.", "National"),
    ],
)
def test_a_street_of_one_word_after_a_workplace_found(text: str, street: str) -> None:
    out = _redacted(text)
    assert f" {street}" not in out and "[Place]" in out


@pytest.mark.parametrize(
    "text",
    [
        "She works at Club Ember on weekends and at The Vault on call.",
        "She works at Club Ember on Zoom too.",
        "She started at Hearth Wellness on Monday.",
        "She dances at Club Ember on rotation.",
        "She left Club Ember on good terms.",
        "Works at Tesco on tills, mostly.",
        "She works at Boots on reception.",
        "He's at Barclays on secondment.",
        "She works at Aldi on nightshift, mostly.",
    ],
)
def test_what_a_workplace_is_on_that_is_no_street(text: str) -> None:
    assert "[Place]" not in _redacted(text)
