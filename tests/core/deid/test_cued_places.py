"""Places and venues their context gives away (core.deid.cued_places)."""

from __future__ import annotations

import pytest

from casenotes.core.deid import Deidentifier, Identifiers, casing, cued, cued_places


def _found(text: str) -> set[tuple[str, str]]:
    seen = casing.shadow(text)
    return {(f.kind, text[f.start : f.end]) for f in cued.find_cued(text, seen)}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("DAP note — Cairns\n\nD: seen in the outreach room.", "Cairns"),
        ("Telehealth note — Anchorage / second session\n", "Anchorage"),
    ],
)
def test_a_town_in_a_heading_after_a_dash(text: str, place: str) -> None:
    out = Deidentifier(Identifiers.from_dict({})).redact(text).text
    assert place not in out
    assert "[Place]" in out


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Phone screen\nLocation: Cedar Falls; works weekends", "Cedar Falls"),
        ("- suburb: ashgrove\n- work: reception", "ashgrove"),
        ("Hometown: Pine Bluff (moved away at 19)", "Pine Bluff"),
    ],
)
def test_a_forms_field_for_where_holds_a_place(text: str, place: str) -> None:
    assert ("place", place) in _found(text)


@pytest.mark.parametrize(
    "text", ["Location: in person, the clinic room", "Location: telehealth", "Town: unknown"]
)
def test_a_forms_field_for_where_may_hold_no_place(text: str) -> None:
    assert [p for k, p in _found(text) if k == "place"] == []


def test_a_town_in_a_heading_typed_all_in_lower_case() -> None:
    out = Deidentifier(Identifiers.from_dict({})).redact("dap note — cairns\n\nd: seen.").text
    assert out.startswith("dap note — [Place]")


def test_a_heading_after_a_dash_that_names_no_town_stays() -> None:
    text = "Session — follow-up\nNote — walked to the station, fine\n"
    assert Deidentifier(Identifiers.from_dict({})).redact(text).text == text


def test_a_landmark_named_after_a_word_of_where() -> None:
    found = _found("She runs a cafe across from the Quarry and lives opposite the Mill.")
    assert {("place", "Quarry"), ("place", "Mill")} <= found
    assert not list(cued_places.landmarks("As noted in the Plan, and in the Summer of that year."))


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Joint session 3, Bray. They came together.", "Bray"),
        ("SESSION 11, HASTINGS\n", "HASTINGS"),
    ],
)
def test_a_heading_that_ends_with_its_town(text: str, town: str) -> None:
    assert ("place", town) in _found(text)


def test_a_heading_that_ends_with_a_word_names_no_town() -> None:
    assert not _found("Notes, continued. More here.")


def test_a_lower_case_venue_named_by_an_unknown_word() -> None:
    assert ("employer", "brisco motel") in _found("Texts: got a call from the brisco motel, Tues")


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("SHE IS STRIPPING AT THE CLUB IN HFX + DOING PARTIES.", "HFX"),
        ("she works mostly in pdx now", "pdx"),
        ("back in jozi next week", "jozi"),
    ],
)
def test_a_citys_short_form_after_a_word_of_place(text: str, town: str) -> None:
    assert ("place", town) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "he is on LDN now",
        "GP switched her to LDN.",
        "Letter from SLC about her loan.",
        "Plan to dc tomorrow.",
        "she went to sea",
        "In Sea of Love",
    ],
)
def test_a_short_form_that_is_a_word_or_an_abbreviation_stays(text: str) -> None:
    assert not any(kind == "place" for kind, _ in _found(text))


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("works a massage place on speedway, does outcalls", "speedway"),
        ("the flat off foster near the park", "foster"),
        ("weekends at the parlour on main. c/o: sleep", "main"),
    ],
)
def test_a_street_of_one_lower_case_word_after_a_home_or_venue(text: str, street: str) -> None:
    assert ("place", street) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "home address on file: see the form",
        "works at the club on weekends",
        "she works at the spa on call",
        "the bar on fire, she said",
        "we worked on boundaries.",
        "He lives on cigarettes and coffee.",
        "lives off savings.",
        "Her flat is on lockdown.",
        "He moved on quickly.",
        "the flat on rent, maybe next month",
        "She's at the office on chemo — and hates it",
        "client is at the house on eggshells -",
        "the salon on shifts - pays badly",
    ],
)
def test_what_a_home_or_venue_is_on_that_is_no_street(text: str) -> None:
    assert not any(kind == "place" for kind, _ in _found(text))


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("she works from a condo in charbagh area, shares", "charbagh"),
        ("FROM KAMATHIPURA AREA.", "KAMATHIPURA"),
    ],
)
def test_a_neighbourhood_named_before_area(text: str, area: str) -> None:
    out = Deidentifier(Identifiers.from_dict({})).redact(text).text
    assert area not in out
    assert "[Place]" in out


@pytest.mark.parametrize(
    "text",
    [
        "in the waiting area",
        "in the grey area",
        "the quiet area of the park",
        "in the bar area",
        "She self-harms in the thigh area.",
        "Progress in the parenting area.",
        "the student quarter",
    ],
)
def test_a_kind_of_space_before_area_is_no_place(text: str) -> None:
    assert not any(kind == "place" for kind, _ in _found(text))


@pytest.mark.parametrize(
    "text",
    ["going back two nights a week at club valentine.", "AT CHEZ MARIELLE ON FRIDAYS."],
)
def test_a_venues_word_then_a_name_in_one_case(text: str) -> None:
    assert any(kind == "employer" for kind, _ in _found(text))


@pytest.mark.parametrize(
    "text",
    [
        "she booked a spa day.",
        "un bar cerca de la frontera",
        "the club kids were loud",
        "She cried at bar mitzvah.",
    ],
)
def test_a_venues_word_before_an_ordinary_word_names_nothing(text: str) -> None:
    assert not any(kind == "employer" for kind, _ in _found(text))


@pytest.mark.parametrize(
    ("text", "ward"),
    [
        ("lives in Third Ward now", "Third Ward"),
        ("sister in fifth ward keeps her son", "fifth ward"),
    ],
)
def test_a_citys_ward_by_its_number(text: str, ward: str) -> None:
    assert ("place", ward) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "she is on the third ward of the hospital",
        "Transferred to second ward after a week.",
        "Her first ward round is on Tuesday.",
    ],
)
def test_a_hospitals_ward_is_no_place(text: str) -> None:
    assert not any(k == "place" for k, _ in _found(text))


def test_a_dated_heading_that_ends_with_a_town() -> None:
    assert ("place", "houma") in _found("3/4 - Al again (Al, 71), houma")
    assert not any(k == "place" for k, _ in _found("12/1 - Jo, 44, reading"))


def test_a_home_or_venue_on_a_duty_is_no_street() -> None:
    text = "the hotel she trusts, friend Cheyanne on check-in. The breeze"
    assert not any(k == "place" for k, _ in _found(text))
