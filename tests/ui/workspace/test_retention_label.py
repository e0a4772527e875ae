"""The case header's retention line."""

from __future__ import annotations

from datetime import date
from typing import Any

from casenotes.core.journal import Journal
from casenotes.ui.workspace import Workspace
from casenotes.ui.workspace.retention_label import retention_text


def test_the_text_says_until_when_or_due() -> None:
    assert retention_text(date(2031, 3, 8), 7, date(2026, 1, 1)) == (
        "Records kept until 8 Mar 2031 (7 years after the last contact)."
    )
    assert retention_text(date(2025, 3, 8), 7, date(2026, 1, 1)) == (
        "Past its retention date (8 Mar 2025): due for review."
    )


def test_the_case_header_shows_it(
    make_workspace: Any, journal: Journal, small: dict[str, Any]
) -> None:
    workspace: Workspace = make_workspace(journal)
    workspace.case_list.select_case(small["couple"].id)
    line = workspace.case_view.header.record_line
    assert line.isVisible()
    assert line.text() == retention_text(
        journal.retention_date(small["couple"].id), 7, date.today()
    )
