"""Writing interchange files: domain objects → JSON document → UTF-8 bytes.

The writer refuses (with :class:`InterchangeError`) anything the reader would refuse, so every
file it produces can be imported again: the document it builds is put through the reader's own
checks before it is returned.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Any

from casenotes.core.domain.client_types import ClientType
from casenotes.core.domain.models import (
    IDENTIFIER_KINDS,
    Addendum,
    Attendance,
    CaseBundle,
    CaseStatus,
    Goal,
    GoalChange,
    GoalStatus,
    Member,
    Note,
    NoteRevision,
    ProcessNotes,
    SessionFormat,
)
from casenotes.core.domain.note_kinds import ContactChannel, NoteKind
from casenotes.core.domain.templates import NoteTemplate
from casenotes.core.interchange.errors import InterchangeError
from casenotes.core.interchange.indented_json import dumps_indented
from casenotes.core.interchange.reader import read_case, read_document
from casenotes.core.interchange.spec import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_INPUT_BYTES,
    check_export_log_id,
    child,
    format_date,
    format_datetime,
    item,
    json_value,
)


def to_interchange(bundles: Sequence[CaseBundle]) -> dict[str, Any]:
    """The interchange document for ``bundles``: plain JSON values, keys in the documented order.

    Raises :class:`InterchangeError` (with the path the value would have in the file) for
    anything that could not be imported again, e.g. two cases with the same code, a naive
    timestamp, a text over the length limit, or a signed note whose content hash does not match.
    A note's references to goals that are not in its bundle are left out.
    """
    cases = [_case(bundle, item("cases", i)) for i, bundle in enumerate(bundles)]
    document: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "cases": cases}
    read_document(document)
    return document


def dumps_interchange(bundles: Sequence[CaseBundle]) -> bytes:
    """The interchange file for ``bundles``: UTF-8 JSON, 2-space indent, non-ASCII kept as is."""
    data = (dumps_indented(to_interchange(bundles)) + "\n").encode("utf-8")
    if len(data) > MAX_INPUT_BYTES:
        raise InterchangeError(
            "",
            f"would be larger than the import limit of {MAX_INPUT_BYTES // (1024 * 1024)} MiB; "
            "export fewer cases at a time",
        )
    return data


def write_interchange(bundles: Iterable[CaseBundle], write: Callable[[bytes], object]) -> int:
    """Stream the interchange file for ``bundles`` to ``write``, one case at a time; returns
    the bytes written. The bytes are those of ``dumps_interchange`` for the same cases, and
    each case goes through the reader's own checks (codes unique across the file included)
    before it is written. On an error (``InterchangeError``, or over the import limit) part of
    a file has been written: write to a temp file and drop it (``fileio.atomic_write_stream``).
    """
    written = 0

    def put(text: str) -> None:
        nonlocal written
        data = text.encode("utf-8")
        written += len(data)
        if written > MAX_INPUT_BYTES:
            raise InterchangeError(
                "",
                f"would be larger than the import limit of {MAX_INPUT_BYTES // (1024 * 1024)} "
                "MiB; export fewer cases at a time",
            )
        write(data)

    head = json.dumps(
        {"format": FORMAT_NAME, "version": FORMAT_VERSION}, indent=2, ensure_ascii=False
    )
    put(head[:-2] + ',\n  "cases": [')
    codes_seen: dict[str, str] = {}
    count = 0
    for i, bundle in enumerate(bundles):
        path = item("cases", i)
        case = _case(bundle, path)
        read_case(case, path, codes_seen)
        put(("\n" if i == 0 else ",\n") + "    " + dumps_indented(case, level=2))
        count += 1
    put("\n  ]\n}\n" if count else "]\n}\n")
    return written


def _enum(value: Any, kind: type[StrEnum], path: str) -> str:
    try:
        return kind(value).value
    except (ValueError, TypeError):
        choices = ", ".join(member.value for member in kind)
        raise InterchangeError(path, f"not one of: {choices}") from None


def _as_list(value: object, path: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise InterchangeError(path, "expected a list")
    return list(value)


def _optional_datetime(value: object, path: str) -> str | None:
    return None if value is None else format_datetime(value, path)


def _case(bundle: CaseBundle, path: str) -> dict[str, Any]:
    case = bundle.case
    goals_path = child(path, "goals")
    goal_index: dict[str, int] = {}
    for i, goal in enumerate(bundle.goals):
        if goal.id in goal_index:
            raise InterchangeError(item(goals_path, i), "has the same id as another goal")
        goal_index[goal.id] = i
    notes_path = child(path, "notes")
    note_ids: set[str] = set()
    for i, note in enumerate(bundle.notes):
        if note.id in note_ids:
            raise InterchangeError(item(notes_path, i), "has the same id as another note")
        note_ids.add(note.id)
    if any(revs and note_id not in note_ids for note_id, revs in bundle.revisions.items()):
        raise InterchangeError(path, "has revisions of a note that is not among its notes")

    identifiers_path = child(path, "identifiers")
    members_path = child(path, "members")
    return _without_defaults(
        {
            "code": case.code,
            "display_name": case.display_name,
            "client_types": [
                _enum(value, ClientType, item(child(path, "client_types"), i))
                for i, value in enumerate(_as_list(case.client_types, child(path, "client_types")))
            ],
            "tags": _as_list(case.tags, child(path, "tags")),
            "status": _enum(case.status, CaseStatus, child(path, "status")),
            "pronouns": case.pronouns,
            "intake_date": None
            if case.intake_date is None
            else format_date(case.intake_date, child(path, "intake_date")),
            "birth_year": case.birth_year,
            "presenting_concerns": case.presenting_concerns,
            "identifiers": {
                kind: _as_list(getattr(case.identifiers, kind), child(identifiers_path, kind))
                for kind in IDENTIFIER_KINDS
            },
            "members": [_member(member) for member in _as_list(case.members, members_path)],
            "created_at": format_datetime(case.created_at, child(path, "created_at")),
            "updated_at": format_datetime(case.updated_at, child(path, "updated_at")),
            "deleted_at": _optional_datetime(case.deleted_at, child(path, "deleted_at")),
            "goals": [_goal(goal, item(goals_path, i)) for i, goal in enumerate(bundle.goals)],
            "notes": [
                _note(
                    note,
                    item(notes_path, i),
                    goal_index,
                    bundle.revisions.get(note.id, []),
                    bundle.process_notes.get(note.id),
                )
                for i, note in enumerate(bundle.notes)
            ],
        }
    )


# Fields added after format 1 was released are written only when set, so a file of a case
# without them stays byte-identical to what the first release wrote.
_LATER_DEFAULTS: dict[str, Any] = {"birth_year": None, "presenting_concerns": ""}


def _without_defaults(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value
        for key, value in fields.items()
        if key not in _LATER_DEFAULTS or value != _LATER_DEFAULTS[key]
    }


def _member(member: Member) -> dict[str, Any]:
    return {"label": member.label, "name": member.name, "pronouns": member.pronouns}


def _goal(goal: Goal, path: str) -> dict[str, Any]:
    history_path = child(path, "history")
    obj: dict[str, Any] = {
        "text": goal.text,
        "status": _enum(goal.status, GoalStatus, child(path, "status")),
        "created_at": format_datetime(goal.created_at, child(path, "created_at")),
        "updated_at": format_datetime(goal.updated_at, child(path, "updated_at")),
        "history": [
            _goal_change(change, item(history_path, i))
            for i, change in enumerate(_as_list(goal.history, history_path))
        ],
    }
    if goal.deleted_at is not None:  # written only when set: files stay byte-identical
        obj["deleted_at"] = _optional_datetime(goal.deleted_at, child(path, "deleted_at"))
    return obj


def _goal_change(change: GoalChange, path: str) -> dict[str, Any]:
    return {
        "at": format_datetime(change.at, child(path, "at")),
        "status": _enum(change.status, GoalStatus, child(path, "status")),
        "text": change.text,
    }


def _content(record: Note | NoteRevision, path: str) -> dict[str, Any]:
    """The fields a note and a revision share, in the documented order."""
    sections_path = child(path, "sections")
    if not isinstance(record.sections, dict):
        raise InterchangeError(sections_path, "expected an object")
    reflection_path = child(path, "reflection")
    if not isinstance(record.reflection, dict):
        raise InterchangeError(reflection_path, "expected an object")
    return {
        "session_date": format_date(record.session_date, child(path, "session_date")),
        "duration_minutes": record.duration_minutes,
        "format": _enum(record.format, SessionFormat, child(path, "format")),
        "template": _enum(record.template, NoteTemplate, child(path, "template")),
        "sections": dict(record.sections),
        "tags": _as_list(record.tags, child(path, "tags")),
        "reflection": json_value(record.reflection, reflection_path, 1),
    }


def _note(
    note: Note,
    path: str,
    goal_index: dict[str, int],
    revisions: list[NoteRevision],
    process: ProcessNotes | None = None,
) -> dict[str, Any]:
    # A reference to a goal that is no longer in the case (deleted, or unreadable) names nothing
    # the file could hold, and a repeated one adds nothing: both are left out.
    goal_refs = _goal_refs(note.goal_ids, goal_index, child(path, "goal_refs"))
    addenda_path = child(path, "addenda")
    revisions_path = child(path, "revisions")
    written = {
        **_content(note, path),
        "goal_refs": goal_refs,
        "created_at": format_datetime(note.created_at, child(path, "created_at")),
        "updated_at": format_datetime(note.updated_at, child(path, "updated_at")),
        "signed_at": _optional_datetime(note.signed_at, child(path, "signed_at")),
        "content_hash": note.content_hash,
        "addenda": [
            _addendum(addendum, item(addenda_path, i))
            for i, addendum in enumerate(_as_list(note.addenda, addenda_path))
        ],
        "revisions": [
            _revision(revision, item(revisions_path, i), goal_index)
            for i, revision in enumerate(_as_list(revisions, revisions_path))
        ],
        "deleted_at": _optional_datetime(note.deleted_at, child(path, "deleted_at")),
    }
    # Format 3's additions, only when set: who attended, the process notes' free text, and
    # the reflection an old (hash version 1) signature covered when it differs from today's.
    if note.attendance is not None:
        written["attendance"] = _enum(note.attendance, Attendance, child(path, "attendance"))
    if note.signed_by is not None:
        written["signed_by"] = {
            "name": note.signed_by.name,
            "credentials": note.signed_by.credentials,
            "licence": note.signed_by.licence,
        }
    if process is not None and process.text:
        written["process_notes"] = process.text
    if (
        note.signed_at is not None
        and note.hash_version == 1
        and note.signed_reflection is not None
        and note.signed_reflection != note.reflection
    ):
        written["signed_reflection"] = json_value(
            note.signed_reflection, child(path, "signed_reflection"), 1
        )
    if note.kind is not NoteKind.SESSION:
        written["kind"] = _enum(note.kind, NoteKind, child(path, "kind"))
    if note.channel is not None:
        written["channel"] = _enum(note.channel, ContactChannel, child(path, "channel"))
    if note.export_log_id is not None:
        written["export_log_id"] = check_export_log_id(
            note.export_log_id, child(path, "export_log_id")
        )
    return written


def _addendum(addendum: Addendum, path: str) -> dict[str, Any]:
    return {
        "text": addendum.text,
        "created_at": format_datetime(addendum.created_at, child(path, "created_at")),
    }


def _goal_refs(goal_ids: list[str], goal_index: dict[str, int], path: str) -> list[int]:
    refs: list[int] = []
    for goal_id in _as_list(goal_ids, path):
        index = goal_index.get(goal_id)
        if index is not None and index not in refs:
            refs.append(index)
    return refs


def _revision(revision: NoteRevision, path: str, goal_index: dict[str, int]) -> dict[str, Any]:
    written = {
        "saved_at": format_datetime(revision.saved_at, child(path, "saved_at")),
        **_content(revision, path),
    }
    refs = _goal_refs(revision.goal_ids, goal_index, child(path, "goal_refs"))
    if refs:  # added after format 1's first release: absent when empty
        written["goal_refs"] = refs
    return written
