"""Privacy mode on a demo vault: no identifier a case knows shows on any screen, to the eye or
to a screen reader; switching it off restores everything; and nothing masked is ever saved.
All people and details are fictional (the demo generator's)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from casenotes.core.demo import generate_demo
from casenotes.core.domain import Attendance, Case, ClientType, ExportLogEntry, Goal, ProcessNotes
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.guide_dialog import guide_markdown
from casenotes.ui.main_window import MainWindow
from casenotes.ui.summary import SummaryDialog
from casenotes.ui.summary.export_log_dialog import COL_PURPOSE, COL_RECIPIENT
from casenotes.ui.tasks import SyncTaskRunner
from casenotes.ui.workspace import Workspace
from casenotes.ui.workspace.case_view import GOALS_TAB, OVER_TIME_TAB
from casenotes.ui.workspace.process_notes_panel import ProcessNotesPanel
from casenotes.ui.workspace.search_panel import NOTE_LIMIT, SearchRole
from casenotes.ui.workspace.session_model import SessionRole

from .support import PASSPHRASE, case_identifiers, leaks, unlock, visible_texts

pytestmark = pytest.mark.usefixtures("shell_env")


@pytest.fixture
def demo_window(qtbot: QtBot, vault_path: Path, policy: KdfPolicy) -> Iterator[MainWindow]:
    """The window with the real workspace, unlocked, on a vault of demo cases."""
    created = Journal.create(vault_path, PASSPHRASE, policy)
    journal = created.journal
    journal.import_bundles(generate_demo(cases=12, notes=120, seed=1))
    # A goal in the partners' own names, worked on in a session, so the goals, the chart
    # and the table have names to hide.
    couple = next(c for c in journal.list_cases() if c.members)
    first, second = (m.name.split()[0] for m in couple.members[:2])
    goal = journal.save_goal(
        Goal(case_id=couple.id, text=f"{first} and {second} rewrite the agreement")
    )
    note = journal.notes_for_case(couple.id)[-1]
    if not note.is_signed:
        journal.save_note(replace(note, goal_ids=[*note.goal_ids, goal.id]))
    journal.lock()
    window = MainWindow(vault_path, policy=policy, tasks=SyncTaskRunner())
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    unlock(qtbot, window)
    yield window
    window.tasks.wait_idle()
    if window.journal is not None and window.journal.is_unlocked:
        window.journal.lock()


def workspace_of(window: MainWindow) -> Workspace:
    workspace = window.workspace
    assert isinstance(workspace, Workspace)
    return workspace


def cases_of(window: MainWindow) -> list[Case]:
    assert window.journal is not None
    return window.journal.list_cases()


def couple_and_individual(window: MainWindow) -> tuple[Case, Case]:
    cases = cases_of(window)
    couple = next(c for c in cases if ClientType.COUPLE in c.client_types and c.members)
    solo = next(
        c
        for c in cases
        if ClientType.COUPLE not in c.client_types and len(c.identifiers.aliases) > 1
    )
    return couple, solo


def assert_masked(root: object, identifiers: set[str]) -> None:
    assert identifiers
    found = leaks(visible_texts(root), identifiers)  # type: ignore[arg-type]
    assert not found, "\n".join(found[:20])


def test_privacy_mode_masks_every_screen(qtbot: QtBot, demo_window: MainWindow) -> None:
    window = demo_window
    workspace = workspace_of(window)
    cases = cases_of(window)
    everyone = set().union(*(case_identifiers(c) for c in cases))
    couple, solo = couple_and_individual(window)
    # The walk sees names where they show: outside privacy mode it finds them.
    workspace.restore_location(couple.id, None)
    tabs = workspace.case_view.tabs
    seen: list[str] = []
    for tab in range(tabs.count()):  # each tab of the case view in turn
        tabs.setCurrentIndex(tab)
        seen += leaks(visible_texts(window), case_identifiers(couple))
    for where in (
        "TimelineView",
        "CaseTable",
        "Partner",
        "CaseChart# goal",
        "Worked",
        "QLabel#.text: '" + couple.members[0].name.split()[0] + " and",
    ):
        assert any(where in found for found in seen), where
    workspace.close_note()
    workspace.restore_location(solo.id, None)
    window.privacy_action.trigger()
    assert workspace.privacy_mode()

    # the case list
    assert_masked(workspace.case_list, everyone)

    for case in (couple, solo):
        workspace.restore_location(case.id, None)
        assert workspace.case_view.session_model.rowCount() > 0
        for tab in range(tabs.count()):
            tabs.setCurrentIndex(tab)
            assert_masked(window, case_identifiers(case))
        tabs.setCurrentIndex(OVER_TIME_TAB)
        for button in (
            workspace.case_view.over_time.table_button,
            workspace.case_view.over_time.chart_button,
        ):
            button.click()  # the table, then the chart: both are walked
            assert_masked(window, case_identifiers(case))
        assert_masked(workspace.case_list, everyone)

    # the note editor with its reflection panel, on a note that names the partners
    notes = window.journal.notes_for_case(couple.id)  # type: ignore[union-attr]
    named = next(
        n
        for n in notes
        if n.reflection and any(m.name.split()[0] in n.text() for m in couple.members)
    )
    assert workspace.open_note(couple.id, named.id)
    workspace.editor.set_reflection_shown(True)
    qtbot.waitUntil(workspace.editor.reflection_panel.isVisible)
    assert workspace.editor.privacy_view.isVisible()
    assert "[Partner" in workspace.editor.privacy_view.toPlainText()
    assert_masked(window, case_identifiers(couple))

    # search, with results from many cases: each row masked with its own case's mask
    workspace.close_note()
    qtbot.keyClicks(workspace.search.field, "described")
    qtbot.waitUntil(lambda: workspace.search.model.rowCount() > 3)
    model = workspace.search.model
    by_id = {c.id: c for c in cases}
    masked_rows = 0
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        case = by_id[str(index.data(SearchRole.CASE_ID))]
        texts = [
            (f"result {row}", str(index.data(role)))
            for role in (
                Qt.ItemDataRole.DisplayRole,
                Qt.ItemDataRole.AccessibleTextRole,
                Qt.ItemDataRole.ToolTipRole,
                SearchRole.SNIPPET_HTML,
            )
        ]
        assert not leaks(texts, case_identifiers(case)), texts
        masked_rows += "[Client]" in texts[0][1] or "[Partner" in texts[0][1]
    assert masked_rows, "the snippets name people: their labels show"
    assert_masked(workspace.search.summary, everyone)
    assert_masked(window, case_identifiers(couple))  # the couple's case is still open

    # the summary dialog of the individual case
    workspace.search.field.clear()
    workspace.restore_location(solo.id, None)
    window.summary_action.trigger()
    dialog = window.summary_dialog
    assert isinstance(dialog, SummaryDialog)
    qtbot.waitExposed(dialog)
    assert dialog.excerpt_items()
    assert_masked(dialog, case_identifiers(solo))
    assert dialog.question_masked.isVisible() and not dialog.question.isVisible()


def test_switching_privacy_mode_off_restores_everything(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    window = demo_window
    workspace = workspace_of(window)
    couple, _ = couple_and_individual(window)
    notes = window.journal.notes_for_case(couple.id)  # type: ignore[union-attr]
    named = next(n for n in notes if any(m.name.split()[0] in n.text() for m in couple.members))
    assert workspace.open_note(couple.id, named.id)
    editor = workspace.editor
    before = {key: editor.section_edit(key).toPlainText() for key in editor.section_keys()}
    goals_before = [c.text() for c in editor.goal_links.checks.values()]
    preview_before = workspace.case_view.session_model.index(0, 0).data()

    window.privacy_action.trigger()
    assert not editor.sections_box.isVisible() and editor.privacy_view.isVisible()
    window.privacy_action.trigger()
    assert not window.privacy_action.isChecked()

    assert editor.sections_box.isVisible() and not editor.privacy_view.isVisible()
    assert not editor.privacy_view.toPlainText()
    assert {key: editor.section_edit(key).toPlainText() for key in editor.section_keys()} == before
    assert [c.text() for c in editor.goal_links.checks.values()] == goals_before
    assert workspace.case_view.session_model.index(0, 0).data() == preview_before
    assert not editor.reflection_panel.is_masked()
    first = couple.members[0].name.split()[0]
    assert any(first in text for text in before.values())
    assert not editor.has_unsaved_changes()


def test_an_edit_in_privacy_mode_never_saves_a_label(qtbot: QtBot, demo_window: MainWindow) -> None:
    window = demo_window
    journal = window.journal
    assert journal is not None
    workspace = workspace_of(window)
    couple, _ = couple_and_individual(window)
    named = next(
        n
        for n in journal.notes_for_case(couple.id)
        if not n.is_signed and any(m.name.split()[0] in n.text() for m in couple.members)
    )
    assert workspace.open_note(couple.id, named.id)
    editor = workspace.editor
    key = editor.section_keys()[0]
    # typed just before privacy mode comes on, not yet saved
    edit = editor.section_edit(key)
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, " Valentin")
    assert editor.has_unsaved_changes()

    window.privacy_action.trigger()
    # an edit while the note shows masked: the length, and a goal ticked
    editor.duration_spin.setValue(editor.duration_spin.value() + 5)
    for check in editor.goal_links.checks.values():
        check.click()
    assert editor.flush()

    stored = journal.get_note(named.id)
    assert stored is not None
    text = stored.text()
    assert "[" not in text and "]" not in text, "a label was saved"
    assert stored.sections[key].endswith(" Valentin")
    assert stored.sections == {**named.sections, key: named.sections[key] + " Valentin"}
    assert stored.duration_minutes == named.duration_minutes + 5
    assert stored.reflection == named.reflection
    # and nothing a save left behind on screen is masked once privacy mode is off
    window.privacy_action.trigger()
    assert edit.toPlainText() == stored.sections[key]


def test_what_shows_words_as_written_waits_for_privacy_mode_to_end(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    """The case dialog, a note's history, a goal's editor and the summary's review show
    the words as written: in privacy mode they do not open; the question shows masked."""
    window = demo_window
    workspace = workspace_of(window)
    _, solo = couple_and_individual(window)
    first = solo.identifiers.names[0].split()[0]
    workspace.restore_location(solo.id, None)
    window.summary_action.trigger()
    dialog = window.summary_dialog
    assert isinstance(dialog, SummaryDialog)
    qtbot.waitUntil(dialog.review_button.isEnabled)
    question = f"How do I stay curious with {first} about the work?"
    dialog.question.setPlainText(question)

    window.privacy_action.trigger()
    assert not dialog.review_button.isEnabled()
    dialog.start_review()
    assert dialog.review is None
    assert dialog.question_masked.text() == "How do I stay curious with [Client] about the work?"
    assert_masked(dialog, case_identifiers(solo))
    view = workspace.case_view
    assert not view.edit_button.isEnabled()

    def goal_edits() -> list[QPushButton]:  # the rows on screen, not those being deleted
        return [
            b
            for b in view.goals_box.findChildren(QPushButton)
            if b.text() == "Edit…" and not b.isHidden()
        ]

    view.tabs.setCurrentIndex(GOALS_TAB)
    qtbot.waitUntil(lambda: bool(goal_edits()))
    assert not any(b.isEnabled() for b in goal_edits())
    workspace.edit_case()
    assert workspace.case_dialog is None
    notes = window.journal.notes_for_case(solo.id)  # type: ignore[union-attr]
    draft = next(n for n in notes if not n.is_signed)
    assert workspace.open_note(solo.id, draft.id)
    assert not workspace.editor.history_button.isEnabled()
    workspace.editor.open_history()
    assert workspace.editor.history_dialog is None

    window.privacy_action.trigger()
    assert dialog.question.toPlainText() == question and dialog.question.isVisible()
    assert dialog.review_button.isEnabled()
    assert view.edit_button.isEnabled()
    assert workspace.editor.history_button.isEnabled()


def test_a_new_identifier_is_masked_at_once(qtbot: QtBot, demo_window: MainWindow) -> None:
    """The masker is rebuilt when the case's identifiers change (here as the case dialog
    does on saving)."""
    window = demo_window
    journal = window.journal
    assert journal is not None
    workspace = workspace_of(window)
    couple, _ = couple_and_individual(window)
    place = "Oakhollow"  # a fictional town the demo notes mention but the case does not know
    note = next(n for n in journal.notes_for_case(couple.id) if place in n.text())
    assert place not in case_identifiers(couple)
    assert workspace.open_note(couple.id, note.id)
    window.privacy_action.trigger()
    assert place in workspace.editor.privacy_view.toPlainText()

    saved = journal.save_case(
        replace(
            couple,
            identifiers=replace(couple.identifiers, places=[*couple.identifiers.places, place]),
        )
    )
    workspace.case_view.update_case(saved)
    workspace.editor.update_case(saved)
    assert place not in workspace.editor.privacy_view.toPlainText()
    assert_masked(window, case_identifiers(saved))


def test_a_tag_that_names_someone_is_masked_in_the_tag_filter(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    window = demo_window
    journal = window.journal
    assert journal is not None
    workspace = workspace_of(window)
    _, solo = couple_and_individual(window)
    first = solo.identifiers.names[0].split()[0]
    saved = journal.save_case(replace(solo, tags=[*solo.tags, f"{first} referral"]))
    workspace.case_model.set_cases(journal.list_cases())
    combo = workspace.case_list.tag_filter
    index = combo.findData(f"{first} referral")
    assert index > 0 and combo.itemText(index) == f"{first} referral"
    window.privacy_action.trigger()
    assert combo.itemText(combo.findData(f"{first} referral")) == "[Client] referral"
    assert_masked(workspace.case_list, case_identifiers(saved))
    combo.setCurrentIndex(combo.findData(f"{first} referral"))  # filtering still works
    assert workspace.case_list.proxy.rowCount() == 1
    window.privacy_action.trigger()
    assert combo.currentText() == f"{first} referral"


# ---- the surfaces added later: each shown with an identifier of the case in its text --------


def first_names(case: Case) -> tuple[str, str]:
    first, second = (m.name.split()[0] for m in case.members[:2])
    return first, second


def test_process_notes_and_who_attended_are_masked(qtbot: QtBot, demo_window: MainWindow) -> None:
    window = demo_window
    journal = window.journal
    assert journal is not None
    workspace = workspace_of(window)
    couple, _ = couple_and_individual(window)
    first, second = first_names(couple)
    note = next(n for n in journal.notes_for_case(couple.id) if not n.is_signed)
    journal.save_note(replace(note, attendance=Attendance.PARTNER_A))
    journal.save_process_notes(
        ProcessNotes(  # the free text, and the self-check's
            note_id=note.id,
            reflection={
                **note.reflection,
                "self_check_feelings": f"Am I siding with {second} against {first}?",
            },
            text=f"{first} spoke over {second} again; I sided with {first}.",
        )
    )
    assert workspace.open_note(couple.id, note.id)
    editor = workspace.editor
    editor.set_reflection_shown(True)
    qtbot.waitUntil(editor.reflection_panel.isVisible)
    panel = editor.reflection_panel
    assert isinstance(panel, ProcessNotesPanel)
    assert first in panel.text_edit.toPlainText()
    assert leaks(visible_texts(window), {first})  # the walk sees the text where it shows

    window.privacy_action.trigger()
    assert not panel.text_edit.isVisible() and panel.masked_text.isVisible()
    assert "[Partner" in panel.masked_text.text()
    assert panel.is_masked()
    assert editor.attendance_field.isVisible()
    assert_masked(window, case_identifiers(couple))

    window.privacy_action.trigger()  # and the words come back, unchanged and unsaved
    assert panel.text_edit.isVisible() and not panel.masked_text.isVisible()
    assert panel.notes_text().startswith(first) and not panel.is_dirty()


def test_search_of_concerns_and_goals_show_more_and_the_match_are_masked(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    window = demo_window
    journal = window.journal
    assert journal is not None
    workspace = workspace_of(window)
    couple, _ = couple_and_individual(window)
    first, second = first_names(couple)
    saved = journal.save_case(
        replace(couple, presenting_concerns=f"{first} wants an open arrangement; {second} is wary.")
    )
    workspace.refresh_case(saved.id)
    workspace.restore_location(saved.id, None)  # the overview shows the concerns
    tabs = workspace.case_view.tabs
    seen = []
    for tab in range(tabs.count()):
        tabs.setCurrentIndex(tab)
        seen += leaks(visible_texts(window), {"arrangement"})
    assert seen, "the walk sees the concerns where they show"
    window.privacy_action.trigger()
    for tab in range(tabs.count()):
        tabs.setCurrentIndex(tab)
        assert_masked(window, case_identifiers(saved))
    search = workspace.search

    def masked_rows(query: str, at_least: int) -> None:
        search.field.clear()
        qtbot.keyClicks(search.field, query)
        search.run()
        assert search.model.rowCount() >= at_least
        by_id = {c.id: c for c in cases_of(window)}
        for row in range(search.model.rowCount()):
            index = search.model.index(row, 0)
            case = by_id[str(index.data(SearchRole.CASE_ID))]
            texts = [
                (f"{query!r} result {row}", str(index.data(role)))
                for role in (
                    Qt.ItemDataRole.DisplayRole,
                    Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole,
                    SearchRole.SNIPPET_HTML,
                )
            ]
            assert not leaks(texts, case_identifiers(case)), texts
        assert_masked(search, set().union(*(case_identifiers(c) for c in by_id.values())))

    # a presenting concern and a goal (the fixture's names the partners), found and masked
    masked_rows("arrangement wary", 1)
    assert any(
        "[Partner" in str(search.model.index(r, 0).data(SearchRole.SNIPPET_HTML))
        for r in range(search.model.rowCount())
    )
    masked_rows("rewrite agreement", 1)
    # "Show more": the next notes are masked as the first were
    masked_rows("session", NOTE_LIMIT)
    assert search.more_button.isVisible()
    shown = search.model.rowCount()
    search.more_button.click()
    assert search.model.rowCount() > shown
    total = search.model.rowCount()
    by_id = {c.id: c for c in cases_of(window)}
    for row in range(shown, total):
        index = search.model.index(row, 0)
        case = by_id[str(index.data(SearchRole.CASE_ID))]
        assert not leaks(
            [("more", str(index.data(SearchRole.SNIPPET_HTML)))], case_identifiers(case)
        )
    # jumping to a match: the note opens masked, the match highlighted in the masked copy;
    # a name searched for has no match there, and shows nowhere else instead
    for query in ("described", first):
        workspace.close_note()
        search.field.clear()
        qtbot.keyClicks(search.field, query)
        search.run()
        row = next(
            r
            for r in range(search.model.rowCount())
            if search.model.index(r, 0).data(SearchRole.NOTE_ID)
        )
        search.results.setCurrentIndex(search.model.index(row, 0))
        qtbot.keyClick(search.results, Qt.Key.Key_Return)
        qtbot.waitUntil(workspace.editor.privacy_view.isVisible)
        QApplication.processEvents()  # the highlight comes a moment after the note
        view = workspace.editor.privacy_view
        if query != first:
            assert view.textCursor().selectedText().casefold() == query
        case = by_id[str(search.model.index(row, 0).data(SearchRole.CASE_ID))]
        assert_masked(window, case_identifiers(case))


def test_retention_due_for_review_record_dialog_trash_and_guide_are_masked(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    window = demo_window
    journal = window.journal
    assert journal is not None
    workspace = workspace_of(window)
    couple, solo = couple_and_individual(window)
    everyone = set().union(*(case_identifiers(c) for c in cases_of(window)))
    journal.save_settings(replace(journal.settings(), retention_years=1))  # all are due
    journal.trash_case(solo.id)
    first, _ = first_names(couple)
    draft = next(n for n in journal.notes_for_case(couple.id) if not n.is_signed)
    key = next(iter(draft.sections))
    named = journal.save_note(
        replace(
            draft, sections={**draft.sections, key: f"{first} came alone. {draft.sections[key]}"}
        )
    )
    journal.trash_note(named.id)  # a note in the trash, shown on request in the sessions
    workspace.reload()
    workspace.restore_location(couple.id, None)
    view = workspace.case_view
    view.show_trash_check.click()
    row = view.session_model.row_of(named.id)
    assert view.session_model.index(row, 0).data(SessionRole.IN_TRASH)
    assert first in str(view.session_model.index(row, 0).data(SessionRole.PREVIEW))
    window.privacy_action.trigger()

    assert view.header.record_line.isVisible()  # the header's retention line
    assert view.show_trash_check.isChecked()
    assert_masked(window, case_identifiers(couple))

    window.open_due_for_review()
    due = window.due_for_review_dialog
    assert due is not None
    qtbot.waitExposed(due)
    assert due.model.rowCount() > 1
    assert_masked(due, everyone)
    due.reject()

    for printing in (False, True):  # the record's export dialog, and Print's
        window.open_record(printing=printing)
        export = window.record_export
        assert export is not None and export.dialog is not None
        qtbot.waitExposed(export.dialog)
        assert_masked(export.dialog, case_identifiers(couple))
        export.dialog.reject()

    # The one trash: a case (its code, no name) and a note (its date, none of its text).
    workspace.trash_dialog()
    trash = workspace.trash
    assert trash is not None
    qtbot.waitExposed(trash)
    assert trash.model.rowCount() == 2
    assert_masked(trash, case_identifiers(solo) | case_identifiers(couple))
    trash.reject()

    window.open_guide()  # the guide shows its own words only ("Button" is a demo alias too)
    guide = window.guide_dialog
    assert guide is not None
    qtbot.waitExposed(guide)
    own_words = {w for w in everyone if leaks([("guide", guide_markdown())], {w})}
    assert_masked(guide, everyone - own_words)
    guide.reject()


def test_the_export_logs_disclosure_lines_are_masked(qtbot: QtBot, demo_window: MainWindow) -> None:
    """The recipient and purpose are typed freely ("a role rather than a name", but nothing
    stops a name): in privacy mode they show masked, with the entry's case's identifiers,
    and an entry of all cases with every case's."""
    window = demo_window
    journal = window.journal
    assert journal is not None
    couple, solo = couple_and_individual(window)
    first, second = first_names(couple)
    solo_first = solo.identifiers.names[0].split()[0]
    journal.log_export(
        ExportLogEntry(
            case_id=couple.id,
            exported_at=datetime.now(UTC),
            kind="summary",
            format="pdf",
            recipient_role=f"{first}'s GP",
            purpose=f"A letter {second} asked for",
        )
    )
    journal.log_export(
        ExportLogEntry(
            case_id=None,
            exported_at=datetime.now(UTC),
            kind="interchange",
            format="json",
            recipient_role="Successor practice",
            purpose=f"Handover, {solo_first} first",
        )
    )
    window.open_export_log()
    log = window.export_log_dialog
    assert log is not None
    qtbot.waitExposed(log)
    assert leaks(visible_texts(log), {first, solo_first})

    window.privacy_action.trigger()
    shown = [
        log.model.index(r, c).data()
        for r in range(log.model.rowCount())
        for c in (COL_RECIPIENT, COL_PURPOSE)
    ]
    assert "[Partner A]'s GP" in shown and "Handover, [Client] first" in shown
    assert_masked(log, case_identifiers(couple) | case_identifiers(solo))

    window.privacy_action.trigger()
    assert f"{first}'s GP" in [
        log.model.index(r, COL_RECIPIENT).data() for r in range(log.model.rowCount())
    ]
    log.reject()
    window.privacy_action.trigger()  # opened in privacy mode: masked from the start
    window.open_export_log()
    log = window.export_log_dialog
    assert log is not None
    qtbot.waitExposed(log)
    assert_masked(log, case_identifiers(couple) | case_identifiers(solo))


def test_the_summarys_disclosure_lines_are_masked(qtbot: QtBot, demo_window: MainWindow) -> None:
    """Typed before privacy mode comes on, a name in "Sent to" or "Purpose" shows masked; the
    lines themselves, and what an export would log, stay as typed."""
    window = demo_window
    workspace = workspace_of(window)
    _, solo = couple_and_individual(window)
    first = solo.identifiers.names[0].split()[0]
    workspace.restore_location(solo.id, None)
    window.summary_action.trigger()
    dialog = window.summary_dialog
    assert isinstance(dialog, SummaryDialog)
    qtbot.waitExposed(dialog)
    fields = dialog.disclosure
    qtbot.keyClicks(fields.recipient, f"{first}'s GP")
    qtbot.keyClicks(fields.purpose_edit, f"A letter {first} asked for")

    window.privacy_action.trigger()
    assert_masked(dialog, case_identifiers(solo))
    assert fields.recipient_shown() == "[Client]'s GP"
    assert fields.recipient_role() == f"{first}'s GP"

    window.privacy_action.trigger()
    assert fields.recipient.isVisible() and fields.purpose_edit.isVisible()
    assert fields.purpose() == f"A letter {first} asked for"
