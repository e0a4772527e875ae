"""A fictional couple case (one partner sees sex workers) with six sessions, for the summary.

Every person, place and number here is invented. ``ALL_IDENTIFIERS`` lists every identifier
value and member name: none of them may survive in a summary's final text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from casenotes.core.domain import (
    Case,
    ClientType,
    Goal,
    GoalStatus,
    Identifiers,
    Member,
    Note,
    NoteTemplate,
    SessionFormat,
)
from casenotes.core.prompts import NOTES_KEY, PromptLibrary, load_default_library

CODE = "C-417"
DISPLAY = "Okonkwo-Hale and Vell"
PARTNER_A = "Ravindra Okonkwo-Hale"
PARTNER_B = "Tamsin Vell"
IDENTIFIERS = Identifiers(
    names=[PARTNER_A, PARTNER_B],
    aliases=["Rav"],
    handles=["@velvetfox"],
    phones=["+1 415 555 0142"],
    emails=["tamsin.vell@example.org"],
    places=["Quillmouth"],
    employers=["Bramblecote Logistics"],
    other=["ZX-4471"],
)
ALL_IDENTIFIERS = (
    *[v for values in IDENTIFIERS.as_dict().values() for v in values],
    PARTNER_A,
    PARTNER_B,
)
SESSION_DATES = [date(2025, 1, 6) + timedelta(weeks=3 * i) for i in range(6)]
INTAKE = date(2024, 12, 20)
TAG = "agreements-rework"
QUESTION = "How do I hold both partners' accounts of the agreement without taking a side?"


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 18, tzinfo=UTC)


@dataclass
class Sample:
    case: Case
    notes: list[Note]
    goals: list[Goal]
    library: PromptLibrary


def make_sample() -> Sample:
    case = Case(
        code=CODE,
        display_name=DISPLAY,
        client_types=[ClientType.CLIENT_OF_SEX_WORKERS, ClientType.COUPLE],
        tags=[TAG],
        intake_date=INTAKE,
        birth_year=1988,
        presenting_concerns=(
            "Ravindra has paid for sex for some years; Tamsin learned of it in Quillmouth "
            "and they want to rework their agreement."
        ),
        identifiers=IDENTIFIERS,
        members=[Member("Partner A", PARTNER_A), Member("Partner B", PARTNER_B)],
    )
    goals = [
        Goal(
            case.id,
            "Write an agreement both partners can keep",
            status=GoalStatus.IN_PROGRESS,
            created_at=_at(date(2025, 1, 6)),
        ),
        Goal(
            case.id,
            "Tamsin names what she needs when Rav travels for Bramblecote Logistics",
            status=GoalStatus.MET,
            created_at=_at(date(2025, 1, 7)),
        ),
    ]
    templates = [
        NoteTemplate.SOAP,
        NoteTemplate.DAP,
        NoteTemplate.BIRP,
        NoteTemplate.GIRP,
        NoteTemplate.FREE,
        NoteTemplate.SOAP,
    ]
    formats = [
        SessionFormat.IN_PERSON,
        SessionFormat.IN_PERSON,
        SessionFormat.TELEHEALTH,
        SessionFormat.IN_PERSON,
        SessionFormat.PHONE,
        SessionFormat.TELEHEALTH,
    ]
    needs = [
        ["emotional"],
        ["emotional", "physical"],
        ["emotional"],
        ["companionship"],
        ["emotional", "not_allowed"],
        ["physical"],
    ]
    notes = []
    for i, (day, template) in enumerate(zip(SESSION_DATES, templates, strict=True)):
        n = i + 1
        assessment = (
            f"Session {n}: Ravindra spoke of the evenings in Quillmouth; Tamsin Vell said "
            f"the agreement of {SESSION_DATES[0].strftime('%d %B %Y')} no longer fits. "
            f"Rav's handle @velvetfox came up; call +1 415 555 0142 was mentioned. "
            f"Ref ZX-4471. Email tamsin.vell@example.org."
        )
        key = {
            NoteTemplate.SOAP: "assessment",
            NoteTemplate.DAP: "assessment",
            NoteTemplate.BIRP: "response",
            NoteTemplate.GIRP: "response",
            NoteTemplate.FREE: "body",
        }[template]
        sections = {key: assessment, "plan": f"Next on {day + timedelta(weeks=3)}."}
        if template is NoteTemplate.FREE:
            sections = {"body": assessment}
        reflection = {
            "cosw_needs_met": needs[i],
            "csw_safety": f"Ravindra feels safe booking through @velvetfox (session {n}).",
            "legal_risk": f"Ravindra worries the police could ask questions (session {n}).",
            "couple_function": "Rav says it keeps the peace at home.",
            "self_check_feelings": "I notice I want to protect Tamsin; checking that.",
            NOTES_KEY: {"cosw_needs_met": "Tamsin disagrees about companionship."},
        }
        notes.append(
            Note(
                case_id=case.id,
                session_date=day,
                template=template,
                sections=sections,
                format=formats[i],
                reflection=reflection,
                created_at=_at(day),
                goal_ids=[goals[0].id] if i % 2 == 0 else [goals[0].id, goals[1].id],
            )
        )
    return Sample(case, notes, goals, load_default_library())
