"""What the window reads on the worker with the unlock (ui/unlocked_data.py): each part read
as the workspace reads it, and a part that fails kept as its exception."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from casenotes.core.domain import Case, Settings
from casenotes.core.journal import Journal
from casenotes.core.prompts import PromptLibrary
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.unlocked_data import read_unlocked_data

PASSPHRASE = "a strong fictional passphrase for tests 42"


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    journal = Journal.create(tmp_path / "v.vault", PASSPHRASE, KdfPolicy.testing()).journal
    yield journal
    journal.lock()


def test_the_settings_the_prompts_and_the_live_cases(journal: Journal) -> None:
    kept = journal.save_case(Case(code="SW-1", display_name="Fictional One"))
    gone = journal.save_case(Case(code="SW-2", display_name="Fictional Two"))
    journal.trash_case(gone.id)
    data = read_unlocked_data(journal)
    assert isinstance(data.settings, Settings)
    assert isinstance(data.prompt_library, PromptLibrary)
    assert isinstance(data.cases, list)
    assert [c.id for c in data.cases] == [kept.id]


def test_a_part_that_fails_is_kept_as_its_exception(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.save_case(Case(code="SW-1", display_name="Fictional One"))

    def broken() -> PromptLibrary:
        raise OSError("the prompt library could not be read")

    monkeypatch.setattr(journal, "prompt_library", broken)
    data = read_unlocked_data(journal)
    assert isinstance(data.prompt_library, OSError)
    assert isinstance(data.settings, Settings)
    assert isinstance(data.cases, list) and len(data.cases) == 1
