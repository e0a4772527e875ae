"""casenotes.ui.workspace.search_model: the results as an item model, tested without a
window (QAbstractItemModelTester watches every change)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtTest import QAbstractItemModelTester

from casenotes.ui.workspace.search_model import (
    MARK_END,
    MARK_START,
    SearchResult,
    SearchResultsModel,
    SearchRole,
    result_html,
)

Mode = QAbstractItemModelTester.FailureReportingMode


@pytest.fixture
def failures() -> Iterator[list[str]]:
    """What QAbstractItemModelTester reports (as Qt warnings starting with "FAIL!")."""
    found: list[str] = []

    def handler(mode: object, context: object, message: str) -> None:
        if "FAIL" in message:
            found.append(message)

    previous = qInstallMessageHandler(handler)
    yield found
    qInstallMessageHandler(previous)


CASE = SearchResult(case_id="c1", code="CPL-07", name="Rowan & Kit", detail="Couple")
NOTE = SearchResult(
    case_id="c1",
    code="CPL-07",
    note_id="n1",
    detail="Fri 8 Mar 2024",
    snippet=f"a <b>tag</b> & {MARK_START}agreement{MARK_END} here",
)
GOAL = SearchResult(
    case_id="c1",
    code="CPL-07",
    case_field="Goal",
    snippet=f"Write the {MARK_START}agreement{MARK_END} down",
)


def test_escapes_then_marks(failures: list[str]) -> None:
    model = SearchResultsModel()
    tester = QAbstractItemModelTester(model, Mode.Warning)
    model.set_results([CASE, NOTE])
    assert model.rowCount() == 2
    case_row, note_row = model.index(0, 0), model.index(1, 0)
    assert model.data(case_row, SearchRole.IS_CASE) is True
    assert model.data(note_row, SearchRole.NOTE_ID) == "n1"
    html = model.data(note_row, SearchRole.SNIPPET_HTML)
    assert html == "a &lt;b&gt;tag&lt;/b&gt; &amp; <b>agreement</b> here"
    assert MARK_START not in model.data(note_row)  # screen readers get plain text
    model.set_results([])
    assert model.rowCount() == 0
    assert tester is not None
    assert not failures, failures


def test_a_match_in_a_case_s_own_text_says_where(failures: list[str]) -> None:
    model = SearchResultsModel()
    tester = QAbstractItemModelTester(model, Mode.Warning)
    model.set_results([GOAL])
    row = model.index(0, 0)
    assert model.data(row, SearchRole.IS_CASE) is True  # opening it opens the case
    assert model.data(row, SearchRole.NOTE_ID) is None
    assert model.data(row) == "CPL-07, Goal: Write the agreement down"
    assert model.data(row, SearchRole.RESULT) is GOAL
    html = result_html(GOAL, "#777")
    assert "· Goal</span>" in html and "<b>agreement</b>" in html
    assert tester is not None
    assert not failures, failures


def test_rows_are_drawn_with_their_kind() -> None:
    assert "Case · Couple" in result_html(CASE, "#777")
    assert "Rowan &amp; Kit" in result_html(CASE, "#777")
    assert "· Fri 8 Mar 2024" in result_html(NOTE, "#777")
    assert result_html(NOTE, "#777").endswith(
        "a &lt;b&gt;tag&lt;/b&gt; &amp; <b>agreement</b> here"
    )
