"""casenotes.ui.workspace.history_model: saved states newest first, to the second, and a saved
state against the note now, word by word. No window."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtTest import QAbstractItemModelTester

from casenotes.core.domain import Note, NoteRevision
from casenotes.ui.workspace.history_model import (
    ADDED_STYLE,
    REMOVED_STYLE,
    RevisionListModel,
    RevisionRole,
    diff_html,
    format_saved_at,
    sections_diff_html,
)

Mode = QAbstractItemModelTester.FailureReportingMode


@pytest.fixture
def failures() -> Iterator[list[str]]:
    found: list[str] = []

    def handler(mode: object, context: object, message: str) -> None:
        if "FAIL" in message:
            found.append(message)

    previous = qInstallMessageHandler(handler)
    yield found
    qInstallMessageHandler(previous)


def _note(text: str) -> Note:
    return Note(case_id="c", session_date=date(2026, 3, 2), sections={"body": text})


def test_newest_first_to_the_second_and_the_current_one_marked(failures: list[str]) -> None:
    note = _note("Second.")
    older = NoteRevision.of(_note("First."), datetime(2026, 3, 2, 9, 0, 5, tzinfo=UTC))
    newer = NoteRevision.of(note, datetime(2026, 3, 2, 9, 0, 41, tzinfo=UTC))
    model = RevisionListModel()
    tester = QAbstractItemModelTester(model, Mode.Warning)
    model.set_revisions([older, newer], note)
    first, second = (str(model.data(model.index(r, 0))) for r in range(2))
    assert first.endswith("(as it is now)") and not second.endswith("(as it is now)")
    # Two saves within the same minute are told apart.
    assert re.search(r"\d\d:\d\d:41", first)
    assert re.search(r"\d\d:\d\d:05", second)
    assert model.data(model.index(0, 0), RevisionRole.IS_CURRENT) is True
    assert model.data(model.index(1, 0), RevisionRole.REVISION) is older
    assert tester is not None
    assert not failures, failures


def test_format_saved_at_keeps_seconds() -> None:
    assert format_saved_at(datetime(2026, 3, 2, 9, 0, 41, tzinfo=UTC)).count(":") == 2


def test_the_diff_marks_what_went_and_what_came() -> None:
    html = diff_html("Talked about rest today.", "Talked about money today <b>.")
    assert f"<span style='{REMOVED_STYLE}'>rest</span>" in html
    assert f"<span style='{ADDED_STYLE}'>money</span>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html  # escaped before it is marked
    assert html.startswith("Talked about ")
    assert diff_html("same", "same") == "same"


def test_sections_against_the_note_now() -> None:
    note = _note("Now the text.")
    revision = NoteRevision.of(
        replace(note, sections={"body": "Then the text."}), datetime(2026, 3, 1, tzinfo=UTC)
    )
    html = sections_diff_html(revision, note, "#777")
    assert "Then" in html and "Now" in html and "line-through" in html
    same = sections_diff_html(NoteRevision.of(note), note, "#777")
    assert "(unchanged)" in same
