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


def test_a_name_someone_was_called_by() -> None:
    out = Deidentifier(Identifiers.from_dict({})).redact(
        "One of them called me Frost, she laughed."
    )
    assert "Frost" not in out.text


def test_being_called_names_is_no_name() -> None:
    text = "They called me back. He called me names and left."
    assert Deidentifier(Identifiers.from_dict({})).redact(text).text == text


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


def test_a_nickname_before_a_dash_and_its_real_name() -> None:
    assert ("name", "banker") in _found("a man she calls the banker - real name withheld")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("She said, be careful with that Badger guy.", "Badger"),
        ("you've got the Fairview guy at 10 tmrw", "Fairview"),
    ],
)
def test_a_capitalised_word_before_a_word_for_a_man_or_woman(text: str, name: str) -> None:
    assert ("name", name) in _found(text)


def test_a_service_or_a_nationality_before_guy_is_no_name() -> None:
    assert _found("the Uber guy was late and the Irish guy called") == set()


def test_a_name_after_goes_by_typed_in_lower_case_in_a_line_that_is_not() -> None:
    assert ("name", "lu") in _found("Thanh Truong, goes by lu w clients, 32")
    assert ("name", "slowly") not in _found("Time goes by slowly, Ana says.")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("She wants to report to the forum moderator, Quill.", "Quill"),
        ("he has been seeing a sex worker, Kumquat, with his wife's blessing", "Kumquat"),
        ("her newer partner, Wren, who moved away", "Wren"),
        ("HER DAUGHTER, GRACE, VISITS ON SUNDAYS", "GRACE"),
    ],
)
def test_a_word_set_off_after_a_word_for_a_person_names_them(text: str, name: str) -> None:
    assert ("name", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Supports: partner, family, church.",
        "Pastor, Rev. Okafor, called.",
        "the woman, yes, agreed to it",
        "a trans woman, Brazilian, living in Lisbon",
        "her friend, honestly, was kind",
        "her mum, dad, and sister came",
        "Client, tearful, reported low mood.",
        "Her mother, depressed.",
        "HER MOTHER, CONTROLLING.",
        "a sex worker, kumquat, with his wife's blessing",
    ],
)
def test_a_list_an_aside_or_a_description_after_a_person_is_no_name(text: str) -> None:
    assert {k for k, _ in _found(text)} <= {"place", "employer", "date"}


def test_what_someone_is_called_after_calls_him_the() -> None:
    assert ("alias", "Surveyor") in _found("One regular (she calls him the Surveyor) pushes.")
    assert ("alias", "klondike") in _found("she calls him the klondike, he hates it")
    for text in (
        "They called her the best, and she cried.",
        "She calls him the worst names.",
        "They call him the scapegoat.",
        "she calls him the narcissist.",
    ):
        assert _found(text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("safety plan updated: mate Beck on 0491 570 110 is her check-in.", "Beck"),
        ("her sister Wren in Leeds helps on Sundays", "Wren"),
    ],
)
def test_a_capitalised_word_after_a_lower_case_word_for_a_person(text: str, name: str) -> None:
    assert ("name", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "the owner Mr Fairbrother came by",
        "see the client Safety plan",
        "her friend Tuesday was busy",
        "her partner English is his second language",
    ],
)
def test_a_title_a_day_or_a_language_after_a_word_for_a_person_is_no_name(text: str) -> None:
    assert not any(t in ("Mr", "Safety", "Tuesday", "English") for _, t in _found(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("he sees a woman named cottonwood? no, someone else", "cottonwood"),
        ("sees a girl named junco twice a month", "junco"),
        ('borrowed money from a friend named "dusty" last week', "dusty"),
        ("MET A GUY NAMED BISCUIT AT THE BAR.", "BISCUIT"),
        ("a worker at a motel, someone he calls dragonfly. wife", "dragonfly"),
        ("the woman she calls junebug on the phone", "junebug"),
    ],
)
def test_a_word_after_a_person_named_is_what_they_are_called(text: str, name: str) -> None:
    assert ("name", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "She named grief as the main thing this week.",
        "Client named three strengths and one worry.",
        "The client named three strengths and one worry.",
        "the client named anxiety as the main problem.",
        "her cousin, named after her nan, was there.",
        "her friend named it the thing, in session.",
        "a client named in the file as a witness.",
        "she has a dog named biscuit.",
        "a regular she calls nightly.",
        "The client named loneliness as the theme.",
        "this client named anxiety 8/10.",
        "Her partner named resentment first.",
        "A girlfriend named distrust in the joint session.",
        "The landlord named arrears in the letter.",
        "The woman named earlier in the session.",
        "One friend named porn use as a worry.",
        "a friend she calls back later.",
        "the woman he calls his girlfriend.",
    ],
)
def test_named_without_a_person_before_it_names_no_one(text: str) -> None:
    assert not any(kind == "name" for kind, _ in _found(text))
