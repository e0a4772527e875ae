"""Answers to reflection prompts, as stored in ``Note.reflection``.

``reflection`` maps a prompt id to its answer (an option id, a list of option ids, an int or
text) and holds free-text comments beside them under ``reflection[NOTES_KEY][prompt_id]``.
An answer that no longer fits a customised prompt (an option removed, say) is never dropped:
it stays stored and is shown as its raw value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casenotes.core.prompts.model import NOTES_KEY, Prompt, PromptKind


def _is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple | set | frozenset | dict) and not value


def clean_answer(prompt: Prompt, value: object) -> object | None:
    """One answer validated and normalised for storage, or None when it is empty.

    single: an option id (str); multiple: option ids in the options' order, each once (ids
    no longer among the options are kept, after the known ones); scale: an int within the
    scale; text: the text without trailing whitespace. Raises ValueError for a value of the
    wrong shape or a scale point out of range.
    """
    if _is_empty(value):
        return None
    kind = prompt.kind
    if kind is PromptKind.SINGLE:
        if not isinstance(value, str):
            raise ValueError(f"prompt '{prompt.id}': a single choice is one option id")
        return value.strip()
    if kind is PromptKind.MULTIPLE:
        items: list[object]
        if isinstance(value, str):
            items = [value]
        elif isinstance(value, list | tuple | set | frozenset):
            items = list(value)
        else:
            raise ValueError(f"prompt '{prompt.id}': a multiple choice is a list of option ids")
        chosen: list[str] = []
        for item in items:
            if not isinstance(item, str):
                raise ValueError(f"prompt '{prompt.id}': option ids are text")
            item = item.strip()
            if item and item not in chosen:
                chosen.append(item)
        if not chosen:
            return None
        order = [option.id for option in prompt.options]
        known = [option_id for option_id in order if option_id in chosen]
        unknown = [option_id for option_id in chosen if option_id not in order]
        return known + unknown
    if kind is PromptKind.SCALE:
        point: int
        if isinstance(value, bool):
            raise ValueError(f"prompt '{prompt.id}': a scale answer is a whole number")
        if isinstance(value, int):
            point = value
        elif isinstance(value, str):
            try:
                point = int(value.strip())
            except ValueError:
                raise ValueError(
                    f"prompt '{prompt.id}': a scale answer is a whole number"
                ) from None
        elif isinstance(value, float) and value.is_integer():
            point = int(value)
        else:
            raise ValueError(f"prompt '{prompt.id}': a scale answer is a whole number")
        if not prompt.scale_min <= point <= prompt.scale_max:
            raise ValueError(
                f"prompt '{prompt.id}': {point} is outside the scale "
                f"{prompt.scale_min} to {prompt.scale_max}"
            )
        return point
    if not isinstance(value, str):
        raise ValueError(f"prompt '{prompt.id}': a text answer is text")
    return value.rstrip()


def describe_answer(prompt: Prompt | None, value: object) -> str:
    """An answer in words: option labels joined with ", ", "3 of 5 (label)" for a scale.
    An unknown prompt or option shows the raw id or value."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        if prompt is None or prompt.kind not in (PromptKind.SINGLE, PromptKind.MULTIPLE):
            return ", ".join(str(item) for item in value)
        return ", ".join(
            prompt.option_label(item) if isinstance(item, str) else str(item) for item in value
        )
    if prompt is None:
        return str(value)
    if prompt.kind in (PromptKind.SINGLE, PromptKind.MULTIPLE) and isinstance(value, str):
        return prompt.option_label(value)
    if prompt.kind is PromptKind.SCALE and isinstance(value, int) and not isinstance(value, bool):
        if prompt.scale_min == 1:
            words = f"{value} of {prompt.scale_max}"
        else:
            words = f"{value} on a scale of {prompt.scale_min} to {prompt.scale_max}"
        label = ""
        if value == prompt.scale_min:
            label = prompt.scale_low
        elif value == prompt.scale_max:
            label = prompt.scale_high
        return f"{words} ({label})" if label else words
    return str(value)


def note_comment(reflection: Mapping[str, Any], prompt_id: str) -> str:
    """The free-text comment beside a prompt's answer, or ""."""
    notes = reflection.get(NOTES_KEY)
    if not isinstance(notes, Mapping):
        return ""
    comment = notes.get(prompt_id, "")
    return comment if isinstance(comment, str) else ""


def set_answer(
    reflection: Mapping[str, Any],
    prompt: Prompt,
    value: object,
    comment: str | None = None,
) -> dict[str, Any]:
    """A new reflection with this prompt's answer (and, unless None, its comment) set.

    An empty answer or comment removes the entry; an empty comments table is dropped.
    Raises ValueError as :func:`clean_answer` does.
    """
    cleaned = clean_answer(prompt, value)
    result = dict(reflection)
    if cleaned is None:
        result.pop(prompt.id, None)
    else:
        result[prompt.id] = cleaned
    notes_value = result.get(NOTES_KEY)
    notes: dict[str, Any] = dict(notes_value) if isinstance(notes_value, Mapping) else {}
    if comment is not None:
        text = comment.rstrip()
        if text.strip():
            notes[prompt.id] = text
        else:
            notes.pop(prompt.id, None)
    if notes:
        result[NOTES_KEY] = notes
    else:
        result.pop(NOTES_KEY, None)
    return result


def is_answered(reflection: Mapping[str, Any], prompt_id: str) -> bool:
    """Whether the prompt has a non-empty answer (a comment alone does not count)."""
    return prompt_id != NOTES_KEY and not _is_empty(reflection.get(prompt_id))
