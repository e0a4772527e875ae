"""Sharing a prompt set with a peer: the effective prompts written as a TOML file in the
library's own format (``kind = "casenotes-prompt-set"``, hidden prompts marked
``hidden = true``), and read back as customisations of the reader's own library.

A prompt set holds prompt wording only, never anything about a client.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from casenotes.core.domain.client_types import ClientType
from casenotes.core.prompts.customise import OVERRIDE_FIELDS, all_prompts_with_state
from casenotes.core.prompts.library import (
    CHOICE_KINDS,
    PromptLibraryError,
    parse_prompt_file,
)
from casenotes.core.prompts.model import (
    Prompt,
    PromptCustomisation,
    PromptKind,
    PromptLibrary,
)

PROMPT_SET_KIND = "casenotes-prompt-set"

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(value: str) -> str:
    """A TOML basic string holding exactly ``value``."""
    parts: list[str] = []
    for char in value:
        if char in _ESCAPES:
            parts.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            parts.append(f"\\u{ord(char):04X}")
        elif 0xD800 <= ord(char) <= 0xDFFF:
            raise ValueError("text holds a lone surrogate, which TOML cannot carry")
        else:
            parts.append(char)
    return '"' + "".join(parts) + '"'


def _prompt_table(prompt: Prompt, hidden: bool) -> list[str]:
    lines = ["[[prompt]]", f"id = {toml_string(prompt.id)}", f"text = {toml_string(prompt.text)}"]
    if prompt.help:
        lines.append(f"help = {toml_string(prompt.help)}")
    lines.append(f"kind = {toml_string(prompt.kind.value)}")
    if prompt.group:
        lines.append(f"group = {toml_string(prompt.group)}")
    if prompt.client_types:
        ordered = [t.value for t in ClientType if t in prompt.client_types]
        lines.append("client_types = [" + ", ".join(toml_string(t) for t in ordered) + "]")
    if prompt.chart:
        lines.append(f"chart = {toml_string(prompt.chart)}")
    if prompt.summary:
        lines.append(f"summary = {toml_string(prompt.summary)}")
    if prompt.kind is PromptKind.SCALE:
        lines.append(f"scale_min = {prompt.scale_min}")
        lines.append(f"scale_max = {prompt.scale_max}")
        if prompt.scale_low:
            lines.append(f"scale_low = {toml_string(prompt.scale_low)}")
        if prompt.scale_high:
            lines.append(f"scale_high = {toml_string(prompt.scale_high)}")
    if prompt.kind in CHOICE_KINDS:
        lines.append("options = [")
        for option in prompt.options:
            lines.append(
                f"  {{ id = {toml_string(option.id)}, label = {toml_string(option.label)} }},"
            )
        lines.append("]")
    if hidden:
        lines.append("hidden = true")
    return lines


def export_prompt_set(library: PromptLibrary, customisations: Sequence[PromptCustomisation]) -> str:
    """The effective prompts (hidden ones marked ``hidden = true``), in the effective order,
    as a TOML prompt set."""
    lines = [
        "# A Casenotes prompt set: reflection prompts shared between practitioners.",
        "# It holds prompt wording only: check that your own wording names no client.",
        "",
        f"kind = {toml_string(PROMPT_SET_KIND)}",
        f"version = {library.version}",
    ]
    for prompt, custom in all_prompts_with_state(library, customisations):
        lines.append("")
        lines.extend(_prompt_table(prompt, custom is not None and custom.hidden))
    return "\n".join(lines) + "\n"


def import_prompt_set(
    text: str,
    source: str,
    library: PromptLibrary,
    existing: Sequence[PromptCustomisation],
) -> list[PromptCustomisation]:
    """The complete set of customisations to save so the effective library matches the file.

    ``library`` is the practitioner's library as shipped (without customisations). A prompt
    whose id is in it becomes an override of the fields that differ (reusing the row id of
    its existing customisation); an unknown id becomes an added prompt. Every prompt in the
    file is positioned in the file's order and hidden as the file says. The practitioner's
    own added prompts that the file lacks are kept, hidden, after the file's prompts.
    Existing rows not in the returned list (customisations of library prompts the file
    does not mention) should be deleted; those prompts return to their defaults.

    Raises :class:`PromptLibraryError` for a malformed file, or one that changes the kind,
    scale or chart of a library prompt (stored answers depend on those). A library prompt's
    ``summary`` marking stays as this library has it.
    """
    parsed = parse_prompt_file(text, source, allow_hidden=True, kind=PROMPT_SET_KIND)
    by_id = {custom.prompt_id: custom for custom in existing}
    result: list[PromptCustomisation] = []
    in_file: set[str] = set()
    for position, item in enumerate(parsed.prompts):
        prompt = item.prompt
        in_file.add(prompt.id)
        previous = by_id.get(prompt.id)
        row = PromptCustomisation(prompt_id=prompt.id, hidden=item.hidden, position=position)
        if previous is not None:
            row.id = previous.id
        base = library.get(prompt.id)
        if base is None:
            row.added = replace(prompt, custom=True)
        else:
            for name in ("kind", "scale_min", "scale_max", "chart"):
                if getattr(prompt, name) != getattr(base, name):
                    raise PromptLibraryError(
                        source,
                        item.line,
                        f"prompt '{prompt.id}': a prompt set cannot change the {name} of a "
                        f"prompt in this library ({getattr(base, name)!r})",
                    )
            for name in OVERRIDE_FIELDS:
                value = getattr(prompt, name)
                if value != getattr(base, name):
                    setattr(row, name, value)
        result.append(row)
    position = len(parsed.prompts)
    library_ids = {prompt.id for prompt in library.prompts}
    for custom in existing:
        if (
            custom.added is not None
            and by_id[custom.prompt_id] is custom
            and custom.prompt_id not in in_file
            and custom.prompt_id not in library_ids
        ):
            result.append(replace(custom, hidden=True, position=position))
            position += 1
    return result
