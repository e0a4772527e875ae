"""Layer 3 alone (no identifiers): the default-deny lexicon and its allow-lists."""

from __future__ import annotations

import pytest

from casenotes.core.deid import Deidentifier, Identifiers
from casenotes.core.deid.lexicon import find_lexical, is_ordinary


def flagged(text: str) -> dict[str, str]:
    return {s.text: s.kind for s in Deidentifier(Identifiers()).find(text)}


def test_unknown_capitalised_words_are_names() -> None:
    found = flagged("Her roommate Oksana has been supportive; Kasimir drove him there.")
    assert found == {"Oksana": "name", "Kasimir": "name"}


def test_consecutive_capitalised_tokens_are_one_span() -> None:
    found = flagged("She was referred to Halvard Pellegrin, NP, and to Sunniva Ekdahl-Roos.")
    assert found == {"Halvard Pellegrin": "name", "Sunniva Ekdahl-Roos": "name"}


def test_sentence_initial_ordinary_word_is_not_part_of_the_name() -> None:
    assert flagged("Today Oksana called.") == {"Oksana": "name"}


@pytest.mark.parametrize(
    "text",
    [
        "Moved screening to Signal; works Fridays and Saturdays; denies SI/HI.",
        "Asked about PrEP. Continue CBT and EMDR. PHQ-9 and GAD-7 done. Gave NP referral.",
        "She advertises on OnlyFans, Fansly and Tryst, and books via Instagram.",
        "Using Gottman's Four Horsemen and the Dual Process Model with Motivational Interviewing.",
        "She is Catholic, speaks Spanish and Tagalog, and grew up Muslim.",
        "Psychoeducation on stigma. Telehealth next week. Subthreshold PTSD.",
        "Monday mornings are hardest. In March we met on Tuesday.",
        "They talk on Zoom, she is on Probation, and he posts on Feminist Twitter.",
        "We worked on Boundaries, then on Grief. She focused on Sleep.",
    ],
)
def test_allowed_words_are_not_flagged(text: str) -> None:
    assert [k for k in flagged(text).values() if k in ("name", "place", "employer")] == []


@pytest.mark.parametrize(
    "text, found, kind",
    [
        ("He works at Ferncliff Municipal Water now.", "Ferncliff Municipal Water", "employer"),
        ("Shifts at Kestrel Freight again.", "Kestrel Freight", "employer"),
        ("Danced at the Velvet Anchor for years.", "Velvet Anchor", "employer"),
        ("Studies at Thistlewood State University.", "Thistlewood State University", "employer"),
        ("Associate at Corrigan Hale LLP; fears colleagues.", "Corrigan Hale LLP", "employer"),
        ("Mornings at Kettle & Fig Cafe in town.", "Kettle & Fig Cafe", "employer"),
        ("They live in Tarrowfield now.", "Tarrowfield", "place"),
        ("She feels safe at home in Velmont Falls.", "Velmont Falls", "place"),
        ("Moved to Hollowmere last year.", "Hollowmere", "place"),
        ("The hearing is in Marrowby Heights.", "Marrowby Heights", "place"),
        ("She works at KV Brandholm since spring.", "KV Brandholm", "employer"),
        ("He is employed by AZ Westerlo as a porter.", "AZ Westerlo", "employer"),
        ("The flat is on Juniper, near the school.", "Juniper", "place"),
        ("She lives off Marigold with her cousin.", "Marigold", "place"),
        ("Her brother drives for Kestrel Cabs at night.", "Kestrel Cabs", "employer"),
        ("A man followed her out to Larch and shouted.", "Larch", "place"),
        ("Signs she named: Avoiding Larchmont Avenue at night.", "Larchmont Avenue", "place"),
    ],
)
def test_workplaces_and_places(text: str, found: str, kind: str) -> None:
    assert flagged(text).get(found) == kind


def test_workplaces_are_numbered_by_first_appearance() -> None:
    spans = Deidentifier(Identifiers()).find(
        "Works at Ashgrove Motors, used to work at Pinecrook Fitness, still at Ashgrove Motors."
    )
    assert [s.replacement for s in spans] == ["[Workplace 1]", "[Workplace 2]", "[Workplace 1]"]


@pytest.mark.parametrize(
    "text, found",
    [
        ("Her landlord, Mr. Haddock, complained.", "Haddock"),
        ("His newer partner, Wren, moved in.", "Wren"),
        ("Her daughter, Grace, noticed the transfers.", "Grace"),
        ("Supervision with Dr. Okonkwo-Bello.", "Okonkwo-Bello"),
        ("Rusty (legal name withheld) came in.", "Rusty"),
        ("Client J.R. attended.", "J.R."),
        ('A man she calls only "E.," ended it.', "E."),
    ],
)
def test_name_context_flags_ordinary_words(text: str, found: str) -> None:
    assert flagged(text).get(found) == "name"


@pytest.mark.parametrize(
    "text",
    [
        "She handled it with more grace than expected.",
        "He asked in good faith for help.",
        "It dawned on her that the joy of mornings was gone.",
        "She has a stubborn hope; he will chase the relief.",
        "Will follow up next week.",
    ],
)
def test_traps_ordinary_words_used_as_words(text: str) -> None:
    assert flagged(text) == {}


def test_findings_with_little_evidence_are_uncertain() -> None:
    findings = list(find_lexical("Zorblatt."))
    assert findings and not findings[0].certain
    certain = list(find_lexical("Her friend Zorblatt came."))
    assert certain and certain[0].certain


def test_is_ordinary() -> None:
    assert is_ordinary("Signal") and is_ordinary("Fridays") and is_ordinary("CBT")
    assert is_ordinary("Pursue-withdraw") and is_ordinary("Internalised")
    assert not is_ordinary("Oksana") and not is_ordinary("O'Neil")


def test_person_labels_join_full_name_and_parts() -> None:
    engine = Deidentifier(Identifiers(names=["Ivy Brandt"]))
    result = engine.redact(
        "Ivy met Halvard Pellegrin. Later Pellegrin called; halvard's note. Then Oksana."
    )
    assert result.text == (
        "[Client] met [Person 1]. Later [Person 1] called; halvard's note. Then [Person 2]."
    )


def test_first_name_opening_a_sentence_stays_in_the_name() -> None:
    assert flagged("Rose Whitfield called. Today Zorblatt called.") == {
        "Rose Whitfield": "name",
        "Zorblatt": "name",
    }


def test_titles_stay_outside_the_name() -> None:
    result = Deidentifier(Identifiers()).redact("Judge Marlowe and Officer Daniels agreed.")
    assert result.text == "Judge [Person 1] and Officer [Person 2] agreed."


@pytest.mark.parametrize(
    "text",
    [
        "She wants to move out to Independence next year.",
        "He drives to Bath on weekends.",
    ],
)
def test_a_town_named_by_a_word_after_a_verb_of_going(text: str) -> None:
    out = Deidentifier(Identifiers.from_dict({})).redact(text).text
    assert "[Place]" in out


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Elle est originaire d'Ajaccio et travaille le soir.", "Ajaccio"),
        ("Nouveau logement au Plateau depuis le mois dernier.", "Plateau"),
        ("Vive en un departamento en el Plan que arrienda.", "Plan"),
        ("Ela mora na Mouraria e trabalha de noite.", "Mouraria"),
    ],
)
def test_a_place_after_a_preposition_of_another_language(text: str, place: str) -> None:
    out = Deidentifier(Identifiers.from_dict({})).redact(text).text
    assert place not in out


def test_an_english_article_before_a_capital_names_no_place() -> None:
    text = "We used a Gottman-style softened start-up."
    assert Deidentifier(Identifiers.from_dict({})).redact(text).text == text


def test_an_acronym_and_a_weekday_after_a_work_cue_are_no_workplace() -> None:
    assert "employer" not in flagged("She works at CBT Monday groups.").values()
