"""The shipped prompt library validates, covers every client type, and a malformed library
file is reported with its name and the line of the problem."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from casenotes.core.domain import ClientType
from casenotes.core.prompts import (
    PromptKind,
    PromptLibraryError,
    load_default_library,
    parse_library,
    prompts_for,
)

SOURCE = "default-prompts.toml"
# The library as released in version 1, kept to check that version 2 keeps its ids.
V1 = Path(__file__).resolve().parents[2] / "data" / "default-prompts-v1.toml"

GOOD = """\
version = 1

[[prompt]]
id = "first"
text = "First?"
kind = "text"

[[prompt]]
id = "second"
text = "Second?"
kind = "single"
client_types = ["couple"]
options = [
  { id = "a", label = "A" },
  { id = "b", label = "B" },
]
"""

# Words the prompts never use (the self-check's named assumptions aside).
AVOIDED = (
    "prostitute",
    "john",
    "hooker",
    "whore",
    "sex addict",
    "addiction",
    "victim",
    "deviant",
    "relapse",
    "acting out",
    "compulsive",
)


def test_shipped_library_validates_and_parses_again_from_its_text() -> None:
    library = load_default_library()
    assert library.version == 2
    assert library is load_default_library()  # cached
    ids = [prompt.id for prompt in library.prompts]
    assert len(ids) == len(set(ids))


def test_every_client_type_has_its_own_prompts_and_can_chart_needs() -> None:
    library = load_default_library()
    for client_type in ClientType:
        own = [p for p in library.prompts if client_type in p.client_types]
        assert own, client_type
        applying = prompts_for(library, [client_type])
        # Former sex workers are asked how leaving went and what they value, not which
        # needs a behaviour meets: nothing there is a behaviour to explain.
        # "Other" has its own reasons for coming; the "behaviour or pattern" prompt stays
        # with couples and OCSB.
        charted = any(p.chart == "needs" for p in applying)
        assert charted == (client_type not in (ClientType.FORMER_SEX_WORKER, ClientType.OTHER)), (
            client_type
        )


def test_a_sex_workers_needs_are_about_the_work_in_their_terms() -> None:
    library = load_default_library()
    shown = prompts_for(library, [ClientType.CURRENT_SEX_WORKER])
    [needs] = [p for p in shown if p.chart == "needs"]
    assert needs.id == "csw_work_gives"
    assert "allowed" not in " ".join(o.label for o in needs.options)


def test_every_case_sees_risk_principles_and_the_clinician_self_check() -> None:
    library = load_default_library()
    universal = [p for p in library.prompts if not p.client_types]
    assert {p.group for p in universal} == {
        "Risk and safety",
        "Principles of sexual health",
        "Clinician self-check",
    }
    check = library.get("self_check_assumptions")
    assert check is not None and check.kind is PromptKind.MULTIPLE
    assert "None that I notice" in [o.label for o in check.options]
    stance = library.get("self_check_stance")
    assert stance is not None and not stance.client_types
    assert [o.id for o in stance.options] == [
        "rescuing",
        "pathologising",
        "curiosity",
        "minimising",
        "none",
    ]
    assert prompts_for(library, []) == tuple(universal)


@pytest.mark.parametrize("client_type", list(ClientType), ids=lambda t: t.value)
def test_every_client_type_has_risk_goals_principles_and_self_check(
    client_type: ClientType,
) -> None:
    shown = prompts_for(load_default_library(), [client_type])
    groups = {p.group for p in shown}
    assert {
        "Risk and safety",
        "Goals",
        "Principles of sexual health",
        "Clinician self-check",
    } <= groups
    goals = [p for p in shown if p.group == "Goals"]
    assert len(goals) == 1 and goals[0].kind is PromptKind.TEXT
    ids = {p.id for p in shown}
    assert {
        "risk_self_harm",
        "risk_relationship",
        "risk_safety_plan_status",
        "risk_safety_plan",
        "ocsb_principles_honoured",
        "ocsb_principles_strained",
        "self_check_assumptions",
        "self_check_stance",
        "self_check_feelings",
    } <= ids


def test_risk_is_asked_never_presumed() -> None:
    library = load_default_library()
    risk = [p for p in library.prompts if p.group == "Risk and safety"]
    assert all(p.summary == "safety" for p in risk)
    for prompt in risk:
        if prompt.kind in (PromptKind.SINGLE, PromptKind.MULTIPLE):
            labels = [o.label for o in prompt.options]
            assert "Not asked today" in labels, prompt.id
    for prompt_id in ("risk_self_harm", "risk_relationship", "risk_safety_plan_status"):
        prompt = library.get(prompt_id)
        assert prompt is not None
        assert {"not_asked", "no_change"} <= {o.id for o in prompt.options}
    relationship = library.get("risk_relationship")
    assert relationship is not None and "individual" in relationship.text
    assert "No partner / not applicable" in [o.label for o in relationship.options]
    plan = library.get("risk_safety_plan_status")
    assert plan is not None
    for words in ("check-in buddy", "screening", "bad date list", "goes wrong"):
        assert words in plan.help
    harm_reduction = library.get("csw_harm_reduction")
    assert harm_reduction is not None and harm_reduction.summary == "safety"
    assert {"check_in_buddy", "screening", "bad_date_list", "if_wrong"} <= {
        o.id for o in harm_reduction.options
    }


def test_a_blank_that_would_be_ambiguous_has_an_answer_of_its_own() -> None:
    library = load_default_library()
    for prompt_id in ("cosw_agreement", "cosw_partner_involvement", "risk_relationship"):
        prompt = library.get(prompt_id)
        assert prompt is not None
        assert "No partner / not applicable" in [o.label for o in prompt.options], prompt_id
    roles = library.get("couple_roles")
    assert roles is not None and "Neither / not applicable" in [o.label for o in roles.options]


def test_the_per_type_additions_of_version_2() -> None:
    library = load_default_library()

    def options(prompt_id: str) -> list[str]:
        prompt = library.get(prompt_id)
        assert prompt is not None, prompt_id
        return [o.id for o in prompt.options]

    assert {"pay", "hours", "management", "client_behaviour", "violence"} <= set(
        options("csw_stressors")
    )
    assert options("csw_legal_model") == [
        "criminalised",
        "nordic",
        "decriminalised",
        "legalised",
        "mixed",
        "not_asked",
    ]
    for prompt_id in (
        "csw_disclosure",
        "csw_burnout",
        "csw_sexual_health",
        "csw_minority_stress",
        "fsw_record_relief",
        "fsw_identity",
        "cosw_worker_boundaries",
        "cosw_protection",
        "couple_metamours",
        "couple_repair",
        "ocsb_health_plan",
        "ocsb_partner_distress",
    ):
        assert library.get(prompt_id) is not None, prompt_id
    work = library.get("csw_work")
    assert work is not None and "if they bring it up, how they came to it" in work.help
    assert {"old_content", "outing", "stalking"} <= set(options("fsw_online"))
    assert "returned" in options("fsw_return")
    assert {"stings", "extortion", "scams", "outing"} <= set(options("cosw_own_risks"))
    assert options("couple_structure")[:4] == ["monogamous", "monogamish", "open", "polyamorous"]
    assert "pressure" in options("couple_agreement_consent")
    for partner in ("a", "b"):
        voice = library.get(f"couple_voice_{partner}")
        assert voice is not None and voice.kind is PromptKind.SCALE
    assert {"a_worker", "b_worker", "a_client", "b_client"} <= set(options("couple_roles"))
    assert {"mood", "adhd", "substances", "medication"} <= set(options("ocsb_differential"))
    assert {"sexual_pain", "desire", "identity", "kink", "non_monogamy"} <= set(
        options("other_reasons")
    )
    needs = library.get("needs_met")
    assert needs is not None and {t.value for t in needs.client_types} == {"couple", "ocsb"}
    other = library.get("other_goals")
    assert other is not None and other.text == "What does the client want from therapy?"


def test_version_2_keeps_every_id_and_option_of_version_1() -> None:
    v1 = parse_library(V1.read_text(encoding="utf-8"), "v1")
    v2 = load_default_library()
    for old in v1.prompts:
        new = v2.get(old.id)
        assert new is not None, old.id
        assert new.kind is old.kind and new.summary == old.summary, old.id
        assert [o.id for o in old.options] == [
            o.id for o in new.options if o.id in {p.id for p in old.options}
        ], old.id


def test_the_spec_prompts_are_there() -> None:
    library = load_default_library()
    needs = library.get("cosw_needs_met")
    assert needs is not None and needs.chart == "needs"
    assert [o.id for o in needs.options] == [
        "emotional",
        "physical",
        "not_allowed",
        "companionship",
        "other",
        "none",
    ]
    agreement = library.get("cosw_agreement")
    assert agreement is not None and agreement.kind is PromptKind.SINGLE
    assert len(agreement.options) == 5  # "No partner / not applicable" came in version 2
    ocsb = library.get("ocsb_values_or_dysregulation")
    assert ocsb is not None and len(ocsb.options) == 4
    principles = library.get("ocsb_principles_strained")
    assert principles is not None
    assert [o.id for o in principles.options] == [
        "consent",
        "non_exploitation",
        "protection",
        "honesty",
        "shared_values",
        "mutual_pleasure",
    ]
    assert library.get("couple_secrets_policy") is not None
    assert library.get("self_check_feelings") is not None
    safety = [p.id for p in library.prompts if p.summary == "safety"]
    assert {
        "csw_stressors",
        "csw_stressors_detail",
        "csw_safety",
        "csw_harm_reduction",
        "cosw_own_risks",
        "fsw_online",
        "risk_self_harm",
        "risk_relationship",
        "risk_safety_plan_status",
        "risk_safety_plan",
    } == set(safety)
    # Legal risk is marked apart, so a summary can leave it out on its own.
    legal = [p for p in library.prompts if p.summary == "legal"]
    assert [p.id for p in legal] == ["csw_legal_model", "legal_risk", "fsw_record_relief"]
    assert {t.value for t in legal[1].client_types} == {
        "current_sex_worker",
        "former_sex_worker",
        "client_of_sex_workers",
    }


def test_mixed_case_gets_the_union_once_in_library_order() -> None:
    library = load_default_library()
    mixed = prompts_for(library, [ClientType.COUPLE, ClientType.CLIENT_OF_SEX_WORKERS])
    ids = [p.id for p in mixed]
    assert len(ids) == len(set(ids))
    couple = {p.id for p in prompts_for(library, [ClientType.COUPLE])}
    client = {p.id for p in prompts_for(library, [ClientType.CLIENT_OF_SEX_WORKERS])}
    assert set(ids) == couple | client
    order = [p.id for p in library.prompts]
    assert ids == sorted(ids, key=order.index)


def test_shipped_wording_avoids_pathologising_words() -> None:
    for prompt in load_default_library().prompts:
        words = [prompt.text, prompt.help, prompt.group, prompt.scale_low, prompt.scale_high]
        words += [o.label for o in prompt.options]
        for text in words:
            lowered = text.lower()
            for avoided in AVOIDED:
                if prompt.id == "self_check_assumptions" and avoided in ("victim", "deviant"):
                    continue
                assert avoided not in lowered, (prompt.id, text)
        assert prompt.text.strip() and prompt.help.strip() and prompt.group.strip()


def test_a_good_file_parses() -> None:
    library = parse_library(GOOD, "mine.toml")
    assert [p.id for p in library.prompts] == ["first", "second"]
    second = library.prompts[1]
    assert second.client_types == frozenset({ClientType.COUPLE})
    assert second.option_label("b") == "B"


def error_of(text: str) -> PromptLibraryError:
    with pytest.raises(PromptLibraryError) as caught:
        parse_library(text, SOURCE)
    return caught.value


def test_toml_syntax_error_reports_tomllib_line() -> None:
    error = error_of(GOOD.replace('text = "Second?"', 'text = "Second?'))
    assert error.source == SOURCE
    assert error.line == 10
    assert str(error).startswith("default-prompts.toml, line 10: not valid TOML")


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        (
            'kind = "text"',
            'kind = "text"\ncolour = "red"',
            3,
            "prompt 'first': unknown key 'colour'",
        ),
        (
            'id = "second"',
            'id = "first"',
            8,
            "prompt 'first': the id is used twice (first at line 3)",
        ),
        ('kind = "single"', 'kind = "choice"', 8, "prompt 'second': kind 'choice' is not one of"),
        ('kind = "single"\n', 'kind = "single"\noptionz = 1\n', 8, "unknown key 'optionz'"),
        ('["couple"]', '["couples"]', 8, "client type 'couples' is not one of"),
        ('id = "b"', 'id = "a"', 8, "prompt 'second': option ids repeat ('a')"),
        ('id = "second"', 'id = "Second"', 8, "prompt 'Second': the id must start"),
        ('text = "First?"', 'text = "  "', 3, "prompt 'first': 'text' is empty"),
        ('text = "First?"\n', "", 3, "prompt 'first': 'text' is missing"),
        ('kind = "text"', 'kind = "text"\nchart = "needs"', 3, "needs a single or multiple"),
        ('kind = "text"', 'kind = "text"\nchart = "mood"', 3, "chart 'mood' is not one of"),
        ('kind = "text"', 'kind = "text"\nscale_min = 1', 3, "applies only to a scale"),
        ('kind = "text"', 'kind = "text"\nhidden = true', 3, "unknown key 'hidden'"),
        (
            'kind = "text"',
            'kind = "text"\nsummary = "risk"',
            3,
            "summary 'risk' is not one of legal, safety",
        ),
    ],
)
def test_malformed_prompt_reports_file_and_line(
    old: str, new: str, line: int, fragment: str
) -> None:
    assert old in GOOD
    error = error_of(GOOD.replace(old, new, 1))
    assert error.line == line
    assert str(error).startswith(f"default-prompts.toml, line {line}: ")
    assert fragment in str(error)


def test_missing_options_on_a_choice_prompt() -> None:
    text = GOOD.split("options")[0]
    error = error_of(text)
    assert error.line == 8
    assert "needs 'options'" in error.message


def test_options_on_a_text_prompt_are_an_error() -> None:
    text = GOOD.replace('kind = "text"', 'kind = "text"\noptions = [{ id = "a", label = "A" }]')
    assert "has no options" in error_of(text).message


@pytest.mark.parametrize(
    ("scale", "fragment"),
    [
        ("scale_min = 5\nscale_max = 1", "greater than 'scale_min'"),
        ("scale_min = 0\nscale_max = 20", "at most 11 points"),
        ("scale_min = -1", "below 0"),
        ('scale_max = "5"', "whole number"),
    ],
)
def test_scale_bounds(scale: str, fragment: str) -> None:
    text = GOOD.replace('kind = "text"', f'kind = "scale"\n{scale}')
    error = error_of(text)
    assert error.line == 3
    assert fragment in error.message


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (GOOD.replace("version = 1", "version = 0"), 1, "'version' must be"),
        (GOOD.replace("version = 1", 'version = "1"'), 1, "'version' must be"),
        (GOOD.replace("version = 1", ""), None, "'version' is missing"),
        (GOOD.replace("version = 1", "version = 1\nauthor = 'me'"), 2, "unknown key 'author'"),
        ("version = 1\n", None, "no [[prompt]] tables"),
    ],
)
def test_file_level_problems(text: str, line: int | None, fragment: str) -> None:
    error = error_of(text)
    assert error.line == line
    assert fragment in error.message
    if line is None:
        assert str(error).startswith("default-prompts.toml: ")


def test_error_is_a_value_error_and_pickles() -> None:
    error = PromptLibraryError("x.toml", 3, "bad")
    assert isinstance(error, ValueError)
    again = pickle.loads(pickle.dumps(error))
    assert (again.source, again.line, again.message) == ("x.toml", 3, "bad")
    assert str(again) == "x.toml, line 3: bad"
