"""Reading interchange files: bytes → checked JSON → fresh domain objects.

Everything is checked before anything is returned, and nothing is written anywhere: an import
that gets a list back may store it; one that gets :class:`InterchangeError` has nothing to undo.
Records get new ids (the format carries none); goal references, addenda and revisions are wired
to the new ids.
"""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

from casenotes.core.domain.client_types import ClientType
from casenotes.core.domain.models import (
    IDENTIFIER_KINDS,
    MAX_DURATION_MINUTES,
    Addendum,
    Attendance,
    Case,
    CaseBundle,
    CaseStatus,
    ClinicianProfile,
    Goal,
    GoalChange,
    GoalStatus,
    Identifiers,
    Member,
    Note,
    NoteRevision,
    ProcessNotes,
    SessionFormat,
    new_id,
    note_content_hash,
)
from casenotes.core.domain.note_kinds import ContactChannel, NoteKind
from casenotes.core.domain.templates import NoteTemplate, section_keys
from casenotes.core.interchange.errors import InterchangeError
from casenotes.core.interchange.spec import (
    ADDENDUM_FIELDS,
    ADDENDUM_REQUIRED,
    CASE_FIELDS,
    CASE_REQUIRED,
    FORMAT_NAME,
    FORMAT_VERSION,
    GOAL_CHANGE_FIELDS,
    GOAL_CHANGE_REQUIRED,
    GOAL_FIELDS,
    GOAL_REQUIRED,
    MAX_INPUT_BYTES,
    MEMBER_FIELDS,
    MEMBER_REQUIRED,
    NOTE_FIELDS,
    NOTE_REQUIRED,
    REVISION_FIELDS,
    REVISION_REQUIRED,
    SIGNED_BY_FIELDS,
    TOP_FIELDS,
    TOP_REQUIRED,
    DuplicateKeyDict,
    check_export_log_id,
    check_int,
    check_text,
    check_unique_keys,
    child,
    describe,
    item,
    json_value,
    key_at,
    parse_date,
    parse_datetime,
    parse_sha256,
)

_BOM = b"\xef\xbb\xbf"
#: Integer literals longer than this are refused while parsing (Python would refuse > 4300).
_MAX_INT_DIGITS = 40

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


def parse_interchange(data: bytes) -> list[CaseBundle]:
    """Check an interchange file completely and return its cases as new domain objects.

    Raises :class:`InterchangeError` for the first problem found; no other exception escapes
    for any content of ``data``.
    """
    return read_document(load_json(data))


# --- bytes → JSON -------------------------------------------------------------------------------


class _Refused(Exception):
    """Raised from inside a ``json`` hook; becomes an InterchangeError on the file."""


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen: set[str] = set()
    for position, (key, _value) in enumerate(pairs):
        if key in seen:
            duplicate = DuplicateKeyDict(pairs)
            duplicate.duplicate_position = position
            return duplicate
        seen.add(key)
    return result  # not reached: some key repeated


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise _Refused(f"a number has more than {_MAX_INT_DIGITS} digits")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("a number is too large")
    return value


def _parse_constant(text: str) -> Any:
    raise _Refused("NaN and Infinity are not JSON numbers")


def load_json(data: bytes) -> Any:
    """Size check, UTF-8 decoding (an initial BOM is skipped), then JSON parsing."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("parse_interchange() takes bytes")
    view = memoryview(data).cast("B")
    if view.nbytes > MAX_INPUT_BYTES:
        raise InterchangeError(
            "", f"larger than the limit of {MAX_INPUT_BYTES // (1024 * 1024)} MiB; not read"
        )
    start = len(_BOM) if view[: len(_BOM)] == _BOM else 0
    try:
        text, _consumed = codecs.utf_8_decode(view[start:], "strict", True)
    except UnicodeDecodeError as error:
        raise InterchangeError(
            "", f"not valid UTF-8 (first bad byte at offset {start + error.start})"
        ) from None
    if not text or text.isspace():
        raise InterchangeError("", "empty; expected a JSON object")
    try:
        return json.loads(
            text,
            object_pairs_hook=_object_pairs,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
    except json.JSONDecodeError as error:
        # error.msg is a fixed phrase from the json module; it never quotes the input.
        raise InterchangeError(
            "", f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
    except _Refused as error:
        raise InterchangeError("", f"not valid interchange JSON ({error})") from None
    except RecursionError:
        raise InterchangeError("", "not readable: JSON nested too deeply") from None
    except ValueError:
        raise InterchangeError("", "not valid JSON (a value could not be read)") from None


# --- JSON → domain ------------------------------------------------------------------------------


def read_document(document: Any) -> list[CaseBundle]:
    """Check a parsed document (or one the writer built) and build fresh domain objects."""
    if not isinstance(document, dict):
        raise InterchangeError(
            "",
            'expected a JSON object with "format", "version" and "cases"; '
            f"found {describe(document)}",
        )
    check_unique_keys(document, "")
    if "format" not in document:
        raise InterchangeError("format", "required field is missing (not a Casenotes file?)")
    if document["format"] != FORMAT_NAME:
        raise InterchangeError(
            "format", f'not a Casenotes interchange file (expected "{FORMAT_NAME}")'
        )
    if "version" not in document:
        raise InterchangeError("version", "required field is missing")
    version = document["version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise InterchangeError("version", f"expected a whole number, found {describe(version)}")
    if version > FORMAT_VERSION:
        raise InterchangeError(
            "version",
            f"written by a newer version of Casenotes (format version {version}; this version "
            f"reads version {FORMAT_VERSION}); update Casenotes to import it",
        )
    if version < FORMAT_VERSION:
        raise InterchangeError("version", f"unknown format version {version}")
    top = _fields(document, "", TOP_FIELDS, TOP_REQUIRED, "the file")
    cases = _list(top["cases"], "cases")
    codes_seen: dict[str, str] = {}
    return [_read_case(value, item("cases", i), codes_seen) for i, value in enumerate(cases)]


def _fields(
    value: Any, path: str, fields: tuple[str, ...], required: frozenset[str], what: str
) -> dict[str, Any]:
    """``value`` as an object with only ``fields`` as keys and every ``required`` one present."""
    if not isinstance(value, dict):
        raise InterchangeError(path, f"expected {what} (an object), found {describe(value)}")
    check_unique_keys(value, path)
    for position, key in enumerate(value):
        if key not in fields:
            raise InterchangeError(
                key_at(path, position), f"unknown field; {what} has only: {', '.join(fields)}"
            )
    for name in fields:
        if name in required and name not in value:
            raise InterchangeError(child(path, name), "required field is missing")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise InterchangeError(path, f"expected a list, found {describe(value)}")
    return value


def _text_list(value: Any, path: str) -> list[str]:
    return [check_text(v, item(path, i)) for i, v in enumerate(_list(value, path))]


def _enum(value: Any, path: str, kind: type[E]) -> E:
    # The choices are joined only for a message: every field of every note of an export is
    # read back through here.
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            pass
    choices = ", ".join(member.value for member in kind)
    if not isinstance(value, str):
        raise InterchangeError(path, f"expected one of: {choices}; found {describe(value)}")
    raise InterchangeError(path, f"not one of: {choices}")


def _optional(
    obj: dict[str, Any], path: str, name: str, read: Callable[[Any, str], T], default: Any
) -> T:
    """A field read as if it held ``default`` (a JSON value) when it is absent.

    Null is only accepted where ``read`` accepts it: absent and null are different things.
    """
    return read(obj.get(name, default), child(path, name))


def _nullable(read: Callable[[Any, str], T]) -> Callable[[Any, str], T | None]:
    def read_or_null(value: Any, path: str) -> T | None:
        return None if value is None else read(value, path)

    return read_or_null


def _year(value: Any, path: str) -> int:
    return check_int(value, path, 1, 9999)


_nullable_year = _nullable(_year)


def _text(value: Any, path: str) -> str:
    return check_text(value, path)


_nullable_date = _nullable(parse_date)
_nullable_datetime = _nullable(parse_datetime)
_nullable_sha256 = _nullable(parse_sha256)


def read_case(value: Any, path: str, codes_seen: dict[str, str]) -> CaseBundle:
    """One case of a document at ``path`` (``codes_seen``: the codes of the cases before it,
    by path), checked as ``read_document`` checks it; for a writer that streams."""
    return _read_case(value, path, codes_seen)


def _read_case(value: Any, path: str, codes_seen: dict[str, str]) -> CaseBundle:
    obj = _fields(value, path, CASE_FIELDS, CASE_REQUIRED, "a case")
    code_path = child(path, "code")
    code = check_text(obj["code"], code_path)
    if not code.strip():
        raise InterchangeError(code_path, "must not be empty")
    if code in codes_seen:
        raise InterchangeError(
            code_path,
            f"the same code as {codes_seen[code]}; each case's code must be unique in a file",
        )
    codes_seen[code] = code_path

    case = Case(
        code=code,
        display_name=check_text(obj["display_name"], child(path, "display_name")),
        client_types=_optional(obj, path, "client_types", _read_client_types, []),
        tags=_optional(obj, path, "tags", _text_list, []),
        status=_optional(obj, path, "status", _status, "active"),
        pronouns=_optional(obj, path, "pronouns", _text, ""),
        intake_date=_optional(obj, path, "intake_date", _nullable_date, None),
        birth_year=_optional(obj, path, "birth_year", _nullable_year, None),
        presenting_concerns=_optional(obj, path, "presenting_concerns", _text, ""),
        identifiers=_optional(obj, path, "identifiers", _read_identifiers, {}),
        members=_optional(obj, path, "members", _read_members, []),
        created_at=parse_datetime(obj["created_at"], child(path, "created_at")),
        updated_at=parse_datetime(obj["updated_at"], child(path, "updated_at")),
        deleted_at=_optional(obj, path, "deleted_at", _nullable_datetime, None),
    )
    goals_path = child(path, "goals")
    goals = [
        _read_goal(v, item(goals_path, i), case.id)
        for i, v in enumerate(_list(obj.get("goals", []), goals_path))
    ]
    goal_ids = [goal.id for goal in goals]
    notes_path = child(path, "notes")
    notes: list[Note] = []
    revisions: dict[str, list[NoteRevision]] = {}
    process_notes: dict[str, ProcessNotes] = {}
    for i, v in enumerate(_list(obj.get("notes", []), notes_path)):
        note, note_revisions, process = _read_note(v, item(notes_path, i), case.id, goal_ids)
        notes.append(note)
        if note_revisions:
            revisions[note.id] = note_revisions
        if process is not None:
            process_notes[note.id] = process
    return CaseBundle(
        case=case, goals=goals, notes=notes, revisions=revisions, process_notes=process_notes
    )


def _status(value: Any, path: str) -> CaseStatus:
    return _enum(value, path, CaseStatus)


def _read_client_types(value: Any, path: str) -> list[ClientType]:
    result: list[ClientType] = []
    first_at: dict[ClientType, int] = {}
    for i, v in enumerate(_list(value, path)):
        client_type = _enum(v, item(path, i), ClientType)
        if client_type in first_at:
            raise InterchangeError(
                item(path, i), f"listed twice (also at {item(path, first_at[client_type])})"
            )
        first_at[client_type] = i
        result.append(client_type)
    return result


def _read_identifiers(value: Any, path: str) -> Identifiers:
    obj = _fields(value, path, IDENTIFIER_KINDS, frozenset(), "identifiers")
    return Identifiers(
        **{kind: _optional(obj, path, kind, _text_list, []) for kind in IDENTIFIER_KINDS}
    )


def _read_members(value: Any, path: str) -> list[Member]:
    members: list[Member] = []
    for i, v in enumerate(_list(value, path)):
        member_path = item(path, i)
        obj = _fields(v, member_path, MEMBER_FIELDS, MEMBER_REQUIRED, "a member")
        members.append(
            Member(
                label=check_text(obj["label"], child(member_path, "label")),
                name=_optional(obj, member_path, "name", _text, ""),
                pronouns=_optional(obj, member_path, "pronouns", _text, ""),
            )
        )
    return members


def _read_goal(value: Any, path: str, case_id: str) -> Goal:
    obj = _fields(value, path, GOAL_FIELDS, GOAL_REQUIRED, "a goal")
    return Goal(
        case_id=case_id,
        text=check_text(obj["text"], child(path, "text")),
        id=new_id(),
        status=_optional(obj, path, "status", _goal_status, "open"),
        created_at=parse_datetime(obj["created_at"], child(path, "created_at")),
        updated_at=parse_datetime(obj["updated_at"], child(path, "updated_at")),
        history=_optional(obj, path, "history", _read_history, []),
        deleted_at=_optional(obj, path, "deleted_at", _nullable_datetime, None),
    )


def _goal_status(value: Any, path: str) -> GoalStatus:
    return _enum(value, path, GoalStatus)


def _read_history(value: Any, path: str) -> list[GoalChange]:
    changes: list[GoalChange] = []
    for i, v in enumerate(_list(value, path)):
        change_path = item(path, i)
        obj = _fields(v, change_path, GOAL_CHANGE_FIELDS, GOAL_CHANGE_REQUIRED, "a goal change")
        changes.append(
            GoalChange(
                at=parse_datetime(obj["at"], child(change_path, "at")),
                status=_goal_status(obj["status"], child(change_path, "status")),
                text=check_text(obj["text"], child(change_path, "text")),
            )
        )
    return changes


def _duration(value: Any, path: str) -> int:
    return check_int(value, path, 0, MAX_DURATION_MINUTES)


def _session_format(value: Any, path: str) -> SessionFormat:
    return _enum(value, path, SessionFormat)


def _signed_by(value: Any, path: str) -> ClinicianProfile:
    obj = _fields(value, path, SIGNED_BY_FIELDS, frozenset(SIGNED_BY_FIELDS), "a clinician")
    return ClinicianProfile(*(check_text(obj[key], child(path, key)) for key in SIGNED_BY_FIELDS))


def _attendance(value: Any, path: str) -> Attendance:
    return _enum(value, path, Attendance)


def _template(value: Any, path: str) -> NoteTemplate:
    return _enum(value, path, NoteTemplate)


def _sections(value: Any, path: str, template: NoteTemplate) -> dict[str, str]:
    if not isinstance(value, dict):
        raise InterchangeError(path, f"expected an object, found {describe(value)}")
    check_unique_keys(value, path)
    allowed = section_keys(template)
    sections: dict[str, str] = {}
    for position, (key, text) in enumerate(value.items()):
        if key not in allowed:
            raise InterchangeError(
                key_at(path, position),
                f'not a section of the "{template.value}" template, whose sections are: '
                + ", ".join(allowed),
            )
        sections[key] = check_text(text, child(path, key))
    return sections


def _reflection(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InterchangeError(path, f"expected an object, found {describe(value)}")
    result: dict[str, Any] = json_value(value, path, 1)
    return result


def _goal_refs(value: Any, path: str, goal_ids: list[str]) -> list[str]:
    refs = _list(value, path)
    if refs and not goal_ids:
        raise InterchangeError(path, "refers to goals, but this case has none")
    first_at: dict[int, int] = {}
    result: list[str] = []
    for i, v in enumerate(refs):
        index = check_int(v, item(path, i), 0, len(goal_ids) - 1)
        if index in first_at:
            raise InterchangeError(
                item(path, i), f"refers to the same goal as {item(path, first_at[index])}"
            )
        first_at[index] = i
        result.append(goal_ids[index])
    return result


class _Content(NamedTuple):
    """The content a note and a revision share (and that a note's content hash covers)."""

    session_date: date
    duration_minutes: int
    format: SessionFormat
    template: NoteTemplate
    sections: dict[str, str]
    tags: list[str]
    reflection: dict[str, Any]


def _content(obj: dict[str, Any], path: str) -> _Content:
    template = _optional(obj, path, "template", _template, "free")
    return _Content(
        session_date=parse_date(obj["session_date"], child(path, "session_date")),
        duration_minutes=_optional(obj, path, "duration_minutes", _duration, 50),
        format=_optional(obj, path, "format", _session_format, "in_person"),
        template=template,
        sections=_optional(obj, path, "sections", lambda v, p: _sections(v, p, template), {}),
        tags=_optional(obj, path, "tags", _text_list, []),
        reflection=_optional(obj, path, "reflection", _reflection, {}),
    )


def _read_note(
    value: Any, path: str, case_id: str, goal_ids: list[str]
) -> tuple[Note, list[NoteRevision], ProcessNotes | None]:
    obj = _fields(value, path, NOTE_FIELDS, NOTE_REQUIRED, "a note")
    content = _content(obj, path)
    note_id = new_id()
    note = Note(
        case_id=case_id,
        session_date=content.session_date,
        id=note_id,
        duration_minutes=content.duration_minutes,
        format=content.format,
        template=content.template,
        sections=content.sections,
        tags=content.tags,
        reflection=content.reflection,
        goal_ids=_optional(obj, path, "goal_refs", lambda v, p: _goal_refs(v, p, goal_ids), []),
        created_at=parse_datetime(obj["created_at"], child(path, "created_at")),
        updated_at=parse_datetime(obj["updated_at"], child(path, "updated_at")),
        signed_at=_optional(obj, path, "signed_at", _nullable_datetime, None),
        content_hash=_optional(obj, path, "content_hash", _nullable_sha256, None),
        addenda=_optional(obj, path, "addenda", lambda v, p: _read_addenda(v, p, note_id), []),
        deleted_at=_optional(obj, path, "deleted_at", _nullable_datetime, None),
        attendance=_attendance(obj["attendance"], child(path, "attendance"))
        if "attendance" in obj
        else None,
        signed_by=_signed_by(obj["signed_by"], child(path, "signed_by"))
        if "signed_by" in obj
        else None,
        kind=_enum(obj["kind"], child(path, "kind"), NoteKind)
        if "kind" in obj
        else NoteKind.SESSION,
        channel=_enum(obj["channel"], child(path, "channel"), ContactChannel)
        if "channel" in obj
        else None,
        export_log_id=check_export_log_id(obj["export_log_id"], child(path, "export_log_id"))
        if "export_log_id" in obj
        else None,
    )
    signed_reflection = (
        _reflection(obj["signed_reflection"], child(path, "signed_reflection"))
        if "signed_reflection" in obj
        else None
    )
    if note.signed_at is not None:
        hash_path = child(path, "content_hash")
        if note.content_hash is None:
            raise InterchangeError(hash_path, "required for a signed note (signed_at is set)")
        if note.content_hash == note_content_hash(note, 2):
            # Signed before the hash covered the note's kind, channel and summary link.
            note.hash_version = 2
        elif note.content_hash != note_content_hash(note):
            # Signed before vault format 3: the hash covered the reflection as signed.
            note.hash_version = 1
            note.signed_reflection = dict(
                signed_reflection if signed_reflection is not None else note.reflection
            )
            if note.content_hash != note_content_hash(note, 1):
                raise InterchangeError(hash_path, "does not match the note's content")
    revisions = _optional(
        obj, path, "revisions", lambda v, p: _read_revisions(v, p, note_id, goal_ids), []
    )
    text = _optional(obj, path, "process_notes", _text, "")
    process = (
        ProcessNotes(
            note_id=note_id,
            reflection=dict(note.reflection),
            text=text,
            created_at=note.created_at,
            updated_at=note.updated_at,
        )
        if text
        else None
    )
    return note, revisions, process


def _read_addenda(value: Any, path: str, note_id: str) -> list[Addendum]:
    addenda: list[Addendum] = []
    for i, v in enumerate(_list(value, path)):
        addendum_path = item(path, i)
        obj = _fields(v, addendum_path, ADDENDUM_FIELDS, ADDENDUM_REQUIRED, "an addendum")
        addenda.append(
            Addendum(
                note_id=note_id,
                text=check_text(obj["text"], child(addendum_path, "text")),
                id=new_id(),
                created_at=parse_datetime(obj["created_at"], child(addendum_path, "created_at")),
            )
        )
    return addenda


def _read_revisions(value: Any, path: str, note_id: str, goal_ids: list[str]) -> list[NoteRevision]:
    revisions: list[NoteRevision] = []
    for i, v in enumerate(_list(value, path)):
        revision_path = item(path, i)
        obj = _fields(v, revision_path, REVISION_FIELDS, REVISION_REQUIRED, "a revision")
        saved_at: datetime = parse_datetime(obj["saved_at"], child(revision_path, "saved_at"))
        content = _content(obj, revision_path)  # all but goal_refs are required in a revision
        revisions.append(
            NoteRevision(
                note_id=note_id,
                saved_at=saved_at,
                session_date=content.session_date,
                duration_minutes=content.duration_minutes,
                format=content.format,
                template=content.template,
                sections=content.sections,
                tags=content.tags,
                reflection=content.reflection,
                id=new_id(),
                goal_ids=_optional(
                    obj, revision_path, "goal_refs", lambda v, p: _goal_refs(v, p, goal_ids), []
                ),
            )
        )
    return revisions
