"""Domain objects ↔ the JSON payloads sealed in ``*_enc`` columns.

These payloads are part of what every future version must read (see the golden vault test):
add keys with defaults, never rename or drop them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from casenotes.core.domain import (
    Addendum,
    Attendance,
    Case,
    CaseStatus,
    ClientType,
    ClinicianProfile,
    ContactChannel,
    DestructionLogEntry,
    ExportLogEntry,
    Goal,
    GoalChange,
    GoalStatus,
    Identifiers,
    Member,
    Note,
    NoteKind,
    NoteRevision,
    NoteTemplate,
    ProcessNotes,
    SessionFormat,
    Settings,
)
from casenotes.core.domain.models import HASH_VERSION
from casenotes.core.prompts.model import Prompt, PromptCustomisation, PromptKind, PromptOption

Payload = dict[str, Any]


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _optional_dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


# A required timestamp: the C function itself, no Python frame (every note read checks four).
parse_dt = datetime.fromisoformat


def case_profile(case: Case) -> Payload:
    return {
        "display_name": case.display_name,
        "client_types": [t.value for t in case.client_types],
        "tags": case.tags,
        "status": case.status.value,
        "pronouns": case.pronouns,
        "intake_date": case.intake_date.isoformat() if case.intake_date else None,
        "birth_year": case.birth_year,
        "presenting_concerns": case.presenting_concerns,
        "identifiers": case.identifiers.as_dict(),
        "members": [
            {"label": m.label, "name": m.name, "pronouns": m.pronouns} for m in case.members
        ],
        "created_at": _dt(case.created_at),
        "updated_at": _dt(case.updated_at),
        "deleted_at": _dt(case.deleted_at),
    }


def _optional_int(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("expected an integer")
    return value


def case_from(case_id: str, code: str, p: Payload) -> Case:
    intake = p.get("intake_date")
    return Case(
        id=case_id,
        code=code,
        display_name=p["display_name"],
        client_types=[ClientType(t) for t in p.get("client_types", [])],
        tags=list(p.get("tags", [])),
        status=CaseStatus(p.get("status", "active")),
        pronouns=p.get("pronouns", ""),
        intake_date=date.fromisoformat(intake) if intake else None,
        birth_year=_optional_int(p.get("birth_year")),
        presenting_concerns=str(p.get("presenting_concerns", "")),
        identifiers=Identifiers.from_dict(p.get("identifiers", {})),
        members=[
            Member(m["label"], m.get("name", ""), m.get("pronouns", ""))
            for m in p.get("members", [])
        ],
        created_at=parse_dt(p["created_at"]),
        updated_at=parse_dt(p["updated_at"]),
        deleted_at=_optional_dt(p.get("deleted_at")),
    )


def note_meta(note: Note) -> Payload:
    return {
        "session_date": note.session_date.isoformat(),
        "duration_minutes": note.duration_minutes,
        "format": note.format.value,
        "template": note.template.value,
        "tags": note.tags,
        "goal_ids": note.goal_ids,
        "created_at": _dt(note.created_at),
        "updated_at": _dt(note.updated_at),
        "signed_at": _dt(note.signed_at),
        "content_hash": note.content_hash,
        "deleted_at": _dt(note.deleted_at),
        **({"attendance": note.attendance.value} if note.attendance is not None else {}),
        **({"signed_by": clinician_payload(note.signed_by)} if note.signed_by is not None else {}),
        # Written for notes signed since format 3; absent means version 1 (the old hash).
        **(
            {"hash_version": note.hash_version}
            if note.signed_at is not None and note.hash_version != 1
            else {}
        ),
        # Non-session notes only (absent means a session), so older notes stay as they were.
        **({"kind": note.kind.value} if note.kind is not NoteKind.SESSION else {}),
        **({"channel": note.channel.value} if note.channel is not None else {}),
        **({"export_log_id": note.export_log_id} if note.export_log_id is not None else {}),
    }


def note_from(
    note_id: str, case_id: str, meta: Payload, sections: dict[str, str], reflection: dict[str, Any]
) -> Note:
    """``reflection`` is what the note's own ``reflection_enc`` holds: since format 3, the
    reflection as signed under hash version 1, and ``{}`` for every other note. The live
    reflection comes from the process notes (the journal attaches it)."""
    signed = meta.get("signed_at") is not None
    version = int(meta.get("hash_version", 1)) if signed else HASH_VERSION
    return Note(
        id=note_id,
        case_id=case_id,
        session_date=date.fromisoformat(meta["session_date"]),
        duration_minutes=int(meta["duration_minutes"]),
        format=SessionFormat(meta["format"]),
        template=NoteTemplate(meta["template"]),
        sections=dict(sections),
        tags=list(meta.get("tags", [])),
        goal_ids=list(meta.get("goal_ids", [])),
        created_at=parse_dt(meta["created_at"]),
        updated_at=parse_dt(meta["updated_at"]),
        signed_at=_optional_dt(meta.get("signed_at")),
        content_hash=meta.get("content_hash"),
        deleted_at=_optional_dt(meta.get("deleted_at")),
        attendance=Attendance(meta["attendance"]) if meta.get("attendance") else None,
        signed_by=clinician_from(meta["signed_by"]) if meta.get("signed_by") else None,
        hash_version=version,
        signed_reflection=dict(reflection) if signed and version == 1 else None,
        kind=NoteKind(meta.get("kind", NoteKind.SESSION.value)),
        channel=ContactChannel(meta["channel"]) if meta.get("channel") else None,
        export_log_id=meta.get("export_log_id") or None,
    )


# The values each enum of a note's metadata accepts: a set lookup instead of an Enum call.
_FORMATS = frozenset(member.value for member in SessionFormat)
_TEMPLATES = frozenset(member.value for member in NoteTemplate)
_ATTENDANCES = frozenset(member.value for member in Attendance)
_KINDS = frozenset(member.value for member in NoteKind)
_CHANNELS = frozenset(member.value for member in ContactChannel)


_SESSION = NoteKind.SESSION.value
_NOT_ONE_OF = "not one of the enum's values"


def note_index_fields(
    meta: Payload, sections: dict[str, str]
) -> tuple[date, bool, bool, dict[str, str], list[str]]:
    """What the search index takes from a note (session date, in the trash, a session,
    sections, tags), with the payload checked exactly as ``note_from`` checks it: the same
    calls raise the same errors, in the same order, without building the Note (the index
    pass at unlock opens every note; tests/core/store/test_payloads.py holds the two
    together). The enum checks (a set lookup: ValueError, or TypeError for an
    unhashable value, as the Enum call) are written out: this runs for every note."""
    get = meta.get
    signed_at = get("signed_at")
    if signed_at is not None:
        int(get("hash_version", 1))
    session_date = date.fromisoformat(meta["session_date"])
    int(meta["duration_minutes"])
    if meta["format"] not in _FORMATS:
        raise ValueError(_NOT_ONE_OF)
    if meta["template"] not in _TEMPLATES:
        raise ValueError(_NOT_ONE_OF)
    checked_sections = dict(sections)
    tags = list(get("tags", []))
    list(get("goal_ids", []))
    parse_dt(meta["created_at"])
    parse_dt(meta["updated_at"])
    if signed_at is not None:
        parse_dt(signed_at)
    deleted_at = get("deleted_at")
    if deleted_at is not None:
        parse_dt(deleted_at)
    attendance = get("attendance")
    if attendance and attendance not in _ATTENDANCES:
        raise ValueError(_NOT_ONE_OF)
    signed_by = get("signed_by")
    if signed_by:
        clinician_from(signed_by)
    kind = get("kind", _SESSION)
    if kind not in _KINDS:
        raise ValueError(_NOT_ONE_OF)
    channel = get("channel")
    if channel and channel not in _CHANNELS:
        raise ValueError(_NOT_ONE_OF)
    return session_date, deleted_at is not None, kind == _SESSION, checked_sections, tags


def clinician_payload(profile: ClinicianProfile) -> Payload:
    return {"name": profile.name, "credentials": profile.credentials, "licence": profile.licence}


def clinician_from(p: Payload) -> ClinicianProfile:
    return ClinicianProfile(
        str(p.get("name", "")), str(p.get("credentials", "")), str(p.get("licence", ""))
    )


def destruction_payload(entry: DestructionLogEntry) -> Payload:
    return {
        "kind": entry.kind,
        "record_id": entry.record_id,
        "deleted_at": _dt(entry.deleted_at),
        "reason": entry.reason,
        "retained_until": entry.retained_until.isoformat() if entry.retained_until else None,
    }


def destruction_from(row_id: str, p: Payload) -> DestructionLogEntry:
    until = p.get("retained_until")
    return DestructionLogEntry(
        id=row_id,
        kind=str(p["kind"]),
        record_id=str(p["record_id"]),
        deleted_at=parse_dt(p["deleted_at"]),
        reason=str(p.get("reason", "")),
        retained_until=date.fromisoformat(until) if until else None,
    )


def process_notes_payload(process: ProcessNotes) -> Payload:
    return {
        "reflection": process.reflection,
        "text": process.text,
        "created_at": _dt(process.created_at),
        "updated_at": _dt(process.updated_at),
    }


def process_notes_from(row_id: str, note_id: str, p: Payload) -> ProcessNotes:
    reflection = p.get("reflection", {})
    if not isinstance(reflection, dict):
        raise ValueError("expected an object")
    return ProcessNotes(
        id=row_id,
        note_id=note_id,
        reflection=reflection,
        text=str(p.get("text", "")),
        created_at=parse_dt(p["created_at"]),
        updated_at=parse_dt(p["updated_at"]),
    )


def revision_payload(rev: NoteRevision) -> Payload:
    return {
        "saved_at": _dt(rev.saved_at),
        "session_date": rev.session_date.isoformat(),
        "duration_minutes": rev.duration_minutes,
        "format": rev.format.value,
        "template": rev.template.value,
        "sections": rev.sections,
        "tags": rev.tags,
        "reflection": rev.reflection,
        "goal_ids": rev.goal_ids,
    }


def revision_from(rev_id: str, note_id: str, p: Payload) -> NoteRevision:
    return NoteRevision(
        id=rev_id,
        note_id=note_id,
        saved_at=parse_dt(p["saved_at"]),
        session_date=date.fromisoformat(p["session_date"]),
        duration_minutes=int(p["duration_minutes"]),
        format=SessionFormat(p["format"]),
        template=NoteTemplate(p["template"]),
        sections=dict(p["sections"]),
        tags=list(p.get("tags", [])),
        reflection=dict(p.get("reflection", {})),
        goal_ids=[str(g) for g in p.get("goal_ids", [])],
    )


def addendum_payload(addendum: Addendum) -> Payload:
    return {"text": addendum.text, "created_at": _dt(addendum.created_at)}


def addendum_from(addendum_id: str, note_id: str, p: Payload) -> Addendum:
    return Addendum(
        id=addendum_id, note_id=note_id, text=p["text"], created_at=parse_dt(p["created_at"])
    )


def goal_payload(goal: Goal) -> Payload:
    payload: Payload = {
        "text": goal.text,
        "status": goal.status.value,
        "created_at": _dt(goal.created_at),
        "updated_at": _dt(goal.updated_at),
        "history": [
            {"at": _dt(c.at), "status": c.status.value, "text": c.text} for c in goal.history
        ],
    }
    if goal.deleted_at is not None:  # written only when set: older vaults read unchanged
        payload["deleted_at"] = _dt(goal.deleted_at)
    return payload


def goal_from(goal_id: str, case_id: str, p: Payload) -> Goal:
    return Goal(
        id=goal_id,
        case_id=case_id,
        text=p["text"],
        status=GoalStatus(p["status"]),
        created_at=parse_dt(p["created_at"]),
        updated_at=parse_dt(p["updated_at"]),
        history=[
            GoalChange(parse_dt(c["at"]), GoalStatus(c["status"]), c["text"])
            for c in p.get("history", [])
        ],
        deleted_at=_optional_dt(p.get("deleted_at")),
    )


def export_entry_payload(entry: ExportLogEntry) -> Payload:
    return {
        "case_id": entry.case_id,
        "exported_at": _dt(entry.exported_at),
        "kind": entry.kind,
        "format": entry.format,
        "sessions": entry.sessions,
        "content_sha256": entry.content_sha256,
        "consent": entry.consent,
        "recipient_role": entry.recipient_role,
        "purpose": entry.purpose,
    }


def export_entry_from(entry_id: str, p: Payload) -> ExportLogEntry:
    return ExportLogEntry(
        id=entry_id,
        case_id=p.get("case_id"),
        exported_at=parse_dt(p["exported_at"]),
        kind=p["kind"],
        format=p["format"],
        sessions=p.get("sessions", ""),
        content_sha256=p.get("content_sha256", ""),
        consent=p.get("consent", ""),  # absent from entries written before it was asked
        recipient_role=str(p.get("recipient_role", "")),  # format 3 onwards
        purpose=str(p.get("purpose", "")),
    )


def settings_payload(settings: Settings) -> Payload:
    return {
        "auto_lock_minutes": settings.auto_lock_minutes,
        "lock_on_minimise": settings.lock_on_minimise,
        "privacy_mode_at_start": settings.privacy_mode_at_start,
        "theme": settings.theme,
        "font_size": settings.font_size,
        "backups_keep": settings.backups_keep,
        "last_case_id": settings.last_case_id,
        "last_note_id": settings.last_note_id,
        "phone_region": settings.phone_region,
        "never_redact": list(settings.never_redact),
        "clinician_name": settings.clinician_name,
        "clinician_credentials": settings.clinician_credentials,
        "clinician_licence": settings.clinician_licence,
        "retention_years": settings.retention_years,
    }


def settings_from(p: Payload) -> Settings:
    defaults = Settings()
    known = settings_payload(defaults)
    # Unknown keys (from a newer version) are ignored; missing ones keep their defaults.
    values: dict[str, Any] = {key: p.get(key, value) for key, value in known.items()}
    values["never_redact"] = [str(t) for t in values["never_redact"] or [] if str(t).strip()]
    values["phone_region"] = str(values["phone_region"] or "")
    for key in ("clinician_name", "clinician_credentials", "clinician_licence"):
        values[key] = str(values[key] or "")
    years = values["retention_years"]
    values["retention_years"] = (
        years if type(years) is int and 1 <= years <= 100 else defaults.retention_years
    )
    return Settings(**values)


def _options(options: tuple[PromptOption, ...] | None) -> list[Payload] | None:
    return None if options is None else [{"id": o.id, "label": o.label} for o in options]


def _prompt_payload(prompt: Prompt) -> Payload:
    return {
        "id": prompt.id,
        "text": prompt.text,
        "kind": prompt.kind.value,
        "help": prompt.help,
        "group": prompt.group,
        "options": _options(prompt.options),
        "client_types": sorted(t.value for t in prompt.client_types),
        "scale_min": prompt.scale_min,
        "scale_max": prompt.scale_max,
        "scale_low": prompt.scale_low,
        "scale_high": prompt.scale_high,
        "chart": prompt.chart,
        "summary": prompt.summary,
    }


def prompt_customisation_payload(c: PromptCustomisation) -> Payload:
    return {
        "prompt_id": c.prompt_id,
        "text": c.text,
        "help": c.help,
        "group": c.group,
        "options": _options(c.options),
        "client_types": None if c.client_types is None else sorted(t.value for t in c.client_types),
        "scale_low": c.scale_low,
        "scale_high": c.scale_high,
        "hidden": c.hidden,
        "position": c.position,
        "added": None if c.added is None else _prompt_payload(c.added),
    }


def _parse_options(value: list[Payload] | None) -> tuple[PromptOption, ...] | None:
    return (
        None if value is None else tuple(PromptOption(str(o["id"]), str(o["label"])) for o in value)
    )


def _prompt_from(p: Payload) -> Prompt:
    return Prompt(
        id=p["id"],
        text=p["text"],
        kind=PromptKind(p["kind"]),
        help=p.get("help", ""),
        group=p.get("group", ""),
        options=_parse_options(p.get("options")) or (),
        client_types=frozenset(ClientType(t) for t in p.get("client_types", [])),
        scale_min=int(p.get("scale_min", 1)),
        scale_max=int(p.get("scale_max", 5)),
        scale_low=p.get("scale_low", ""),
        scale_high=p.get("scale_high", ""),
        chart=p.get("chart", ""),
        summary=p.get("summary", ""),
        custom=True,
    )


def prompt_customisation_from(row_id: str, p: Payload) -> PromptCustomisation:
    types = p.get("client_types")
    added = p.get("added")
    return PromptCustomisation(
        id=row_id,
        prompt_id=p["prompt_id"],
        text=p.get("text"),
        help=p.get("help"),
        group=p.get("group"),
        options=_parse_options(p.get("options")),
        client_types=None if types is None else frozenset(ClientType(t) for t in types),
        scale_low=p.get("scale_low"),
        scale_high=p.get("scale_high"),
        hidden=bool(p.get("hidden", False)),
        position=p.get("position"),
        added=None if added is None else _prompt_from(added),
    )
