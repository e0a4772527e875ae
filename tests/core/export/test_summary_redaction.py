"""What a review found reaching a summary: the case code and display name, the wording of the
practitioner's own prompts, Markdown in content, goals out of range, hidden safety prompts."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from casenotes.core.domain import (
    Case,
    ClientType,
    Goal,
    GoalChange,
    GoalStatus,
    Identifiers,
    Note,
    NoteTemplate,
)
from casenotes.core.export import (
    ReviewDocument,
    SummaryRequest,
    build_summary,
    render_plain,
)
from casenotes.core.export.markdown import escape, escape_with_offsets, unescape
from casenotes.core.export.summary import known_identifiers
from casenotes.core.journal import Journal
from casenotes.core.prompts import (
    Prompt,
    PromptCustomisation,
    PromptKind,
    PromptLibrary,
    PromptOption,
    load_default_library,
)

from .sample import SESSION_DATES, Sample

CODE = "FEATH-01"
DISPLAY = "Marigold & Oskar Feather"
QUESTION = "Case FEATH-01: how does Marigold feel about Oskar's sister?"


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 18, tzinfo=UTC)


def feather_case() -> Case:
    return Case(
        code=CODE,
        display_name=DISPLAY,
        client_types=[ClientType.OTHER],
        identifiers=Identifiers(places=["Quillmouth"]),
    )


def feather_note(
    case: Case, text: str, day: date = SESSION_DATES[0], reflection: dict[str, Any] | None = None
) -> Note:
    return Note(
        case_id=case.id,
        session_date=day,
        template=NoteTemplate.FREE,
        sections={"body": text},
        reflection=reflection or {},
        created_at=_at(day),
    )


def words_absent(text: str, *words: str) -> None:
    for value in words:
        assert re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text) is None, value


# ---- 1. the case code and display name ------------------------------------------------------


def test_case_code_and_display_name_are_redacted_everywhere() -> None:
    case = feather_case()
    before = case.identifiers.as_dict()
    note = feather_note(
        case,
        "Seen for FEATH-01. Marigold Feather and Oskar came together; "
        "Oskar spoke first. A feather on the windowsill.",
    )
    goal = Goal(case.id, "Oskar and Marigold plan the week", created_at=_at(SESSION_DATES[0]))
    draft = build_summary(
        case, [note], [goal], load_default_library(), SummaryRequest(case.id, question=QUESTION)
    )
    text = draft.text
    words_absent(text, CODE, DISPLAY, "Marigold", "Oskar", "Feather")
    assert "A feather on the windowsill" in text  # an ordinary word stays where it is one
    assert case.identifiers.as_dict() == before  # the case's identifiers are not changed
    known = known_identifiers(case)
    assert CODE in known and DISPLAY in known and "Oskar" in known
    assert "&" not in known and "and" not in known


def test_display_name_words_skip_joiners_and_english_words() -> None:
    from casenotes.core.export.summary import display_name_words

    assert display_name_words("Marigold & Oskar Feather") == ["Oskar"]
    assert display_name_words("Okonkwo-Hale and Vell") == ["Okonkwo-Hale", "Vell"]


# ---- 2. the practitioner's own prompt wording ------------------------------------------------


def custom_library() -> PromptLibrary:
    base = load_default_library()
    own = (
        Prompt(
            "own_safety",
            "How does Marigold feel about Oskar's sister?",
            PromptKind.TEXT,
            summary="safety",
            custom=True,
            group="Marigold's group",
        ),
        Prompt(
            "own_reflection",
            "Is Oskar still at Quillmouth Bakery?",
            PromptKind.SINGLE,
            options=(PromptOption("yes", "Yes, with Marigold"), PromptOption("no", "No")),
            custom=True,
            group="About Oskar",
        ),
    )
    return PromptLibrary(base.version, (*base.prompts, *own))


def test_prompt_texts_and_option_labels_are_scanned() -> None:
    case = feather_case()
    note = feather_note(
        case, "Quiet session.", reflection={"own_safety": "Safe at home.", "own_reflection": "yes"}
    )
    draft = build_summary(
        case,
        [note],
        [],
        custom_library(),
        SummaryRequest(case.id, include_reflection=True, include_safety=True),
    )
    text = draft.text
    words_absent(text, "Marigold", "Oskar", "Quillmouth")
    assert "### How does [Client] feel about [Client]'s sister?" in text
    assert "Safe at home." in text
    assert "- Is [Client] still at [Place]" in text and "? — Yes, with [Client]\n" in text
    # Headings written by the summary itself are still fixed text, never scanned.
    heading = draft.source.index("## Safety, as the client describes it")
    assert not any(s.start <= heading < s.end for s in draft.spans)


# ---- 4. Markdown in content is shown as written ---------------------------------------------

HOSTILE = (
    "<more> text after <b>bold</b> and ![x](/local/file.png) <img src=/etc/x.png> "
    "*stars* _under_ [Client](https://example.org/x) `code` # not a heading &amp; "
    "a \\ backslash\n- not a list\n+ nor this\n1. nor this\n===\n> not a quote"
)


def test_escape_round_trips_and_maps_offsets() -> None:
    escaped, where = escape_with_offsets(HOSTILE, at_line_start=True)
    assert unescape(escaped) == HOSTILE
    assert len(where) == len(HOSTILE) + 1
    for i, ch in enumerate(HOSTILE):
        assert escaped[where[i] : where[i + 1]].endswith(ch)
    for markup in ("<more>", "[x]", "*stars*", "_under_", "[Client]", "`code`"):
        # Each is still there, but its first character is escaped and cannot start markup.
        assert re.search(r"(?<!\\)" + re.escape(markup), escaped) is None, markup
    for markup in ("\n- ", "\n1. ", "\n===", "\n> "):
        assert markup not in escaped, markup
    assert "\\&amp;" in escaped  # an entity is not decoded
    assert escape("a-b 1. x", at_line_start=True) == "a-b 1. x"  # only at a line's start
    assert escape("-x", at_line_start=False) == "-x"


def test_content_is_escaped_in_the_summary_and_plain_text_has_no_backslashes() -> None:
    case = feather_case()
    note = feather_note(case, HOSTILE)
    draft = build_summary(
        case,
        [note],
        [],
        load_default_library(),
        SummaryRequest(case.id, question="Is *this* <b>safe</b>?"),
    )
    # Only what could start markup is escaped, so the review reads like the text as typed.
    assert "Is \\*this\\* \\<b>safe\\</b>?" in draft.text
    assert "\\<more>" in draft.text and "!\\[x\\](/local/file.png)" in draft.text
    # The spans still point into the (escaped) source.
    for span in draft.spans:
        assert draft.source[span.start : span.end] == span.text
    plain = render_plain(draft.text, reviewed=False)
    assert "\\" not in plain.replace("a \\ backslash", "")
    assert "<more> text after <b>bold</b> and ![x](/local/file.png)" in plain
    assert "Is *this* <b>safe</b>?" in plain
    assert "\n- not a list\n+ nor this\n1. nor this\n===\n> not a quote" in plain


def test_a_restored_name_inside_markup_characters_comes_back_escaped() -> None:
    case = feather_case()
    note = feather_note(case, "Oskar_said *Marigold* left.")
    doc = ReviewDocument(
        build_summary(case, [note], [], load_default_library(), SummaryRequest(case.id))
    )
    index = next(i for i, f in enumerate(doc.findings) if "Marigold" in f.span.text)
    doc.restore(index)
    assert "\\*Marigold\\*" in doc.text or "\\*" + doc.findings[index].span.text in doc.text
    assert "Marigold" in unescape(doc.text)


# ---- 5. goal status as of the range ---------------------------------------------------------


def test_goal_status_is_as_of_the_last_session_in_range(sample: Sample) -> None:
    first = sample.goals[0]
    # Met only after session 3: a summary of sessions 1-3 shows it as it was then.
    met_later = replace(
        first,
        status=GoalStatus.MET,
        history=[
            GoalChange(_at(SESSION_DATES[0]), GoalStatus.IN_PROGRESS, first.text),
            GoalChange(_at(SESSION_DATES[4]), GoalStatus.MET, first.text),
        ],
    )
    later = Goal(
        sample.case.id,
        "A goal set after the range",
        status=GoalStatus.OPEN,
        created_at=_at(SESSION_DATES[4]),
    )
    goals = [met_later, sample.goals[1], later]
    request = SummaryRequest(sample.case.id, first_session=1, last_session=3)
    text = build_summary(sample.case, sample.notes, goals, sample.library, request).text
    goals_part = text.split("## Goals")[1].split("## ")[0]
    assert "Write an agreement both partners can keep (In progress;" in goals_part
    assert "A goal set after the range" not in goals_part
    whole = build_summary(
        sample.case, sample.notes, goals, sample.library, SummaryRequest(sample.case.id)
    ).text
    assert "Write an agreement both partners can keep (Met;" in whole
    assert "A goal set after the range (Open;" in whole


def test_no_goals_by_the_range_says_so(sample: Sample) -> None:
    later = Goal(sample.case.id, "Later", created_at=_at(SESSION_DATES[5]))
    request = SummaryRequest(sample.case.id, first_session=1, last_session=2)
    text = build_summary(sample.case, sample.notes, [later], sample.library, request).text
    assert "No goals recorded." in text


# ---- 8. answers under a hidden safety prompt ------------------------------------------------


def test_answers_to_a_hidden_safety_prompt_still_appear(sample: Sample, journal: Journal) -> None:
    journal.save_case(sample.case)
    for goal in sample.goals:
        journal.save_goal(goal)
    for note in sample.notes:
        journal.save_note(note)
    hidden = PromptCustomisation("csw_safety", hidden=True, text="Safety, Tamsin's way")
    journal.save_prompt_customisations([hidden])
    assert journal.prompt_library().get("csw_safety") is None  # hidden from the panel
    draft = journal.build_summary(SummaryRequest(sample.case.id, include_safety=True))
    safety = draft.text.split("## Safety, as the client describes it")[1]
    assert "### Safety, [Partner B]'s way" in safety  # the customised text, scanned
    assert "[Partner A] feels safe booking through [Handle]" in safety
