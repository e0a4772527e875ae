"""Session-note templates clinicians use, each with labelled sections and a one-line hint.

The definitions are data, in ``resources/templates/note-templates.toml``, validated when
first read: a template missing or unknown, a section key reused or malformed, a label or
hint that is not text, each is named (:class:`TemplateFileError`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib.resources import files
from typing import Any


class NoteTemplate(StrEnum):
    FREE = "free"
    SOAP = "soap"
    DAP = "dap"
    BIRP = "birp"
    GIRP = "girp"
    # Came after the first release (interchange format 1 gained them as values of `template`).
    INTAKE = "intake"
    TREATMENT_PLAN = "treatment_plan"
    CLOSING = "closing"
    # Non-session notes (see ``note_kinds``): a consultation record and a contact note.
    CONSULTATION = "consultation"
    CONTACT = "contact"


# The templates of the first release, in the order the golden interchange file uses them.
RELEASED_TEMPLATES: tuple[NoteTemplate, ...] = (
    NoteTemplate.FREE,
    NoteTemplate.SOAP,
    NoteTemplate.DAP,
    NoteTemplate.BIRP,
    NoteTemplate.GIRP,
)


@dataclass(frozen=True, slots=True)
class TemplateSection:
    key: str
    label: str
    hint: str


TEMPLATE_FILE = ("templates", "note-templates.toml")
TEMPLATE_SOURCE = "note-templates.toml"
SECTION_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
TEMPLATE_KEYS = frozenset({"name", "sections", "links_goals"})
SECTION_FIELDS = frozenset({"key", "label", "hint"})


class TemplateFileError(ValueError):
    """A note-template file that cannot be used, and where the problem is."""


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    """One template as defined. ``links_goals``: the note is written against the case's goals,
    which it links (``Note.goal_ids``) rather than copies."""

    template: NoteTemplate
    name: str
    sections: tuple[TemplateSection, ...]
    links_goals: bool = False


def _text(value: Any, where: str, *, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise TemplateFileError(f"{TEMPLATE_SOURCE}: {where} must be text that is not empty")
    return value


def parse_templates(text: str) -> dict[NoteTemplate, TemplateSpec]:
    """Read and validate a template file: every template of :class:`NoteTemplate`, nothing
    else; each with a name and at least one section; section keys unique within it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateFileError(f"{TEMPLATE_SOURCE}: not valid TOML: {error}") from None
    known = {t.value for t in NoteTemplate}
    missing = sorted(known - set(data))
    if missing:
        raise TemplateFileError(f"{TEMPLATE_SOURCE} lacks templates: {missing}")
    unknown = sorted(set(data) - known)
    if unknown:
        raise TemplateFileError(f"{TEMPLATE_SOURCE}: unknown templates: {unknown}")
    specs: dict[NoteTemplate, TemplateSpec] = {}
    for template in NoteTemplate:
        table = data[template.value]
        where = f"[{template.value}]"
        if not isinstance(table, Mapping):
            raise TemplateFileError(f"{TEMPLATE_SOURCE}: {where} must be a table")
        extra = sorted(set(table) - TEMPLATE_KEYS)
        if extra:
            raise TemplateFileError(f"{TEMPLATE_SOURCE}: {where}: unknown key '{extra[0]}'")
        name = _text(table.get("name"), f"{where} name")
        links_goals = table.get("links_goals", False)
        if not isinstance(links_goals, bool):
            raise TemplateFileError(f"{TEMPLATE_SOURCE}: {where} links_goals must be true or false")
        raw_sections = table.get("sections")
        if not isinstance(raw_sections, list) or not raw_sections:
            raise TemplateFileError(f"{TEMPLATE_SOURCE}: {where} needs a list of sections")
        sections: list[TemplateSection] = []
        for number, raw in enumerate(raw_sections, start=1):
            at = f"{where} section {number}"
            if not isinstance(raw, Mapping):
                raise TemplateFileError(
                    f"{TEMPLATE_SOURCE}: {at} must be {{ key = …, label = …, hint = … }}"
                )
            extra = sorted(set(raw) - SECTION_FIELDS)
            if extra:
                raise TemplateFileError(f"{TEMPLATE_SOURCE}: {at}: unknown key '{extra[0]}'")
            key = _text(raw.get("key"), f"{at} key")
            if not SECTION_KEY_PATTERN.match(key):
                raise TemplateFileError(
                    f"{TEMPLATE_SOURCE}: {at}: key {key!r} must start with "
                    "a lower-case letter and use only a-z, 0-9 and _"
                )
            if key in {s.key for s in sections}:
                raise TemplateFileError(f"{TEMPLATE_SOURCE}: {at}: key {key!r} is used twice")
            sections.append(
                TemplateSection(
                    key,
                    _text(raw.get("label"), f"{at} label"),
                    _text(raw.get("hint"), f"{at} hint"),
                )
            )
        specs[template] = TemplateSpec(template, name, tuple(sections), links_goals)
    return specs


def read_template_text() -> str:
    return files("casenotes.resources").joinpath(*TEMPLATE_FILE).read_text(encoding="utf-8")


TEMPLATE_SPECS: dict[NoteTemplate, TemplateSpec] = parse_templates(read_template_text())
TEMPLATES: dict[NoteTemplate, tuple[TemplateSection, ...]] = {
    template: spec.sections for template, spec in TEMPLATE_SPECS.items()
}
TEMPLATE_NAMES: dict[NoteTemplate, str] = {t: s.name for t, s in TEMPLATE_SPECS.items()}


def section_keys(template: NoteTemplate) -> tuple[str, ...]:
    return tuple(section.key for section in TEMPLATES[template])


def links_goals(template: NoteTemplate) -> bool:
    """Whether notes of ``template`` are written against the case's goals (linked, not copied)."""
    return TEMPLATE_SPECS[template].links_goals
