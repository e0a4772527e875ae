"""The effective prompt library: the shipped defaults with the practitioner's changes on top.

A customisation records only the fields the practitioner changed, so an updated default
library still reaches every field they left alone. Order: prompts with a ``position`` are
placed by it; a prompt without one follows its predecessor in the library, so a prompt new in
an updated library appears beside its library neighbour and the practitioner's order is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from casenotes.core.domain.client_types import ClientType
from casenotes.core.prompts.model import Prompt, PromptCustomisation, PromptLibrary

# Prompt fields a customisation can override, by the same name on both classes.
OVERRIDE_FIELDS: tuple[str, ...] = (
    "text",
    "help",
    "group",
    "options",
    "client_types",
    "scale_low",
    "scale_high",
)


def _apply_overrides(prompt: Prompt, custom: PromptCustomisation) -> Prompt:
    changes = {
        name: getattr(custom, name) for name in OVERRIDE_FIELDS if getattr(custom, name) is not None
    }
    return replace(prompt, **changes) if changes else prompt


def _index_customisations(
    customisations: Sequence[PromptCustomisation],
) -> dict[str, PromptCustomisation]:
    """One customisation per prompt id; a later one wins if the store ever holds two."""
    return {custom.prompt_id: custom for custom in customisations}


def all_prompts_with_state(
    library: PromptLibrary, customisations: Sequence[PromptCustomisation]
) -> list[tuple[Prompt, PromptCustomisation | None]]:
    """Every prompt as customised, hidden ones included, in the effective order, each with its
    customisation (None when untouched). For the dialog where prompts are edited."""
    by_id = _index_customisations(customisations)
    library_ids = {prompt.id for prompt in library.prompts}

    # (prompt, customisation, is from the library) for each prompt that exists.
    entries: list[tuple[Prompt, PromptCustomisation | None]] = []
    for prompt in library.prompts:
        custom = by_id.get(prompt.id)
        entries.append((_apply_overrides(prompt, custom) if custom else prompt, custom))
    added: list[tuple[Prompt, PromptCustomisation | None]] = []
    for custom in customisations:
        if custom.added is None or custom.prompt_id in library_ids:
            continue  # a library prompt by that id wins over an added one
        if by_id.get(custom.prompt_id) is not custom:
            continue  # a repeat; the later one is used
        prompt = replace(custom.added, id=custom.prompt_id, custom=True)
        added.append((prompt, custom))

    # Positioned prompts first, by position (library order, then added order, on ties).
    everything = entries + added
    positioned = [
        (custom.position, rank, entry)
        for rank, entry in enumerate(everything)
        if (custom := entry[1]) is not None and custom.position is not None
    ]
    positioned.sort(key=lambda item: (item[0], item[1]))
    ordered: list[tuple[Prompt, PromptCustomisation | None]] = [e for _, _, e in positioned]
    placed = {entry[0].id for entry in ordered}

    # Library prompts without a position follow their library predecessor.
    previous_id: str | None = None
    for entry in entries:
        prompt = entry[0]
        if prompt.id not in placed:
            at = 0
            if previous_id is not None:
                at = 1 + next(i for i, e in enumerate(ordered) if e[0].id == previous_id)
            ordered.insert(at, entry)
            placed.add(prompt.id)
        previous_id = prompt.id

    # Added prompts without a position go last, in the order they were added.
    ordered.extend(entry for entry in added if entry[0].id not in placed)
    return ordered


def apply_customisations(
    library: PromptLibrary, customisations: Sequence[PromptCustomisation]
) -> PromptLibrary:
    """The effective library: overrides applied, added prompts joined (``custom=True``),
    hidden prompts left out, in the effective order. Customisations of prompts no longer in
    the library (and not added) are ignored."""
    prompts = tuple(
        prompt
        for prompt, custom in all_prompts_with_state(library, customisations)
        if custom is None or not custom.hidden
    )
    return PromptLibrary(library.version, prompts)


def prompts_for(library: PromptLibrary, client_types: Iterable[ClientType]) -> tuple[Prompt, ...]:
    """The prompts that apply to a case with these client types (each once, library order).
    Prompts without client types apply to every case, including one with no types."""
    types = frozenset(client_types)
    return tuple(prompt for prompt in library.prompts if prompt.applies_to(types))


def customise(
    existing: PromptCustomisation | None, base: Prompt, edited: Prompt
) -> PromptCustomisation | None:
    """The customisation recording ``edited`` against ``base``.

    ``base`` must be the prompt as the *library* defines it (not the effective one), or, for a
    practitioner's own prompt, the added definition. Only fields that differ from ``base`` are
    recorded; the row id, ``hidden`` and ``position`` of ``existing`` are kept. Returns None
    when nothing differs and the prompt is neither hidden nor positioned (delete the row).
    An added prompt's whole definition is replaced by ``edited``.
    """
    if existing is not None and existing.added is not None:
        added = replace(edited, id=existing.prompt_id, custom=True)
        return replace(existing, added=added)
    changes: dict[str, object] = {}
    for name in OVERRIDE_FIELDS:
        new_value = getattr(edited, name)
        changes[name] = None if new_value == getattr(base, name) else new_value
    result = PromptCustomisation(prompt_id=base.id) if existing is None else replace(existing)
    result = replace(result, **changes)  # type: ignore[arg-type]
    if _is_empty(result):
        return None
    return result


def set_hidden(
    existing: PromptCustomisation | None, prompt_id: str, hidden: bool
) -> PromptCustomisation | None:
    """The customisation with ``hidden`` set; None when nothing else is left in it."""
    result = PromptCustomisation(prompt_id=prompt_id) if existing is None else replace(existing)
    result.hidden = hidden
    return None if _is_empty(result) else result


def _is_empty(custom: PromptCustomisation) -> bool:
    return (
        custom.added is None
        and not custom.hidden
        and custom.position is None
        and all(getattr(custom, name) is None for name in OVERRIDE_FIELDS)
    )


def reorder(
    library: PromptLibrary,
    customisations: Sequence[PromptCustomisation],
    ordered_ids: Sequence[str],
) -> list[PromptCustomisation]:
    """The customisations to save so the prompts follow ``ordered_ids``.

    Every prompt named (library or added; hidden ones too) gets ``position`` = its index.
    Returns the complete list: the existing customisations (copied, positions updated, in
    their order) followed by new ones for prompts that had none. Ids that are neither in the
    library nor added are skipped. Prompts left out of ``ordered_ids`` keep their place rules.
    """
    known = {prompt.id for prompt in library.prompts}
    known.update(c.prompt_id for c in customisations if c.added is not None)
    positions: dict[str, int] = {}
    for prompt_id in ordered_ids:
        if prompt_id in known and prompt_id not in positions:
            positions[prompt_id] = len(positions)
    result: list[PromptCustomisation] = []
    seen: set[str] = set()
    for custom in customisations:
        copy = replace(custom)
        if custom.prompt_id in positions:
            copy.position = positions[custom.prompt_id]
        result.append(copy)
        seen.add(custom.prompt_id)
    for prompt_id, position in positions.items():
        if prompt_id not in seen:
            result.append(PromptCustomisation(prompt_id=prompt_id, position=position))
    return result
