"""The fictional demo generator: deterministic, exact counts, full coverage, affirming language."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from typing import Any

import pytest

from casenotes.core.demo import BASE_DATE, DEMO_TAG, generate_demo
from casenotes.core.demo.phrases import BANNED_WORDS
from casenotes.core.domain import (
    COUPLE_ATTENDANCE,
    INDIVIDUAL_ATTENDANCE,
    KIND_TEMPLATES,
    Attendance,
    CaseBundle,
    CaseStatus,
    ClientType,
    ContactChannel,
    Note,
    NoteKind,
    NoteTemplate,
    SessionFormat,
    note_content_hash,
    section_keys,
    signature_matches,
)
from casenotes.core.domain.models import HASH_VERSION
from casenotes.core.domain.templates import RELEASED_TEMPLATES, links_goals
from casenotes.core.prompts import NOTES_KEY, clean_answer, load_default_library, prompts_for

SEEDS = (1, 2, 3, 7, 42)


@cache
def demo(cases: int = 12, notes: int = 120, seed: int = 1) -> tuple[CaseBundle, ...]:
    """Cached, read-only: tests must not mutate what this returns."""
    return tuple(generate_demo(cases=cases, notes=notes, seed=seed))


def all_notes(bundles: tuple[CaseBundle, ...] | list[CaseBundle]) -> Iterator[Note]:
    for bundle in bundles:
        yield from bundle.notes


def text_size(note: Note) -> int:
    return sum(len(text) for text in note.sections.values())


def dump(bundles: tuple[CaseBundle, ...] | list[CaseBundle]) -> str:
    """Every string the generator produced, as one JSON document."""
    return json.dumps([dataclasses.asdict(b) for b in bundles], default=str, sort_keys=True)


# ---------------------------------------------------------------- determinism


def test_same_arguments_give_identical_output() -> None:
    first = generate_demo(cases=12, notes=120, seed=5)
    second = generate_demo(cases=12, notes=120, seed=5)
    assert first == second
    assert dump(first) == dump(second)


def test_another_seed_gives_other_data() -> None:
    first, second = demo(seed=1), demo(seed=2)
    assert {b.case.id for b in first}.isdisjoint({b.case.id for b in second})
    assert [n.sections for n in all_notes(first)] != [n.sections for n in all_notes(second)]
    assert [b.case.display_name for b in first] != [b.case.display_name for b in second]


def test_output_does_not_depend_on_hash_seed() -> None:
    script = (
        "import hashlib, json, dataclasses;"
        "from casenotes.core.demo import generate_demo;"
        "b = generate_demo(cases=8, notes=40, seed=3);"
        "d = json.dumps([dataclasses.asdict(x) for x in b], default=str, sort_keys=True);"
        "print(hashlib.sha256(d.encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        result = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        digests.add(result.stdout.strip())
    expected = hashlib.sha256(dump(demo(8, 40, 3)).encode()).hexdigest()
    assert digests == {expected}


def test_ids_are_unique_lowercase_uuid4() -> None:
    bundles = demo(30, 400, 1)
    ids: list[str] = []
    for bundle in bundles:
        ids.append(bundle.case.id)
        ids += [goal.id for goal in bundle.goals]
        for note in bundle.notes:
            ids.append(note.id)
            ids += [addendum.id for addendum in note.addenda]
        ids += [rev.id for revs in bundle.revisions.values() for rev in revs]
    assert len(ids) == len(set(ids))
    for value in ids:
        parsed = uuid.UUID(value)
        assert str(parsed) == value
        assert parsed.version == 4


# ---------------------------------------------------------------- counts


@pytest.mark.parametrize(
    ("cases", "notes"),
    [(12, 120), (6, 5), (1, 10), (1, 0), (10, 3), (40, 2000), (3, 1), (7, 0)],
)
def test_counts_are_exactly_as_asked(cases: int, notes: int) -> None:
    bundles = generate_demo(cases=cases, notes=notes, seed=4)
    assert len(bundles) == cases
    assert sum(len(b.notes) for b in bundles) == notes
    assert [b.case.code for b in bundles] == [f"C-{i:03d}" for i in range(1, cases + 1)]


def test_zero_cases() -> None:
    assert generate_demo(cases=0, notes=0) == []
    with pytest.raises(ValueError):
        generate_demo(cases=0, notes=5)


@pytest.mark.parametrize(("cases", "notes"), [(-1, 0), (3, -1)])
def test_negative_counts_are_refused(cases: int, notes: int) -> None:
    with pytest.raises(ValueError):
        generate_demo(cases=cases, notes=notes)


def test_distribution_is_uneven_with_some_empty_cases() -> None:
    counts = [len(b.notes) for b in demo(40, 2000, 1)]
    assert 0 in counts
    assert max(counts) >= 2 * (2000 // 40)
    assert sum(1 for c in counts if c == 0) <= 40 // 4


def test_single_case_holds_every_note() -> None:
    (bundle,) = generate_demo(cases=1, notes=25, seed=9)
    assert len(bundle.notes) == 25


def test_more_cases_than_notes() -> None:
    bundles = generate_demo(cases=20, notes=4, seed=2)
    assert sum(len(b.notes) for b in bundles) == 4
    assert sum(1 for b in bundles if not b.notes) >= 16


# ---------------------------------------------------------------- coverage


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("cases", "notes"), [(12, 120), (6, 5)])
def test_everything_is_covered_when_counts_allow(cases: int, notes: int, seed: int) -> None:
    bundles = demo(cases, notes, seed)
    types = {t for b in bundles for t in b.case.client_types}
    assert types == set(ClientType)
    assert any(
        {ClientType.COUPLE, ClientType.CLIENT_OF_SEX_WORKERS} <= set(b.case.client_types)
        for b in bundles
    )
    assert {b.case.status for b in bundles} == set(CaseStatus)
    templates = {n.template for n in all_notes(bundles)}
    assert templates >= set(RELEASED_TEMPLATES)
    if notes >= 100:  # intake to closing needs cases with a few sessions each
        # Every template, a consultation record and a contact of each channel among them.
        assert templates == set(NoteTemplate)
        others = {(n.kind, n.channel) for n in all_notes(bundles) if not n.is_session}
        assert others == {
            (NoteKind.CONSULTATION, None),
            *((NoteKind.CONTACT, channel) for channel in ContactChannel),
        }
    sessions = [n for n in all_notes(bundles) if n.is_session]
    assert {n.format for n in sessions} == set(SessionFormat)


@pytest.mark.parametrize("seed", SEEDS)
def test_who_attended_and_non_session_notes(seed: int) -> None:
    bundles = demo(12, 120, seed)
    for bundle in bundles:
        couple = ClientType.COUPLE in bundle.case.client_types
        allowed = COUPLE_ATTENDANCE if couple else INDIVIDUAL_ATTENDANCE
        for note in bundle.notes:
            if note.is_session:
                assert note.attendance in allowed
            else:
                assert note.attendance is None and not note.reflection and not note.goal_ids
                assert note.template is KIND_TEMPLATES[note.kind]
                assert note.id not in bundle.revisions
            if note.is_signed:
                assert signature_matches(note) and note.hash_version == HASH_VERSION
    attendances = {n.attendance for n in all_notes(bundles)}
    assert {Attendance.PARTNER_A, Attendance.PARTNER_B} & attendances  # one partner alone


@pytest.mark.parametrize("seed", SEEDS)
def test_history_of_every_kind_is_present(seed: int) -> None:
    bundles = demo(seed=seed)
    notes = list(all_notes(bundles))
    signed = [n for n in notes if n.is_signed]
    assert len(signed) == round(len(notes) / 5)
    assert any(n.addenda for n in signed)
    assert any(b.revisions for b in bundles)
    assert any(n.goal_ids for n in notes)
    assert any(n.reflection for n in notes)


# ---------------------------------------------------------------- per-record invariants


@pytest.mark.parametrize("seed", SEEDS)
def test_notes_are_well_formed(seed: int) -> None:
    for bundle in demo(20, 300, seed):
        case_goals = {goal.id for goal in bundle.goals}
        previous = None
        for note in bundle.notes:
            assert note.case_id == bundle.case.id
            assert tuple(note.sections) == section_keys(note.template)
            assert all(note.sections.values())
            if note.is_session:  # a consultation record or a contact is a few lines
                assert 800 <= text_size(note) <= 1300
            assert "{" not in note.text() and "}" not in note.text()
            assert set(note.goal_ids) <= case_goals
            assert len(note.goal_ids) == len(set(note.goal_ids))
            if note.template is NoteTemplate.GIRP:
                assert note.goal_ids
            assert bundle.case.intake_date is not None
            assert note.session_date >= bundle.case.intake_date
            assert note.session_date <= BASE_DATE
            if previous is not None:
                assert note.session_date > previous
            previous = note.session_date
            assert note.created_at <= note.updated_at
            assert note.deleted_at is None


@pytest.mark.parametrize("seed", SEEDS)
def test_signed_notes_hash_and_addenda(seed: int) -> None:
    for bundle in demo(20, 300, seed):
        for note in bundle.notes:
            if note.signed_at is None:
                assert note.content_hash is None
                assert note.addenda == []
                continue
            assert note.content_hash == note_content_hash(note)
            assert note.created_at < note.signed_at
            assert len(note.addenda) <= 2
            for addendum in note.addenda:
                assert addendum.note_id == note.id
                assert addendum.created_at > note.signed_at
                assert addendum.text


@pytest.mark.parametrize("seed", SEEDS)
def test_revisions_belong_to_unsigned_notes(seed: int) -> None:
    for bundle in demo(20, 300, seed):
        by_id = {note.id: note for note in bundle.notes}
        for note_id, revisions in bundle.revisions.items():
            note = by_id[note_id]
            assert not note.is_signed
            assert 1 <= len(revisions) <= 2
            times = [rev.saved_at for rev in revisions]
            assert times == sorted(times)
            assert times[-1] <= note.updated_at
            for rev in revisions:
                assert rev.note_id == note_id
                assert rev.template is note.template
                assert tuple(rev.sections) == section_keys(note.template)
                assert rev.sections != note.sections


@pytest.mark.parametrize("seed", SEEDS)
def test_goals(seed: int) -> None:
    for bundle in demo(20, 300, seed):
        assert 1 <= len(bundle.goals) <= 3
        for goal in bundle.goals:
            assert goal.case_id == bundle.case.id
            assert goal.history, "every goal has at least its opening entry"
            assert goal.history[-1].status is goal.status
            assert goal.history[-1].text == goal.text
            stamps = [change.at for change in goal.history]
            assert stamps == sorted(stamps)
            assert goal.updated_at == stamps[-1]


@pytest.mark.parametrize("seed", SEEDS)
def test_cases_and_identifiers(seed: int) -> None:
    phone = re.compile(r"^(\(\d{3}\) |\d{3}-|\+1 \d{3} )555[- ]01\d\d$")
    email = re.compile(r"^[a-z0-9._-]+@example\.(org|com)$")
    for bundle in demo(30, 200, seed):
        case = bundle.case
        ids = case.identifiers
        for kind, values in ids.as_dict().items():
            if kind != "other":
                assert values, f"{case.code}: no {kind}"
        assert ids.other
        assert all(h.startswith("@") and len(h) > 2 for h in ids.handles)
        assert all(phone.match(p) for p in ids.phones), ids.phones
        assert all(email.match(e) for e in ids.emails), ids.emails
        assert case.tags[0] == DEMO_TAG  # a demo case is told from a real one at a glance
        assert 2 <= len(case.tags[1:]) <= 4
        assert len(case.tags) == len(set(case.tags))
        assert case.created_at <= case.updated_at
        assert case.created_at.tzinfo is UTC
        assert case.deleted_at is None
        if ClientType.COUPLE in case.client_types:
            assert [m.label for m in case.members] == ["Partner A", "Partner B"]
            assert all(m.name and m.pronouns for m in case.members)
            assert case.members[0].name != case.members[1].name
            assert len(ids.names) == 2
        else:
            assert case.members == []
            assert case.pronouns


def test_timestamps_are_utc_and_not_from_the_clock() -> None:
    horizon = datetime.combine(BASE_DATE, datetime.min.time(), tzinfo=UTC).replace(
        year=BASE_DATE.year + 1
    )
    for bundle in demo(20, 300, 1):
        stamps = [bundle.case.created_at, bundle.case.updated_at]
        for note in bundle.notes:
            stamps += [note.created_at, note.updated_at]
            stamps += [s for s in (note.signed_at,) if s is not None]
            stamps += [a.created_at for a in note.addenda]
        stamps += [g.created_at for g in bundle.goals]
        stamps += [r.saved_at for revs in bundle.revisions.values() for r in revs]
        for stamp in stamps:
            assert stamp.utcoffset() is not None
            assert stamp.utcoffset() == UTC.utcoffset(None)
            assert stamp < horizon


def test_reflections_answer_the_default_library_for_the_case_types() -> None:
    library = load_default_library()
    answered = 0
    for bundle in demo(20, 300, 1):
        shown = {p.id: p for p in prompts_for(library, bundle.case.client_types)}
        for note in bundle.notes:
            reflection: dict[str, Any] = note.reflection
            json.dumps(reflection)  # JSON-compatible
            for key, value in reflection.items():
                if key == NOTES_KEY:
                    assert set(value) <= set(shown)
                    continue
                assert key in shown, (bundle.case.client_types, key)
                assert clean_answer(shown[key], value) == value, (key, value)
                offered = {o.id for o in shown[key].options}
                if offered:  # every chosen option is one the library offers
                    chosen = value if isinstance(value, list) else [value]
                    assert set(chosen) <= offered, (key, value)
                answered += 1
            charted = any(p.chart == "needs" for p in shown.values())
            if reflection and charted:
                assert any(
                    shown[k].chart == "needs" and reflection[k] for k in reflection if k in shown
                )
    assert answered > 100


def test_search_vocabulary_varies() -> None:
    notes = list(all_notes(demo(30, 600, 1)))
    for word in (
        "boundaries",
        "agreement",
        "disclosure",
        "stigma",
        "screening",
        "burnout",
        "rent",
        "sleep",
        "jealousy",
        "curiosity",
        "values",
        "consent",
    ):
        hits = sum(1 for n in notes if re.search(rf"\b{word}\b", n.text(), re.IGNORECASE))
        assert 0 < hits < len(notes), word


# ---------------------------------------------------------------- language


@pytest.mark.parametrize("seed", SEEDS)
def test_no_pathologising_or_slur_vocabulary(seed: int) -> None:
    text = dump(demo(30, 400, seed))
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(w) for w in BANNED_WORDS) + r")\b", re.IGNORECASE
    )
    found = sorted({m.group(0).lower() for m in pattern.finditer(text)})
    assert found == []


def test_banned_word_list_covers_the_brief() -> None:
    for word in (
        "prostitute",
        "prostitution",
        "john",
        "hooker",
        "sex addict",
        "addiction",
        "victim",
        "deviant",
        "whore",
    ):
        assert word in BANNED_WORDS


# ---------------------------------------------------------------- the clinical review's fixes


def test_the_review_s_wording_fixes() -> None:
    text = dump(demo(30, 400, 7))
    for old in ("bad-client", "entitlement frame", "came to light"):
        assert old not in text, old
    assert "bad date list" in text
    assert "after one partner told the other about the visits" in " ".join(
        b.case.presenting_concerns for seed in SEEDS for b in demo(30, 400, seed)
    )


def test_the_stigma_comment_keeps_its_capitals() -> None:
    comments = [
        note.reflection[NOTES_KEY]["csw_stressors"]
        for seed in SEEDS
        for note in all_notes(demo(30, 400, seed))
        if "csw_stressors" in note.reflection.get(NOTES_KEY, {})
    ]
    assert "Felt at the GP." in comments
    assert not any("gp" in c.lower() and "GP" not in c for c in comments)


def test_no_harm_to_others_is_said_only_of_ocsb_cases() -> None:
    said = 0
    for seed in SEEDS:
        for bundle in demo(30, 400, seed):
            for note in bundle.notes:
                if any("No harm to others described" in t for t in note.sections.values()):
                    assert ClientType.OCSB in bundle.case.client_types
                    said += 1
    assert said


def test_self_check_answers_fit_the_client_type() -> None:
    workers = {ClientType.CURRENT_SEX_WORKER, ClientType.FORMER_SEX_WORKER}
    for seed in SEEDS:
        for bundle in demo(30, 400, seed):
            types = set(bundle.case.client_types)
            for note in bundle.notes:
                chosen = set(note.reflection.get("self_check_assumptions", []))
                if types <= workers:
                    assert "entitlement" not in chosen
                if types == {ClientType.CLIENT_OF_SEX_WORKERS}:
                    assert "victimhood" not in chosen
                if types <= {ClientType.OCSB, ClientType.OTHER}:
                    assert chosen <= {"none"}


def test_every_case_is_asked_about_risk_and_couples_say_who_is_who() -> None:
    for bundle in demo(30, 400, 3):
        answered = [n for n in bundle.notes if n.reflection]
        assert all("risk_self_harm" in n.reflection for n in answered)
        if ClientType.COUPLE in bundle.case.client_types:
            assert all(n.reflection["couple_roles"] for n in answered)
            assert all("couple_voice_a" in n.reflection for n in answered)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_demo_fills_intake_treatment_plan_and_closing(seed: int) -> None:
    for bundle in demo(20, 300, seed):
        notes = bundle.notes
        templates = [n.template for n in notes]
        if len(notes) >= 2:
            assert templates[0] is NoteTemplate.INTAKE or templates.count(NoteTemplate.INTAKE) == 0
        assert templates.count(NoteTemplate.INTAKE) <= 1
        for note in notes:
            if links_goals(note.template):
                # Linked to the case's goals, never a copy of their words.
                assert note.goal_ids == [g.id for g in bundle.goals]
                assert not any(
                    g.text in note.text()
                    for g in bundle.goals
                    if note.template is NoteTemplate.TREATMENT_PLAN
                )
            if note.template is NoteTemplate.CLOSING:
                assert note is notes[-1] and bundle.case.status is CaseStatus.CLOSED
        intake = [n for n in notes if n.template is NoteTemplate.INTAKE]
        for note in intake:
            assert note.sections["consent"] and note.sections["prior_therapy"]
    every = {n.template for b in demo(20, 300, seed) for n in b.notes}
    assert {NoteTemplate.INTAKE, NoteTemplate.TREATMENT_PLAN, NoteTemplate.CLOSING} <= every
