"""Session-note templates clinicians use, each with labelled sections and a one-line hint."""

from dataclasses import dataclass
from enum import StrEnum


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


TEMPLATES: dict[NoteTemplate, tuple[TemplateSection, ...]] = {
    NoteTemplate.FREE: (
        TemplateSection("body", "Note", "The session in your own words."),
    ),
    NoteTemplate.SOAP: (
        TemplateSection("subjective", "Subjective", "What the client reports, in their words."),
        TemplateSection("objective", "Objective", "What you observed; measures and scores."),
        TemplateSection("assessment", "Assessment", "Your clinical understanding of today."),
        TemplateSection("plan", "Plan", "Next steps, agreed tasks, next session."),
    ),
    NoteTemplate.DAP: (
        TemplateSection("data", "Data", "What was said and observed in session."),
        TemplateSection("assessment", "Assessment", "Your understanding of the data."),
        TemplateSection("plan", "Plan", "Next steps and follow-up."),
    ),
    NoteTemplate.BIRP: (
        TemplateSection("behavior", "Behavior", "How the client presented and what they shared."),
        TemplateSection("intervention", "Intervention", "What you offered in session."),
        TemplateSection("response", "Response", "How the client responded to it."),
        TemplateSection("plan", "Plan", "Next steps and follow-up."),
    ),
    NoteTemplate.GIRP: (
        TemplateSection("goals", "Goals", "The client's goals this session addressed."),
        TemplateSection("intervention", "Intervention", "What you offered toward those goals."),
        TemplateSection("response", "Response", "How the client responded."),
        TemplateSection("plan", "Plan", "Next steps and follow-up."),
    ),
}


def section_keys(template: NoteTemplate) -> tuple[str, ...]:
    return tuple(section.key for section in TEMPLATES[template])
