"""casenotes.core.journal: ``Journal.build_summary`` reads the case, its notes and goals, the
prompt library and the practitioner's settings, and builds a de-identified summary.

The summary's own content is tested in tests/core/export. All content is fictional."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from casenotes.core.domain import Settings
from casenotes.core.export import SummaryError, SummaryRequest
from casenotes.core.journal import Journal

if TYPE_CHECKING:
    from tests.core.conftest import Filled


def test_a_summary_covers_the_case_and_leaves_its_names_out(
    journal: Journal, filled: Filled
) -> None:
    draft = journal.build_summary(SummaryRequest(filled.couple.id, question="What helps?"))
    assert "What helps?" in draft.text
    assert "Rowan" not in draft.text and "Kit" not in draft.text
    assert filled.couple.code not in draft.text


def test_the_practitioners_never_redact_terms_come_from_the_settings(
    journal: Journal, filled: Filled
) -> None:
    request = SummaryRequest(filled.couple.id, question="How does Harbourside figure?")
    assert "Harbourside" not in journal.build_summary(request).text
    journal.save_settings(Settings(never_redact=["Harbourside"]))
    assert "Harbourside" in journal.build_summary(request).text


def test_a_missing_or_trashed_case_is_refused(journal: Journal, filled: Filled) -> None:
    with pytest.raises(SummaryError):
        journal.build_summary(SummaryRequest("no-such-case"))
    journal.trash_case(filled.solo.id)
    with pytest.raises(SummaryError):
        journal.build_summary(SummaryRequest(filled.solo.id))
