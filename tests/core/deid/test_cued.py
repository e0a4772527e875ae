"""Nicknames and venue names found by their sentence (core.deid.cued)."""

from __future__ import annotations

import pytest

from casenotes.core.deid import Deidentifier, Identifiers, casing, cued


def _found(text: str) -> set[tuple[str, str]]:
    seen = casing.shadow(text)
    return {(f.kind, text[f.start : f.end]) for f in cued.find_cued(text, seen)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('She has a regular, "Big Walt", who books on Tuesdays.', ("alias", "Big Walt")),
        ('Her friend "Biscuit" will drive her home.', ("alias", "Biscuit")),
        ('a client known to her only as "the Plumber" paid late', ("alias", "the Plumber")),
        ('a sub ("Kitten", real name unknown) called twice', ("alias", "Kitten")),
        ("a regular whom she calls only the Captain offered help", ("alias", "the Captain")),
        ("HE SEES AN ESCORT HE CALLS HONEYDEW EVERY MONTH.", ("alias", "HONEYDEW")),
        ("the man he visits, who works as Clementine, is from Leith", ("alias", "Clementine")),
        ("WORKED AT A LICENSED BROTHEL, THE ORCHARD, FOR YEARS.", ("employer", "THE ORCHARD")),
        ("booked through an agency called lace & velvet last week", ("employer", "lace & velvet")),
        ('a receipt from "Satin & Steel" was in the car', ("employer", "Satin & Steel")),
        ('she is "Mistress Vale" to her clients online', ("alias", "Mistress Vale")),
        ('visits a woman in a flat in Leith, "Marigold", once a month', ("alias", "Marigold")),
        ("Seen in A&E at St Ignatius's overnight.", ("employer", "St Ignatius's")),
        ("She grew up in Ballymun, Reading, with her aunt.", ("place", "Reading")),
        ("See you next week.\n\nWarmly,\nTereza (your counsellor)", ("name", "Tereza")),
        ("Obrigada,\nLuzia\n", ("name", "Luzia")),
        ("saw her old manager, radka, outside the venue", ("name", "radka")),
        ('one regular, "big walt", turned up early', ("alias", "big walt")),
        ("went to a bar in Hull called the Velvet Lamp once", ("employer", "the Velvet Lamp")),
        ("rents a room near the Larches most weeks", ("place", "Larches")),
        ("Thought about my aunt in tashkent and how nodira said to rest.", ("place", "tashkent")),
        ("Thought about my aunt and how nodira said to rest.", ("name", "nodira")),
        ("She met with Dawn from the council on Friday.", ("name", "Dawn")),
        ('A receipt from "velvet & lace" was in his coat.', ("employer", "velvet & lace")),
        ("Met a worker through a massage place, Jade Orchid.", ("employer", "Jade Orchid")),
        ('agency owner "Big Mo" keeps the ID copies', ("alias", "Big Mo")),
        ('works from a shared flat with "Clover" most weeks', ("alias", "Clover")),
        ("Seen at the Harbourside rooms today.", ("place", "Harbourside")),
        ("lunch on the Parade with her sister", ("place", "Parade")),
        ("> Me: u free sat\n> Saffron: depends what time\n", ("alias", "Saffron")),
    ],
)
def test_a_name_its_sentence_marks_is_found(text: str, expected: tuple[str, str]) -> None:
    assert expected in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        'he had called himself "a sex addict" before',
        'what she called "compulsive" use of review sites',
        'her line manager Dave Pell "keeps making jokes" about it',
        'we explored each partner\'s "red lines" today',
        'client is ambivalent: "too late for us".',
        "She agreed to call the clinic tomorrow.",
        "HE HAS NOT CALLED SINCE THE SESSION.",
        "she works as a nurse in the evenings",
        "WORKS AS TRUCKER FOR A FREIGHT FIRM",
        "her boss at the spa, Mrs. Osei, knows",
    ],
)
def test_speech_descriptions_and_jobs_are_not_names(text: str) -> None:
    assert not {k for k, v in _found(text) if k == "alias" or v.casefold().startswith("mrs")}


@pytest.mark.parametrize(
    ("text", "nickname"),
    [
        ('SAYS PARTNER "FLINT" (REAL NAME UNKNOWN) THREW HER BAG.', "FLINT"),
        ('Says a man "Big Ray" took her car keys.', "Big Ray"),
    ],
)
def test_a_quoted_nickname_after_says_when_the_sentence_carries_on(
    text: str, nickname: str
) -> None:
    out = Deidentifier(Identifiers.from_dict({})).redact(text).text
    assert nickname not in out


def test_a_quoted_reply_after_says_stays() -> None:
    text = 'She told her friend "no" and left.'
    assert Deidentifier(Identifiers.from_dict({})).redact(text).text == text


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


def test_a_prefixed_town_typed_in_lower_case_in_a_line_that_is_not() -> None:
    assert ("place", "port kells") in _found("- thinking of moving to port kells with Odalys")


def test_a_town_of_two_words_typed_in_lower_case() -> None:
    text = "been working away, fly in fly out to port hedland most months"
    out = Deidentifier(Identifiers.from_dict({})).redact(text).text
    assert "hedland" not in out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Même interprète (M. Diallo, hors dossier).", "Diallo"),
        ("La Sra. Quiroga llamó dos veces.", "Quiroga"),
        ("Frau Lindqvist kam am Abend.", "Lindqvist"),
    ],
)
def test_titles_of_other_languages_introduce_a_name(text: str, name: str) -> None:
    assert name not in Deidentifier(Identifiers.from_dict({})).redact(text).text


@pytest.mark.parametrize(
    ("text", "nickname"),
    [
        ("rang after. walrus = his sponsor from aa, real name unknown to me", "walrus"),
        ("Bishop, real name unknown, holds her phone and money.", "Bishop"),
    ],
)
def test_a_nickname_given_beside_its_real_name(text: str, nickname: str) -> None:
    assert nickname not in Deidentifier(Identifiers.from_dict({})).redact(text).text


def test_a_word_for_a_person_beside_a_real_name_stays() -> None:
    text = "Her regular (real name unknown) came twice."
    assert Deidentifier(Identifiers.from_dict({})).redact(text).text == text


def test_a_town_in_a_heading_typed_all_in_lower_case() -> None:
    out = Deidentifier(Identifiers.from_dict({})).redact("dap note — cairns\n\nd: seen.").text
    assert out.startswith("dap note — [Place]")


def test_a_heading_after_a_dash_that_names_no_town_stays() -> None:
    text = "Session — follow-up\nNote — walked to the station, fine\n"
    assert Deidentifier(Identifiers.from_dict({})).redact(text).text == text


def test_a_name_someone_was_called_by() -> None:
    out = Deidentifier(Identifiers.from_dict({})).redact(
        "One of them called me Frost, she laughed."
    )
    assert "Frost" not in out.text


def test_being_called_names_is_no_name() -> None:
    text = "They called me back. He called me names and left."
    assert Deidentifier(Identifiers.from_dict({})).redact(text).text == text


def test_a_message_signed_after_a_dash() -> None:
    out = Deidentifier(Identifiers.from_dict({})).redact("Call me back on the duty phone.\n— Fern")
    assert out.text.endswith("— [Person 1]")


def test_a_dash_line_that_signs_nothing_stays() -> None:
    text = "Call me back on the duty phone.\n— End"
    assert Deidentifier(Identifiers.from_dict({})).redact(text).text == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('Text at 2am: "hi its jade from the agency, can u do thurs"', "jade"),
        ('She read out "its mercy x call me" and cried.', "mercy"),
        ('Voicemail: "Hello, it\'s Dolly. Ring me back."', "Dolly"),
    ],
)
def test_a_message_that_says_who_sends_it(text: str, name: str) -> None:
    assert ("name", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        'He said "it\'s fine, really" and left.',
        '"this is hard," she said.',
        '"its done, x"',
        "It's hope, she said. 'It's Grace, not luck,' she wrote: it's joy.",
        "Mum 21:15: are you coming home",
    ],
)
def test_a_message_that_opens_with_no_name_keeps_its_words(text: str) -> None:
    assert not any(kind in ("name", "alias") for kind, _ in _found(text))


def test_a_sender_with_the_time_after_the_name() -> None:
    text = "Messages she showed me:\ndeano 21:15: ill park up\nCall-back 10:30: spoke 12 min"
    assert _found(text) & {("alias", "deano")} and ("alias", "Call-back") not in _found(text)


def test_a_landmark_named_after_a_word_of_where() -> None:
    found = _found("She runs a cafe across from the Quarry and lives opposite the Mill.")
    assert {("place", "Quarry"), ("place", "Mill")} <= found
    assert not list(cued._landmarks("As noted in the Plan, and in the Summer of that year."))


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a regular known only as 'auntie dot', pays cash", ("alias", "auntie dot")),
        ("Her driver, called ‘Moth’, waits outside.", ("alias", "Moth")),
    ],
)
def test_a_nickname_in_single_quotation_marks(text: str, expected: tuple[str, str]) -> None:
    assert expected in _found(text)


def test_apostrophes_open_no_quotation() -> None:
    assert not _found("She's sure it's 'not my thing', she says; the cat's bowl is fine.")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("dafydd's surname is on the form", "dafydd"),
        ("Marigold's working name is new.", "Marigold"),
        ("tamsin's mobile is off since tues", "tamsin"),
    ],
)
def test_whoever_owns_a_surname_or_a_number_is_a_person(text: str, name: str) -> None:
    assert ("name", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Her mum's number is on file; the agency's email bounced.",
        "work's number changed; the client's surname is on file",
    ],
)
def test_a_word_for_a_person_or_a_place_owning_a_number_stays(text: str) -> None:
    assert not {kind for kind, _ in _found(text)} & {"name", "alias"}


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Rebooked for after the Harbour Regatta.", "the Harbour Regatta"),
        ("Next session after the Fourth, she says.", "the Fourth"),
        ("Quiet until the Lantern Walk when bookings pick up", "the Lantern Walk"),
    ],
)
def test_an_event_named_in_capitals_after_a_word_of_time(text: str, event: str) -> None:
    assert ("date", event) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Since the Tribunal she has slept badly.",
        "after the Garda raid that closed it",
        "AFTER THE SESSION SHE CALLED",
        "after the tangi for their koro",
    ],
)
def test_institutions_and_uncapitalised_words_after_a_word_of_time_date_nothing(
    text: str,
) -> None:
    assert not {kind for kind, _ in _found(text)} & {"date"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("so sorry, bobby took my car keys again", "bobby"),
        ("Address on file. wade drives a blue ute now", "wade"),
    ],
)
def test_a_first_name_that_is_a_word_doing_what_people_do(text: str, name: str) -> None:
    assert ("name", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Booking line kept separate from her own.",
        "the fact that she ever wanted to",
        "and the bill came to forty",
    ],
)
def test_a_word_after_a_subject_or_an_article_is_no_name(text: str) -> None:
    assert not {kind for kind, _ in _found(text)} & {"name"}


@pytest.mark.parametrize(
    ("text", "name"),
    [("Tammy is (zyranne's mom) now.", "zyranne"), ("tan's girlfriend made the cake", "tan")],
)
def test_whoever_has_a_mother_or_a_partner_is_a_person(text: str, name: str) -> None:
    assert ("name", name) in _found(text)


def test_a_role_owning_a_relative_stays() -> None:
    assert not _found("S: 52M, pastor's son. Pt's father lives nearby.")


def test_a_lower_case_venue_named_by_an_unknown_word() -> None:
    assert ("employer", "brisco motel") in _found("Texts: got a call from the brisco motel, Tues")


def test_a_nickname_before_a_dash_and_its_real_name() -> None:
    assert ("name", "banker") in _found("a man she calls the banker - real name withheld")


def test_an_initial_that_signs_messages_with_a_time() -> None:
    log = "B 9:02am: passed!\nme: That's huge, B.\nB: ty!! taking a break\n"
    found = [(kind, text) for kind, text in _found(log)]
    assert found == [("alias", "B")]
    out = Deidentifier(Identifiers()).redact(log).text
    assert "B" not in out.replace("[", "").replace("]", "")


def test_a_note_s_letter_headings_are_no_initials() -> None:
    assert not _found("B: calm, engaged.\nI: CBT for sleep.\nR: B: noted.\nP: next week")
