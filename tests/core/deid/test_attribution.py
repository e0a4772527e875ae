"""Review fixes: short forms of workplaces, who a name belongs to, the known-identifier
guard, and no client words in process-wide caches. All names are fictional."""

from __future__ import annotations

import gc
import inspect
import weakref

import pytest

from casenotes.core.deid import (
    Deidentifier,
    Identifiers,
    Member,
    Span,
    deidentify,
    lexicon,
    wordlists,
)
from casenotes.core.deid import engine as engine_module
from casenotes.core.deid import identifiers as identifiers_module
from casenotes.core.deid import labels as labels_module
from casenotes.core.deid.identifiers import pet_form_of

PARTNER_A = "Marigold Feathersby"
PARTNER_B = "Oskar Lindqvist-Brae"


def couple(**lists: list[str]) -> Deidentifier:
    return Deidentifier(
        Identifiers(**lists),
        members=[Member("Partner A", PARTNER_A), Member("Partner B", PARTNER_B)],
    )


def by_text(spans: list[Span]) -> dict[str, Span]:
    return {s.text: s for s in spans}


# -- 1. short forms of workplaces and places -----------------------------------------------


def test_every_run_of_two_or_more_words_of_a_workplace_is_found() -> None:
    engine = Deidentifier(Identifiers(employers=["Crimson Velvet Lounge"]))
    result = engine.redact(
        "She dances at Crimson Velvet Lounge. Crimson Velvet pays late; Velvet Lounge is loud."
    )
    assert "Crimson" not in result.text and "Velvet" not in result.text
    spans = by_text(list(result.spans))
    for short in ("Crimson Velvet", "Velvet Lounge"):
        assert spans[short].certain and spans[short].kind == "employer"
        assert spans[short].replacement == spans["Crimson Velvet Lounge"].replacement


def test_the_generic_last_word_refers_back_for_a_look() -> None:
    engine = Deidentifier(Identifiers(employers=["Crimson Velvet Lounge", "Sunny Bakery"]))
    result = engine.redact(
        "Crimson Velvet Lounge and Sunny Bakery. Back at the Lounge, then the Bakery."
    )
    spans = by_text(list(result.spans))
    assert spans["Lounge"].certain is False and spans["Bakery"].certain is False
    assert spans["Lounge"].replacement == spans["Crimson Velvet Lounge"].replacement
    assert spans["Bakery"].replacement == spans["Sunny Bakery"].replacement
    assert result.text.endswith("Back at the [Workplace 1], then the [Workplace 2].")


def test_the_generic_word_needs_a_capital_and_the() -> None:
    engine = Deidentifier(Identifiers(employers=["Crimson Velvet Lounge"]))
    assert engine.find("They sat in the lounge.") == []
    assert engine.find("A Lounge chair.") == []


def test_ordinary_word_runs_must_be_capitalised() -> None:
    engine = Deidentifier(Identifiers(employers=["Crimson Velvet Lounge"]))
    assert engine.find("She wore a crimson velvet dress to the gala.") == []


def test_place_short_forms_keep_the_place_label() -> None:
    engine = Deidentifier(Identifiers(places=["Port Quillmouth Harbour"]))
    spans = by_text(engine.find("From Port Quillmouth to Quillmouth Harbour."))
    assert spans["Port Quillmouth"].replacement == "[Place]"
    assert spans["Quillmouth Harbour"].replacement == "[Place]"


def test_short_forms_never_start_or_end_with_a_connector() -> None:
    engine = Deidentifier(Identifiers(employers=["Bank of the Quillmouth Valley"]))
    spans = engine.find("Bank of money. Of the Quillmouth Valley branch.")
    assert "Bank of" not in [s.text for s in spans]
    assert "Quillmouth Valley" in [s.text for s in spans]


def test_a_short_form_two_workplaces_share_is_unsure() -> None:
    engine = Deidentifier(
        Identifiers(employers=["Bramblecote Insurance Group", "Northwind Insurance Group"])
    )
    spans = by_text(engine.find("Insurance Group called."))
    assert spans["Insurance Group"].certain is False


# -- 2a. a relative who shares a known surname -------------------------------------------


def test_relative_sharing_a_partner_surname_is_another_person() -> None:
    engine = couple(names=[PARTNER_A, PARTNER_B], aliases=["Goldie"])
    result = engine.redact("Priya Lindqvist threatened to out Goldie to Feathersby Sr. today.")
    spans = by_text(list(result.spans))
    assert spans["Priya Lindqvist"].replacement.startswith("[Person ")
    assert spans["Feathersby Sr."].replacement.startswith("[Person ")
    assert spans["Priya Lindqvist"].replacement != spans["Feathersby Sr."].replacement
    assert spans["Goldie"].replacement == "[Partner A]"
    later = engine.redact("Lindqvist and Feathersby came; Priya left; Priya Lindqvist called.")
    assert later.text == (
        f"[Partner B] and [Partner A] came; {spans['Priya Lindqvist'].replacement} left; "
        f"{spans['Priya Lindqvist'].replacement} called."
    )


def test_own_first_name_with_the_surname_keeps_the_label() -> None:
    engine = couple(names=[PARTNER_A, PARTNER_B])
    result = engine.redact("Oskar Lindqvist-Brae came; Oskar Lindqvist too; Marigold Feathersby.")
    assert result.text == "[Partner B] came; [Partner B] too; [Partner A]."


@pytest.mark.parametrize("text", ["Her sister Lindqvist came.", "His mother, Feathersby, came."])
def test_a_family_word_before_a_known_surname_means_a_relative(text: str) -> None:
    engine = couple(names=[PARTNER_A, PARTNER_B])
    labels = [s.replacement for s in engine.find(text)]
    assert labels == ["[Person 1]"]


def test_relative_of_the_client_in_a_one_person_case() -> None:
    result = deidentify("Ivy Brandt and Tomasz Brandt came; Brandt Jr., too.", Identifiers(
        names=["Ivy Brandt"]))  # fmt: skip
    assert result.text == "[Client] and [Person 1] came; [Person 2], too."


def test_a_known_name_with_a_suffix_keeps_its_label() -> None:
    result = deidentify("Halvard Brandt Jr. came.", Identifiers(names=["Halvard Brandt Jr."]))
    assert result.text == "[Client] came."


# -- 2b. couple cases have no [Client] ---------------------------------------------------


def test_couple_record_names_take_the_partner_labels() -> None:
    engine = couple(names=[PARTNER_A, "Oskar", "Feathersby"], aliases=["Goldie", "Mari", "Oz"])
    result = engine.redact("Marigold, Goldie, Mari, Oskar, Feathersby and Oz came.")
    assert "[Client]" not in result.text
    assert result.text == (
        "[Partner A], [Partner A], [Partner A], [Partner B], [Partner A] and [Partner] came."
    )


def test_couple_record_name_matching_no_partner_is_neutral() -> None:
    engine = couple(names=["Wrenna Halloway"])
    assert engine.redact("Wrenna Halloway came.").text == "[Partner] came."


def test_one_person_case_keeps_client() -> None:
    assert deidentify("Goldie came.", Identifiers(aliases=["Goldie"])).text == "[Client] came."


def test_pet_form_of() -> None:
    assert pet_form_of("Goldie", "Marigold") and pet_form_of("Mari", "Marigold")
    assert pet_form_of("Rav", "Ravindra") and not pet_form_of("Oz", "Oskar")
    assert not pet_form_of("Tamsin", "Marigold")


# -- 2c. a short form the lexicon finds --------------------------------------------------


def test_lexicon_short_form_of_a_known_first_name_takes_that_label_for_a_look() -> None:
    engine = couple(names=[PARTNER_A, PARTNER_B])
    spans = by_text(engine.find("Later, Mari said she felt unheard."))
    assert spans["Mari"].replacement == "[Partner A]" and spans["Mari"].certain is False
    client = Deidentifier(Identifiers(names=["Christabel Okafor"]))
    spans = by_text(client.find("Her friend said Chris would come."))
    assert spans["Chris"].replacement == "[Client]" and spans["Chris"].certain is False


def test_short_form_of_two_known_first_names_is_someone_new() -> None:
    engine = Deidentifier(
        Identifiers(names=["Marigold Feathersby"]),
        members=[Member("Partner A", "Marigold Feathersby"), Member("Partner B", "Marisol Vey")],
    )
    spans = by_text(engine.find("Later, Mari said she felt unheard."))
    assert spans["Mari"].replacement.startswith("[Person ")


# -- 3. the known-identifier guard -------------------------------------------------------


def test_find_known_finds_every_variant_and_nothing_else() -> None:
    engine = Deidentifier(
        Identifiers(
            names=["Marigold Feathersby-Crane"],
            phones=["(415) 555-0142"],
            handles=["@velvetfox"],
            emails=["goldie.f@example.org"],
            employers=["Crimson Velvet Lounge"],
        )
    )
    text = (
        "Marigold, Feathersby's, Crane, Feathersbey, 4155550142, velvetfox, @velvetfox, "
        "goldie.f at example dot org, Velvet Lounge, the Lounge."
    )
    found = [s.text for s in engine.find_known(text)]
    assert found == [
        "Marigold",
        "Feathersby",
        "Crane",
        "Feathersbey",
        "4155550142",
        "velvetfox",
        "@velvetfox",
        "goldie.f at example dot org",
        "Velvet Lounge",
        "Lounge",
    ]
    assert all(s.source == "identifier" for s in engine.find_known(text))


def test_find_known_ignores_other_names_and_ordinary_words() -> None:
    engine = Deidentifier(Identifiers(names=["Marigold Feathersby"]))
    assert engine.find_known("Ivy Brandt felt calmer about work, sleep and Halvard.") == []
    assert engine.find_known("") == []
    restored = engine.find_known("[Person 1] met Marigold.")
    assert [s.text for s in restored] == ["Marigold"]
    assert restored[0].replacement == "[Client]"


def test_find_known_does_not_change_later_numbering() -> None:
    engine = Deidentifier(Identifiers(employers=["Crimson Velvet Lounge", "Sunny Bakery"]))
    engine.find_known("Sunny Bakery")
    assert engine.redact("Crimson Velvet Lounge.").text == "[Workplace 1]."


# -- 4. no client words in process-wide caches -------------------------------------------


def test_no_process_wide_cache_takes_words_of_client_text() -> None:
    for module in (lexicon, engine_module, identifiers_module, labels_module):
        for name, obj in vars(module).items():
            assert not hasattr(obj, "cache_info"), f"{module.__name__}.{name} is cached"
    # The word lists may stay cached: they take no argument, so hold no client text.
    for name, obj in vars(wordlists).items():
        if hasattr(obj, "cache_info"):
            assert not inspect.signature(obj).parameters, name


def test_word_cache_belongs_to_the_engine_and_goes_with_it() -> None:
    engine = Deidentifier(Identifiers())
    engine.find("Zorblatt Quenderby met Halvard.")
    cache = engine._words
    assert cache.ordinary("Zorblatt") is False
    assert "Zorblatt" in cache._ordinary
    gone = weakref.ref(cache)
    del engine, cache
    gc.collect()
    assert gone() is None
    fresh = Deidentifier(Identifiers())
    assert "Zorblatt" not in fresh._words._ordinary


def test_a_free_text_member_label_never_reaches_the_output() -> None:
    from casenotes.core.deid import Deidentifier, Identifiers, Member

    engine = Deidentifier(
        Identifiers(names=["Ravi Menon"]),
        members=[Member("Jo (Ravi's wife)", "Joanna Menon"), Member("Partner B", "Ravi Menon")],
    )
    text = engine.redact("Joanna said Ravi was late.").text
    assert text == "[Partner A] said [Partner B] was late."
