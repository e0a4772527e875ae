"""Search as you type across every case; Enter or activation opens the note."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casenotes.core.journal import Journal
from casenotes.ui.shared.common import model_data
from casenotes.ui.workspace import Workspace
from casenotes.ui.workspace.search_panel import SearchRole

from .conftest import DeferredTaskRunner


def test_search_as_you_type_and_enter_opens_the_note(make_workspace: Any, journal: Journal,
                                                     small: dict[str, Any],
                                                     qtbot: QtBot) -> None:
    workspace: Workspace = make_workspace(journal)
    workspace.focus_search()
    field = workspace.search.field
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "screen")  # a prefix of "Screening"
    results = workspace.search.model
    qtbot.waitUntil(lambda: results.rowCount() == 1)
    assert workspace.left_stack.currentWidget() is workspace.search
    index = results.index(0, 0)
    assert model_data(index, SearchRole.NOTE_ID) == small["solo_note"].id
    assert "<b>Screening</b>" in model_data(index, SearchRole.SNIPPET_HTML)
    assert "1 note" in workspace.search.summary.text()
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert workspace.location() == (small["solo"].id, small["solo_note"].id)
    assert workspace.editor.isVisible()
    assert "Screening" in workspace.editor.section_edit("body").toPlainText()
    # Escape clears the search and brings the case list back, with the case selected.
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == ""
    assert workspace.left_stack.currentWidget() is workspace.case_list
    assert workspace.case_list.current_case_id() == small["solo"].id


def test_down_arrow_then_activation_opens(make_workspace: Any, journal: Journal,
                                          small: dict[str, Any], qtbot: QtBot) -> None:
    workspace: Workspace = make_workspace(journal)
    field = workspace.search.field
    qtbot.keyClicks(field, "agreement")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() >= 1)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    view = workspace.search.results
    qtbot.waitUntil(view.hasFocus)
    # The case (tagged "agreements") comes first, then its note.
    assert model_data(view.currentIndex(), SearchRole.CASE_ID) == small["couple"].id
    assert model_data(view.currentIndex(), SearchRole.IS_CASE)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert model_data(view.currentIndex(), SearchRole.NOTE_ID) == small["first"].id
    with qtbot.waitSignal(workspace.search.note_requested):
        view.activated.emit(view.currentIndex())
    assert workspace.location() == (small["couple"].id, small["first"].id)


def test_snippets_are_escaped_before_highlighting(make_workspace: Any, journal: Journal,
                                                  small: dict[str, Any], qtbot: QtBot) -> None:
    workspace: Workspace = make_workspace(journal)
    qtbot.keyClicks(workspace.search.field, "drafts")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == 1)
    html = model_data(workspace.search.model.index(0, 0), SearchRole.SNIPPET_HTML)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html
    assert "<b>drafts</b>" in html


def test_cases_match_by_name_but_only_by_code_in_privacy_mode(make_workspace: Any,
                                                              journal: Journal,
                                                              small: dict[str, Any],
                                                              qtbot: QtBot) -> None:
    workspace: Workspace = make_workspace(journal)
    qtbot.keyClicks(workspace.search.field, "juno")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == 1)
    index = workspace.search.model.index(0, 0)
    assert model_data(index, SearchRole.IS_CASE)
    assert "Juno" in str(model_data(index, Qt.ItemDataRole.DisplayRole))
    workspace.set_privacy_mode(True)
    assert workspace.search.model.rowCount() == 0
    assert "Nothing matches" in workspace.search.summary.text()
    workspace.search.field.clear()
    qtbot.keyClicks(workspace.search.field, "sw-1")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == 1)
    assert "Juno" not in str(model_data(workspace.search.model.index(0, 0),
                                        Qt.ItemDataRole.DisplayRole))
    qtbot.keyClick(workspace.search.field, Qt.Key.Key_Return)
    assert workspace.location() == (small["solo"].id, None)


def test_search_waits_for_the_index_built_in_the_background(make_workspace: Any,
                                                            journal: Journal,
                                                            small: dict[str, Any],
                                                            qtbot: QtBot) -> None:
    tasks = DeferredTaskRunner()
    workspace: Workspace = make_workspace(journal, tasks)
    assert len(tasks.queue) == 1  # the last-session scan; the index follows it
    assert not workspace.search.is_ready()
    qtbot.keyClicks(workspace.search.field, "screen")
    qtbot.waitUntil(lambda: "Getting the notes ready" in workspace.search.summary.text())
    assert workspace.search.model.rowCount() == 0
    tasks.run_all()
    assert workspace.search.is_ready()
    assert workspace.search.model.rowCount() == 1
    # The case list got its last-session dates from the same background work.
    assert workspace.case_model.last_session(small["solo"].id) == small["solo_note"].session_date


def test_saved_text_is_found_at_once(make_workspace: Any, journal: Journal,
                                     small: dict[str, Any], qtbot: QtBot) -> None:
    workspace: Workspace = make_workspace(journal)
    first = small["first"]
    workspace.open_note(first.case_id, first.id)
    qtbot.keyClicks(workspace.editor.section_edit("plan"), "Xylophone lessons.")
    assert workspace.flush()
    qtbot.keyClicks(workspace.search.field, "xyloph")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == 1)
