"""The reflection prompt library's vocabulary: prompts, their answer kinds, and the
practitioner's customisations of them. Plain data; loading and merging live beside it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from casenotes.core.domain.client_types import ClientType
from casenotes.core.domain.models import new_id

# Stable ids: stored as keys of every answered reflection, so never renamed once released.
PROMPT_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
OPTION_ID_PATTERN = PROMPT_ID_PATTERN

# Key of Note.reflection holding free-text comments beside choice and scale answers:
# {"_notes": {prompt_id: "text"}}. A leading underscore can never be a prompt id.
NOTES_KEY = "_notes"


class PromptKind(StrEnum):
    SINGLE = "single"  # answer: one option id (str)
    MULTIPLE = "multiple"  # answer: option ids (list[str]), in the options' order
    SCALE = "scale"  # answer: an int from scale_min to scale_max
    TEXT = "text"  # answer: free text (str)


@dataclass(frozen=True, slots=True)
class PromptOption:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Prompt:
    """One reflection prompt. ``client_types`` empty means every case sees it."""

    id: str
    text: str
    kind: PromptKind
    help: str = ""
    group: str = ""  # a heading the panel groups prompts under, e.g. "Needs and function"
    options: tuple[PromptOption, ...] = ()
    client_types: frozenset[ClientType] = frozenset()
    scale_min: int = 1
    scale_max: int = 5
    scale_low: str = ""  # what the lowest point means, e.g. "Not yet"
    scale_high: str = ""
    # Answers of prompts marked "needs" are drawn on the case chart as the needs identified.
    chart: str = ""
    # Answers of prompts marked "safety" appear in a consultation summary's safety section
    # (safety as the client describes it), those marked "legal" in its legal-risk section,
    # each only when ticked; other answers only when reflection is included.
    summary: str = ""
    custom: bool = False  # added by the practitioner rather than shipped

    def applies_to(self, client_types: frozenset[ClientType] | set[ClientType]) -> bool:
        return not self.client_types or bool(self.client_types & set(client_types))

    def option_label(self, option_id: str) -> str:
        for option in self.options:
            if option.id == option_id:
                return option.label
        return option_id


@dataclass(frozen=True, slots=True)
class PromptLibrary:
    """An ordered set of prompts with the version of the file it came from."""

    version: int
    prompts: tuple[Prompt, ...]

    def get(self, prompt_id: str) -> Prompt | None:
        for prompt in self.prompts:
            if prompt.id == prompt_id:
                return prompt
        return None


@dataclass(slots=True)
class PromptCustomisation:
    """The practitioner's change to one prompt, or a prompt they added (``added`` set).

    Fields left as None keep the library's value, so an updated default library still
    reaches every field the practitioner did not touch. Stored encrypted, one row each.
    """

    prompt_id: str
    id: str = field(default_factory=new_id)  # the row id
    text: str | None = None
    help: str | None = None
    group: str | None = None
    options: tuple[PromptOption, ...] | None = None
    client_types: frozenset[ClientType] | None = None
    scale_low: str | None = None
    scale_high: str | None = None
    hidden: bool = False
    position: int | None = None  # where it sits in the practitioner's order; None: library order
    added: Prompt | None = None  # the whole definition of a practitioner's own prompt
