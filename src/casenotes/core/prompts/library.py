"""Reading and validating a prompt library file (``resources/prompts/default-prompts.toml``).

Every problem is reported as a :class:`PromptLibraryError` naming the file and, where it can
be found, the line of the offending prompt, so a hand-edited file can be fixed. Nothing is
loaded at import time: the application validates the library at start and shows the error.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from casenotes.core.domain.client_types import ClientType
from casenotes.core.prompts.model import (
    OPTION_ID_PATTERN,
    PROMPT_ID_PATTERN,
    Prompt,
    PromptKind,
    PromptLibrary,
    PromptOption,
)

DEFAULT_LIBRARY_FILE = ("prompts", "default-prompts.toml")
DEFAULT_LIBRARY_SOURCE = "default-prompts.toml"

CHART_VALUES: frozenset[str] = frozenset({"needs"})
# "safety": the summary's safety section; "legal": its legal-risk section. Each is its own
# choice in the summary, both off unless the practitioner ticks them.
SUMMARY_VALUES: frozenset[str] = frozenset({"safety", "legal"})
CHOICE_KINDS: frozenset[PromptKind] = frozenset({PromptKind.SINGLE, PromptKind.MULTIPLE})

# Keys of one [[prompt]] table. ``hidden`` is allowed only in a shared prompt set.
REQUIRED_PROMPT_KEYS: tuple[str, ...] = ("id", "text", "kind")
OPTIONAL_PROMPT_KEYS: tuple[str, ...] = (
    "help",
    "group",
    "client_types",
    "options",
    "scale_min",
    "scale_max",
    "scale_low",
    "scale_high",
    "chart",
    "summary",
)
SCALE_KEYS: frozenset[str] = frozenset({"scale_min", "scale_max", "scale_low", "scale_high"})
OPTION_KEYS: frozenset[str] = frozenset({"id", "label"})
SCALE_MAX_POINTS = 11  # e.g. 0 to 10

_PROMPT_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*prompt[ \t]*\]\]", re.MULTILINE)


class PromptLibraryError(ValueError):
    """A prompt library (or shared prompt set) that cannot be used, and where the problem is."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}, line {self.line}"
        return f"{where}: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.source, self.line, self.message))


@dataclass(frozen=True, slots=True)
class ParsedPrompt:
    """One prompt as read from a file, with the ``hidden`` flag of a shared set."""

    prompt: Prompt
    hidden: bool
    line: int | None


@dataclass(frozen=True, slots=True)
class ParsedFile:
    version: int
    kind: str | None
    prompts: tuple[ParsedPrompt, ...]


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _prompt_lines(text: str) -> list[int]:
    return [_line_of(text, m.start()) for m in _PROMPT_HEADER.finditer(text)]


def _top_key_line(text: str, key: str) -> int | None:
    """The line of a top-level ``key = ...`` (before the first table header), if found."""
    pattern = re.compile(rf"^[ \t]*\"?{re.escape(key)}\"?[ \t]*=", re.MULTILINE)
    first_table = re.search(r"^[ \t]*\[", text, re.MULTILINE)
    limit = first_table.start() if first_table else len(text)
    match = pattern.search(text, 0, limit)
    return _line_of(text, match.start()) if match else None


def _syntax_line(error: tomllib.TOMLDecodeError) -> int | None:
    lineno = getattr(error, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    match = re.search(r"\(at line (\d+)", str(error))
    return int(match.group(1)) if match else None


def _syntax_message(error: tomllib.TOMLDecodeError) -> str:
    message = getattr(error, "msg", None)
    if isinstance(message, str):
        return f"not valid TOML: {message}"
    return "not valid TOML: " + re.sub(r"\s*\(at line \d+, column \d+\)$", "", str(error))


class _PromptReader:
    """Validates one [[prompt]] table, raising errors that point at its line."""

    def __init__(self, source: str, line: int | None, index: int, allow_hidden: bool) -> None:
        self.source = source
        self.line = line
        self.index = index
        self.allow_hidden = allow_hidden
        self.name = f"prompt {index + 1}"

    def fail(self, message: str) -> PromptLibraryError:
        return PromptLibraryError(self.source, self.line, f"{self.name}: {message}")

    def text_value(self, table: Mapping[str, Any], key: str, *, required: bool) -> str:
        if key not in table:
            if required:
                raise self.fail(f"'{key}' is missing")
            return ""
        value = table[key]
        if not isinstance(value, str):
            raise self.fail(f"'{key}' must be text")
        if required and not value.strip():
            raise self.fail(f"'{key}' is empty")
        return value

    def int_value(self, table: Mapping[str, Any], key: str, default: int) -> int:
        if key not in table:
            return default
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"'{key}' must be a whole number")
        return value

    def read(self, table: Any) -> ParsedPrompt:
        if not isinstance(table, dict):
            raise self.fail("must be a table")
        raw_id = table.get("id")
        if isinstance(raw_id, str) and raw_id:
            self.name = f"prompt '{raw_id}'"
        allowed = {*REQUIRED_PROMPT_KEYS, *OPTIONAL_PROMPT_KEYS}
        if self.allow_hidden:
            allowed.add("hidden")
        unknown = sorted(set(table) - allowed)
        if unknown:
            listed = ", ".join(f"'{key}'" for key in unknown)
            raise self.fail(f"unknown key{'s' if len(unknown) > 1 else ''} {listed}")
        for key in REQUIRED_PROMPT_KEYS:
            if key not in table:
                raise self.fail(f"'{key}' is missing")

        prompt_id = self.text_value(table, "id", required=True)
        if not PROMPT_ID_PATTERN.match(prompt_id):
            raise self.fail(
                "the id must start with a lower-case letter and use only a-z, 0-9 and _ "
                "(at most 64 characters)"
            )
        text = self.text_value(table, "text", required=True)
        help_text = self.text_value(table, "help", required=False)
        group = self.text_value(table, "group", required=False)

        raw_kind = table["kind"]
        kinds = ", ".join(k.value for k in PromptKind)
        if not isinstance(raw_kind, str) or raw_kind not in {k.value for k in PromptKind}:
            raise self.fail(f"kind {raw_kind!r} is not one of {kinds}")
        kind = PromptKind(raw_kind)

        client_types = self.client_types(table.get("client_types", []))
        options = self.options(kind, table.get("options"), "options" in table)

        present_scale_keys = sorted(SCALE_KEYS & set(table))
        if kind is not PromptKind.SCALE and present_scale_keys:
            raise self.fail(f"'{present_scale_keys[0]}' applies only to a scale prompt")
        scale_min = self.int_value(table, "scale_min", 1)
        scale_max = self.int_value(table, "scale_max", 5)
        if kind is PromptKind.SCALE:
            if scale_min < 0:
                raise self.fail("'scale_min' must not be below 0")
            if scale_max <= scale_min:
                raise self.fail("'scale_max' must be greater than 'scale_min'")
            if scale_max - scale_min + 1 > SCALE_MAX_POINTS:
                raise self.fail(f"a scale may have at most {SCALE_MAX_POINTS} points")
        scale_low = self.text_value(table, "scale_low", required=False)
        scale_high = self.text_value(table, "scale_high", required=False)

        chart = self.text_value(table, "chart", required=False)
        if chart and chart not in CHART_VALUES:
            known = ", ".join(sorted(CHART_VALUES))
            raise self.fail(f"chart {chart!r} is not one of {known}")
        if chart == "needs" and kind not in CHOICE_KINDS:
            raise self.fail('chart = "needs" needs a single or multiple choice prompt')

        summary = self.text_value(table, "summary", required=False)
        if summary and summary not in SUMMARY_VALUES:
            known = ", ".join(sorted(SUMMARY_VALUES))
            raise self.fail(f"summary {summary!r} is not one of {known}")

        hidden = table.get("hidden", False)
        if not isinstance(hidden, bool):
            raise self.fail("'hidden' must be true or false")

        prompt = Prompt(
            id=prompt_id,
            text=text,
            kind=kind,
            help=help_text,
            group=group,
            options=options,
            client_types=client_types,
            scale_min=scale_min,
            scale_max=scale_max,
            scale_low=scale_low,
            scale_high=scale_high,
            chart=chart,
            summary=summary,
        )
        return ParsedPrompt(prompt, hidden, self.line)

    def client_types(self, value: Any) -> frozenset[ClientType]:
        if not isinstance(value, list):
            raise self.fail("'client_types' must be a list")
        known = {t.value for t in ClientType}
        result: set[ClientType] = set()
        for item in value:
            if not isinstance(item, str) or item not in known:
                listed = ", ".join(t.value for t in ClientType)
                raise self.fail(f"client type {item!r} is not one of {listed}")
            result.add(ClientType(item))
        return frozenset(result)

    def options(self, kind: PromptKind, value: Any, present: bool) -> tuple[PromptOption, ...]:
        if kind not in CHOICE_KINDS:
            if present:
                raise self.fail(f"a {kind.value} prompt has no options")
            return ()
        if not present:
            raise self.fail(f"a {kind.value} choice prompt needs 'options'")
        if not isinstance(value, list):
            raise self.fail("'options' must be a list of { id = ..., label = ... }")
        if len(value) < 2:
            raise self.fail("a choice prompt needs at least two options")
        result: list[PromptOption] = []
        seen: set[str] = set()
        repeated: list[str] = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                raise self.fail(f"option {number} must be {{ id = ..., label = ... }}")
            unknown = sorted(set(item) - OPTION_KEYS)
            if unknown:
                raise self.fail(f"option {number}: unknown key '{unknown[0]}'")
            option_id = item.get("id")
            label = item.get("label")
            if not isinstance(option_id, str):
                raise self.fail(f"option {number}: 'id' is missing or not text")
            if not OPTION_ID_PATTERN.match(option_id):
                raise self.fail(
                    f"option {number}: id {option_id!r} must start with a lower-case letter "
                    "and use only a-z, 0-9 and _"
                )
            if not isinstance(label, str) or not label.strip():
                raise self.fail(f"option '{option_id}': 'label' is missing or empty")
            if option_id in seen and option_id not in repeated:
                repeated.append(option_id)
            seen.add(option_id)
            result.append(PromptOption(option_id, label))
        if repeated:
            listed = ", ".join(f"'{r}'" for r in repeated)
            raise self.fail(f"option ids repeat ({listed})")
        return tuple(result)


def parse_prompt_file(
    text: str, source: str, *, allow_hidden: bool = False, kind: str | None = None
) -> ParsedFile:
    """Parse and validate a library file, or (``kind`` given) a shared prompt set."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PromptLibraryError(source, _syntax_line(error), _syntax_message(error)) from None

    allowed_top = {"version", "prompt"} | ({"kind"} if kind is not None else set())
    unknown_top = sorted(set(data) - allowed_top)
    if unknown_top:
        key = unknown_top[0]
        raise PromptLibraryError(source, _top_key_line(text, key), f"unknown key '{key}'")
    if kind is not None:
        found_kind = data.get("kind")
        if found_kind != kind:
            raise PromptLibraryError(
                source, _top_key_line(text, "kind"), f'not a prompt set: kind must be "{kind}"'
            )

    if "version" not in data:
        raise PromptLibraryError(source, None, "'version' is missing")
    version = data["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise PromptLibraryError(
            source, _top_key_line(text, "version"), "'version' must be a whole number from 1"
        )

    tables = data.get("prompt", [])
    if not isinstance(tables, list):
        raise PromptLibraryError(
            source, _top_key_line(text, "prompt"), "'prompt' must be an array of [[prompt]] tables"
        )
    if not tables:
        raise PromptLibraryError(source, None, "there are no [[prompt]] tables")
    header_lines = _prompt_lines(text)
    parsed: list[ParsedPrompt] = []
    first_line: dict[str, int | None] = {}
    for index, table in enumerate(tables):
        line = header_lines[index] if index < len(header_lines) else None
        if line is None and isinstance(table, dict) and isinstance(table.get("id"), str):
            line = _id_line(text, table["id"])
        item = _PromptReader(source, line, index, allow_hidden).read(table)
        prompt_id = item.prompt.id
        if prompt_id in first_line:
            earlier = first_line[prompt_id]
            also = f" (first at line {earlier})" if earlier is not None else ""
            raise PromptLibraryError(
                source, line, f"prompt '{prompt_id}': the id is used twice{also}"
            )
        first_line[prompt_id] = line
        parsed.append(item)
    return ParsedFile(version, data.get("kind") if kind is not None else None, tuple(parsed))


def _id_line(text: str, prompt_id: str) -> int | None:
    pattern = re.compile(rf"^[ \t]*id[ \t]*=[ \t]*[\"']{re.escape(prompt_id)}[\"']", re.MULTILINE)
    match = pattern.search(text)
    return _line_of(text, match.start()) if match else None


def parse_library(text: str, source: str) -> PromptLibrary:
    """Parse and validate a prompt library file. Raises :class:`PromptLibraryError`."""
    parsed = parse_prompt_file(text, source)
    return PromptLibrary(parsed.version, tuple(item.prompt for item in parsed.prompts))


def read_default_library_text() -> str:
    resource = files("casenotes.resources").joinpath(*DEFAULT_LIBRARY_FILE)
    return resource.read_text(encoding="utf-8")


@cache
def load_default_library() -> PromptLibrary:
    """The shipped library, read and validated on first use and cached after."""
    try:
        text = read_default_library_text()
    except OSError as error:
        raise PromptLibraryError(
            DEFAULT_LIBRARY_SOURCE, None, f"cannot be read: {error.strerror or error}"
        ) from None
    return parse_library(text, DEFAULT_LIBRARY_SOURCE)
