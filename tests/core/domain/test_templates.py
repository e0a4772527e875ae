"""The note templates are data (resources/templates/note-templates.toml), validated when read:
the shipped file passes, and a broken one is refused with the template named."""

from __future__ import annotations

import pytest

from casenotes.core.domain import (
    RELEASED_TEMPLATES,
    TEMPLATE_NAMES,
    TEMPLATE_SPECS,
    TEMPLATES,
    NoteTemplate,
    TemplateFileError,
    links_goals,
    parse_templates,
    section_keys,
)
from casenotes.core.domain.templates import read_template_text
from casenotes.core.prompts import find_framing, find_stigmatising


def test_the_shipped_templates_validate() -> None:
    specs = parse_templates(read_template_text())
    assert list(specs) == list(NoteTemplate)
    assert specs == TEMPLATE_SPECS
    for template in NoteTemplate:
        assert TEMPLATE_NAMES[template].strip()
        assert TEMPLATES[template]
        assert all(s.label.strip() and s.hint.strip() for s in TEMPLATES[template])


def test_the_first_five_are_unchanged() -> None:
    assert tuple(NoteTemplate)[:5] == RELEASED_TEMPLATES
    assert section_keys(NoteTemplate.SOAP) == ("subjective", "objective", "assessment", "plan")
    assert section_keys(NoteTemplate.GIRP) == ("goals", "intervention", "response", "plan")
    assert not any(links_goals(t) for t in RELEASED_TEMPLATES)


def test_intake_treatment_plan_and_closing() -> None:
    assert TEMPLATE_NAMES[NoteTemplate.INTAKE] == "Intake and assessment"
    assert section_keys(NoteTemplate.INTAKE) == (
        "concerns",
        "sexual_health",
        "relationships",
        "work",
        "prior_therapy",
        "strengths",
        "consent",
    )
    consent = TEMPLATES[NoteTemplate.INTAKE][-1]
    assert "limits of confidentiality" in consent.hint and "reported" in consent.hint
    assert "own words" in TEMPLATES[NoteTemplate.INTAKE][0].hint
    # The plan links the case's goals (Goals worked on): no section that would copy them.
    assert section_keys(NoteTemplate.TREATMENT_PLAN) == (
        "concerns",
        "objectives",
        "interventions",
        "review",
    )
    assert links_goals(NoteTemplate.TREATMENT_PLAN)
    assert "goals" not in section_keys(NoteTemplate.TREATMENT_PLAN)
    assert section_keys(NoteTemplate.CLOSING) == ("reason", "course", "goals_status", "referrals")
    assert links_goals(NoteTemplate.CLOSING)
    for template in NoteTemplate:
        for section in TEMPLATES[template]:
            for text in (section.label, section.hint):
                assert find_stigmatising(text) == [] and find_framing(text) == [], text


def _file(extra: str = "", replace: tuple[str, str] | None = None) -> str:
    text = read_template_text()
    if replace is not None:
        assert replace[0] in text
        text = text.replace(replace[0], replace[1], 1)
    return text + extra


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (_file(replace=("[closing]", "[closing_summary]")), "lacks templates: ['closing']"),
        (_file('\n[extra]\nname = "Extra"\nsections = []\n'), "unknown templates: ['extra']"),
        (_file(replace=('name = "Treatment plan"', 'name = ""')), "[treatment_plan] name"),
        (_file(replace=("links_goals = true", 'links_goals = "yes"')), "links_goals"),
        (
            _file(replace=('{ key = "review", label', '{ key = "objectives", label')),
            "'objectives' is used twice",
        ),
        (_file(replace=('{ key = "reason"', '{ key = "Reason"')), "must start with a lower-case"),
        (_file(replace=('label = "Prior therapy", ', "")), "[intake] section 5 label"),
        (
            _file(
                replace=(
                    '{ key = "review", label = "Review dates",',
                    '{ key = "review", colour = "red", label = "Review dates",',
                )
            ),
            "unknown key 'colour'",
        ),
        (
            _file(replace=('[girp]\nname = "GIRP"', '[girp]\nname = "GIRP"\nicon = "g"')),
            "[girp]: unknown key 'icon'",
        ),
        ("[free\n", "not valid TOML"),
    ],
)
def test_a_broken_template_file_is_refused_with_the_place(text: str, fragment: str) -> None:
    with pytest.raises(TemplateFileError) as caught:
        parse_templates(text)
    assert fragment in str(caught.value)
