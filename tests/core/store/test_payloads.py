"""casenotes.core.store.payloads: the JSON sealed in each ``*_enc`` column. The keys are part
of the vault format (docs/vault-format.md, "Tables"): keys may be added with defaults, never
renamed or dropped, so the exact key sets are pinned here."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casenotes.core.domain import (
    Addendum,
    Attendance,
    Case,
    CaseStatus,
    ClientType,
    ClinicianProfile,
    DestructionLogEntry,
    ExportLogEntry,
    Goal,
    GoalChange,
    GoalStatus,
    Identifiers,
    Member,
    Note,
    NoteRevision,
    NoteTemplate,
    ProcessNotes,
    SessionFormat,
    Settings,
    note_content_hash,
)
from casenotes.core.domain.note_kinds import ContactChannel, NoteKind
from casenotes.core.prompts.model import Prompt, PromptCustomisation, PromptKind, PromptOption
from casenotes.core.store import payloads
from casenotes.core.store.records import ENCRYPTED_TABLES

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
T1 = datetime(2024, 3, 2, 9, 30, 15, 123456, tzinfo=UTC)
CASE_ID = "0b8e4d2c-5a61-4f3e-8d7c-9e0f1a2b3c4d"
NOTE_ID = "6f1c2a9e-3b7d-4e58-9a0c-1d2e3f405162"


def _json_round_trip(value: Any) -> Any:
    """What the sealing does to a payload: compact JSON and back."""
    return json.loads(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _case() -> Case:
    return Case(
        id=CASE_ID,
        code="CPL-07",
        display_name="Rowan & Kit",
        client_types=list(ClientType),
        tags=["agreements", "ünïcode"],
        status=CaseStatus.CLOSED,
        pronouns="they/them",
        intake_date=date(2024, 2, 29),
        identifiers=Identifiers(
            names=["Rowan"],
            aliases=["R"],
            handles=["@r"],
            phones=["555"],
            emails=["r@example.org"],
            places=["Quay"],
            employers=["Cafe"],
            other=["x"],
        ),
        members=[Member("Partner A", "Rowan", "they/them"), Member("Partner B", "", "")],
        created_at=T0,
        updated_at=T1,
        deleted_at=T1,
    )


def _note() -> Note:
    return Note(
        id=NOTE_ID,
        case_id=CASE_ID,
        session_date=date(2024, 3, 8),
        duration_minutes=75,
        format=SessionFormat.PHONE,
        template=NoteTemplate.GIRP,
        sections={"goals": "G", "intervention": "I", "response": "R", "plan": "P"},
        tags=["t"],
        reflection={"need_met": ["physical", "emotional"], "notes": {"a": 1}},
        goal_ids=["g1", "g2"],
        created_at=T0,
        updated_at=T1,
        signed_at=T1,
        content_hash="0f" * 32,
        deleted_at=None,
    )


# ---- exact keys ---------------------------------------------------------------------------------


def test_case_profile_keys() -> None:
    assert set(payloads.case_profile(_case())) == {
        "display_name",
        "client_types",
        "tags",
        "status",
        "pronouns",
        "intake_date",
        "birth_year",
        "presenting_concerns",
        "identifiers",
        "members",
        "created_at",
        "updated_at",
        "deleted_at",
    }
    profile = payloads.case_profile(_case())
    assert set(profile["identifiers"]) == {
        "names",
        "aliases",
        "handles",
        "phones",
        "emails",
        "places",
        "employers",
        "other",
    }
    assert set(profile["members"][0]) == {"label", "name", "pronouns"}


def test_note_meta_keys() -> None:
    assert set(payloads.note_meta(_note())) == {
        "session_date",
        "duration_minutes",
        "format",
        "template",
        "tags",
        "goal_ids",
        "created_at",
        "updated_at",
        "signed_at",
        "content_hash",
        "deleted_at",
        "hash_version",
    }  # a signed note's; absent (version 1) from notes signed before format 3
    unsigned = replace(_note(), signed_at=None, content_hash=None)
    assert "hash_version" not in payloads.note_meta(unsigned)


def test_revision_addendum_goal_export_settings_keys() -> None:
    note = _note()
    assert set(payloads.revision_payload(NoteRevision.of(note, T0))) == {
        "saved_at",
        "session_date",
        "duration_minutes",
        "format",
        "template",
        "sections",
        "tags",
        "reflection",
        "goal_ids",
    }
    assert set(payloads.addendum_payload(Addendum(note_id=NOTE_ID, text="a"))) == {
        "text",
        "created_at",
    }
    goal = Goal(case_id=CASE_ID, text="g", history=[GoalChange(T0, GoalStatus.OPEN, "g")])
    goal_payload = payloads.goal_payload(goal)
    assert set(goal_payload) == {"text", "status", "created_at", "updated_at", "history"}
    assert set(goal_payload["history"][0]) == {"at", "status", "text"}
    assert set(payloads.export_entry_payload(ExportLogEntry(None, T0, "summary", "md"))) == {
        "case_id",
        "exported_at",
        "kind",
        "format",
        "sessions",
        "content_sha256",
        "consent",
        "recipient_role",
        "purpose",
    }
    assert set(payloads.settings_payload(Settings())) == {
        "auto_lock_minutes",
        "lock_on_minimise",
        "privacy_mode_at_start",
        "theme",
        "font_size",
        "backups_keep",
        "last_case_id",
        "last_note_id",
        "phone_region",
        "never_redact",
        "clinician_name",
        "clinician_credentials",
        "clinician_licence",
        "retention_years",
    }


def test_values_are_plain_json() -> None:
    profile = payloads.case_profile(_case())
    assert profile["client_types"] == [t.value for t in ClientType]
    assert profile["status"] == "closed"
    assert profile["intake_date"] == "2024-02-29"
    assert profile["created_at"] == "2024-03-01T09:00:00+00:00"
    meta = payloads.note_meta(_note())
    assert (meta["format"], meta["template"]) == ("phone", "girp")
    assert meta["session_date"] == "2024-03-08"
    assert meta["signed_at"] == "2024-03-02T09:30:15.123456+00:00"
    assert meta["deleted_at"] is None


# ---- round trips --------------------------------------------------------------------------------


def test_case_round_trip() -> None:
    case = _case()
    profile = _json_round_trip(payloads.case_profile(case))
    assert payloads.case_from(CASE_ID, "CPL-07", profile) == case


def test_note_round_trip() -> None:
    note = _note()
    meta = _json_round_trip(payloads.note_meta(note))
    back = payloads.note_from(NOTE_ID, CASE_ID, meta, dict(note.sections), {})
    # The reflection is the process notes' (the journal attaches it), not the note's.
    assert back == replace(note, reflection={})


def test_a_note_signed_before_format_3_keeps_its_signed_reflection() -> None:
    note = _note()
    meta = _json_round_trip(payloads.note_meta(note))
    del meta["hash_version"]
    back = payloads.note_from(NOTE_ID, CASE_ID, meta, dict(note.sections), dict(note.reflection))
    assert back.hash_version == 1 and back.signed_reflection == note.reflection
    assert back.reflection == {}


def test_attendance_is_written_only_when_recorded() -> None:
    note = replace(_note(), attendance=Attendance.PARTNER_A)
    meta = _json_round_trip(payloads.note_meta(note))
    assert meta["attendance"] == "partner_a"
    assert (
        payloads.note_from(NOTE_ID, CASE_ID, meta, dict(note.sections), {}).attendance
        is Attendance.PARTNER_A
    )
    assert "attendance" not in payloads.note_meta(_note())


def test_the_clinician_profile_goes_with_a_signed_note() -> None:
    profile = ClinicianProfile("Alex Rivera", "MA, LMFT", "LMFT 12345")
    note = replace(_note(), signed_by=profile)
    meta = _json_round_trip(payloads.note_meta(note))
    assert meta["signed_by"] == {
        "name": "Alex Rivera",
        "credentials": "MA, LMFT",
        "licence": "LMFT 12345",
    }
    assert payloads.note_from(NOTE_ID, CASE_ID, meta, {}, {}).signed_by == profile
    assert "signed_by" not in payloads.note_meta(_note())


def test_settings_keep_the_profile_and_a_sane_retention() -> None:
    settings = Settings(clinician_name="Alex Rivera", retention_years=10)
    back = payloads.settings_from(_json_round_trip(payloads.settings_payload(settings)))
    assert back == settings and back.clinician().name == "Alex Rivera"
    assert payloads.settings_from({"retention_years": 0}).retention_years == 7
    assert payloads.settings_from({"retention_years": "ten"}).retention_years == 7
    assert payloads.settings_from({}).clinician().is_empty()


def test_process_notes_round_trip() -> None:
    process = ProcessNotes(
        note_id=NOTE_ID,
        reflection={"need_met": ["novelty"]},
        text="My own assumptions, checked.",
        created_at=T0,
        updated_at=T0,
    )
    payload = _json_round_trip(payloads.process_notes_payload(process))
    assert set(payload) == {"reflection", "text", "created_at", "updated_at"}
    assert payloads.process_notes_from(process.id, NOTE_ID, payload) == process


def test_other_round_trips() -> None:
    revision = NoteRevision.of(_note(), T1)
    assert (
        payloads.revision_from(
            revision.id, NOTE_ID, _json_round_trip(payloads.revision_payload(revision))
        )
        == revision
    )
    addendum = Addendum(note_id=NOTE_ID, text="Later: ☕", created_at=T1)
    assert (
        payloads.addendum_from(
            addendum.id, NOTE_ID, _json_round_trip(payloads.addendum_payload(addendum))
        )
        == addendum
    )
    goal = Goal(
        case_id=CASE_ID,
        text="g2",
        status=GoalStatus.SET_ASIDE,
        created_at=T0,
        updated_at=T1,
        history=[GoalChange(T0, GoalStatus.OPEN, "g1"), GoalChange(T1, GoalStatus.SET_ASIDE, "g2")],
    )
    assert (
        payloads.goal_from(goal.id, CASE_ID, _json_round_trip(payloads.goal_payload(goal))) == goal
    )
    for case_id in (CASE_ID, None):
        entry = ExportLogEntry(case_id, T1, "interchange", "json", "all", "ef" * 32)
        assert (
            payloads.export_entry_from(
                entry.id, _json_round_trip(payloads.export_entry_payload(entry))
            )
            == entry
        )
    settings = Settings(
        auto_lock_minutes=1,
        lock_on_minimise=True,
        privacy_mode_at_start=True,
        theme="light",
        font_size=18,
        backups_keep=0,
        last_case_id=CASE_ID,
        last_note_id=NOTE_ID,
        phone_region="IE",
        never_redact=["Larkmoor Collective", "Velvet Rope model"],
    )
    assert payloads.settings_from(_json_round_trip(payloads.settings_payload(settings))) == settings


def test_other_timezones_survive() -> None:
    local = datetime(2024, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
    addendum = Addendum(note_id=NOTE_ID, text="a", created_at=local)
    back = payloads.addendum_from(addendum.id, NOTE_ID, payloads.addendum_payload(addendum))
    assert back.created_at == local and back.created_at.utcoffset() == timedelta(hours=-5)


# ---- reading older and newer payloads ----------------------------------------------------------


def test_case_from_fills_defaults_for_optional_keys() -> None:
    minimal = {"display_name": "D", "created_at": T0.isoformat(), "updated_at": T0.isoformat()}
    case = payloads.case_from(CASE_ID, "X-1", minimal)
    assert case == Case(id=CASE_ID, code="X-1", display_name="D", created_at=T0, updated_at=T0)


def test_settings_ignore_unknown_keys_and_default_missing_ones() -> None:
    assert payloads.settings_from({}) == Settings()
    assert payloads.settings_from({"theme": "dark", "from_a_newer_version": 1}) == Settings(
        theme="dark"
    )


def test_export_entry_defaults() -> None:
    entry = payloads.export_entry_from(
        "id-1", {"exported_at": T0.isoformat(), "kind": "summary", "format": "txt"}
    )
    assert entry == ExportLogEntry(None, T0, "summary", "txt", id="id-1")


@pytest.mark.parametrize(
    "broken",
    [
        {},
        {
            "session_date": "2024-13-01",
            "duration_minutes": 5,
            "format": "phone",
            "template": "free",
            "created_at": T0.isoformat(),
            "updated_at": T0.isoformat(),
        },
        {
            "session_date": "2024-01-01",
            "duration_minutes": 5,
            "format": "fax",
            "template": "free",
            "created_at": T0.isoformat(),
            "updated_at": T0.isoformat(),
        },
    ],
)
def test_malformed_note_meta_raises_a_value_or_key_error(broken: dict[str, object]) -> None:
    # The repository turns these into TamperedRecordError for the record.
    with pytest.raises((KeyError, ValueError)):
        payloads.note_from(NOTE_ID, CASE_ID, broken, {}, {})


# ---- the index pass's check of a note ---------------------------------------------------------

_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(
        ["", "phone", "free", "session", "email", "both", "2024-01-02", T0.isoformat(), "x"]
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=5,
)
_META_KEYS = [
    *payloads.note_meta(_note()),
    "attendance",
    "signed_by",
    "hash_version",
    "kind",
    "channel",
    "export_log_id",
]


def _outcome(call: Any) -> tuple[str, Any]:
    try:
        return "ok", call()
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # what the pass catches
        return "refused", type(exc).__name__


@settings(max_examples=400, deadline=None)
@given(
    changes=st.dictionaries(st.sampled_from(_META_KEYS), _JSON_VALUES | st.just(KeyError)),
    sections=st.sampled_from([{"body": "text"}, [["a", "b"]], "ab", 3, None, {}]),
)
def test_the_index_pass_checks_a_note_as_note_from_does(
    changes: dict[str, Any], sections: Any
) -> None:
    """note_index_fields refuses exactly the payloads note_from refuses, and gives the fields
    of the Note note_from builds (a note the index takes is one every read accepts)."""
    meta = _json_round_trip(payloads.note_meta(_note()))
    for key, value in changes.items():
        if value is KeyError:
            meta.pop(key, None)
        else:
            meta[key] = value
    built = _outcome(lambda: payloads.note_from(NOTE_ID, CASE_ID, meta, sections, {}))
    lean = _outcome(lambda: payloads.note_index_fields(meta, sections))
    assert lean[0] == built[0], (lean, built)
    if built[0] == "ok":
        note = built[1]
        assert lean[1] == (
            note.session_date,
            note.deleted_at is not None,
            note.is_session,
            note.sections,
            note.tags,
        )


# ---- the documentation ------------------------------------------------------------------------


def _tables_section() -> str:
    doc = Path(__file__).resolve().parents[3] / "docs" / "vault-format.md"
    text = doc.read_text(encoding="utf-8")
    return text[text.index("## Tables (schema revisions") :]


def test_the_format_page_lists_every_column_and_key() -> None:
    section = _tables_section()
    for table, record in ENCRYPTED_TABLES.items():
        assert f"`{table}`" in section, table
        for column in record.__table__.columns:
            assert f"`{column.key}`" in section, (table, column.key)
    note = _note()
    payload_keys = [
        *payloads.case_profile(_case()),
        *payloads.case_profile(_case())["identifiers"],
        "label",
        "name",
        *payloads.note_meta(note),
        *payloads.revision_payload(NoteRevision.of(note, T0)),
        *payloads.addendum_payload(Addendum(note_id=NOTE_ID, text="a")),
        *payloads.goal_payload(Goal(case_id=CASE_ID, text="g")),
        "at",
        *payloads.export_entry_payload(ExportLogEntry(None, T0, "summary", "md")),
        *payloads.settings_payload(Settings()),
        *payloads.process_notes_payload(ProcessNotes(note_id=NOTE_ID)),
        *payloads.destruction_payload(DestructionLogEntry("goal", NOTE_ID, T0)),
        *payloads.prompt_customisation_payload(PromptCustomisation("p")),
        *payloads._prompt_payload(
            Prompt("p", "t", PromptKind.SINGLE, options=(PromptOption("o", "O"),))
        ),
    ]
    for key in payload_keys:
        assert f"`{key}`" in section or f'"{key}"' in section, key


CANONICAL: dict[str, Any] = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}


def test_the_signature_hash_is_as_documented() -> None:
    note = _note()
    content = {
        "session_date": "2024-03-08",
        "duration_minutes": 75,
        "format": "phone",
        "template": "girp",
        "sections": note.sections,
        "tags": note.tags,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert canonical.startswith('{"duration_minutes":75,"format":"phone","sections":{')
    assert note_content_hash(note, 2) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    # Version 3 (signed now) adds what kind of note it is.
    signed_now = json.dumps({**content, "kind": "session"}, **CANONICAL)
    assert signed_now.startswith('{"duration_minutes":75,"format":"phone","kind":"session",')
    assert note_content_hash(note) == hashlib.sha256(signed_now.encode("utf-8")).hexdigest()
    contact = replace(
        note, kind=NoteKind.CONTACT, channel=ContactChannel.EMAIL, export_log_id=NOTE_ID
    )
    linked = {**content, "kind": "contact", "channel": "email", "export_log_id": NOTE_ID}
    digest = hashlib.sha256(json.dumps(linked, **CANONICAL).encode("utf-8")).hexdigest()
    assert note_content_hash(contact, 3) == digest
    # Version 1 (signed before format 3) also covered the reflection.
    content["reflection"] = note.reflection
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert canonical.startswith('{"duration_minutes":75,"format":"phone","reflection":{')
    assert note_content_hash(note, 1) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_an_export_entry_without_consent_still_reads() -> None:
    """Entries sealed before the consent question have no "consent" key: it reads as ""."""
    old = {
        "case_id": None,
        "exported_at": T0.isoformat(),
        "kind": "summary",
        "format": "md",
        "sessions": "1-2",
        "content_sha256": "ab" * 32,
    }
    entry = payloads.export_entry_from("e1", old)
    assert entry.consent == "" and entry.sessions == "1-2"
    written = ExportLogEntry(None, T0, "summary", "md", consent="yes")
    assert payloads.export_entry_from("e2", payloads.export_entry_payload(written)).consent == "yes"
