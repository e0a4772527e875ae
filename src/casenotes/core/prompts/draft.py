"""The practitioner's prompt library while it is being edited, before Save.

A ``PromptsDraft`` holds the customisations as edited (copies of what the vault holds) and
answers what the prompts dialog asks: the prompts in their effective order, what changed
against the vault, and each edit (reword, move, hide, add, reset, delete, import). Nothing
here writes; ``changes()`` is what Save hands to ``Journal.save_prompt_customisations``.
No Qt: the dialog only shows this state and forwards what the practitioner does."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from casenotes.core.prompts.customise import (
    OVERRIDE_FIELDS,
    all_prompts_with_state,
    customise,
    reorder,
    set_hidden,
)
from casenotes.core.prompts.model import Prompt, PromptCustomisation, PromptKind, PromptLibrary

CHOICE_KINDS = (PromptKind.SINGLE, PromptKind.MULTIPLE)
NEW_PROMPT_TEXT = "A new prompt"

Entry = tuple[Prompt, PromptCustomisation | None]


def option_id_from(label: str, taken: set[str]) -> str:
    """A stable option id made from a new option's label: lower case, letters, digits and
    underscores, starting with a letter, unique among ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_")
    if not base or not base[0].isalpha():
        base = f"option_{base}" if base else "option"
    base = base[:56]
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}_{number}"
        number += 1
    return candidate


def new_prompt_id(taken: set[str]) -> str:
    """An id for one's own prompt, random so that two colleagues' prompts never collide."""
    while True:
        candidate = f"own_{uuid.uuid4().hex[:10]}"
        if candidate not in taken:
            return candidate


def is_edited(custom: PromptCustomisation | None) -> bool:
    """Whether a customisation overrides any field (hiding or moving alone is not an edit)."""
    return custom is not None and any(getattr(custom, name) is not None for name in OVERRIDE_FIELDS)


def is_hidden(custom: PromptCustomisation | None) -> bool:
    return custom is not None and custom.hidden


@dataclass(frozen=True)
class ImportComparison:
    """What importing a prompt set would change, prompt by prompt in the new order:
    ``listed`` holds (prompt text, how: "new", "changed", "hidden", "shown again")."""

    added: int = 0
    changed: int = 0
    hidden: int = 0
    shown: int = 0
    reordered: bool = False
    listed: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not (self.added or self.changed or self.hidden or self.shown or self.reordered)


class PromptsDraft:
    """The prompt customisations being edited, measured against what the vault holds."""

    def __init__(self, base: PromptLibrary, saved: Sequence[PromptCustomisation]) -> None:
        self.base = base
        self._saved = list(saved)
        self._customs = [replace(custom) for custom in saved]
        self._entries = all_prompts_with_state(base, self._customs)

    # ---- reading ----

    def customisations(self) -> list[PromptCustomisation]:
        """The customisations as edited (what Save would store)."""
        return list(self._customs)

    def entries(self) -> list[Entry]:
        """Every prompt as edited, hidden ones included, in the effective order."""
        return list(self._entries)

    def ids(self) -> list[str]:
        return [prompt.id for prompt, _ in self._entries]

    def entry(self, prompt_id: str | None) -> Entry | None:
        for entry in self._entries:
            if entry[0].id == prompt_id:
                return entry
        return None

    def is_own(self, prompt_id: str) -> bool:
        """A prompt the practitioner added (not in the shipped library)."""
        return self.base.get(prompt_id) is None

    def base_of(self, prompt_id: str) -> Prompt | None:
        """What an edit is measured against: the shipped prompt, or one's own definition."""
        shipped = self.base.get(prompt_id)
        if shipped is not None:
            return shipped
        custom = self._custom_for(prompt_id)
        return custom.added if custom is not None else None

    def groups(self) -> list[str]:
        return sorted(
            {prompt.group for prompt, _ in self._entries if prompt.group}, key=str.casefold
        )

    def changes(self) -> tuple[list[PromptCustomisation], list[str]]:
        """(rows to write, row ids to delete) against what the vault holds."""
        before = {custom.id: custom for custom in self._saved}
        now_ids = {custom.id for custom in self._customs}
        changed = [custom for custom in self._customs if before.get(custom.id) != custom]
        removed = [row_id for row_id in before if row_id not in now_ids]
        return changed, removed

    def missing_options(self) -> Prompt | None:
        """The first shown choice prompt with fewer than two options (it cannot be saved)."""
        for prompt, custom in self._entries:
            if prompt.kind in CHOICE_KINDS and len(prompt.options) < 2 and not is_hidden(custom):
                return prompt
        return None

    def new_option_id(self, prompt_id: str, label: str, current: set[str]) -> str:
        """An id for a new option of ``prompt_id``, clear of ``current`` and of every id the
        prompt's definition ever used (answers may still carry them)."""
        base = self.base_of(prompt_id)
        return option_id_from(label, current | {o.id for o in (base.options if base else ())})

    # ---- editing ----

    def edit(self, edited: Prompt) -> bool:
        """Record ``edited`` (the prompt with its fields as the practitioner left them)."""
        entry = self.entry(edited.id)
        base = self.base_of(edited.id)
        if entry is None or base is None:
            return False
        self._set_custom(edited.id, customise(entry[1], base, edited))
        self._refresh()
        return True

    def move(self, prompt_id: str, step: int, among: Sequence[str] | None = None) -> bool:
        """Swap the prompt with its neighbour ``step`` places away in ``among`` (the prompts
        on show, when a filter hides some; all of them by default)."""
        visible = list(among) if among is not None else self.ids()
        if prompt_id not in visible:
            return False
        row = visible.index(prompt_id)
        if not 0 <= row + step < len(visible):
            return False
        neighbour = visible[row + step]
        order = self.ids()
        order.remove(prompt_id)
        at = order.index(neighbour)
        order.insert(at if step < 0 else at + 1, prompt_id)
        self._customs = reorder(self.base, self._customs, order)
        self._refresh()
        return True

    def set_hidden(self, prompt_id: str, hidden: bool) -> bool:
        entry = self.entry(prompt_id)
        if entry is None:
            return False
        self._set_custom(prompt_id, set_hidden(entry[1], prompt_id, hidden))
        self._refresh()
        return True

    def add(self, kind: PromptKind, group: str = "") -> str:
        """Add one's own prompt of ``kind`` after the others; returns its id."""
        prompt_id = new_prompt_id(set(self.ids()))
        scale = kind == PromptKind.SCALE
        added = Prompt(
            id=prompt_id,
            text=NEW_PROMPT_TEXT,
            kind=kind,
            group=group,
            custom=True,
            scale_low="Not at all" if scale else "",
            scale_high="Very much" if scale else "",
        )
        self._customs.append(PromptCustomisation(prompt_id=prompt_id, added=added))
        self._refresh()
        return prompt_id

    def reset(self, prompt_id: str) -> bool:
        """Back to the shipped prompt, in its place; False for one's own or an untouched one."""
        entry = self.entry(prompt_id)
        if entry is None or entry[1] is None or self.is_own(prompt_id):
            return False
        self._set_custom(prompt_id, None)
        self._refresh()
        return True

    def delete(self, prompt_id: str) -> bool:
        """Delete one's own prompt (a shipped one can only be hidden)."""
        if self.entry(prompt_id) is None or not self.is_own(prompt_id):
            return False
        self._set_custom(prompt_id, None)
        self._refresh()
        return True

    def replace_all(self, customisations: Sequence[PromptCustomisation]) -> None:
        """Take an imported set in place of the current edits."""
        self._customs = list(customisations)
        self._refresh()

    def compare(self, imported: Sequence[PromptCustomisation]) -> ImportComparison:
        """What ``replace_all(imported)`` would change."""
        before = {prompt.id: (prompt, custom) for prompt, custom in self._entries}
        after = all_prompts_with_state(self.base, imported)
        added = changed = hidden = shown = 0
        listed: list[tuple[str, tuple[str, ...]]] = []
        for prompt, custom in after:
            old = before.get(prompt.id)
            if old is None:
                added += 1
                listed.append((prompt.text, ("new",)))
                continue
            how: list[str] = []
            if old[0] != prompt:
                changed += 1
                how.append("changed")
            if is_hidden(custom) and not is_hidden(old[1]):
                hidden += 1
                how.append("hidden")
            elif is_hidden(old[1]) and not is_hidden(custom):
                shown += 1
                how.append("shown again")
            if how:
                listed.append((prompt.text, tuple(how)))
        after_ids = {prompt.id for prompt, _ in after}
        reordered = [p.id for p, _ in after if p.id in before] != [
            p.id for p, _ in self._entries if p.id in after_ids
        ]
        return ImportComparison(added, changed, hidden, shown, reordered, listed)

    # ---- inside ----

    def _custom_for(self, prompt_id: str) -> PromptCustomisation | None:
        for custom in self._customs:
            if custom.prompt_id == prompt_id:
                return custom
        return None

    def _set_custom(self, prompt_id: str, custom: PromptCustomisation | None) -> None:
        for position, existing in enumerate(self._customs):
            if existing.prompt_id == prompt_id:
                if custom is None:
                    del self._customs[position]
                else:
                    self._customs[position] = custom
                return
        if custom is not None:
            self._customs.append(custom)

    def _refresh(self) -> None:
        self._entries = all_prompts_with_state(self.base, self._customs)
