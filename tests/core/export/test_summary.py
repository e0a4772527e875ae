"""Composing a consultation summary: order, content, and nothing that identifies the client."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from casenotes.core.domain import Case, ClientType, Identifiers, Member, Note, NoteTemplate
from casenotes.core.export import (
    SummaryDraft,
    SummaryError,
    SummaryRequest,
    build_summary,
    default_excerpts,
    numbered_sessions,
)
from casenotes.core.export.summary import age_range
from casenotes.core.prompts import load_default_library

from .sample import (
    ALL_IDENTIFIERS,
    CODE,
    DISPLAY,
    INTAKE,
    PARTNER_A,
    QUESTION,
    SESSION_DATES,
    TAG,
    Sample,
)

HEADINGS = [
    "# Consultation summary",
    "## Question",
    "## Client",
    "## Presenting concerns",
    "## Course of treatment",
    "## Goals",
    "## Excerpts from session notes",
    "## Safety, as the client describes it",
    "## Legal risk, as the client describes it",
]
REFLECTION = "## The practitioner's reflection on needs and function"


def build(sample: Sample, **kwargs: object) -> SummaryDraft:
    # Most tests read every section; the defaults (both off) are tested on their own.
    kwargs.setdefault("include_safety", True)
    kwargs.setdefault("include_legal", True)
    request = SummaryRequest(sample.case.id, **kwargs)  # type: ignore[arg-type]
    return build_summary(sample.case, sample.notes, sample.goals, sample.library, request)


def word(value: str) -> str:
    return rf"(?<![\w@.]){re.escape(value.casefold())}(?!\w)"


def assert_no_identifier(text: str) -> None:
    """Every identifier value and member name, and each word of them, case-insensitively."""
    folded = text.casefold()
    for value in ALL_IDENTIFIERS:
        assert re.search(word(value), folded) is None, value
        for token in re.findall(r"\w{3,}", value):
            if not token.isdigit():
                assert re.search(word(token), folded) is None, token
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 7:
            assert digits not in re.sub(r"\D", "", text), value


def assert_no_dates(text: str) -> None:
    for day in [*SESSION_DATES, INTAKE]:
        for form in (
            day.isoformat(),
            day.strftime("%d %B %Y"),
            day.strftime("%B %d"),
            f"{day.day}/{day.month}",
            str(day.year),
        ):
            assert form not in text, form


def test_sections_come_in_order_with_the_question_first(sample: Sample) -> None:
    draft = build(sample, question=QUESTION, include_reflection=True)
    positions = [draft.text.index(h + "\n") for h in [*HEADINGS, REFLECTION]]
    assert positions == sorted(positions)
    assert draft.text.startswith("# Consultation summary\n\n## Question\n\n" + QUESTION)


def test_nothing_identifying_survives(sample: Sample) -> None:
    draft = build(sample, question=f"How do I work with {PARTNER_A}?", include_reflection=True)
    text = draft.text
    assert_no_identifier(text)
    assert_no_dates(text)
    assert CODE not in text
    assert DISPLAY not in text
    assert TAG not in text
    assert "1988" not in text
    # The source still holds them: only the spans remove them.
    assert PARTNER_A in draft.source


def test_spans_are_sorted_non_overlapping_and_point_into_the_source(sample: Sample) -> None:
    draft = build(sample, include_reflection=True)
    previous_end = 0
    for span in draft.spans:
        assert span.start >= previous_end
        assert draft.source[span.start : span.end] == span.text
        previous_end = span.end
    for heading in [*HEADINGS]:  # fixed headings are never scanned
        start = draft.source.index(heading)
        assert not any(s.start < start + len(heading) and start < s.end for s in draft.spans)


def test_content_of_the_client_and_course_sections(sample: Sample) -> None:
    text = build(sample).text
    assert "Client of sex workers, Couple" in text
    assert "Two partners, [Partner A] and [Partner B]" in text
    assert "in their 30s" in text
    assert "6 sessions over 15 weeks" in text
    assert "3 in person, 2 telehealth, 1 phone" in text
    assert "(In progress; worked on in 6 of 6 sessions)" in text
    assert "(Met; worked on in 3 of 6 sessions)" in text
    assert "[Place]" in text  # presenting concerns pass through the deidentifier


def test_labels_are_consistent_across_parts(sample: Sample) -> None:
    draft = build(sample)
    labels = {s.replacement for s in draft.spans if s.text == "Ravindra"}
    assert labels == {"[Partner A]"}
    safety = draft.text.split("## Safety, as the client describes it")[1]
    excerpts = draft.text.split("## Excerpts from session notes")[1].split("## Safety")[0]
    assert "[Partner A] spoke" in excerpts
    assert "[Partner A] feels safe booking through [Handle]" in safety
    assert "[Session 1]" in excerpts  # a session date becomes its session number


def test_default_excerpts_are_the_last_three_assessment_like_sections(sample: Sample) -> None:
    notes = numbered_sessions(sample.notes)
    assert default_excerpts(notes) == (
        (notes[3].id, "response"),
        (notes[4].id, "body"),
        (notes[5].id, "assessment"),
    )
    text = build(sample).text
    assert "### Session 4 — Response" in text
    assert "### Session 5 — Note" in text
    assert "### Session 6 — Assessment" in text
    assert "### Session 3" not in text


def test_numbering_skips_trashed_notes_and_follows_dates(sample: Sample) -> None:
    from casenotes.core.domain.models import utc_now

    shuffled = list(reversed(sample.notes))
    shuffled[0] = replace(shuffled[0], deleted_at=utc_now())  # the latest, trashed
    numbered = numbered_sessions(shuffled)
    assert [n.session_date for n in numbered] == SESSION_DATES[:5]


def test_session_range(sample: Sample) -> None:
    draft = build(sample, first_session=2, last_session=4)
    assert draft.sessions == "2-4"
    assert draft.session_count == 3
    assert "3 sessions over 6 weeks (sessions 2 to 4 of 6 recorded)" in draft.text
    assert "### Session 4 — Response" in draft.text
    assert "### Session 5" not in draft.text
    assert "- Session 5:" not in draft.text and "- Session 1:" not in draft.text
    assert "- Session 2:" in draft.text
    one = build(sample, first_session=3, last_session=3)
    assert one.sessions == "3" and "1 session (sessions 3 to 3" in one.text


@pytest.mark.parametrize(("first", "last"), [(5, 2), (0, 3), (1, 7), (7, None)])
def test_bad_ranges_are_refused(sample: Sample, first: int, last: int | None) -> None:
    with pytest.raises(SummaryError):
        build(sample, first_session=first, last_session=last)


def test_chosen_excerpts_replace_the_default(sample: Sample) -> None:
    notes = numbered_sessions(sample.notes)
    draft = build(sample, excerpts=((notes[0].id, "plan"), ("no-such-note", "body")))
    assert "### Session 1 — Plan" in draft.text
    assert "### Session 6" not in draft.text
    assert "No excerpts chosen." in build(sample, excerpts=()).text


def test_reflection_only_when_asked(sample: Sample) -> None:
    without = build(sample).text
    assert REFLECTION not in without
    assert "Emotional (" not in without
    assert "keeps the peace" not in without
    assert "I notice I want" not in without
    text = build(sample, include_reflection=True).text
    assert "- Emotional (4 of 6 sessions)" in text
    assert "- Physical (2 of 6 sessions)" in text
    # "Rav" is an alias of Partner A's name: the engine now attributes it to Partner A.
    assert "[Partner A] says it keeps the peace at home." in text
    own = text.split("### The clinician's own reflection (self-check)")[1]
    assert "I notice I want to protect [Partner B]" in own
    assert "Tamsin disagrees about companionship" not in text.split(REFLECTION)[0]


def test_safety_lists_answers_latest_first(sample: Sample) -> None:
    text = build(sample).text
    safety = text.split("## Safety, as the client describes it")[1].split("\n## ")[0]
    sessions = [int(n) for n in re.findall(r"- Session (\d+):", safety)]
    assert sessions == [6, 5, 4, 3, 2, 1]
    for note in sample.notes:
        note.reflection = {}
    assert "## Safety, as the client describes it\n\nNothing recorded." in build(sample).text


def test_safety_can_be_left_out(sample: Sample) -> None:
    text = build(sample, include_safety=False).text
    assert "## Safety" not in text
    assert "## Legal risk" in text
    assert "## Excerpts from session notes" in text


def test_safety_and_legal_risk_are_off_unless_asked(sample: Sample) -> None:
    request = SummaryRequest(sample.case.id)
    assert request.include_safety is False and request.include_legal is False
    text = build_summary(sample.case, sample.notes, sample.goals, sample.library, request).text
    assert "## Safety" not in text and "## Legal risk" not in text
    assert "feels safe booking" not in text and "police" not in text


def test_legal_risk_is_its_own_section(sample: Sample) -> None:
    text = build(sample, include_safety=False, include_legal=True, include_reflection=True).text
    legal = text.split("## Legal risk, as the client describes it")[1].split("\n## ")[0]
    assert "### How does the client see their legal risk" in legal
    assert "- Session 6: [Partner A] worries the police" in legal
    assert "feels safe booking" not in text  # safety stays out
    # Never repeated under the reflection, even when that is included.
    assert text.count("worries the police") == len(sample.notes)


@pytest.mark.parametrize(
    ("birth_year", "on", "expected"),
    [
        (None, date(2025, 1, 1), "age not recorded"),
        (1988, date(2025, 1, 1), "in their 30s"),
        (1990, date(2025, 1, 1), "in their 30s"),
        (1991, date(2025, 1, 1), "in their 30s"),
        (1996, date(2025, 1, 1), "in their 20s"),
        (2008, date(2025, 1, 1), "in their teens"),
        # Only the year is known: the lower bound of the age, so never a decade too high.
        (1935, date(2025, 1, 1), "in their 80s"),  # 89 or 90: "90 or over" would overstate
        (1934, date(2025, 1, 1), "90 or over"),
        (1995, date(2025, 1, 15), "in their 20s"),  # born late 1995: 29 in January 2025
        (1995, date(2025, 12, 31), "in their 20s"),  # 29 or 30: not surely 30
        (1994, date(2025, 1, 1), "in their 30s"),  # 30 or 31
        (2025, date(2025, 6, 1), "under 10"),
        (2024, date(2025, 6, 1), "under 10"),
        (1930, date(2025, 1, 1), "90 or over"),
        (2030, date(2025, 1, 1), "age not recorded"),
    ],
)
def test_age_range_by_decade(birth_year: int | None, on: date, expected: str) -> None:
    assert age_range(birth_year, on) == expected


def test_age_is_taken_at_the_last_session_in_range(sample: Sample) -> None:
    sample.case.birth_year = SESSION_DATES[0].year - 41  # 40 or 41 at every session
    assert "in their 40s" in build(sample).text
    sample.case.birth_year = SESSION_DATES[0].year - 40  # 39 or 40: not surely in their 40s
    assert "in their 30s" in build(sample).text
    assert str(sample.case.birth_year) not in build(sample).text
    sample.case.birth_year = None
    assert "age not recorded" in build(sample).text


def test_a_case_without_sessions_still_gives_a_summary(sample: Sample) -> None:
    draft = build_summary(
        sample.case, [], [], sample.library, SummaryRequest(sample.case.id, include_reflection=True)
    )
    assert "No sessions in this range." in draft.text
    assert "No goals recorded." in draft.text
    assert draft.session_count == 0 and draft.sessions == ""


def _case(identifiers: Identifiers, members: list[Member] | None = None) -> Case:
    return Case(
        code="C-9",
        display_name="x",
        client_types=[ClientType.CURRENT_SEX_WORKER],
        identifiers=identifiers,
        members=members or [],
    )


def _summary_of(case: Case, body: str, **kwargs: object) -> SummaryDraft:
    note = Note(case.id, date(2025, 3, 3), template=NoteTemplate.FREE, sections={"body": body})
    return build_summary(
        case, [note], [], load_default_library(), SummaryRequest(case.id, **kwargs)
    )  # type: ignore[arg-type]


def test_a_five_megabyte_note_as_an_excerpt_completes() -> None:
    # A section of a SOAP note is excerpted as it stands (a free note would be trimmed).
    case = _case(Identifiers(names=["Odalys Fennimore"]))
    body = ("Odalys talked about the week and the agreement at length. " * 20 + "\n") * 4400
    assert len(body) > 5_000_000
    note = Note(
        case.id, date(2025, 3, 3), template=NoteTemplate.SOAP, sections={"assessment": body}
    )
    draft = build_summary(case, [note], [], load_default_library(), SummaryRequest(case.id))
    assert "Odalys" not in draft.text
    assert draft.text.count("[Client]") >= 4400 * 20


def test_identifiers_with_regex_metacharacters() -> None:
    values = ["J.(R)+ Smyth*", "[kit]?", "c++ den", "a|b.corp", "$money$"]
    case = _case(
        Identifiers(
            names=values[:1],
            aliases=values[1:2],
            employers=values[3:4],
            places=values[2:3],
            other=values[4:],
        )
    )
    body = " ".join(f"Saw {v} today." for v in values)
    draft = _summary_of(case, body, question="About [kit]? and $money$")
    for value in values:
        assert value not in draft.text, value


def test_names_in_non_latin_scripts() -> None:
    names = ["Алёна Воронцова", "李小龍", "محمد الأمين", "Ηλέκτρα Παππά"]
    case = _case(
        Identifiers(names=names[:2]),
        members=[Member("Partner A", names[2]), Member("Partner B", names[3])],
    )
    body = " ".join(f"{n} came in." for n in names) + " Воронцова said so."
    draft = _summary_of(case, body)
    for name in names:
        assert name not in draft.text
    assert "Воронцова" not in draft.text


def test_a_text_that_is_nothing_but_identifiers() -> None:
    ids = Identifiers(
        names=["Zephyrine Cask"],
        emails=["zc@example.net"],
        phones=["+44 20 7946 0958"],
        handles=["@zcask"],
    )
    case = _case(ids)
    body = "Zephyrine Cask zc@example.net +44 20 7946 0958 @zcask"
    draft = _summary_of(case, body, question=body)
    for value in (*ids.names, *ids.emails, *ids.phones, *ids.handles, "Zephyrine", "Cask"):
        assert value not in draft.text
    excerpt = draft.text.split("### Session 1 — Note\n\n")[1].split("\n")[0]
    assert re.fullmatch(r"(\[[^\]]+\]\s*)+", excerpt), excerpt


def test_weeks_are_rounded_and_no_dates_are_written() -> None:
    case = _case(Identifiers())
    start = date(2025, 2, 3)
    notes = [
        Note(case.id, start + timedelta(days=d), sections={"body": "Talked."}) for d in (0, 10, 139)
    ]
    draft = build_summary(case, notes, [], load_default_library(), SummaryRequest(case.id))
    assert "3 sessions over 20 weeks" in draft.text
    assert "2025" not in draft.text


def test_option_labels_and_the_practitioners_terms_are_never_redacted(sample: Sample) -> None:
    # A prompt option the practitioner added, and a term of their own practice.
    prompt = sample.library.prompts[0]
    labelled = replace(
        prompt,
        options=(
            *prompt.options,
            replace(prompt.options[0], id="kestrelmoor", label="Kestrelmoor Pathway"),
        ),
    )
    library = replace(sample.library, prompts=(labelled, *sample.library.prompts[1:]))
    note = sample.notes[-1]
    sections = {**note.sections}
    key = next(iter(sections))
    sections[key] = "Used the Kestrelmoor Pathway and the Brackenfold Model this week."
    notes = [*sample.notes[:-1], replace(note, sections=sections)]
    request = SummaryRequest(sample.case.id, excerpts=((note.id, key),))
    plain = build_summary(sample.case, notes, sample.goals, sample.library, request).text
    assert "Kestrelmoor" not in plain and "Brackenfold" not in plain
    kept = build_summary(
        sample.case, notes, sample.goals, library, request, never_redact=["Brackenfold Model"]
    ).text
    assert "Kestrelmoor Pathway" in kept
    assert "Brackenfold Model" in kept
