"""Session-note templates clinicians use, each with labelled sections and a one-line hint.

The definitions are data, in ``resources/templates/note-templates.toml``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from importlib.resources import files


class NoteTemplate(StrEnum):
    FREE = "free"
    SOAP = "soap"
    DAP = "dap"
    BIRP = "birp"
    GIRP = "girp"


@dataclass(frozen=True, slots=True)
class TemplateSection:
    key: str
    label: str
    hint: str


TEMPLATE_FILE = ("templates", "note-templates.toml")


def _load() -> dict[str, dict[str, object]]:
    resource = files("casenotes.resources").joinpath(*TEMPLATE_FILE)
    data = tomllib.loads(resource.read_text(encoding="utf-8"))
    missing = {t.value for t in NoteTemplate} - set(data)
    if missing:
        raise RuntimeError(f"note-templates.toml lacks templates: {sorted(missing)}")
    return data


_DATA = _load()
TEMPLATES: dict[NoteTemplate, tuple[TemplateSection, ...]] = {
    template: tuple(
        TemplateSection(str(s["key"]), str(s["label"]), str(s["hint"]))
        for s in _DATA[template.value]["sections"]  # type: ignore[attr-defined]
    )
    for template in NoteTemplate
}
TEMPLATE_NAMES: dict[NoteTemplate, str] = {t: str(_DATA[t.value]["name"]) for t in NoteTemplate}


def section_keys(template: NoteTemplate) -> tuple[str, ...]:
    return tuple(section.key for section in TEMPLATES[template])
