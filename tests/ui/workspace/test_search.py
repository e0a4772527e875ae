"""Search as you type across every case; Enter or activation opens the note."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Goal, Note, ProcessNotes
from casenotes.core.journal import Journal
from casenotes.ui.shared.common import model_data
from casenotes.ui.tasks import SyncTaskRunner, TaskRunner, lane_beside
from casenotes.ui.workspace import Workspace
from casenotes.ui.workspace.search_panel import IN_PROCESS_NOTES, NOTE_LIMIT, SearchRole

from .conftest import DeferredTaskRunner


def test_search_as_you_type_and_enter_opens_the_note(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
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


def test_down_arrow_then_activation_opens(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
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


def test_snippets_are_escaped_before_highlighting(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)
    qtbot.keyClicks(workspace.search.field, "drafts")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == 1)
    html = model_data(workspace.search.model.index(0, 0), SearchRole.SNIPPET_HTML)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html
    assert "<b>drafts</b>" in html


def test_cases_match_by_name_but_only_by_code_in_privacy_mode(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
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
    assert "Juno" not in str(
        model_data(workspace.search.model.index(0, 0), Qt.ItemDataRole.DisplayRole)
    )
    qtbot.keyClick(workspace.search.field, Qt.Key.Key_Return)
    assert workspace.location() == (small["solo"].id, None)


def test_search_waits_for_the_index_built_in_the_background(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
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


def test_saved_text_is_found_at_once(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)
    first = small["first"]
    workspace.open_note(first.case_id, first.id)
    qtbot.keyClicks(workspace.editor.section_edit("plan"), "Xylophone lessons.")
    assert workspace.flush()
    qtbot.keyClicks(workspace.search.field, "xyloph")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == 1)


# ---- reflections, presenting concerns and goals; the match in place; more than 50 --------


def test_a_match_in_a_section_is_selected_and_in_view(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    long_text = "\n".join(f"Line {i} of an ordinary session." for i in range(80))
    note = journal.save_note(
        Note(
            case_id=small["solo"].id,
            session_date=date(2024, 5, 1),
            sections={"body": long_text + "\nA kingfisher by the river."},
        )
    )
    workspace: Workspace = make_workspace(journal)
    qtbot.keyClicks(workspace.search.field, "kingfish")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == 1)
    qtbot.keyClick(workspace.search.field, Qt.Key.Key_Return)
    assert workspace.location() == (small["solo"].id, note.id)
    edit = workspace.editor.section_edit("body")
    assert edit.textCursor().selectedText() == "kingfisher"
    assert edit.hasFocus()
    # The note scrolled to the match: the selection is inside the scroll area's view.
    scroll = workspace.editor.body_scroll
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().value() > 0)
    top_left = edit.viewport().mapTo(scroll.viewport(), edit.cursorRect().topLeft())
    assert scroll.viewport().rect().contains(top_left)


def test_a_match_in_a_reflection_opens_the_panel_on_it(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    note = small["solo_note"]
    library = journal.prompt_library()
    solo_type = small["solo"].client_types[0]
    prompt = next(
        p
        for p in library.prompts
        if p.kind.value == "text" and (not p.client_types or solo_type in p.client_types)
    )
    journal.save_note(replace(note, reflection={prompt.id: "Rest feels like a heron."}))
    workspace: Workspace = make_workspace(journal)
    qtbot.keyClicks(workspace.search.field, "heron")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == 1)
    index = workspace.search.model.index(0, 0)
    assert model_data(index, SearchRole.NOTE_ID) == note.id
    assert "<b>heron</b>" in model_data(index, SearchRole.SNIPPET_HTML)
    workspace.editor.set_reflection_shown(False)  # hidden: the match is there all the same
    qtbot.keyClick(workspace.search.field, Qt.Key.Key_Return)
    assert workspace.editor.reflection_shown()
    focus = QApplication.focusWidget()
    assert focus is not None and workspace.editor.reflection_panel.isAncestorOf(focus)
    assert isinstance(focus, QTextEdit | QPlainTextEdit)
    assert focus.textCursor().selectedText() == "heron"


def test_a_match_in_the_process_notes_says_so_and_is_masked_in_privacy_mode(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    note = small["first"]  # a session of the couple Rowan & Kit
    journal.save_process_notes(
        ProcessNotes(note_id=note.id, text="Noticed a kestrel of worry when Rowan spoke.")
    )
    workspace: Workspace = make_workspace(journal)
    qtbot.keyClicks(workspace.search.field, "kestrel")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == 1)
    index = workspace.search.model.index(0, 0)
    assert model_data(index, SearchRole.NOTE_ID) == note.id
    spoken = str(model_data(index, Qt.ItemDataRole.DisplayRole))
    assert IN_PROCESS_NOTES in spoken and "Rowan" in spoken
    # Privacy mode: the snippet is masked like any note's.
    workspace.set_privacy_mode(True)
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == 1)
    spoken = str(model_data(workspace.search.model.index(0, 0), Qt.ItemDataRole.DisplayRole))
    assert IN_PROCESS_NOTES in spoken and "kestrel" in spoken and "Rowan" not in spoken
    workspace.set_privacy_mode(False)
    # A match in the progress note itself is not said to be in the process notes.
    workspace.search.field.clear()
    qtbot.keyClicks(workspace.search.field, "agreement")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() >= 1)
    texts = [
        str(model_data(workspace.search.model.index(r, 0), Qt.ItemDataRole.DisplayRole))
        for r in range(workspace.search.model.rowCount())
    ]
    assert all(IN_PROCESS_NOTES not in text for text in texts)


def test_a_chosen_option_in_the_process_notes_shows_as_its_label(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    note = small["first"]
    library = journal.prompt_library()
    prompt, option = next(
        (p, o) for p in library.prompts for o in p.options if "_" in o.id and len(p.options) > 1
    )
    answer = [option.id] if prompt.kind.value == "multiple" else option.id
    journal.save_note(replace(note, reflection={prompt.id: answer}))
    word = option.id.split("_")[-1]
    workspace: Workspace = make_workspace(journal)
    qtbot.keyClicks(workspace.search.field, word)
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() >= 1)
    shown = [
        str(model_data(workspace.search.model.index(r, 0), Qt.ItemDataRole.DisplayRole))
        for r in range(workspace.search.model.rowCount())
    ]
    ours = [text for text in shown if IN_PROCESS_NOTES in text]
    assert ours and all(option.id not in text for text in ours)
    assert any(option.label in text for text in ours)


def test_presenting_concerns_and_goals_are_found(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    solo = journal.save_case(
        replace(small["solo"], presenting_concerns="Burnout after a busy season.")
    )
    journal.save_goal(Goal(case_id=solo.id, text="Two evenings of rest, no burnout talk"))
    workspace: Workspace = make_workspace(journal)
    qtbot.keyClicks(workspace.search.field, "burnout")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == 2)
    rows = workspace.search.model.results()
    assert [(r.case_id, r.case_field) for r in rows] == [
        (solo.id, "Presenting concerns"),
        (solo.id, "Goal"),
    ]
    assert "\ue000Burnout\ue001" in rows[0].snippet
    with qtbot.waitSignal(workspace.search.case_requested):
        qtbot.keyClick(workspace.search.field, Qt.Key.Key_Return)
    assert workspace.location()[0] == solo.id


def test_goals_are_read_again_when_their_case_is_shown(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)  # its goals were read: none yet
    journal.save_goal(Goal(case_id=small["solo"].id, text="Find a quieter venue"))
    workspace.restore_location(small["solo"].id, None)
    qtbot.keyClicks(workspace.search.field, "quieter")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == 1)
    assert workspace.search.model.results()[0].snippet == "Find a \ue000quieter\ue001 venue"


def test_show_more_reaches_past_the_best_fifty(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    for day in range(1, 121):
        journal.save_note(
            Note(
                case_id=small["solo"].id,
                session_date=date(2023, 1, 1) + timedelta(days=day),
                sections={"body": f"Session {day}: talked about pacing."},
            )
        )
    workspace: Workspace = make_workspace(journal)
    panel = workspace.search
    qtbot.keyClicks(panel.field, "pacing")
    qtbot.waitUntil(lambda: panel.model.rowCount() == NOTE_LIMIT)
    assert panel.more_button.isVisible()
    assert "the best 50" in panel.summary.text()
    qtbot.mouseClick(panel.more_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 2 * NOTE_LIMIT
    assert panel.results.currentIndex().row() == NOTE_LIMIT  # the list goes on from there
    qtbot.mouseClick(panel.more_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 120
    assert not panel.more_button.isVisible()  # everything is shown
    ids = {model_data(panel.model.index(r, 0), SearchRole.NOTE_ID) for r in range(120)}
    assert len(ids) == 120
    panel.field.setText("pacin")  # a new query starts with the best 50 again
    panel.run()
    assert panel.model.rowCount() == NOTE_LIMIT


def test_a_row_made_current_before_every_row_is_measured_is_in_sight_after(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    """Rows out of sight are measured a few per turn after the list is shown; End pressed
    at once scrolls to the last row by its place among estimates, and once every row has
    its height the last row is still in sight, whole."""
    for day in range(1, 51):
        journal.save_note(
            Note(
                case_id=small["solo"].id,
                session_date=date(2023, 1, 1) + timedelta(days=day),
                sections={"body": "talked about pacing, " + "the week and the work, " * (day % 4)},
            )
        )
    workspace: Workspace = make_workspace(journal)
    workspace.resize(900, 500)
    workspace.show()
    qtbot.waitExposed(workspace)
    panel = workspace.search
    qtbot.keyClicks(panel.field, "pacing")
    qtbot.waitUntil(lambda: panel.model.rowCount() == NOTE_LIMIT)
    view = panel.results
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex().row() == NOTE_LIMIT - 1
    qtbot.waitUntil(lambda: not panel.delegate._pending)
    qtbot.wait(30)
    assert view.viewport().rect().contains(view.visualRect(view.currentIndex()))
    heights = {view.visualRect(panel.model.index(r, 0)).height() for r in range(NOTE_LIMIT)}
    assert len(heights) > 1  # rows of different heights: an estimate would be off


# ---- queries on a worker of their own ------------------------------------------------------


def test_a_slow_worker_shows_the_cases_first_and_drops_a_query_typed_over(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)
    panel = workspace.search
    worker = DeferredTaskRunner()
    panel.set_searcher(worker)
    panel.field.setText("screen")
    panel.run()
    panel.field.setText("agreement")
    panel.run()
    assert panel.is_searching()
    # The matching case shows while the notes are searched.
    qtbot.waitUntil(lambda: "Searching the notes" in panel.summary.text())
    assert panel.model.rowCount() == 1
    assert model_data(panel.model.index(0, 0), SearchRole.CASE_ID) == small["couple"].id
    worker.run_all()  # the answer for "screen" arrives first, and is dropped
    assert not panel.is_searching()
    rows = [model_data(panel.model.index(r, 0), SearchRole.NOTE_ID) for r in range(2)]
    assert rows == [None, small["first"].id]
    assert panel.model.rowCount() == 2
    assert "1 case and 1 note" in panel.summary.text()


def test_enter_and_down_before_the_worker_answers_act_on_its_answer(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)
    panel = workspace.search
    worker = DeferredTaskRunner()
    panel.set_searcher(worker)
    panel.field.setFocus()
    qtbot.keyClicks(panel.field, "agreement")
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)  # the query runs now; the answer waits
    assert panel.is_searching()
    assert not panel.results.hasFocus()
    worker.run_all()
    qtbot.waitUntil(panel.results.hasFocus)
    assert model_data(panel.results.currentIndex(), SearchRole.CASE_ID) == small["couple"].id
    panel.field.setFocus()
    panel.field.clear()
    qtbot.keyClicks(panel.field, "screen")
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert panel.is_searching()
    assert workspace.location()[1] is None
    worker.run_all()
    assert workspace.location() == (small["solo"].id, small["solo_note"].id)


def test_the_windows_queries_run_off_the_gui_thread(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)
    panel = workspace.search
    runner = TaskRunner()
    assert lane_beside(runner, panel) is not None
    assert lane_beside(SyncTaskRunner(), panel) is None  # tests keep theirs in place
    panel.set_searcher(lane_beside(runner, panel))
    threads: list[int] = []
    search = journal.search

    def recording_search(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.get_ident())
        return search(*args, **kwargs)

    journal.search = recording_search  # type: ignore[method-assign]
    qtbot.keyClicks(panel.field, "screen")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and not panel.is_searching())
    assert model_data(panel.model.index(0, 0), SearchRole.NOTE_ID) == small["solo_note"].id
    assert threads and threading.get_ident() not in threads


def test_the_results_list_paints_its_rows(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    # The rows are drawn, not only counted, with a full page of wrapped snippets.
    for day in range(1, 61):
        journal.save_note(
            Note(
                case_id=small["solo"].id,
                session_date=date(2023, 1, 1) + timedelta(days=day),
                sections={"body": f"Session {day}: talked about pacing the week, at length."},
            )
        )
    workspace: Workspace = make_workspace(journal)
    workspace.resize(1280, 800)
    workspace.show()
    qtbot.waitExposed(workspace)
    qtbot.keyClicks(workspace.search.field, "pacing")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() == NOTE_LIMIT)
    view = workspace.search.results
    qtbot.wait(200)
    row = view.visualRect(workspace.search.model.index(0, 0))
    assert row.isValid() and row.height() > 0
    image = view.viewport().grab(row).toImage()
    background = image.pixelColor(image.width() - 1, image.height() - 1).lightness()
    assert any(
        abs(image.pixelColor(x, y).lightness() - background) > 80
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    ), "the first result was not drawn"
