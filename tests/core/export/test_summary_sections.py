"""The summary's sections after the clinical review (issue 12): context, which partner is
which, what has been tried, the formulation, scale trends and trimmed free-note excerpts,
for a known case. Every part still goes through the de-identifier."""

from __future__ import annotations

from datetime import date

import pytest

from casenotes.core.domain import Case, ClientType, Identifiers, Note, NoteTemplate
from casenotes.core.export import SummaryRequest, build_summary
from casenotes.core.export.summary import (
    CONTEXT_HEADING,
    FORMULATION_HEADING,
    FREE_EXCERPT_LIMIT,
    TRIED_HEADING,
    TRIMMED_MARK,
    trim_text,
)
from casenotes.core.prompts import load_default_library

from .sample import Sample
from .test_summary import HEADINGS, REFLECTION, assert_no_dates, assert_no_identifier

VOICE_A = [2, 2, 3, 3, 4, 4]
VOICE_B = [4, 3, 3, 3, 3, 3]


@pytest.fixture
def known(sample: Sample) -> Sample:
    """The sample couple with an intake note, reflection answers of library v2 and two
    sessions' interventions, written with the case's identifiers in them."""
    intake = sample.notes[0]
    intake.template = NoteTemplate.INTAKE
    intake.sections = {
        "concerns": "Ravindra and Tamsin want to rework their agreement.",
        "relationships": "Together nine years; Tamsin Vell calls it monogamous with exceptions.",
        "work": "Rav travels for Bramblecote Logistics most weeks; Tamsin works from home.",
        "prior_therapy": (
            "Saw a couples counsellor in Quillmouth for six sessions; Tamsin found it blaming. "
        )
        * 6,
        "consent": "Consent given; the limits of confidentiality explained.",
    }
    for note, a, b in zip(sample.notes, VOICE_A, VOICE_B, strict=True):
        note.reflection["couple_structure"] = "monogamish"
        note.reflection["couple_roles"] = ["a_client"]
        note.reflection["couple_voice_a"] = a
        note.reflection["couple_voice_b"] = b
        note.reflection["csw_legal_model"] = "nordic"
    sample.notes[2].sections["intervention"] = (
        "Mapped the agreement with Rav and Tamsin; each named one need."
    )
    sample.notes[3].sections["intervention"] = (
        "Explored what the visits give Ravindra, without assuming they should stop."
    )
    return sample


def build(sample: Sample, **kwargs: object) -> str:
    request = SummaryRequest(sample.case.id, **kwargs)  # type: ignore[arg-type]
    return build_summary(sample.case, sample.notes, sample.goals, sample.library, request).text


def section(text: str, heading: str) -> str:
    return text.split(f"## {heading}\n\n")[1].split("\n## ")[0]


def test_the_new_sections_sit_in_order(known: Sample) -> None:
    text = build(known, include_safety=True, include_legal=True, include_reflection=True)
    order = [
        *HEADINGS[:4],
        f"## {CONTEXT_HEADING}",
        *HEADINGS[4:6],
        f"## {TRIED_HEADING}",
        *HEADINGS[6:],
        f"## {FORMULATION_HEADING}",
        REFLECTION,
    ]
    positions = [text.index(h + "\n") for h in order]
    assert positions == sorted(positions)


def test_which_partner_is_which(known: Sample) -> None:
    client = section(build(known), "Client")
    assert "- Which partner is which: [Partner A] is a client of sex workers\n" in client
    for note in known.notes:
        note.reflection["couple_roles"] = ["b_worker", "a_client"]
    client = section(build(known), "Client")
    # In the options' order (workers first), whatever order the answer was stored in.
    assert (
        "- Which partner is which: [Partner B] is a sex worker; [Partner A] is a client "
        "of sex workers\n"
    ) in client
    for note in known.notes:
        note.reflection["couple_roles"] = ["neither"]
    assert "neither partner is a sex worker" in section(build(known), "Client")
    for note in known.notes:
        del note.reflection["couple_roles"]
    assert "- Which partner is which: not recorded" in section(build(known), "Client")


def test_context_from_the_intake_and_the_answers(known: Sample) -> None:
    context = section(build(known), CONTEXT_HEADING)
    assert "- Relationship structure: Monogamish\n" in context
    assert (
        "- Work context: [Partner A] travels for [Workplace 1] most weeks; [Partner B] "
        "works from home.\n"
    ) in context
    # The legal model is legal risk: only when legal risk is included.
    assert "- Legal model where the client works: left out (legal risk not included)" in context
    prior = context.split("- Prior therapy: ")[1].split("\n")[0]
    assert prior.startswith("Saw a couples counsellor in [Place] for six sessions;")
    assert prior.endswith(TRIMMED_MARK) and len(prior) < 330
    with_legal = section(build(known, include_legal=True), CONTEXT_HEADING)
    assert "- Legal model where the client works: Nordic model (buying criminalised)" in (
        with_legal
    )


def test_context_without_an_intake_says_not_recorded(sample: Sample) -> None:
    context = section(build(sample), CONTEXT_HEADING)
    for label in ("Relationship structure", "Work context", "Prior therapy"):
        assert f"- {label}: not recorded\n" in context


def test_what_has_been_tried_and_how_the_client_responded(known: Sample) -> None:
    tried = section(build(known), TRIED_HEADING)
    lines = tried.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["- Session 3", "- Session 4"]
    assert lines[0].startswith(
        "- Session 3: Mapped the agreement with [Partner A] and "
        "[Partner B]; each named one need. Response: Session 3: "
    )
    assert "Explored what the visits give [Partner A]" in lines[1]
    known.notes[2].sections["intervention"] = "Long work on the agreement. " * 40
    long = section(build(known), TRIED_HEADING).splitlines()[0]
    assert f"work on the agreement.{TRIMMED_MARK} Response:" in long


def test_nothing_tried_is_said_plainly(sample: Sample) -> None:
    assert section(build(sample), TRIED_HEADING).strip() == "Nothing recorded."


def test_formulation_only_with_the_reflection(known: Sample) -> None:
    assert FORMULATION_HEADING not in build(known)
    formulation = section(build(known, include_reflection=True), FORMULATION_HEADING)
    assert formulation.startswith(
        "- Needs, as the client describes them: Emotional, Physical, A kind of sex not "
        "“allowed” in the relationship, Companionship\n"
    )
    assert "- Function: [Partner A] says it keeps the peace at home.\n" in formulation
    # The function is not repeated under the latest reflections.
    reflection = build(known, include_reflection=True).split(REFLECTION)[1]
    assert "keeps the peace" not in reflection


def test_scales_show_their_trend_over_the_range(known: Sample) -> None:
    text = build(known, include_reflection=True)
    assert (
        "How able does Partner A feel to voice their needs? — 2 (session 1) → 2 (session 2)"
        " → 3 (session 3) → 3 (session 4) → 4 (session 5) → 4 (session 6), on a scale of "
        "1 to 5: rising"
    ) in text
    assert "How able does Partner B feel to voice their needs? — 4 (session 1)" in text
    assert "on a scale of 1 to 5: falling" in text
    ranged = build(known, include_reflection=True, first_session=3, last_session=4)
    assert ("— 3 (session 3) → 3 (session 4), on a scale of 1 to 5: level") in ranged
    assert "(session 2)" not in ranged


def test_nothing_identifying_survives_in_the_new_sections(known: Sample) -> None:
    text = build(
        known,
        include_safety=True,
        include_legal=True,
        include_reflection=True,
        question="What should I ask Ravindra next?",
    )
    assert_no_identifier(text)
    assert_no_dates(text)


def test_a_free_note_excerpt_is_trimmed_never_pasted_whole() -> None:
    case = Case(
        code="C-7",
        display_name="x",
        client_types=[ClientType.OCSB],
        identifiers=Identifiers(names=["Odalys Fennimore"]),
    )
    paragraphs = [
        f"Paragraph {i}: Odalys talked about the week at some length, calmly." * 3
        for i in range(12)
    ]
    body = "\n\n".join(paragraphs)
    note = Note(case.id, date(2025, 3, 3), template=NoteTemplate.FREE, sections={"body": body})
    text = build_summary(case, [note], [], load_default_library(), SummaryRequest(case.id)).text
    excerpt = text.split("### Session 1 — Note\n\n")[1].split("\n## ")[0]
    assert "Paragraph 0" in excerpt and "Paragraph 11" not in excerpt
    assert excerpt.rstrip().endswith(TRIMMED_MARK.strip())
    assert len(excerpt) <= FREE_EXCERPT_LIMIT + 100
    assert "Odalys" not in text


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Short.", 100, ("Short.", False)),
        ("One. Two. Three.", 10, ("One. Two.", True)),
        ("First paragraph here.\n\nSecond one is long.", 30, ("First paragraph here.", True)),
        ("no sentence ends in this long run of words", 20, ("no sentence ends in", True)),
    ],
)
def test_trim_text(text: str, limit: int, expected: tuple[str, bool]) -> None:
    assert trim_text(text, limit) == expected
