"""Privacy mode's masker, without a window. All people and details are fictional."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from casenotes.core.domain import (
    Case,
    ClientType,
    Goal,
    GoalChange,
    GoalStatus,
    Identifiers,
    Member,
)
from casenotes.core.privacy import (
    CaseMasker,
    PrivacyMasks,
    code_looks_like_a_name,
    privacy_identifiers,
)
from casenotes.core.prompts.course import CaseCourse, GoalTrack, SessionPoint

S, E = "\ue000", "\ue001"  # highlight marks, as search snippets carry them


def solo() -> Case:
    return Case(
        code="SW-31",
        display_name="Jess T.",
        client_types=[ClientType.CURRENT_SEX_WORKER],
        identifiers=Identifiers(
            names=["Jess Tarrow"],
            aliases=["Scarlett Rose"],
            phones=["720-555-0105"],
            places=["Belcarrow"],
            emails=["jess.tarrow@example.org"],
        ),
    )


def couple() -> Case:
    return Case(
        code="CPL-02",
        display_name="Valentin & Oskar",
        client_types=[ClientType.COUPLE],
        identifiers=Identifiers(names=["Valentin Nettleford", "Oskar Kowalczyk"]),
        members=[
            Member("Partner A", "Valentin Nettleford", "he/him"),
            Member("Partner B", "Oskar Kowalczyk", "he/they"),
        ],
    )


def test_known_identifiers_become_labels() -> None:
    mask = CaseMasker(solo())
    text = (
        "Jess (working name Scarlett Rose) rang from 720 555 0105 in Belcarrow; "
        "write to jess.tarrow@example.org. Tarrow's plan stands."
    )
    masked = mask(text)
    assert masked == (
        "[Client] (working name [Client]) rang from [Phone] in [Place]; "
        "write to [Email]. [Client]'s plan stands."
    )


def test_the_display_name_is_masked_but_the_code_is_not() -> None:
    case = replace(solo(), display_name="Jessamy T.")
    assert "Jessamy" in privacy_identifiers(case).names
    assert "SW-31" not in privacy_identifiers(case).other
    assert CaseMasker(case)("SW-31: Jessamy T. came early.") == "SW-31: [Client] came early."


def test_partners_keep_their_own_labels() -> None:
    mask = CaseMasker(couple())
    assert mask("Valentin & Oskar") == "[Partner A] & [Partner B]"
    assert mask("Oskar said Nettleford was tired.") == "[Partner B] said [Partner A] was tired."


def test_text_without_identifiers_is_returned_as_it_is() -> None:
    mask = CaseMasker(solo())
    for text in ("", "   ", "Talked about screening clients.", "Partner A he/him"):
        assert mask(text) == text


def test_marked_snippets_keep_their_highlight_on_the_label() -> None:
    mask = CaseMasker(solo())
    assert (
        mask.mask_marked(f"met {S}Jess{E} at {S}work{E}", S, E)
        == f"met {S}[Client]{E} at {S}work{E}"
    )
    # the mark inside the alias must not hide it from the matcher
    out = mask.mask_marked(f"as {S}Scarlett{E} Rose, booked", S, E)
    assert out == f"as {S}[Client]{E}, booked"
    assert "Scarlett" not in out and "Rose" not in out
    assert mask.mask_marked("no marks, Belcarrow", S, E) == "no marks, [Place]"


def test_goals_and_the_course_are_masked_history_included() -> None:
    mask = CaseMasker(solo())
    when = datetime(2025, 1, 1, tzinfo=UTC)
    goal = Goal(
        case_id="c",
        text="Jess sets her own rates",
        status=GoalStatus.REVISED,
        history=[GoalChange(when, GoalStatus.OPEN, "Scarlett Rose sets rates")],
    )
    masked = mask.mask_goal(goal)
    assert masked.text == "[Client] sets her own rates"
    assert masked.history[0].text == "[Client] sets rates"
    assert goal.text == "Jess sets her own rates"  # the original is untouched
    course = CaseCourse(
        sessions=(SessionPoint("n1", date(2025, 1, 2), 1, ("Time with Jess",), ("g",)),),
        goals=(GoalTrack("g", "Jess sets her own rates", (GoalStatus.OPEN,), GoalStatus.OPEN),),
        need_labels=("Time with Jess",),
    )
    out = mask.mask_course(course)
    assert out is not None
    assert out.goals[0].text == "[Client] sets her own rates"
    assert out.need_labels == ("Time with [Client]",)
    assert out.sessions[0].needs == ("Time with [Client]",)
    assert mask.mask_course(None) is None


def test_one_masker_per_case_rebuilt_when_identifiers_change() -> None:
    masks = PrivacyMasks()
    case = solo()
    first = masks.for_case(case)
    assert masks.for_case(replace(case, tags=["new tag"])) is first
    changed = replace(case, identifiers=replace(case.identifiers, places=["Fenwright"]))
    second = masks.for_case(changed)
    assert second is not first
    assert masks.mask(changed, "Fenwright, not Belcarrow") == "[Place], not Belcarrow"
    renamed = replace(changed, members=[Member("Partner A", "Ines Tindle")])
    assert masks.for_case(renamed) is not second
    assert masks.mask(None, "Jess") == "Jess"
    masks.clear()
    assert masks.for_case(changed) is not second


def test_a_known_name_that_is_also_a_word_is_hidden_in_any_case() -> None:
    case = Case(
        code="SW-44",
        display_name="Sunny",
        client_types=[ClientType.CURRENT_SEX_WORKER],
        identifiers=Identifiers(names=["Sunny Achterberg"], aliases=["Hope"]),
    )
    masked = CaseMasker(case).mask("sunny said hope was gone; SUNNY ACHTERBERG signed.")
    for word in ("sunny", "hope", "achterberg"):
        assert word not in masked.casefold()


def test_a_search_snippet_hides_a_known_word_name_too() -> None:
    case = Case(
        code="SW-45",
        display_name="Hope K.",
        client_types=[ClientType.CURRENT_SEX_WORKER],
        identifiers=Identifiers(names=["Hope Kettleborough"]),
    )
    snippet = f"I {S}hope{E} so, said hope"
    masked = CaseMasker(case).mask_marked(snippet, S, E)
    assert "hope" not in masked.casefold()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("Maria Lopez", True),
        ("maria lopez", False),
        ("Rowan", True),
        ("Alex", True),
        ("CPL-07", False),
        ("SW-12", False),
        ("C-001", False),
        ("Juno", False),
        ("OCSB Couple", False),
        ("Kit and Rowan 2", True),
        ("", False),
    ],
)
def test_a_code_that_reads_like_a_name(code: str, expected: bool) -> None:
    assert code_looks_like_a_name(code) is expected


@pytest.mark.parametrize(
    ("snippet", "hidden"),
    [
        (f"…555 0105 and she prefers {S}texts{E}", "555 0105"),
        (f"{S}evening{E}: she wrote from jess.tarrow@example…", "jess.tarrow@example"),
        (f"…Jess.tarrow@example.org, and {S}texts{E}", "tarrow@example.org"),
        (f"…carrow, near the {S}market{E}", "carrow"),
        (f"{S}booked{E} as Scarlett…", "Scarlett"),
    ],
)
def test_a_snippet_cut_inside_a_known_value_hides_the_piece_left(snippet: str, hidden: str) -> None:
    out = CaseMasker(solo()).mask_marked(snippet, S, E)
    assert hidden.casefold() not in out.casefold()
    assert "texts" in out or "evening" in out or "market" in out or "booked" in out


def test_a_cut_edge_that_ends_no_known_value_is_left_alone() -> None:
    snippet = f"…and then the {S}market{E} closed early…"
    assert CaseMasker(solo()).mask_marked(snippet, S, E) == snippet


@pytest.mark.parametrize(
    "snippet",
    [
        "…tarrow@example.org> wrote \ue000again\ue001",
        "…tarrow@example.org”",
        "…555-0105” she said",
    ],
)
def test_punctuation_after_a_cut_piece_does_not_keep_it_from_being_hidden(snippet: str) -> None:
    out = CaseMasker(solo()).mask_marked(snippet, S, E)
    assert "tarrow" not in out and "0105" not in out


def test_a_phone_kept_with_its_country_code_is_hidden_as_written_at_home() -> None:
    case = replace(solo(), identifiers=Identifiers(phones=["+1 720-555-0105"]))
    assert "720" not in CaseMasker(case).mask_marked(f"{S}texts{E} to 720-555…", S, E)
