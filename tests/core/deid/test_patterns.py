"""Layer 2 alone (no identifiers on the case): each pattern family, positive and negative."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from casenotes.core.deid import Deidentifier, Identifiers, Span
from casenotes.core.deid.patterns import find_patterns
from casenotes.core.deid.spans import resolve_overlaps

Find = Callable[..., list[Span]]


def shaped(text: str) -> list[tuple[str, str]]:
    """(text, kind) of the pattern layer alone, after overlap resolution."""
    return [(text[f.start : f.end], f.kind) for f in resolve_overlaps(find_patterns(text))]


def kinds_in(text: str) -> dict[str, str]:
    return {s.text: s.kind for s in Deidentifier(Identifiers()).find(text)}


@pytest.mark.parametrize(
    "text, found",
    [
        ("Call (413) 555-0162 today", "(413) 555-0162"),
        ("Call 413-555-0162.", "413-555-0162"),
        ("Call 413.555.0162,", "413.555.0162"),
        ("Call 4135550162 now", "4135550162"),
        ("Call +1-470-555-0187 now", "+1-470-555-0187"),
        ("Call (413)-555-0150 now", "(413)-555-0150"),
        ("UK mobile +44 7700 900123 only", "+44 7700 900123"),
        ("Landline +49 30 901820 ok", "+49 30 901820"),
        ("Prefers calls to 555-0139 after 6 pm", "555-0139"),
    ],
)
def test_phones(text: str, found: str) -> None:
    assert (found, "phone") in shaped(text)


@pytest.mark.parametrize(
    "text",
    [
        "PHQ-9 = 8 (down from 12); GAD-7 = 10.",
        "Session 6 of 12, 50 minutes, sertraline 50 mg.",
        "Drinks 2-3 a week; SUDS 8 -> 4; PCL-5 = 31.",
        "Spent about $1,400, then $600 more.",
    ],
)
def test_clinical_numbers_are_not_flagged(text: str) -> None:
    assert Deidentifier(Identifiers()).find(text) == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("Mail teo.vlind@example.net.", "teo.vlind@example.net"),
        ("Mail teo.vlind at example dot net please", "teo.vlind at example dot net"),
        ("Mail teo (at) example (dot) net please", "teo (at) example (dot) net"),
        ("Mail teo dot vlind at example dot co dot uk", "teo dot vlind at example dot co dot uk"),
    ],
)
def test_emails(text: str, found: str) -> None:
    assert (found, "email") in shaped(text)


@pytest.mark.parametrize(
    "text, found",
    [
        (
            "See https://marigold-companion.example/rates.",
            "https://marigold-companion.example/rates",
        ),
        ("See www.kitravel.example today", "www.kitravel.example"),
        ("Her page rosavireo.example/booking is down", "rosavireo.example/booking"),
        ("Her page kitravel.com is down", "kitravel.com"),
    ],
)
def test_urls(text: str, found: str) -> None:
    assert (found, "url") in shaped(text)


def test_urls_negative() -> None:
    assert shaped("e.g. he said i.e. no; vs. last time; score 3.5 of 10.") == []


def test_ip_addresses() -> None:
    found = shaped("Logins from 203.0.113.47 and 2001:db8::ff00:42:8329; not 999.1.1.1 or 10:30.")
    assert found == [("203.0.113.47", "ip"), ("2001:db8::ff00:42:8329", "ip")]


@pytest.mark.parametrize(
    "text, found, kind",
    [
        ("Statements to 88 Larkspur Terrace, Unit 4, please", "88 Larkspur Terrace, Unit 4",
         "address"),
        ("Moves to 2210 Cordwainer Avenue, Suite 5 soon", "2210 Cordwainer Avenue, Suite 5",
         "address"),
        ("She lives in Apt 3B now", "Apt 3B", "address"),
        ("Post to PO Box 12 only", "PO Box 12", "address"),
        ("Post to P.O. Box 4471 only", "P.O. Box 4471", "address"),
        ("Stays in the blue house past the Shell station on Route 9.",
         "the blue house past the Shell station on Route 9", "address"),
        ("Her aunt lives on East 71st near the park.", "East 71st", "address"),
        ("staying at her place on west 9th for now", "west 9th", "address"),
        ("Worked the strip on 93rd as a teenager.", "93rd", "address"),
        ("The cafe at SW 38th and Main.", "SW 38th", "address"),
    ],
)  # fmt: skip
def test_addresses(text: str, found: str, kind: str) -> None:
    assert (found, kind) in shaped(text)


@pytest.mark.parametrize(
    "text",
    [
        "See you on 21st, she said.",
        "She came 42nd of 300 in the race.",
        "Scored in the 45th percentile; on 99th percentile charts.",
        "Ranked between 33rd and 40th in class.",
    ],
)
def test_an_ordinal_that_names_no_street_is_left(text: str) -> None:
    assert [k for _, k in shaped(text) if k == "address"] == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("Port Ardmore 04219; phone on file", "04219"),
        ("Gilmourton, MT 59104-2201 is the town", "59104-2201"),
        ("Postcode LS6 2QT, Leeds", "LS6 2QT"),
        ("Toronto M5V 2T6 office", "M5V 2T6"),
        ("Zip: 11354", "11354"),
    ],
)
def test_zip_and_postcodes(text: str, found: str) -> None:
    assert (found, "zip") in shaped(text)


@pytest.mark.parametrize(
    "text, found, kind",
    [
        ("Chart MRN 448812 reviewed", "448812", "id"),
        ("Card acct ending 4471 was charged", "4471", "id"),
        ("member ID QHX-40718823 on file", "QHX-40718823", "id"),
        ("SSN 123-45-6789 redacted", "123-45-6789", "id"),
        ("the plate 7KWD219 of the car", "7KWD219", "vehicle"),
        ("licence plate AB12 CDE seen twice", "AB12 CDE", "vehicle"),
        ("Took his rego, ZBT-771, and rang", "ZBT-771", "vehicle"),
        ("white Holden 3KD 991 parked outside", "3KD 991", "vehicle"),
        ("BLACK F-150, TX JWR-2281.", "JWR-2281", "vehicle"),
        ("Arresting officer, collar no. 5123, was polite.", "5123", "id"),
    ],
)
def test_ids_and_vehicles(text: str, found: str, kind: str) -> None:
    assert (found, kind) in shaped(text)


@pytest.mark.parametrize(
    "text, found",
    [
        ("Her 92-year-old grandmother helps", "92"),
        ("He was aged 91 when he died", "91"),
        ("She is 93 and sharp", "93"),
        ("Her grandmother Winifred, 93, who knows", "93"),
        ("Great-aunt (101) still drives", "101"),
        ("He is 90 years old", "90"),
        ("Her mother Edna, 97 next month, still lives alone", "97"),
        ("Nain is 91 on 3 May, so a party", "91"),
        ("her seanmhair had a fall; she's 101 and still on the croft", "101"),
        ("his dad lived to 98 and never said a true word", "98"),
        ("talked to her granny (she's ninety-three) in Irish", "ninety-three"),
        ("He turned ninety one last month.", "ninety one"),
        ("She is a hundred and one.", "a hundred and one"),
    ],
)
def test_ages_over_89(text: str, found: str) -> None:
    assert (found, "age") in shaped(text)


@pytest.mark.parametrize(
    "text",
    [
        "He is 47 and she is 52.",
        "She is 95 minutes late.",
        "Ran for 90 minutes; 95% adherence.",
        "PHQ-9, 12, GAD-7, 14; session 14 of 20.",
        "She turned 30 out of nowhere, she joked.",
        "Rent, 950 next month, is the worry.",
        "She is 95 on the checklist.",
        "Pulse was 96 on monitoring today.",
        "Systolic, 98 this week, down from 120.",
        "She's ninety percent sure it was him.",
        "It cost a hundred and ten quid.",
        "He's 95% sure.",
        "Dad's ninety days sober.",
        "She's a hundred days clean.",
    ],
)
def test_numbers_that_are_no_age_are_untouched(text: str) -> None:
    assert [k for k in kinds_in(text).values() if k == "age"] == []


@pytest.mark.parametrize(
    "text, age, decade",
    [
        ("Her 89-year-old grandmother helps.", "89-year-old", "[80s]"),
        ("aged 31", "31", "[30s]"),
        ("Bill Osei (31, sous-chef) attended.", "31", "[30s]"),
        ("Dana, 34, a nurse, attended.", "34", "[30s]"),
        ("He turned 58 in the spring.", "58", "[50s]"),
    ],
)
def test_exact_ages_under_90_become_decades(text: str, age: str, decade: str) -> None:
    spans = {s.text: s for s in Deidentifier(Identifiers()).find(text)}
    assert spans[age].kind == "age"
    assert spans[age].replacement == decade
    assert age not in Deidentifier(Identifiers()).redact(text).text.replace(decade, "")


@pytest.mark.parametrize(
    "text, found",
    [
        ("Public account @junipervale_ only", "@junipervale_"),
        ("Insta @p.lindq.private for affairs", "@p.lindq.private"),
        ("using the handle moonlitbanker to message", "moonlitbanker"),
        ("on Discord he is percyplays.", "percyplays"),
    ],
)
def test_handles(text: str, found: str) -> None:
    assert kinds_in(text).get(found) == "handle"


def test_alias_in_quotes_after_works_as() -> None:
    found = kinds_in('She works as "Honey" and advertises under the name "Kit Ravel."')
    assert found == {"Honey": "alias", "Kit Ravel": "alias"}


@pytest.mark.parametrize(
    "text, found",
    [
        ("IG: @kit.ravel for now", "@kit.ravel"),
        ("snap kittyk only", "kittyk"),
        ("her Telegram is k_ravel now", "k_ravel"),
    ],
)
def test_handles_after_a_platform_name(text: str, found: str) -> None:
    assert kinds_in(text).get(found) == "handle"


def test_platform_words_alone_are_not_handles() -> None:
    assert kinds_in("Closed the Instagram account; Snap is fine; 6 of 12 sessions.") == {}


def test_a_number_ends_at_its_line() -> None:
    text = "Tel 0161 496 0552\n\n3 March 2025\n"
    assert ("0161 496 0552", "phone") in shaped(text)


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("Trabaja con un perfil, lunadelcaribe, para turistas.", "lunadelcaribe"),
        ("Her account peachfizz_22 on the platform was reported.", "peachfizz_22"),
        ("She set up a page called velvetnights.", "velvetnights"),
    ],
)
def test_a_bare_handle_after_a_word_for_an_account(text: str, handle: str) -> None:
    found = [text[f.start : f.end] for f in find_patterns(text) if f.kind == "handle"]
    assert set(found) == {handle}


@pytest.mark.parametrize(
    "text",
    [
        "Take into account, however, that she was tired.",
        "She keeps a profile, anonymous, on two sites.",
        "We went through the page numbers together.",
    ],
)
def test_words_after_account_words_are_not_handles(text: str) -> None:
    assert [f for f in find_patterns(text) if f.kind == "handle"] == []


@pytest.mark.parametrize(
    "text", ["su abuela, que tiene 96 años", "sa grand-mère a 93 ans", "Oma ist 91 Jahre alt"]
)
def test_ages_over_89_in_other_languages(text: str) -> None:
    assert [f.kind for f in find_patterns(text)] == ["age"]


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("A payment through a cash app, handle $mirabelle_x, then $40 in cash.", "$mirabelle_x"),
        ("She advertises as quince.lbr on two sites.", "quince.lbr"),
    ],
)
def test_cashtags_and_dotted_handles(text: str, handle: str) -> None:
    found = [text[f.start : f.end] for f in find_patterns(text) if f.kind == "handle"]
    assert found == [handle]


@pytest.mark.parametrize(
    "text",
    [
        "Paid $40 and $12.50 in cash.",
        "See notes.pdf, page.html and scan.jpeg.",
        "Agreed to follow.up",
    ],
)
def test_amounts_files_and_joined_words_are_no_handles(text: str) -> None:
    assert [f for f in find_patterns(text) if f.kind == "handle"] == []


def test_codes_measures_and_laws_are_no_plates() -> None:
    text = "NHS 111, ICD-10, PHQ-9 14, CPT 90837, BP 148, AUD 600, PRA 2003"
    assert not [f for f in shaped(text) if f[1] == "vehicle"]


def test_a_plate_of_three_groups() -> None:
    assert ("AB 4721 KX", "vehicle") in shaped("his bike is AB 4721 KX, she said")


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("Plate of his ute: 712 QRV.", "712 QRV"),
        ("HIS TRUCK TN 4RK-J27 WAS IN THE LOT", "4RK-J27"),
        ("she saw the van 8MXT-221 again", "8MXT-221"),
    ],
)
def test_a_plate_after_its_vehicle(text: str, plate: str) -> None:
    assert kinds_in(text).get(plate) == "vehicle"


def test_a_vehicle_and_a_count_are_no_plate() -> None:
    assert "vehicle" not in kinds_in("his car 2 doors; van 3 times a week").values()


@pytest.mark.parametrize(
    "text, found",
    [
        ("had a guy at the motel off rte 9 who kept haggling", "rte 9"),
        ("Elle danse sur la route 133 le soir.", "route 133"),
        ("lives off Route 1A near the beach", "Route 1A"),
        ("drove hwy 2 all night", "hwy 2"),
    ],
)
def test_numbered_roads_in_any_case(text: str, found: str) -> None:
    assert found in [t for t, _ in shaped(text)]


@pytest.mark.parametrize(
    "text",
    [
        "the route 20 min shorter",
        "Completed RT 5 weeks ago.",
        "Discussed route 1 versus route 2 for referral.",
    ],
)
def test_a_route_that_is_no_road(text: str) -> None:
    assert [k for _, k in shaped(text) if k == "address"] == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("his old working name, Velveteen, came back to him", "Velveteen"),
        ("WORK NAME: BUTTERS. SHE WORKS NIGHTS.", "BUTTERS"),
        ("stage name Scarlett Rose on the site", "Scarlett Rose"),
    ],
)
def test_the_word_after_a_working_name(text: str, found: str) -> None:
    assert kinds_in(text).get(found) == "alias"


@pytest.mark.parametrize(
    "text",
    [
        "her working name is on the ad.",
        "her working name and her real name are kept apart.",
        "her work name changed last year.",
        "she keeps her stage name private.",
    ],
)
def test_what_follows_a_working_name_that_is_no_name(text: str) -> None:
    assert not any(kind == "alias" for kind in kinds_in(text).values())
