"""Deterministic generator of a fictional practice: cases, goals, notes, addenda, revisions.

Everything is derived from one ``random.Random(seed)`` and a fixed base date, so the same
arguments always give the same vault, ids and timestamps included. Nothing reads the clock.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any, TypeVar

from casenotes.core.demo import phrases as P
from casenotes.core.demo import record_notes as R
from casenotes.core.domain import (
    Addendum,
    Attendance,
    Case,
    CaseBundle,
    CaseStatus,
    ClientType,
    Goal,
    GoalChange,
    GoalStatus,
    Identifiers,
    Member,
    Note,
    NoteRevision,
    NoteTemplate,
    SessionFormat,
    links_goals,
    note_content_hash,
    section_keys,
)
from casenotes.core.domain.templates import RELEASED_TEMPLATES
from casenotes.core.prompts.model import NOTES_KEY

T = TypeVar("T")

#: "Today" in the demo practice: active cases' latest sessions fall shortly before it.
BASE_DATE = date(2025, 1, 6)

#: Bounds on a note's total section text, in characters.
NOTE_TEXT_MIN = 800
NOTE_TEXT_MAX = 1300

SIGNED_FRACTION = 0.2
ADDENDUM_CHANCE = 0.3
REVISION_CHANCE = 0.25
GOAL_LINK_CHANCE = 0.35
EMPTY_REFLECTION_CHANCE = 0.25
SECOND_TYPE_CHANCE = 0.12

_TYPE_WEIGHTS: dict[ClientType, float] = {
    ClientType.CURRENT_SEX_WORKER: 0.22,
    ClientType.FORMER_SEX_WORKER: 0.12,
    ClientType.CLIENT_OF_SEX_WORKERS: 0.20,
    ClientType.COUPLE: 0.20,
    ClientType.OCSB: 0.14,
    ClientType.OTHER: 0.12,
}

_SECOND_TYPES: dict[ClientType, tuple[ClientType, ...]] = {
    ClientType.COUPLE: (ClientType.CLIENT_OF_SEX_WORKERS, ClientType.CURRENT_SEX_WORKER),
    ClientType.CURRENT_SEX_WORKER: (ClientType.COUPLE,),
    ClientType.CLIENT_OF_SEX_WORKERS: (ClientType.OCSB, ClientType.COUPLE),
    ClientType.FORMER_SEX_WORKER: (ClientType.OTHER,),
    ClientType.OCSB: (ClientType.CLIENT_OF_SEX_WORKERS,),
    ClientType.OTHER: (ClientType.FORMER_SEX_WORKER,),
}

_STATUS_WEIGHTS: dict[CaseStatus, float] = {
    CaseStatus.ACTIVE: 0.65,
    CaseStatus.PAUSED: 0.15,
    CaseStatus.CLOSED: 0.20,
}

_TEMPLATE_WEIGHTS: dict[NoteTemplate, float] = {
    NoteTemplate.SOAP: 0.30,
    NoteTemplate.DAP: 0.20,
    NoteTemplate.BIRP: 0.15,
    NoteTemplate.GIRP: 0.15,
    NoteTemplate.FREE: 0.20,
}

_FORMAT_WEIGHTS: dict[SessionFormat, float] = {
    SessionFormat.IN_PERSON: 0.5,
    SessionFormat.TELEHEALTH: 0.4,
    SessionFormat.PHONE: 0.1,
}

_GOAL_STATUS_WEIGHTS: dict[GoalStatus, float] = {
    GoalStatus.OPEN: 0.20,
    GoalStatus.IN_PROGRESS: 0.35,
    GoalStatus.MET: 0.20,
    GoalStatus.REVISED: 0.15,
    GoalStatus.SET_ASIDE: 0.10,
}

# How each template section is composed: (sentence role, share of the section) parts.
_SECTION_PARTS: dict[str, tuple[tuple[str, float], ...]] = {
    "subjective": (("report", 1.0),),
    "objective": (("observe", 1.0),),
    "assessment": (("formulation", 1.0),),
    "plan": (("plan", 1.0),),
    "data": (("report", 0.7), ("observe", 0.3)),
    "behavior": (("observe", 0.35), ("report", 0.65)),
    "intervention": (("intervention", 1.0),),
    "response": (("response", 1.0),),
    "goals": (("goals", 1.0),),
    "body": (("report", 0.5), ("formulation", 0.3), ("plan", 0.2)),
    # Intake and assessment
    "concerns": (("report", 1.0),),
    "sexual_health": (("history", 1.0),),
    "relationships": (("relationships", 1.0),),
    "work": (("work", 1.0),),
    "prior_therapy": (("prior", 1.0),),
    "strengths": (("strengths", 1.0),),
    "consent": (("consent", 1.0),),
    # Treatment plan (concerns as above)
    "objectives": (("objectives", 1.0),),
    "interventions": (("intervention", 1.0),),
    "review": (("review", 1.0),),
    # Closing summary
    "reason": (("ending", 1.0),),
    "course": (("course", 0.6), ("response", 0.4)),
    "goals_status": (("goal_status", 1.0),),
    "referrals": (("referral", 1.0),),
}

# Share of the note's text per section, in template order.
_SECTION_SHARES: dict[NoteTemplate, tuple[float, ...]] = {
    NoteTemplate.FREE: (1.0,),
    NoteTemplate.SOAP: (0.35, 0.15, 0.30, 0.20),
    NoteTemplate.DAP: (0.45, 0.33, 0.22),
    NoteTemplate.BIRP: (0.35, 0.25, 0.22, 0.18),
    NoteTemplate.GIRP: (0.25, 0.28, 0.27, 0.20),
    NoteTemplate.INTAKE: (0.22, 0.13, 0.15, 0.12, 0.10, 0.12, 0.16),
    NoteTemplate.TREATMENT_PLAN: (0.30, 0.30, 0.25, 0.15),
    NoteTemplate.CLOSING: (0.20, 0.35, 0.25, 0.20),
}

# Paragraph breaks inside these sections; sentences elsewhere are joined by a space.
_PARAGRAPH_SECTIONS = frozenset({"body"})

_ROLES = (
    "report",
    "observe",
    "formulation",
    "intervention",
    "response",
    "plan",
    "goals",
    "history",
    "relationships",
    "work",
    "prior",
    "strengths",
    "consent",
    "objectives",
    "review",
    "ending",
    "course",
    "goal_status",
    "referral",
)
# Roles a topic line may join (not observations, plans or goal statements).
_TOPIC_ROLES = frozenset({"report", "formulation", "intervention", "response"})


@dataclass(slots=True)
class _Part:
    """Sentences of one role within a section, plus fixed lines placed among them."""

    section: str
    role: str
    target: int
    sentences: list[str] = field(default_factory=list)  # drawn from the role's pool
    fixed: list[tuple[int, str]] = field(default_factory=list)  # (position, line), kept in drafts

    def length(self) -> int:
        count = len(self.sentences) + len(self.fixed)
        chars = sum(len(s) for s in self.sentences) + sum(len(line) for _, line in self.fixed)
        return chars + max(0, count - 1)

    def merged(self, drop: int = 0) -> list[str]:
        keep = len(self.sentences) - drop
        sentences = self.sentences[: max(keep, 0 if self.fixed else 1)]
        for position, line in sorted(self.fixed, key=lambda item: item[0]):
            sentences.insert(min(position, len(sentences)), line)
        return sentences


@dataclass(slots=True)
class _CaseScope:
    """What every note of one case draws on."""

    case_id: str
    types: list[ClientType]
    couple: bool
    hour: int
    ctx: dict[str, Any]
    pools: dict[str, tuple[str, ...]]
    intake_pools: dict[str, tuple[str, ...]]  # without lines that presume earlier sessions
    topics: list[str]
    needs: list[str]
    checks: tuple[str, ...]
    goals: dict[str, str]  # goal id -> text as set at intake


@dataclass(slots=True)
class _NotePlan:
    template: NoteTemplate | None = None
    format: SessionFormat | None = None
    signed: bool = False
    addenda: bool = False
    revisions: bool = False


# Every demo case carries this tag: visible in the window, and how `casenotes demo` tells a vault
# of its own making from one that holds real records.
DEMO_TAG = "demo"


def generate_demo(cases: int = 12, notes: int = 120, seed: int = 1) -> list[CaseBundle]:
    """A fictional practice of ``cases`` cases holding ``notes`` notes in total.

    Deterministic for given arguments. With at least 6 cases and 5 notes every client type,
    case status, note template and session format appears, and one case has two client types
    (a couple in which one partner sees sex workers).
    """
    if cases < 0 or notes < 0:
        raise ValueError("cases and notes must not be negative")
    if cases == 0 and notes > 0:
        raise ValueError("notes need at least one case to belong to")
    return _Generator(seed).run(cases, notes)


def _weighted(rng: random.Random, weights: dict[T, float]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _cover(rng: random.Random, slots: int, values: Sequence[T]) -> dict[int, T]:
    """Pin each value to a distinct random slot, if there are enough slots."""
    if slots < len(values):
        return {}
    return dict(zip(rng.sample(range(slots), len(values)), values, strict=True))


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.other_turn = 0  # which non-session kind the next case gets (record_notes)

    # ------------------------------------------------------------------ helpers

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def minutes(self, low: int, high: int) -> timedelta:
        return timedelta(minutes=self.rng.randint(low, high))

    # ------------------------------------------------------------------ plan

    def run(self, cases: int, notes: int) -> list[CaseBundle]:
        rng = self.rng
        counts = self.distribute(cases, notes)
        types = self.plan_types(cases)
        statuses = [_weighted(rng, _STATUS_WEIGHTS) for _ in range(cases)]
        for index, status in _cover(rng, cases, list(CaseStatus)).items():
            statuses[index] = status

        plans = [_NotePlan() for _ in range(notes)]
        for index, template in _cover(rng, notes, list(RELEASED_TEMPLATES)).items():
            plans[index].template = template
        for index, fmt in _cover(rng, notes, list(SessionFormat)).items():
            plans[index].format = fmt
        signed = rng.sample(range(notes), round(notes * SIGNED_FRACTION))
        for index in signed:
            plans[index].signed = True
            plans[index].addenda = rng.random() < ADDENDUM_CHANCE
        for plan in plans:
            if not plan.signed:
                plan.revisions = rng.random() < REVISION_CHANCE
        # When counts allow, make sure each kind of history is there to look at.
        if signed:
            plans[min(signed)].addenda = True
        unsigned = [plan for plan in plans if not plan.signed]
        if unsigned and len(plans) >= 5:
            unsigned[0].revisions = True

        bundles: list[CaseBundle] = []
        start = 0
        for index in range(cases):
            case_plans = plans[start : start + counts[index]]
            start += counts[index]
            bundles.append(self.case(index, types[index], statuses[index], case_plans))
        return bundles

    def distribute(self, cases: int, notes: int) -> list[int]:
        """Uneven but reasonable note counts per case, summing to ``notes``."""
        rng = self.rng
        if cases == 0:
            return []
        weights = [rng.lognormvariate(0.0, 0.9) for _ in range(cases)]
        if cases >= 4:  # a few cases without a session yet, or that never came back
            for index in rng.sample(range(cases), max(1, cases // 12)):
                weights[index] = 0.0
        total = sum(weights)
        raw = [notes * weight / total for weight in weights]
        counts = [int(value) for value in raw]
        remainder = notes - sum(counts)
        by_fraction = sorted(range(cases), key=lambda i: (counts[i] - raw[i], i))
        for index in by_fraction[:remainder]:
            counts[index] += 1
        return counts

    def plan_types(self, cases: int) -> list[list[ClientType]]:
        rng = self.rng
        primaries = [_weighted(rng, _TYPE_WEIGHTS) for _ in range(cases)]
        forced = _cover(rng, cases, list(ClientType))
        for index, client_type in forced.items():
            primaries[index] = client_type
        dual = next((i for i, t in forced.items() if t is ClientType.COUPLE), None)
        result: list[list[ClientType]] = []
        for index, primary in enumerate(primaries):
            types = [primary]
            if index == dual:
                types.append(ClientType.CLIENT_OF_SEX_WORKERS)
            elif rng.random() < SECOND_TYPE_CHANCE:
                types.append(rng.choice(_SECOND_TYPES[primary]))
            result.append(types)
        return result

    # ------------------------------------------------------------------ a case

    def case(
        self,
        index: int,
        types: list[ClientType],
        status: CaseStatus,
        plans: list[_NotePlan],
    ) -> CaseBundle:
        rng = self.rng
        case_id = self.uuid()
        display_name, pronouns, identifiers, members, ctx = self.identity(types)

        primary = types[0]
        tags = rng.sample(P.CASE_TAGS_BY_TYPE[primary], rng.randint(1, 2))
        tags += rng.sample([t for t in P.CASE_TAGS if t not in tags], rng.randint(1, 2))
        tags = [DEMO_TAG, *tags]  # first, so a demo case is told from a real one at a glance

        dates = self.session_dates(len(plans), status)
        intake = dates[0] if dates else self.end_date(status)
        created_at = datetime.combine(
            intake - timedelta(days=rng.randint(1, 10)),
            time(rng.randint(8, 17), rng.choice((0, 15, 30, 45)), tzinfo=UTC),
        )
        case = Case(
            code=f"C-{index + 1:03d}",
            display_name=display_name,
            id=case_id,
            client_types=list(types),
            tags=tags,
            status=status,
            pronouns=pronouns,
            intake_date=intake,
            identifiers=identifiers,
            members=members,
            created_at=created_at,
            updated_at=created_at,
        )
        # Seeded from the case id so the main stream (and every demo vault) stays as it was.
        profile_rng = random.Random(f"profile-{case_id}")
        case.birth_year = intake.year - profile_rng.randint(22, 68)
        case.presenting_concerns = profile_rng.choice(P.PRESENTING_CONCERNS[types[0]])

        pinned = {i for i, plan in enumerate(plans) if plan.template is not None}
        template_pref = _weighted(rng, _TEMPLATE_WEIGHTS)
        format_pref = _weighted(rng, _FORMAT_WEIGHTS)

        goal_texts = list(dict.fromkeys(g for ct in types for g in P.GOALS_BY_TYPE[ct]))
        goal_count = min(len(goal_texts), rng.choices((1, 2, 3), weights=(3, 4, 3))[0])
        goal_texts = rng.sample(goal_texts, goal_count)

        notes: list[Note] = []
        all_revisions: dict[str, list[NoteRevision]] = {}
        goal_ids = [self.uuid() for _ in goal_texts]
        current_goal_text = dict(zip(goal_ids, goal_texts, strict=True))

        pools = {role: self.pool(role, types) for role in _ROLES}
        scope = _CaseScope(
            case_id=case_id,
            types=types,
            couple=ClientType.COUPLE in types,
            hour=rng.randint(9, 18),
            ctx=ctx,
            pools=pools,
            intake_pools={role: _first_session_only(pool) for role, pool in pools.items()},
            topics=list(dict.fromkeys(t for ct in types for t in P.TOPICS_BY_TYPE[ct])),
            needs=list(dict.fromkeys(n for ct in types for n in P.NEEDS_BY_TYPE[ct])),
            checks=P.CLINICIAN_CHECKS
            + tuple(c for ct in types for c in P.CLINICIAN_CHECKS_BY_TYPE[ct]),
            goals=current_goal_text,
        )
        for number, (plan, session_date) in enumerate(zip(plans, dates, strict=True), start=1):
            if plan.template is None:
                plan.template = self.course_template(number, len(plans), status)
            if plan.template is None:
                plan.template = self.pick_template(template_pref)
            if plan.format is None:
                use_pref = rng.random() < 0.75
                plan.format = format_pref if use_pref else _weighted(rng, _FORMAT_WEIGHTS)
            ending = status if number == len(plans) and status is not CaseStatus.ACTIVE else None
            note, drafts = self.note(scope, number, session_date, plan, ending)
            notes.append(note)
            if drafts:
                all_revisions[note.id] = drafts

        self.record_notes(scope, notes, all_revisions, pinned)

        first_at = notes[0].created_at if notes else created_at
        last_at = notes[-1].created_at if notes else created_at
        goals = [
            self.goal(case_id, goal_id, text, first_at, last_at, has_sessions=bool(notes))
            for goal_id, text in current_goal_text.items()
        ]

        stamps = [case.created_at]
        stamps += [note.updated_at for note in notes]
        stamps += [addendum.created_at for note in notes for addendum in note.addenda]
        stamps += [goal.updated_at for goal in goals]
        case.updated_at = max(stamps)
        return CaseBundle(case=case, goals=goals, notes=notes, revisions=all_revisions)

    def record_notes(
        self,
        scope: _CaseScope,
        notes: list[Note],
        revisions: dict[str, list[NoteRevision]],
        pinned: set[int],
    ) -> None:
        """Who attended each session, and (in a case with enough notes) one note made a
        consultation record or a contact, the kinds taken in turn across cases. From the
        case's own stream, so the rest of the demo stays as it was."""
        rng = random.Random(f"record-{scope.case_id}")
        for note in notes:
            note.attendance = R.attendance(rng, scope.couple)
        if scope.couple and len(notes) >= 3:
            # A couple's record shows the secrets policy at work: one partner seen alone.
            alone = notes[rng.randrange(1, len(notes))]
            if alone.attendance is Attendance.BOTH:
                alone.attendance = rng.choice((Attendance.PARTNER_A, Attendance.PARTNER_B))
        for note in notes:
            if note.is_signed:
                note.content_hash = note_content_hash(note)
        # Never the first or last note (the intake, the ending) nor a pinned template.
        candidates = [i for i in range(1, len(notes) - 1) if i not in pinned]
        if len(notes) < R.MIN_NOTES_FOR_OTHERS or not candidates:
            return
        kind, channel = R.OTHER_KINDS[self.other_turn % len(R.OTHER_KINDS)]
        self.other_turn += 1
        index = rng.choice(candidates)
        notes[index] = R.other_note(rng, notes[index], kind, channel, scope.ctx)
        revisions.pop(notes[index].id, None)

    def identity(
        self, types: list[ClientType]
    ) -> tuple[str, str, Identifiers, list[Member], dict[str, Any]]:
        rng = self.rng
        couple = ClientType.COUPLE in types
        working = ClientType.CURRENT_SEX_WORKER in types
        former = ClientType.FORMER_SEX_WORKER in types

        first, partner, friend = rng.sample(P.FIRST_NAMES, 3)
        last = rng.choice(P.LAST_NAMES)
        partner_last = last if rng.random() < 0.3 else rng.choice(P.LAST_NAMES)
        pronouns = rng.choice(P.PRONOUNS)
        partner_pronouns = rng.choice(P.PRONOUNS)
        place, place2 = rng.sample(P.PLACES, 2)
        employer = rng.choice(P.WORK_VENUES if working else P.EMPLOYERS)
        nickname = rng.choice(P.NICKNAMES)
        alias = rng.choice(P.WORKING_NAMES) if (working or former) else nickname
        word_a, word_b = rng.sample(P.HANDLE_WORDS, 2)
        if working or former:
            handle = "@" + alias.lower().replace(" ", rng.choice((".", "_", "")))
        else:
            handle = rng.choice(
                (f"@{word_a}.{word_b}", f"@{first.lower()}_{word_a}", f"@{word_a}{word_b}")
            )

        def phone() -> str:
            area = rng.choice(P.AREA_CODES)
            line = f"01{rng.randint(0, 99):02d}"
            style = rng.randrange(3)
            if style == 0:
                return f"({area}) 555-{line}"
            if style == 1:
                return f"{area}-555-{line}"
            return f"+1 {area} 555 {line}"

        identifiers = Identifiers(
            names=[f"{first} {last}"],
            aliases=[alias],
            handles=[handle],
            phones=[phone()],
            emails=[f"{first.lower()}.{last.lower()}@example.org"],
            places=[place],
            employers=[employer],
            other=[rng.choice(P.OTHER_IDENTIFIERS)],
        )
        if working or former:
            identifiers.aliases.append(nickname)
            identifiers.emails.append(
                f"{alias.split()[0].lower()}.{rng.choice(P.HANDLE_WORDS)}@example.com"
            )
        if working and rng.random() < 0.5:
            identifiers.employers.append(rng.choice(P.EMPLOYERS))
        if rng.random() < 0.5:
            identifiers.handles.append(f"@{word_b}_{word_a}{rng.randint(1, 99)}")
        if rng.random() < 0.4:
            identifiers.places.append(place2)

        members: list[Member] = []
        if couple:
            display_name = f"{first} & {partner}"
            identifiers.names.append(f"{partner} {partner_last}")
            identifiers.phones.append(phone())
            identifiers.emails.append(f"{partner.lower()}{rng.randint(1, 99)}@example.com")
            members = [
                Member(label="Partner A", name=f"{first} {last}", pronouns=pronouns),
                Member(
                    label="Partner B", name=f"{partner} {partner_last}", pronouns=partner_pronouns
                ),
            ]
            case_pronouns = ""
            their = "their"
        else:
            display_name = f"{first} {last[0]}."
            case_pronouns = pronouns
            their = P.POSSESSIVE[pronouns]

        ctx: dict[str, Any] = {
            "first": first,
            "partner": partner,
            "friend": friend,
            "their": their,
            "place": place,
            "place2": place2,
            "employer": employer,
            "alias": alias,
            "handle": handle,
            "goal": "",
        }
        return display_name, case_pronouns, identifiers, members, ctx

    def end_date(self, status: CaseStatus) -> date:
        rng = self.rng
        if status is CaseStatus.ACTIVE:
            return BASE_DATE - timedelta(days=rng.randint(0, 10))
        if status is CaseStatus.PAUSED:
            return BASE_DATE - timedelta(days=rng.randint(30, 120))
        return BASE_DATE - timedelta(days=rng.randint(45, 400))

    def session_dates(self, count: int, status: CaseStatus) -> list[date]:
        """Ascending dates, weekly or fortnightly with the odd gap, ending per the status."""
        rng = self.rng
        end = self.end_date(status)
        if count == 0:
            return []
        cadence = rng.choice((7, 7, 7, 14, 14))
        gaps: list[int] = []
        for _ in range(count - 1):
            gap = cadence
            roll = rng.random()
            if roll < 0.07:
                gap += cadence  # holiday or a cancelled week
            elif roll < 0.25:
                gap += rng.choice((-2, -1, 1, 2))
            gaps.append(max(gap, 3))
        day = end - timedelta(days=sum(gaps))
        dates = [day]
        for gap in gaps:
            day += timedelta(days=gap)
            dates.append(day)
        return dates

    @staticmethod
    def course_template(number: int, count: int, status: CaseStatus) -> NoteTemplate | None:
        """Intake to closing: the first session is the intake, the second of a case that goes
        on the treatment plan, and the last of a closed case the closing summary."""
        if number == 1 and count >= 2:
            return NoteTemplate.INTAKE
        if number == 2 and count >= 4:
            return NoteTemplate.TREATMENT_PLAN
        if number == count and count >= 3 and status is CaseStatus.CLOSED:
            return NoteTemplate.CLOSING
        return None

    def pick_template(self, preferred: NoteTemplate) -> NoteTemplate:
        if self.rng.random() < 0.8:
            return preferred
        return _weighted(self.rng, _TEMPLATE_WEIGHTS)

    @staticmethod
    def pool(role: str, types: list[ClientType]) -> tuple[str, ...]:
        pool = P.GENERIC[role]
        for client_type in types:
            pool += P.BY_TYPE[client_type].get(role, ())
        return pool

    # ------------------------------------------------------------------ goals

    def goal(
        self,
        case_id: str,
        goal_id: str,
        text: str,
        first_at: datetime,
        last_at: datetime,
        *,
        has_sessions: bool,
    ) -> Goal:
        rng = self.rng
        status = _weighted(rng, _GOAL_STATUS_WEIGHTS) if has_sessions else GoalStatus.OPEN
        path: list[tuple[GoalStatus, str]] = []
        revised = text
        if status is GoalStatus.IN_PROGRESS:
            path = [(GoalStatus.IN_PROGRESS, text)]
        elif status is GoalStatus.MET:
            path = [(GoalStatus.IN_PROGRESS, text), (GoalStatus.MET, text)]
        elif status is GoalStatus.REVISED:
            revised = text + rng.choice(P.GOAL_REVISIONS)
            path = [(GoalStatus.IN_PROGRESS, text), (GoalStatus.REVISED, revised)]
        elif status is GoalStatus.SET_ASIDE:
            path = [(GoalStatus.SET_ASIDE, text)]

        span = max(0, int((last_at - first_at).total_seconds()))
        offsets = sorted(rng.randint(0, span) for _ in path)
        history = [GoalChange(at=first_at, status=GoalStatus.OPEN, text=text)]
        for (step_status, step_text), offset in zip(path, offsets, strict=True):
            at = first_at + timedelta(seconds=offset)
            history.append(GoalChange(at=at, status=step_status, text=step_text))
        return Goal(
            case_id=case_id,
            text=revised,
            id=goal_id,
            status=status,
            created_at=first_at,
            updated_at=history[-1].at,
            history=history,
        )

    # ------------------------------------------------------------------ a note

    def note(
        self,
        scope: _CaseScope,
        number: int,
        session_date: date,
        plan: _NotePlan,
        ending: CaseStatus | None,
    ) -> tuple[Note, list[NoteRevision]]:
        """One session note (and its drafts, if it has any) for the ``number``-th session."""
        rng = self.rng
        ctx, goals, couple = scope.ctx, scope.goals, scope.couple
        template = plan.template or NoteTemplate.FREE
        fmt = plan.format or SessionFormat.IN_PERSON
        goal_ids: list[str] = []
        if goals and links_goals(template):
            goal_ids = list(goals)  # the plan and the closing summary link every goal
        elif goals and (template is NoteTemplate.GIRP or rng.random() < GOAL_LINK_CHANCE):
            linked = rng.sample(list(goals), min(len(goals), rng.randint(1, 2)))
            goal_ids = [goal_id for goal_id in goals if goal_id in linked]  # goal order

        ctx["n"] = number
        ctx["n_next"] = number + rng.randint(2, 4)
        ctx["score"] = rng.randint(2, 9)
        ctx["prev"] = rng.randint(2, 8)
        ctx["up"] = min(10, ctx["prev"] + rng.randint(1, 2))
        ctx["hours"] = rng.randint(5, 8)
        ctx["weekday"] = rng.choice(P.WEEKDAYS)
        ctx["goal"] = goals[goal_ids[0]] if goal_ids else ""

        pools = scope.pools
        opening: str | None = None
        if number == 1:
            opening = rng.choice(P.INTAKE_LINES).format_map(ctx)
            pools = scope.intake_pools
        if ending is not None:
            closing = ending is CaseStatus.CLOSED
            if opening is None:
                lines = P.CLOSING_LINES if closing else P.PAUSE_LINES
                opening = rng.choice(lines).format_map(ctx)
            pools = dict(pools, plan=P.CLOSING_PLAN if closing else P.PAUSE_PLAN)

        note_topics = rng.sample(scope.topics, 2)
        parts = self.compose(template, ctx, pools, note_topics, opening)
        sections = _render(template, parts)

        if number == 1:
            duration = 80 if couple else 75
        elif fmt is SessionFormat.PHONE:
            duration = rng.choice((30, 40, 50))
        elif couple:
            duration = rng.choice((75, 75, 90, 60))
        else:
            duration = rng.choice((50, 50, 50, 45, 60))
        tags = note_topics[: rng.choice((0, 1, 1, 2))]
        reflection = self.reflection(ctx, scope)

        start = datetime.combine(session_date, time(scope.hour, rng.choice((0, 0, 30)), tzinfo=UTC))
        created_at = start + timedelta(minutes=duration) + self.minutes(5, 120)
        note = Note(
            case_id=scope.case_id,
            session_date=session_date,
            id=self.uuid(),
            duration_minutes=duration,
            format=fmt,
            template=template,
            sections=sections,
            tags=list(tags),
            reflection=reflection,
            goal_ids=goal_ids,
            created_at=created_at,
            updated_at=created_at,
        )

        drafts: list[NoteRevision] = []
        if plan.signed:
            note.signed_at = created_at + self.minutes(20, 4000)
            note.updated_at = note.signed_at
            note.content_hash = note_content_hash(note)
            if plan.addenda:
                at = note.signed_at
                for _ in range(rng.randint(1, 2)):
                    at += self.minutes(60 * 12, 60 * 24 * 14)
                    text = rng.choice(P.ADDENDA).format_map(ctx)
                    note.addenda.append(
                        Addendum(note_id=note.id, text=text, id=self.uuid(), created_at=at)
                    )
        elif plan.revisions:
            saved_at = created_at
            count = rng.randint(1, 2)
            for level in range(count, 0, -1):  # earliest draft is the least complete
                drafts.append(
                    NoteRevision(
                        note_id=note.id,
                        saved_at=saved_at,
                        session_date=session_date,
                        duration_minutes=duration,
                        format=fmt,
                        template=template,
                        sections=_render(template, parts, drop=level),
                        tags=list(tags[: max(0, len(tags) - level)]),
                        reflection={} if level > 1 else dict(reflection),
                        id=self.uuid(),
                    )
                )
                saved_at += self.minutes(15, 60 * 30)
            note.updated_at = saved_at
        else:
            note.updated_at = created_at + self.minutes(0, 90)
        return note, drafts

    def compose(
        self,
        template: NoteTemplate,
        ctx: dict[str, Any],
        pools: dict[str, tuple[str, ...]],
        note_topics: list[str],
        opening: str | None,
    ) -> list[_Part]:
        """Sentences per section part, sized so the note lands in the target range."""
        rng = self.rng
        total = rng.randint(880, 1180)
        parts: list[_Part] = []
        for key, share in zip(section_keys(template), _SECTION_SHARES[template], strict=True):
            for role, part_share in _SECTION_PARTS[key]:
                parts.append(_Part(key, role, round(total * share * part_share)))
        used: dict[str, set[int]] = {role: set() for role in _ROLES}

        if opening is not None:
            parts[0].fixed.append((0, opening))
        # Topic lines, so search vocabulary varies from note to note.
        candidates = [part for part in parts if part.role in _TOPIC_ROLES]
        for part, topic in zip((candidates[0], rng.choice(candidates)), note_topics, strict=True):
            position = rng.randint(1 if part.fixed else 0, 3)
            lines = P.TOPICS[topic]
            if opening is not None:  # first or last session: keep to lines that fit anywhere
                lines = _first_session_only(lines) or lines
            part.fixed.append((position, rng.choice(lines).format_map(ctx)))

        for part in parts:
            pool = pools[part.role]
            length = part.length()
            while True:
                sentence = self.pick(pool, used[part.role], ctx)
                if sentence is None:
                    break
                if part.sentences and length + 1 + len(sentence) / 2 > part.target:
                    break
                part.sentences.append(sentence)
                length = part.length()

        # Repair the total if the greedy fill missed the range.
        for _ in range(40):
            size = _size(parts)
            if size < NOTE_TEXT_MIN:
                growable = [p for p in parts if len(used[p.role]) < len(pools[p.role])]
                if not growable:
                    break
                part = min(growable, key=lambda p: p.length() - p.target)
                sentence = self.pick(pools[part.role], used[part.role], ctx)
                if sentence is not None:
                    part.sentences.append(sentence)
            elif size > NOTE_TEXT_MAX:
                trimmable = [p for p in parts if p.sentences and len(p.merged()) >= 2]
                if not trimmable:
                    break
                part = max(trimmable, key=lambda p: p.length() - p.target)
                part.sentences.pop()
            else:
                break
        return parts

    def pick(self, pool: tuple[str, ...], used: set[int], ctx: dict[str, Any]) -> str | None:
        if len(used) >= len(pool):
            return None
        index = self.rng.randrange(len(pool))
        tries = 0
        while index in used:
            tries += 1
            if tries > 4:
                index = next(i for i in range(len(pool)) if i not in used)
                break
            index = self.rng.randrange(len(pool))
        used.add(index)
        return pool[index].format_map(ctx)

    def reflection(self, ctx: dict[str, Any], scope: _CaseScope) -> dict[str, Any]:
        """Answers to the default library's prompts for this case's types (some sessions have
        none), in the shapes the reflection panel writes: option ids, lists, scale points."""
        rng = self.rng
        types = set(scope.types)
        if rng.random() < EMPTY_REFLECTION_CHANCE:
            return {}
        result: dict[str, Any] = {}
        needs = rng.sample(scope.needs, rng.randint(1, 2))
        if ClientType.CLIENT_OF_SEX_WORKERS in types:
            result["cosw_needs_met"] = [n for n in P.NEED_OPTION_IDS if n in needs]
        elif types & {ClientType.COUPLE, ClientType.OCSB}:
            result["needs_met"] = [n for n in P.NEED_OPTION_IDS if n in needs]
        if ClientType.OTHER in types:
            reasons = rng.sample(P.OTHER_REASON_OPTION_IDS, rng.randint(1, 2))
            result["other_reasons"] = [o for o in P.OTHER_REASON_OPTION_IDS if o in reasons]
        if ClientType.CURRENT_SEX_WORKER in types:
            gives = rng.sample(P.WORK_GIVES_OPTION_IDS, rng.randint(1, 2))
            result["csw_work_gives"] = [o for o in P.WORK_GIVES_OPTION_IDS if o in gives]
        comments: dict[str, str] = {}
        if ClientType.CLIENT_OF_SEX_WORKERS in types:
            result["cosw_agreement"] = rng.choice(P.WITHIN_AGREEMENT)
            result["cosw_assert_needs"] = rng.randint(1, 5)
            result["cosw_function"] = rng.choice(P.SYSTEMIC_FUNCTIONS)
        if ClientType.COUPLE in types:
            result["couple_function"] = rng.choice(P.SYSTEMIC_FUNCTIONS)
            result["couple_structure"] = P.RELATIONSHIP_STRUCTURES[
                int(scope.case_id[:8], 16) % len(P.RELATIONSHIP_STRUCTURES)
            ]
            result["couple_voice_a"] = rng.randint(2, 5)
            result["couple_voice_b"] = rng.randint(1, 4)
            result["couple_roles"] = _couple_roles(types)
        if ClientType.OCSB in types:
            result["ocsb_values_or_dysregulation"] = rng.choice(P.VALUES_OR_DYSREGULATION)
            result["ocsb_function"] = rng.choice(P.SYSTEMIC_FUNCTIONS)
        if ClientType.CURRENT_SEX_WORKER in types:
            stressors = rng.sample(P.STRESSOR_OPTION_IDS, rng.randint(1, 2))
            result["csw_stressors"] = [o for o in P.STRESSOR_OPTION_IDS if o in stressors]
            comments["csw_stressors"] = _sentence(rng.choice(P.SAFETY_STIGMA))
            result["csw_safety"] = _sentence(
                "; ".join(
                    rng.choice(pool)
                    for pool in (P.SAFETY_WORKPLACE, P.SAFETY_SCREENING, P.SAFETY_LEGAL)
                )
            )
            practices = rng.sample(P.HARM_REDUCTION_OPTION_IDS, rng.randint(1, 3))
            result["csw_harm_reduction"] = [
                o for o in P.HARM_REDUCTION_OPTION_IDS if o in practices
            ]
        if ClientType.FORMER_SEX_WORKER in types:
            result["fsw_leaving"] = rng.choice(P.LEAVING_OPTION_IDS)
        # Risk and safety, for every case: asked, never presumed.
        result["risk_self_harm"] = rng.choice(P.RISK_SELF_HARM)
        result["risk_relationship"] = rng.choice(P.RISK_RELATIONSHIP)
        result["risk_safety_plan_status"] = rng.choice(P.SAFETY_PLAN_STATUS)
        if result["risk_safety_plan_status"] == "in_place":
            result["risk_safety_plan"] = rng.choice(P.SAFETY_PLANS)
        # Self-check answers that fit the case's types.
        # scope.types, a list: iterating the set would follow the hash seed.
        fitting = ["none", "none", *(a for ct in scope.types for a in P.ASSUMPTIONS_BY_TYPE[ct])]
        result["self_check_assumptions"] = [rng.choice(fitting)]
        stance = ["none", "none", *(a for ct in scope.types for a in P.STANCE_BY_TYPE[ct])]
        result["self_check_stance"] = [rng.choice(stance)]
        result["self_check_feelings"] = rng.choice(scope.checks).format_map(ctx)
        if comments:
            result[NOTES_KEY] = comments
        return result


def _couple_roles(types: set[ClientType]) -> list[str]:
    """Which partner is which, for a couple case: Partner A is the one the other type names."""
    roles = []
    if ClientType.CURRENT_SEX_WORKER in types or ClientType.FORMER_SEX_WORKER in types:
        roles.append("a_worker")
    if ClientType.CLIENT_OF_SEX_WORKERS in types:
        roles.append("a_client")
    return roles or ["neither"]


def _sentence(text: str) -> str:
    """``text`` with its first letter in capitals (the rest kept: "GP" stays "GP") and a stop."""
    return text[:1].upper() + text[1:] + "."


_EARLIER_SESSION_MARKERS = (
    "last session",
    "last time",
    "last week",
    "again",
    "continue",
    "revisit",
    "return to",
    "{prev}",
    "{up}",
    "four sessions",
)


def _first_session_only(pool: tuple[str, ...]) -> tuple[str, ...]:
    """The lines of a pool that make sense in an intake note."""
    return tuple(
        line for line in pool if not any(m in line.lower() for m in _EARLIER_SESSION_MARKERS)
    )


def _size(parts: list[_Part]) -> int:
    """Total characters of the rendered sections (joins between parts included)."""
    size = sum(part.length() for part in parts)
    for previous, part in pairwise(parts):
        if previous.section == part.section:
            size += 2 if part.section in _PARAGRAPH_SECTIONS else 1
    return size


def _render(template: NoteTemplate, parts: list[_Part], drop: int = 0) -> dict[str, str]:
    """Section text from parts; ``drop`` leaves off trailing sentences, as in an earlier draft."""
    pieces: dict[str, list[str]] = {key: [] for key in section_keys(template)}
    for part in parts:
        pieces[part.section].append(" ".join(part.merged(drop)))
    return {
        key: ("\n\n" if key in _PARAGRAPH_SECTIONS else " ").join(texts)
        for key, texts in pieces.items()
    }
