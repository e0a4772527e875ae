"""Chosen options as words: a process-notes search snippet shows "Not allowed", not the
stored id "not_allowed".

The index searches a reflection's chosen option ids (their parts are words to the
tokenizer, so "allowed" finds "not_allowed"); what the practitioner reads is the label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from casenotes.core.prompts.model import PromptLibrary


def option_labels(library: PromptLibrary) -> dict[str, str]:
    """Every option id of the library that is no plain word ("not_allowed"), with its label."""
    return {
        option.id: option.label
        for prompt in library.prompts
        for option in prompt.options
        if "_" in option.id
    }


@cache
def _stored_id(start: str, end: str) -> re.Pattern[str]:
    """An option id as stored, with the highlight marks that may fall inside it."""
    # Letters and digits only (not "_", which joins the parts): one way to split each id.
    part = rf"(?:[^\W_]|[{re.escape(start)}{re.escape(end)}])+"
    return re.compile(rf"(?<![\w-]){part}(?:_{part})+(?![\w-])")


def with_option_labels(text: str, labels: Mapping[str, str], start: str, end: str) -> str:
    """``text`` with each known option id shown as its label. ``start`` and ``end`` are the
    highlight marks a snippet carries; one that fell inside an id covers the whole label."""
    if not labels or "_" not in text:
        return text
    stored_id = _stored_id(start, end)

    def label(match: re.Match[str]) -> str:
        found = match.group()
        shown = labels.get(found.replace(start, "").replace(end, ""))
        if shown is None:
            return found
        # The marks the id held, kept in their order around the label.
        return (start if start in found else "") + shown + (end if end in found else "")

    return stored_id.sub(label, text)


__all__ = ["option_labels", "with_option_labels"]
