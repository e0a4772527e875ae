"""What the window reads from the journal as soon as it is unlocked, on the worker with the
unlock itself: the settings, the reflection prompt library and every live case.

Read on the GUI thread while the workspace was being built, these held the event loop for
0.2-0.4 s with 3,000 cases (decrypting each case, parsing the prompt library). Each part
that fails is kept as its exception, for the window to word as it did when it read the part
itself; nothing here is logged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casenotes.core.domain import Case, Settings
    from casenotes.core.journal import Journal
    from casenotes.core.prompts import PromptLibrary


@dataclass(frozen=True, slots=True)
class UnlockedData:
    settings: Settings | Exception
    prompt_library: PromptLibrary | Exception
    cases: list[Case] | Exception


def read_unlocked_data(journal: Journal) -> UnlockedData:
    """Read the three parts; an exception in one leaves the others."""
    settings: Settings | Exception
    library: PromptLibrary | Exception
    cases: list[Case] | Exception
    try:
        settings = journal.settings()
    except Exception as exc:
        settings = exc
    try:
        library = journal.prompt_library()
    except Exception as exc:
        library = exc
    try:
        cases = journal.list_cases()
    except Exception as exc:
        cases = exc
    return UnlockedData(settings, library, cases)
