"""Shared test material for the interchange tests: a hand-built set of cases that uses every
field of the format, a comparison that ignores ids, and hypothesis strategies for bundles and
for arbitrary JSON. All people and details here are fictional."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from casenotes.core.domain import (
    TEMPLATES,
    Addendum,
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
    SessionFormat,
    note_content_hash,
    section_keys,
)
from casenotes.core.domain.templates import NoteTemplate
from casenotes.core.interchange.spec import MAX_REFLECTION_DEPTH

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")

# --- a hand-built set of cases using every field ----------------------------------------------

T0 = datetime(2024, 1, 15, 9, 30, tzinfo=UTC)
AEST = timezone(timedelta(hours=10))  # a non-UTC offset: written out as UTC, read back equal


def at(days: int, *, micro: int = 0) -> datetime:
    return T0 + timedelta(days=days, microseconds=micro)


def sample_bundles() -> list[CaseBundle]:
    """Three fictional cases that between them use every field and every enum value."""
    # Case 1: an individual client, every identifier kind, signed and unsigned notes.
    robin = Case(
        code="C-0142",
        display_name="Robin Ashdown",
        client_types=[ClientType.CURRENT_SEX_WORKER, ClientType.OTHER],
        tags=["boundaries", "workplace safety", "étude"],
        status=CaseStatus.ACTIVE,
        pronouns="she/they",
        intake_date=date(2024, 1, 15),
        identifiers=Identifiers(
            names=["Robin Ashdown", "Robin"],
            aliases=["Rae"],
            handles=["@rae_example"],
            phones=["+61 400 000 000"],
            emails=["rae@example.org"],
            places=["Fitzroy"],
            employers=["Example Studio"],
            other=["student number 0000000"],
        ),
        members=[],
        created_at=at(0),
        updated_at=at(40, micro=123456),
        deleted_at=None,
    )
    goal_hours = Goal(
        case_id=robin.id,
        text="Plan working hours around study",
        status=GoalStatus.IN_PROGRESS,
        created_at=at(0),
        updated_at=at(14),
        history=[
            GoalChange(at(0), GoalStatus.OPEN, "Plan working hours"),
            GoalChange(at(14), GoalStatus.IN_PROGRESS, "Plan working hours around study"),
        ],
    )
    goal_rest = Goal(
        case_id=robin.id,
        text="Rest days that feel like rest",
        status=GoalStatus.MET,
        created_at=at(1),
        updated_at=at(30),
        history=[GoalChange(at(30), GoalStatus.MET, "Rest days that feel like rest")],
    )
    goal_old = Goal(
        case_id=robin.id,
        text="Reduce screening stress",
        status=GoalStatus.REVISED,
        created_at=at(2),
        updated_at=at(20),
    )
    goal_aside = Goal(
        case_id=robin.id,
        text="Talk with family about work",
        status=GoalStatus.SET_ASIDE,
        created_at=at(3),
        updated_at=at(21),
    )
    soap = Note(
        case_id=robin.id,
        session_date=date(2024, 1, 22),
        duration_minutes=50,
        format=SessionFormat.IN_PERSON,
        template=NoteTemplate.SOAP,
        sections={
            "subjective": "Describes the work as chosen and well paid; wants more rest.",
            "objective": "Relaxed, engaged, laughed often.",
            "assessment": "Work meets a need for independence and competence.",
            "plan": "Map a typical week next session.",
        },
        tags=["rest", "planning"],
        reflection={
            "need": {"kinds": ["autonomy", "competence"], "note": "Independence matters most."},
            "systemic_function": "Gives structure and income that support study.",
            "assumption_check": {"checked": True, "score": 3, "weight": 0.5, "missing": None},
        },
        goal_ids=[goal_hours.id, goal_rest.id],
        created_at=at(7),
        updated_at=at(7, micro=500000),
        signed_at=at(8).astimezone(AEST),
    )
    _signed_before_format_3(soap)
    soap.addenda = [
        Addendum(note_id=soap.id, text="Correction: session was 50 minutes.", created_at=at(9)),
        Addendum(note_id=soap.id, text="Client asked for a copy of the plan.", created_at=at(10)),
    ]
    dap = Note(
        case_id=robin.id,
        session_date=date(2024, 1, 29),
        duration_minutes=45,
        format=SessionFormat.TELEHEALTH,
        template=NoteTemplate.DAP,
        sections={"data": "Talked through a new booking platform.", "plan": "Follow up."},
        tags=[],
        reflection={},
        goal_ids=[goal_old.id],
        created_at=at(14),
        updated_at=at(15),
    )
    dap_revisions = [
        NoteRevision(
            note_id=dap.id,
            saved_at=at(14, micro=1),
            session_date=date(2024, 1, 28),
            duration_minutes=40,
            format=SessionFormat.PHONE,
            template=NoteTemplate.FREE,
            sections={"body": "First draft — café chat ☕ 你好"},
            tags=["draft"],
            reflection={"need": "unclear yet", "nested": [[1, 2.25], {"deep": [None, False]}]},
        ),
        # The golden v1 file predates goal links in revisions (see test_roundtrip).
        replace(NoteRevision.of(dap, saved_at=at(15)), goal_ids=[]),
    ]
    birp = Note(
        case_id=robin.id,
        session_date=date(2024, 2, 5),
        duration_minutes=0,
        format=SessionFormat.PHONE,
        template=NoteTemplate.BIRP,
        sections={
            "behavior": "Brief check-in call.",
            "intervention": "",
            "response": "Said the week went well.",
            "plan": "Next session as planned.",
        },
        goal_ids=[],
        created_at=at(21),
        updated_at=at(21),
        deleted_at=at(22),
    )
    unsigned_with_hash = Note(
        case_id=robin.id,
        session_date=date(2024, 2, 12),
        duration_minutes=1440,
        template=NoteTemplate.GIRP,
        sections={"goals": "Rest days", "intervention": "Values card sort", "response": "Curious"},
        goal_ids=[goal_aside.id],
        created_at=at(28),
        updated_at=at(28),
        content_hash="0" * 64,  # a stale hash on an unsigned note is kept, not checked
    )
    first = CaseBundle(
        case=robin,
        goals=[goal_hours, goal_rest, goal_old, goal_aside],
        notes=[soap, dap, birp, unsigned_with_hash],
        revisions={dap.id: dap_revisions},
    )

    # Case 2: a couple, paused, with members.
    couple = Case(
        code="C-0150",
        display_name="Jordan Vale & Sam Okafor",
        client_types=[ClientType.COUPLE, ClientType.CLIENT_OF_SEX_WORKERS],
        status=CaseStatus.PAUSED,
        members=[
            Member(label="Partner A", name="Jordan Vale", pronouns="he/him"),
            Member(label="Partner B", name="Sam Okafor", pronouns="they/them"),
            Member(label="Partner C"),
        ],
        created_at=at(5),
        updated_at=at(6),
    )
    agreement = Goal(
        case_id=couple.id,
        text="Write down the agreement both partners want",
        created_at=at(5),
        updated_at=at(5),
    )
    free = Note(
        case_id=couple.id,
        session_date=date(2024, 2, 1),
        sections={"body": "Each partner named what the agreement is for.\nLine two\ttabbed."},
        reflection={"systemic_function": "Keeps a kind of sex outside the relationship's rules."},
        goal_ids=[agreement.id],
        created_at=at(17),
        updated_at=at(17),
        signed_at=at(18),
    )
    _signed_before_format_3(free)
    second = CaseBundle(case=couple, goals=[agreement], notes=[free])

    # Case 3: closed and in the trash, no notes.
    closed = Case(
        code="C-0099",
        display_name="Alex Marlow",
        client_types=[ClientType.FORMER_SEX_WORKER, ClientType.OCSB],
        status=CaseStatus.CLOSED,
        pronouns="he/him",
        created_at=at(-300).astimezone(AEST),
        updated_at=at(-10),
        deleted_at=at(-5),
    )
    third = CaseBundle(case=closed)
    return [first, second, third]


# --- comparing bundles while ignoring ids -------------------------------------------------------


def with_ids_of(expected: CaseBundle, actual: CaseBundle) -> CaseBundle:
    """``expected`` with every id (and reference) replaced by the matching one in ``actual``.

    Records are matched by position. Revision lists that are empty are dropped, since the format
    does not distinguish "no revisions" from "an empty list of revisions".
    """
    assert len(expected.goals) == len(actual.goals)
    assert len(expected.notes) == len(actual.notes)
    case_id = actual.case.id
    goal_ids = {e.id: a.id for e, a in zip(expected.goals, actual.goals, strict=True)}
    note_ids = {e.id: a.id for e, a in zip(expected.notes, actual.notes, strict=True)}
    goals = [replace(g, id=goal_ids[g.id], case_id=case_id) for g in expected.goals]
    notes = []
    for note, got in zip(expected.notes, actual.notes, strict=True):
        assert len(note.addenda) == len(got.addenda)
        new_id = note_ids[note.id]
        addenda = [
            replace(a, id=b.id, note_id=new_id)
            for a, b in zip(note.addenda, got.addenda, strict=True)
        ]
        notes.append(
            replace(
                note,
                id=new_id,
                case_id=case_id,
                goal_ids=[goal_ids[g] for g in note.goal_ids],
                addenda=addenda,
            )
        )
    revisions = {}
    for note_id, revs in expected.revisions.items():
        if not revs:
            continue
        new_id = note_ids[note_id]
        got_revs = actual.revisions.get(new_id, [])
        assert len(revs) == len(got_revs)
        revisions[new_id] = [
            replace(r, id=g.id, note_id=new_id, goal_ids=[goal_ids[x] for x in r.goal_ids])
            for r, g in zip(revs, got_revs, strict=True)
        ]
    process_notes = {
        note_ids[k]: replace(p, note_id=note_ids[k]) for k, p in expected.process_notes.items()
    }
    for key, process in process_notes.items():
        process.id = actual.process_notes[key].id
    return CaseBundle(
        case=replace(expected.case, id=case_id),
        goals=goals,
        notes=notes,
        revisions=revisions,
        process_notes=process_notes,
    )


def _signed_before_format_3(note: Note) -> None:
    """Sign as the vault did before format 3, whose hash (version 1) covered the reflection:
    what the golden v1 file holds."""
    note.hash_version = 1
    note.signed_reflection = dict(note.reflection)
    note.content_hash = note_content_hash(note, 1)


def all_ids(bundles: Sequence[CaseBundle]) -> list[str]:
    ids: list[str] = []
    for bundle in bundles:
        ids.append(bundle.case.id)
        ids.extend(goal.id for goal in bundle.goals)
        for note in bundle.notes:
            ids.append(note.id)
            ids.extend(addendum.id for addendum in note.addenda)
        for revs in bundle.revisions.values():
            ids.extend(revision.id for revision in revs)
    return ids


def assert_same_except_ids(expected: Sequence[CaseBundle], actual: Sequence[CaseBundle]) -> None:
    """Equal in every field but ids; the ids of ``actual`` are fresh, unique UUIDs and every
    reference inside it (case, goal, note ids) points at the right new record."""
    assert len(expected) == len(actual)
    for exp, got in zip(expected, actual, strict=True):
        assert with_ids_of(exp, got) == got
        for goal in got.goals:
            assert goal.case_id == got.case.id
        for note in got.notes:
            assert note.case_id == got.case.id
            assert all(addendum.note_id == note.id for addendum in note.addenda)
        note_ids = {note.id for note in got.notes}
        for note_id, revs in got.revisions.items():
            assert note_id in note_ids
            assert revs, "empty revision lists are not produced"
            assert all(revision.note_id == note_id for revision in revs)
    new_ids = all_ids(actual)
    assert all(UUID_RE.fullmatch(i) for i in new_ids)
    assert len(set(new_ids)) == len(new_ids)
    assert not set(new_ids) & set(all_ids(expected))


# --- hypothesis strategies ----------------------------------------------------------------------

texts = st.text(max_size=20)
codes = st.text(min_size=1, max_size=12).filter(lambda s: s.strip() != "")
OFFSETS = [UTC, AEST, timezone(-timedelta(hours=7, minutes=30)), timezone(timedelta(0))]
aware_datetimes = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2200, 12, 31),
    timezones=st.sampled_from(OFFSETS),
)
dates = st.dates()
json_leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts
)


def _reflection_values() -> st.SearchStrategy[Any]:
    """JSON values that fit inside a reflection object without passing the depth limit."""
    # A reflection is level 1; a container directly inside it is level 2, and so on.
    strategy: st.SearchStrategy[Any] = json_leaves  # a value at level MAX + 1: leaves only
    for _level in range(MAX_REFLECTION_DEPTH, 1, -1):
        strategy = (
            json_leaves
            | st.lists(strategy, max_size=2)
            | st.dictionaries(texts, strategy, max_size=2)
        )
    return strategy


reflections = st.dictionaries(texts, _reflection_values(), max_size=3)


@st.composite
def note_contents(draw: st.DrawFn) -> dict[str, Any]:
    template = draw(st.sampled_from(list(NoteTemplate)))
    return {
        "session_date": draw(dates),
        "duration_minutes": draw(st.integers(0, 1440)),
        "format": draw(st.sampled_from(list(SessionFormat))),
        "template": template,
        "sections": draw(st.dictionaries(st.sampled_from(section_keys(template)), texts)),
        "tags": draw(st.lists(texts, max_size=3)),
        "reflection": draw(reflections),
    }


@st.composite
def bundles(draw: st.DrawFn, code: str) -> CaseBundle:
    case = Case(
        code=code,
        display_name=draw(texts),
        client_types=draw(st.lists(st.sampled_from(list(ClientType)), unique=True)),
        tags=draw(st.lists(texts, max_size=3)),
        status=draw(st.sampled_from(list(CaseStatus))),
        pronouns=draw(texts),
        intake_date=draw(st.none() | dates),
        identifiers=Identifiers(
            **{kind: draw(st.lists(texts, max_size=2)) for kind in Identifiers.__dataclass_fields__}
        ),
        members=[
            Member(label=draw(texts), name=draw(texts), pronouns=draw(texts))
            for _ in range(draw(st.integers(0, 2)))
        ],
        created_at=draw(aware_datetimes),
        updated_at=draw(aware_datetimes),
        deleted_at=draw(st.none() | aware_datetimes),
    )
    goals = [
        Goal(
            case_id=case.id,
            text=draw(texts),
            status=draw(st.sampled_from(list(GoalStatus))),
            created_at=draw(aware_datetimes),
            updated_at=draw(aware_datetimes),
            history=[
                GoalChange(
                    draw(aware_datetimes), draw(st.sampled_from(list(GoalStatus))), draw(texts)
                )
                for _ in range(draw(st.integers(0, 2)))
            ],
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    notes = []
    revisions: dict[str, list[NoteRevision]] = {}
    for _ in range(draw(st.integers(0, 3))):
        refs = draw(st.lists(st.sampled_from(range(len(goals))), unique=True)) if goals else []
        note = Note(
            case_id=case.id,
            **draw(note_contents()),
            goal_ids=[goals[i].id for i in refs],
            created_at=draw(aware_datetimes),
            updated_at=draw(aware_datetimes),
            deleted_at=draw(st.none() | aware_datetimes),
        )
        if draw(st.booleans()):
            note.signed_at = draw(aware_datetimes)
            note.content_hash = note_content_hash(note)
        else:
            note.content_hash = draw(
                st.none() | st.text("0123456789abcdef", min_size=64, max_size=64)
            )
        note.addenda = [
            Addendum(note_id=note.id, text=draw(texts), created_at=draw(aware_datetimes))
            for _ in range(draw(st.integers(0, 2)))
        ]
        revs = [
            NoteRevision(note_id=note.id, saved_at=draw(aware_datetimes), **draw(note_contents()))
            for _ in range(draw(st.integers(0, 2)))
        ]
        keep_if_empty = draw(st.booleans())
        if revs or keep_if_empty:
            revisions[note.id] = revs  # sometimes an empty list: same as no entry
        notes.append(note)
    return CaseBundle(case=case, goals=goals, notes=notes, revisions=revisions)


@st.composite
def bundle_lists(draw: st.DrawFn) -> list[CaseBundle]:
    case_codes = draw(st.lists(codes, max_size=3, unique=True))
    return [draw(bundles(code)) for code in case_codes]


def json_values(strings: st.SearchStrategy[str] = texts) -> st.SearchStrategy[Any]:
    """Arbitrary JSON values (any depth the size allows, any integer size)."""
    leaves = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | strings
    )
    return st.recursive(
        leaves,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(strings, children, max_size=4)
        ),
        max_leaves=20,
    )


def templates_with_sections() -> list[tuple[NoteTemplate, tuple[str, ...]]]:
    return [(template, section_keys(template)) for template in TEMPLATES]
