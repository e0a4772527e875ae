"""Layer 1 alone: the case's known identifiers and their variants."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.core.deid.conftest import texts_of

from casenotes.core.deid import Deidentifier, Identifiers, Member, Span, deidentify

Find = Callable[..., list[Span]]


def known(spans: list[Span]) -> list[str]:
    return [s.text for s in spans if s.source == "identifier"]


def test_full_name_first_and_last_token_case_insensitive(find: Find) -> None:
    text = "Teodora Vasquez-Lind came in. teodora said VASQUEZ-LIND was her mother's name."
    spans = find(text, names=["Teodora Vasquez-Lind"])
    assert known(spans) == ["Teodora Vasquez-Lind", "teodora", "VASQUEZ-LIND"]
    assert {s.replacement for s in spans if s.source == "identifier"} == {"[Client]"}


def test_possessive_stays_outside_the_span(find: Find) -> None:
    result = deidentify("Marisol's sister called.", Identifiers(names=["Marisol Quintero"]))
    assert result.text == "[Client]'s sister called."


def test_one_letter_typo_of_a_long_token(find: Find) -> None:
    spans = find("Met with Quinteor and Quinterro; not Quint.", names=["Marisol Quintero"])
    assert texts_of(spans)[:2] == ["Quinteor", "Quinterro"]
    assert all(not s.certain for s in spans[:2])  # typos are marked for a look


def test_short_tokens_get_no_typo_matching(find: Find) -> None:
    assert known(find("Ivy and Ive and Iva.", names=["Ivy Brandt"])) == ["Ivy"]


def test_name_that_is_also_a_word_matches_only_as_a_name(find: Find) -> None:
    text = "Hope arrived. She spoke of a stubborn hope.\n- hope wants a joint session."
    spans = find(text, names=["Hope Okafor"])
    assert known(spans) == ["Hope", "hope"]
    assert spans[0].start == 0 and spans[-1].start == text.index("- hope") + 2


def test_phone_in_any_formatting(find: Find) -> None:
    text = "Numbers: 4135550162, 413.555.0162, (413)555-0162, +1 413 555 0162, 413-555-0162."
    spans = find(text, phones=["(413) 555-0162"])
    assert [s.kind for s in spans] == ["phone"] * 5
    assert all(s.source == "identifier" for s in spans)


def test_handles_with_and_without_at(find: Find) -> None:
    spans = find("Posts as @velvetmoth_ and velvetmoth_ on two sites.", handles=["velvetmoth_"])
    assert texts_of(spans) == ["@velvetmoth_", "velvetmoth_"]
    assert {s.kind for s in spans} == {"handle"}


def test_email_also_spoken(find: Find) -> None:
    text = "Write to kit.r@example.org or kit.r at example dot org."
    spans = find(text, emails=["kit.r@example.org"])
    assert texts_of(spans) == ["kit.r@example.org", "kit.r at example dot org"]


def test_regex_metacharacters_are_literal(find: Find) -> None:
    text = "Alias a.b*c (x) is listed; abbbc x is not."
    spans = find(text, aliases=["a.b*c (x)"])
    assert texts_of(spans) == ["a.b*c (x)"]


def test_non_latin_names() -> None:
    ids = Identifiers(names=["Оксана Коваленко", "ليلى حداد", "周美琳"])
    text = "Оксана пришла. ليلى حداد اتصلت. 周美琳来了。Коваленко написала."
    result = deidentify(text, ids)
    for original in ("Оксана", "Коваленко", "ليلى", "حداد", "周美琳"):
        assert original not in result.text
    assert result.text.count("[Client]") == 4  # the Arabic full name is one span


def test_places_employers_and_other(find: Find) -> None:
    text = "Lives in Wrenfield; works at Bramblecote Insurance Group (Bramblecote for short)."
    spans = find(text, places=["Wrenfield"], employers=["Bramblecote Insurance Group"],
                 other=["QX-99120"])  # fmt: skip
    assert [(s.text, s.kind) for s in spans] == [
        ("Wrenfield", "place"),
        ("Bramblecote Insurance Group", "employer"),
        ("Bramblecote", "employer"),
    ]
    assert spans[1].replacement == spans[2].replacement == "[Workplace 1]"


def test_other_identifiers_are_classified(find: Find) -> None:
    text = "Site https://kitravel.example and member QX-99120."
    spans = find(text, other=["https://kitravel.example", "QX-99120"])
    assert [(s.text, s.kind) for s in spans] == [
        ("https://kitravel.example", "url"),
        ("QX-99120", "id"),
    ]


def test_partners_get_their_own_labels() -> None:
    engine = Deidentifier(
        Identifiers(names=["Anouk Brennand", "Lorcan Whitsett"]),
        members=[Member("Partner A", "Anouk Brennand"), Member("Partner B", "Lorcan Whitsett")],
    )
    result = engine.redact("Anouk and Lorcan came in; Whitsett spoke first.")
    assert result.text == "[Partner A] and [Partner B] came in; [Partner B] spoke first."


def test_custom_client_label() -> None:
    result = deidentify("Ivo is tired.", Identifiers(names=["Ivo Brandt"]), client_label="C1")
    assert result.text == "[C1] is tired."


def test_known_name_inside_an_unknown_email_does_not_split_it(find: Find) -> None:
    spans = find("Mail dawn.okafor@example.org today.", names=["Dawn Okafor"])
    assert [(s.text, s.kind) for s in spans] == [("dawn.okafor@example.org", "email")]


def test_text_of_nothing_but_identifiers() -> None:
    ids = Identifiers(
        names=["Ivy Dellacroce"], aliases=["Juniper Vale"], handles=["@junipervale_"],
        phones=["(413) 555-0162"], emails=["ivy.d@example.com"], places=["Wrenfield"],
        employers=["Gantry Lane Games"], other=["QHX-40718823"],
    )  # fmt: skip
    values = [v for values in ids.as_dict().values() for v in values]
    text = " ".join(values) + "\n" + ", ".join(reversed(values))
    result = deidentify(text, ids)
    for value in values:
        assert value.lstrip("@").casefold() not in result.text.casefold()
    assert "Ivy" not in result.text and "Dellacroce" not in result.text


def test_a_workplace_whose_name_starts_with_the_is_one_workplace() -> None:
    from casenotes.core.deid import Deidentifier

    engine = Deidentifier(Identifiers(employers=["The Velvet Fox", "The Grey Horse"]))
    text = "Works at The Velvet Fox; Velvet Fox pays late, unlike The Grey Horse."
    assert engine.redact(text).text == (
        "Works at [Workplace 1]; [Workplace 1] pays late, unlike [Workplace 2]."
    )


def test_a_known_phone_with_country_code_matches_without_it() -> None:
    spans = Deidentifier(Identifiers(phones=["+1 413 555 0162"])).find("Call 413-555-0162.")
    assert [(s.text, s.source) for s in spans] == [("413-555-0162", "identifier")]


def test_a_short_surname_that_is_a_little_word_of_another_language_needs_its_capital() -> None:
    engine = Deidentifier(Identifiers.from_dict({"names": ["Thu Le"]}))
    out = engine.redact("Appel de Thu Le : elle a parlé de le travail. Le soir, Le a rappelé.").text
    assert "de le travail" in out
    assert "Thu Le" not in out and "Le a rappelé" not in out


def test_a_known_name_that_is_a_word_after_a_word_for_kin() -> None:
    engine = Deidentifier(Identifiers.from_dict({"names": ["Amara Okoye"], "aliases": ["Lark"]}))
    out = engine.redact("Contact: cousin lark, then Amara. Up with the lark today.").text
    assert "cousin lark" not in out
    assert "with the lark today" in out


def test_a_known_name_run_together_is_found() -> None:
    engine = Deidentifier(Identifiers.from_dict({"names": ["Valentin Juhász"]}))
    assert engine.redact("signed in as valentinjuhasz on the forum").text == (
        "signed in as [Client] on the forum"
    )


@pytest.mark.parametrize(
    ("handle", "text"),
    [
        ("@fernlantern", "her followers know her as fern lantern"),
        ("@ember.sage23", "ember sage23 posted again"),
    ],
)
def test_a_known_handle_written_as_words_is_found(handle: str, text: str) -> None:
    engine = Deidentifier(Identifiers.from_dict({"handles": [handle]}))
    assert "[Handle]" in engine.redact(text).text


def test_the_words_of_a_handle_apart_stay() -> None:
    engine = Deidentifier(Identifiers.from_dict({"handles": ["@fernlantern"]}))
    text = "the fern by the lantern"
    assert engine.redact(text).text == text


def test_a_name_inside_a_known_detail_is_found_on_its_own() -> None:
    engine = Deidentifier(Identifiers.from_dict({"other": ["has a greyhound called Biscuit"]}))
    out = engine.redact("Biscuit was poorly this week; she bought biscuits for the group.").text
    assert not out.startswith("Biscuit") and "biscuits" in out
