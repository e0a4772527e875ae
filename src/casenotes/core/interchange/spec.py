"""Constants and value rules of interchange format version 1, shared by the reader and writer.

docs/interchange-format.md is the normative description; keep the two in step.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from casenotes.core.interchange.errors import InterchangeError

FORMAT_NAME = "casenotes"
FORMAT_VERSION = 1

#: Whole input larger than this is refused before it is decoded or parsed.
MAX_INPUT_BYTES = 512 * 1024 * 1024
#: Longest single string (any text, tag, key, identifier …), in characters (code points).
MAX_TEXT_CHARS = 4_000_000
#: Deepest nesting of a reflection; the reflection object itself is level 1.
MAX_REFLECTION_DEPTH = 8
#: Integers inside a reflection must fit a signed 64-bit integer.
MIN_REFLECTION_INT = -(2**63)
MAX_REFLECTION_INT = 2**63 - 1

# The fields of each object, in the order the writer emits them. Every object is closed: a key
# that is not listed here is an error. ``REQUIRED`` fields must be present; the others default
# (see docs/interchange-format.md, "Defaults").
TOP_FIELDS = ("format", "version", "cases")
TOP_REQUIRED = frozenset(TOP_FIELDS)

CASE_FIELDS = (
    "code",
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
    "goals",
    "notes",
)
CASE_REQUIRED = frozenset({"code", "display_name", "created_at", "updated_at"})

MEMBER_FIELDS = ("label", "name", "pronouns")
MEMBER_REQUIRED = frozenset({"label"})

# deleted_at (a goal in the trash) is optional, and written only when set.
GOAL_FIELDS = ("text", "status", "created_at", "updated_at", "history", "deleted_at")
GOAL_REQUIRED = frozenset({"text", "created_at", "updated_at"})

GOAL_CHANGE_FIELDS = ("at", "status", "text")
GOAL_CHANGE_REQUIRED = frozenset(GOAL_CHANGE_FIELDS)

NOTE_FIELDS = (
    "session_date",
    "duration_minutes",
    "format",
    "template",
    "sections",
    "tags",
    "reflection",
    "goal_refs",
    "created_at",
    "updated_at",
    "signed_at",
    "content_hash",
    "addenda",
    "revisions",
    "deleted_at",
    # Came with vault format 3: optional, and written only when set (so a vault without
    # them exports the same bytes as before).
    "attendance",
    "signed_by",
    "process_notes",
    "signed_reflection",
    # Non-session notes: written only for a consultation record or a contact (absent means
    # a session), so files of vaults without them keep their bytes.
    "kind",
    "channel",
    # A consultation record's link to the summary sent, as the source vault's export-log id:
    # covered by the content hash (version 3), so carried for that; written only when set.
    "export_log_id",
)
SIGNED_BY_FIELDS = ("name", "credentials", "licence")
NOTE_REQUIRED = frozenset({"session_date", "created_at", "updated_at"})

ADDENDUM_FIELDS = ("text", "created_at")
ADDENDUM_REQUIRED = frozenset(ADDENDUM_FIELDS)

REVISION_FIELDS = (
    "saved_at",
    "session_date",
    "duration_minutes",
    "format",
    "template",
    "sections",
    "tags",
    "reflection",
    # Came after format 1's first release: optional, and written only when not empty.
    "goal_refs",
)
REVISION_REQUIRED = frozenset(REVISION_FIELDS) - {"goal_refs"}

# ``[0-9]`` rather than ``\d``: ``\d`` also matches non-ASCII digits.
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATETIME_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]{1,9}))?"
    r"(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))?"
)
_SHA256_HEX_RE = re.compile(r"[0-9a-f]{64}")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_EXPORT_LOG_ID_RE = re.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def check_export_log_id(value: Any, path: str) -> str:
    """A consultation record's link: the source vault's export-log id, a lowercase UUID."""
    if not isinstance(value, str) or not _EXPORT_LOG_ID_RE.fullmatch(value):
        raise InterchangeError(path, "expected an export-log id (a lowercase UUID)")
    return value


DATE_HINT = "not an ISO date (YYYY-MM-DD)"
DATETIME_HINT = (
    "not an ISO 8601 date and time with a UTC offset (YYYY-MM-DDTHH:MM:SS, optional fraction, "
    "then Z or ±HH:MM)"
)


def child(path: str, name: str) -> str:
    """The path of a named field of the object at ``path``."""
    return f"{path}.{name}" if path else name


def item(path: str, index: int) -> str:
    """The path of a list element."""
    return f"{path}[{index}]"


def key_at(path: str, position: int) -> str:
    """The path of a key of an object by its position (0-based), for keys not echoed."""
    return f"{path}{{{position}}}"


def describe(value: object) -> str:
    """The JSON type of a value, for messages (never the value itself)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a value that is not JSON"


def check_text(value: object, path: str) -> str:
    """A string within the length limit that is valid Unicode (encodable as UTF-8)."""
    if not isinstance(value, str):
        raise InterchangeError(path, f"expected a string, found {describe(value)}")
    if len(value) > MAX_TEXT_CHARS:
        raise InterchangeError(
            path, f"text is longer than the limit of {MAX_TEXT_CHARS:,} characters"
        )
    if _SURROGATE_RE.search(value) is not None:
        raise InterchangeError(
            path, "text contains an unpaired surrogate code point, which is not valid Unicode"
        )
    return value


def check_int(value: object, path: str, low: int, high: int) -> int:
    """A JSON integer (not true/false, not a number with a fraction or exponent) in [low, high]."""
    if isinstance(value, bool):
        raise InterchangeError(path, "expected a whole number, found true/false")
    if not isinstance(value, int):
        raise InterchangeError(path, f"expected a whole number, found {describe(value)}")
    if not low <= value <= high:
        raise InterchangeError(path, f"must be between {low} and {high}")
    return int(value)


def parse_date(value: object, path: str) -> date:
    if not isinstance(value, str):
        raise InterchangeError(path, f"{DATE_HINT}; found {describe(value)}")
    match = _DATE_RE.fullmatch(value)
    if match is None:
        raise InterchangeError(path, DATE_HINT)
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InterchangeError(path, "not a valid calendar date") from None


def parse_datetime(value: object, path: str) -> datetime:
    """An RFC 3339 date-time with an offset, returned as an aware datetime in UTC."""
    if not isinstance(value, str):
        raise InterchangeError(path, f"{DATETIME_HINT}; found {describe(value)}")
    match = _DATETIME_RE.fullmatch(value)
    if match is None:
        raise InterchangeError(path, DATETIME_HINT)
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    if zulu is None and sign is None:
        raise InterchangeError(
            path, "date and time has no UTC offset; add Z or ±HH:MM (e.g. +00:00)"
        )
    if sign is not None and (int(off_h) > 23 or int(off_m) > 59):
        raise InterchangeError(path, "UTC offset out of range")
    offset = timedelta(0)
    if sign is not None:
        offset = timedelta(hours=int(off_h), minutes=int(off_m))
        if sign == "-":
            offset = -offset
    micro = int((fraction or "").ljust(6, "0")[:6])
    try:
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            micro,
            tzinfo=timezone(offset),
        )
    except ValueError:
        raise InterchangeError(path, "not a valid date and time") from None
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise InterchangeError(path, "date and time out of range once converted to UTC") from None


def parse_sha256(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise InterchangeError(path, f"expected a string or null, found {describe(value)}")
    if _SHA256_HEX_RE.fullmatch(value) is None:
        raise InterchangeError(path, "not a SHA-256 digest (64 lowercase hexadecimal characters)")
    return value


class _NotPlain(Exception):
    """A value the quick check does not pass: the checked walk says what is wrong, and where."""


def json_value(value: object, path: str, depth: int) -> Any:
    """A checked copy of a JSON value nested at ``depth`` (a reflection object is depth 1).

    Objects keep their key order. Keys are never echoed in paths (they may be client text):
    ``{2}`` names the third key of an object.
    """
    # Nearly every value passes: a quick walk that builds no paths first (it was a fifth of
    # export-json's time), and the checked walk, which names the place, only for the rest.
    try:
        return _plain_copy(value, depth)
    except _NotPlain:
        return _checked_json_value(value, path, depth)


def _plain_text(value: str) -> bool:
    return len(value) <= MAX_TEXT_CHARS and (value.isascii() or _SURROGATE_RE.search(value) is None)


def _plain_copy(value: object, depth: int) -> Any:
    """What ``_checked_json_value`` returns for a value it accepts; ``_NotPlain`` otherwise."""
    kind = type(value)
    if kind is str:
        if _plain_text(value):  # type: ignore[arg-type]
            return value
    elif value is None or kind is bool:
        return value
    elif kind is int:
        if MIN_REFLECTION_INT <= value <= MAX_REFLECTION_INT:  # type: ignore[operator]
            return value
    elif kind is float:
        if math.isfinite(value):  # type: ignore[arg-type]
            return value
    elif kind is list:
        if depth <= MAX_REFLECTION_DEPTH:
            # Strings, most items, without a call each (as _plain_copy's first test).
            return [
                v
                if type(v) is str and len(v) <= MAX_TEXT_CHARS and v.isascii()
                else _plain_copy(v, depth + 1)
                for v in value  # type: ignore[attr-defined]
            ]
    elif kind is dict and depth <= MAX_REFLECTION_DEPTH:
        copy: dict[str, Any] = {}
        for key, v in value.items():  # type: ignore[attr-defined]
            if type(key) is not str or not _plain_text(key):
                raise _NotPlain
            if type(v) is str and len(v) <= MAX_TEXT_CHARS and v.isascii():
                copy[key] = v
            else:
                copy[key] = _plain_copy(v, depth + 1)
        return copy
    raise _NotPlain  # anything else (subclasses included) takes the checked walk


def _checked_json_value(value: object, path: str, depth: int) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return check_int(value, path, MIN_REFLECTION_INT, MAX_REFLECTION_INT)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InterchangeError(path, "numbers must be finite (no NaN or Infinity)")
        return float(value)
    if isinstance(value, str):
        return check_text(value, path)
    if isinstance(value, list | dict):
        if depth > MAX_REFLECTION_DEPTH:
            raise InterchangeError(
                path, f"nested deeper than the limit of {MAX_REFLECTION_DEPTH} levels"
            )
        if isinstance(value, list):
            return [_checked_json_value(v, item(path, i), depth + 1) for i, v in enumerate(value)]
        check_unique_keys(value, path)
        copy: dict[str, Any] = {}
        for position, (key, v) in enumerate(value.items()):
            key_path = key_at(path, position)
            if not isinstance(key, str):
                raise InterchangeError(key_path, "object keys must be strings")
            check_text(key, key_path)
            copy[key] = _checked_json_value(v, key_path, depth + 1)
        return copy
    raise InterchangeError(path, "not a JSON value")


class DuplicateKeyDict(dict[str, Any]):
    """A JSON object that repeated a key; the reader reports it where it meets it."""

    duplicate_position: int = 0


def check_unique_keys(value: dict[Any, Any], path: str) -> None:
    if isinstance(value, DuplicateKeyDict):
        raise InterchangeError(
            key_at(path, value.duplicate_position), "a key appears twice in the same object"
        )


def format_datetime(value: object, path: str) -> str:
    """The writer's form of a timestamp: UTC, ``YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00``."""
    if not isinstance(value, datetime):
        raise InterchangeError(path, "expected a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InterchangeError(path, "date and time has no time zone")
    try:
        return value.astimezone(UTC).isoformat()
    except (OverflowError, ValueError):
        raise InterchangeError(path, "date and time out of range once converted to UTC") from None


def format_date(value: object, path: str) -> str:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InterchangeError(path, "expected a date (without a time)")
    return value.isoformat()
