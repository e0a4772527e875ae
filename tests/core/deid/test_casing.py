"""Lines in capitals or lower case get a same-length shadow in ordinary case."""

from __future__ import annotations

import pytest

from casenotes.core.deid import Deidentifier, Identifiers
from casenotes.core.deid.casing import shadow


def test_shadow_keeps_length_and_leaves_ordinary_lines_alone() -> None:
    text = "Ordinary prose with Ivy Marsh in it.\nPT SEEN WITH PARTNER AT THE CLINIC TODAY."
    seen = shadow(text)
    assert len(seen) == len(text)
    assert seen.splitlines()[0] == text.splitlines()[0]
    assert seen.splitlines()[1] != text.splitlines()[1]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("SEEN ON 14 MARCH WITH HER FRIEND ZANELE", "seen on 14 March with her friend Zanele"),
        ("she met her boss okonkwo-bright at work", "she met her boss Okonkwo-Bright at work"),
        ("WORKS AT THE LANTERN QUAY HOTEL", "works at the Lantern Quay Hotel"),
        ("she may 4 times a week go to the gym", "she may 4 times a week go to the gym"),
        ("NEXT SESSION SAT 6 DEC, PHQ-9 REVIEW", "next session Sat 6 Dec, PHQ-9 review"),
        ("her aunt in mount calder has the kids", "her aunt in Mount Calder has the kids"),
        ("he wants to mount an appeal", "he wants to mount an appeal"),
        ("went to lake with the kids", "went to lake with the kids"),
        ("HAS AN ORDER FROM MARCH", "has an order from March"),
        ("this may be hard", "this may be hard"),
        ("she keeps avoiding larchmont avenue", "she keeps avoiding Larchmont Avenue"),
        ("works indoors and sometimes street work", "works indoors and sometimes street work"),
    ],
)
def test_recased_words(text: str, expected: str) -> None:
    assert shadow(text) == expected


def test_known_words_are_names_even_when_they_are_words() -> None:
    assert shadow("SHE SAID HOPE WAS THERE", known=["hope"]) == "she said Hope was there"


@pytest.mark.parametrize(
    "text, secrets",
    [
        (
            "CLIENT ZANELE DLAMINI SEEN ON 3 OCTOBER 2024 AT THE EKO PALMS HOTEL IN DURBAN.",
            ["ZANELE", "DLAMINI", "3 OCTOBER 2024", "EKO PALMS HOTEL", "DURBAN"],
        ),
        (
            "client zanele dlamini seen on 3 october 2024, works in durban since june.",
            ["zanele", "dlamini", "3 october 2024", "durban", "june"],
        ),
    ],
)
def test_identifiers_are_found_in_any_case(text: str, secrets: list[str]) -> None:
    result = Deidentifier(Identifiers()).redact(text)
    # Word by word: "EKO" left beside "[Workplace 1]" is a leak too.
    words = [w for s in secrets for w in s.split() if len(w) > 2]
    assert [w for w in words if w in result.text] == []


@pytest.mark.parametrize(
    "text, secrets",
    [
        ("SAW ZOE AND MIA AT THE CLINIC TODAY.", ["ZOE", "MIA"]),
        ("HER FRIEND ZOE CALLED, THEN AVA TEXTED.", ["ZOE", "AVA"]),
        ("PT REPORTS IAN HIT HER AT THE EKO PALMS HOTEL.", ["IAN", "EKO", "PALMS"]),
        ("HER STAGE NAME IS VELVET ROSE AND SHE WORKS NIGHTS.", ["VELVET", "ROSE"]),
    ],
)
def test_short_names_and_whole_names_in_capitals(text: str, secrets: list[str]) -> None:
    result = Deidentifier(Identifiers()).redact(text).text
    assert [w for w in secrets if w in result] == []
    assert "SAW" in result or "HER" in result or "PT REPORTS" in result  # the rest stays


@pytest.mark.parametrize(
    "text",
    [
        "She has a standing Monday slot and sees her sister most Sundays.",
        "PHQ-9 dropped from 14 to 9.5 over the month; sertraline 50 mg.",
    ],
)
def test_habits_and_scores_are_not_dates(text: str) -> None:
    assert [s.kind for s in Deidentifier(Identifiers()).find(text) if s.kind == "date"] == []


def test_capitals_do_not_flag_every_word() -> None:
    text = "PLAN: CONTINUE WEEKLY SESSIONS. REVIEW SAFETY PLAN AND GOALS NEXT TIME."
    assert Deidentifier(Identifiers()).find(text) == []


def test_a_name_in_quotes_is_found_and_a_known_possessive_in_capitals() -> None:
    engine = Deidentifier(Identifiers(aliases=["Nacho"]))
    text = "SEES A WOMAN PRIVATELY, 'ZEYNEPKA', WHOM HE MET ONLINE. NOW NACHO'S MOTHER CALLS."
    result = engine.redact(text).text
    assert "ZEYNEPKA" not in result and "NACHO" not in result
    assert (
        "kowal_77"
        not in Deidentifier(Identifiers())
        .redact("a user 'kowal_77' keeps commenting in her room")
        .text
    )


# Each line: a note as people write it, and a detail that must not stand in its summary.
@pytest.mark.parametrize(
    "text, secret",
    [
        ("They met back in twenty sixteen at a festival.", "twenty sixteen"),
        ("Her flight is on october seventh.", "october seventh"),
        ("They argued on Heroes Day.", "Heroes Day"),
        ("The van, H47 KLP, was parked outside.", "H47 KLP"),
        ("Hi, this is Mark from the agency, call me back.", "Mark"),
        ("The girls called him Dollar back then.", "Dollar"),
        ("A PUNTER FOLLOWED HER TO PAISLEY AFTER WORK.", "PAISLEY"),
        ("AMBER'S DAD IS NOT INVOLVED.", "AMBER"),
        ("Widowed 2019, lives alone now.", "2019"),
        ("Spotkanie we wtorek, 4 lutego 2025 w Krakowie.", "lutego"),
        ("FLEW HOME TO GRAND RAPIDS FOR THE FUNERAL.", "GRAND RAPIDS"),
        ("next appt oct 16, same time as before.", "oct 16"),
        ("They argued over the Whit Monday weekend.", "Whit Monday"),
        ("His partner is pregnant, due March, he says.", "March"),
        ("SEEN AT THE CLINIC IN SUN CITY, AZ.", "SUN CITY"),
        ("SHE THINKS HIS FIRST NAME IS LEE.", "LEE"),
        ('He said one of them, "Lily", told him about it.', "Lily"),
        ("worked there from twenty sixteen to twenty nineteen", "twenty nineteen"),
        ("grief work for her late partner (d. 2019).", "2019"),
        ("Session 6. Private practice, Hackney, London.", "Hackney"),
        ("Intake. Harbour Light Counselling, Auckland.", "Harbour Light"),
        ("Plan: walk with her to the clinic Thursday if she comes.", "Thursday"),
        ("Agreed to block him. Next session 19.03.", "19.03"),
        ("Stopped in mid-2023, she says.", "2023"),
        ("Her father, Kwabena Osei, 91 — she corrected herself.", "91"),
    ],
)
def test_details_found_by_their_cues_in_any_case(text: str, secret: str) -> None:
    assert secret not in Deidentifier(Identifiers()).redact(text).text


@pytest.mark.parametrize(
    "text, secret",
    [
        ("Lauriston Sexual Health Clinic\n12 Lauriston Walk\nEdinburgh EH3 9ES", "Edinburgh"),
        ("MY URGE TO RESCUE. TOM AND LUISA ADVISED CHECKING IT.", "TOM"),
        ("STAYING AT THEIR PLACE SINCE CARNIVAL, WHEN THE LEASE ENDED.", "CARNIVAL"),
        ("Her nan Mere in Gisborne is unwell.", "Mere"),
    ],
)
def test_town_lines_pairs_of_names_and_festivals(text: str, secret: str) -> None:
    assert secret not in Deidentifier(Identifiers()).redact(text).text


@pytest.mark.parametrize(
    "text, secret",
    [
        ("Quick: Ali Demir (Kit) no-show Thurs, texted at 10:05.", "Thurs"),
        ('Client Jasmine "Jaz" Halvorsen, 22, came alone.', "Jasmine"),
        ('Client Jasmine "Jaz" Halvorsen, 22, came alone.', "Jaz"),
        ("In her corner: flatmate lily-rose, friend ade.", "lily-rose"),
        ("Level 2, 41 Dominion Road, Mount Eden, Auckland 1024 | 09 555 0172", "1024"),
    ],
)
def test_diary_weekdays_nicknames_and_lower_case_names(text: str, secret: str) -> None:
    assert secret not in Deidentifier(Identifiers()).redact(text).text


def test_words_after_a_relation_that_are_no_names_stay() -> None:
    text = "Her friend will call, and a date night is planned."
    assert Deidentifier(Identifiers()).redact(text).text == text


def test_a_headings_workplace_after_a_dash_in_capitals() -> None:
    text = "INTAKE — KESTREL BAY UNIVERSITY COUNSELLING SERVICE."
    result = Deidentifier(Identifiers()).redact(text).text
    assert "KESTREL" not in result and "INTAKE" in result


def test_a_bulleted_line_in_lower_case_is_re_cased() -> None:
    line = "- lives in albuquerque with her sister, works nights at the depot\n"
    assert "Albuquerque" in shadow(line)


def test_a_short_greeting_takes_the_case_of_the_note_around_it() -> None:
    note = "hey tereza,\nthanks for last week. i signed up to the course at the college.\n"
    assert shadow(note).startswith("hey Tereza,")


def test_the_word_after_a_titled_first_name_is_the_surname() -> None:
    assert "Dr Anna Berg" in shadow("REFERRED BY DR ANNA BERG FOR PAIN AFTER THE BIRTH.")


def test_a_line_in_capitals_in_another_language_keeps_its_words_as_words() -> None:
    line = "TRABAJA EN UN PISO CON SU AMIGA LUCÍA Y SE SIENTE MUY CANSADA POR LA NOCHE.\n"
    seen = shadow(line)
    assert "Lucía" in seen
    assert "Cansada" not in seen and "Noche" not in seen


def test_a_line_in_lower_case_in_another_language_keeps_its_words_as_words() -> None:
    line = "trabaja en un piso con su amiga lucía y se siente muy cansada por la noche.\n"
    seen = shadow(line)
    assert "Cansada" not in seen and "Noche" not in seen


def test_the_shorthand_of_fast_notes_is_no_name() -> None:
    text = "her gf and bro came, next appt tmrw, txt from mam re meds, idk tbh, sesh defo ok"
    assert Deidentifier(Identifiers()).redact(text).text == text


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("walked down harlow street at night", "harlow street"),
        ("she lives off grant road near the shops", "grant road"),
    ],
)
def test_a_street_after_a_word_of_movement_in_lower_case(text: str, street: str) -> None:
    assert street not in Deidentifier(Identifiers()).redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        "he waited at the bus station for an hour",
        "she met him in the city centre after work",
        "referred to the family court last week",
    ],
)
def test_kinds_of_place_in_lower_case_stay(text: str) -> None:
    assert Deidentifier(Identifiers()).redact(text).text == text


def test_a_venue_named_by_kind_words_is_still_a_name() -> None:
    out = Deidentifier(Identifiers()).redact("she called from the lot of the gas city inn; windy")
    assert "gas city inn" not in out.text


def test_a_streets_short_word_still_ends_its_name_after_re_casing() -> None:
    assert shadow("i saw ur car at the servo on high st").endswith("High St")
    assert "St Patrick" in shadow("next session after st patrick's day.")
    assert "Anxiety" not in shadow("worked on anxiety st goals today")


def test_a_word_the_dictionary_spells_without_its_hyphen_is_no_name() -> None:
    assert shadow("check-in w her co-worker re self-care") == (
        "check-in w her co-worker re self-care"
    )
    # …and ends a venue's name like any other word of its kind.
    assert shadow("who works at discovery co-op. the rest") == (
        "who works at Discovery Co-op. the rest"
    )
    assert shadow("she works at the co-op now") == "she works at the co-op now"
