"""Writing notes: a SOAP note typed section by section, autosave about a second after typing
stops, signing, addenda, history, a failed save that keeps the text, and switching notes."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from casenotes.core.domain import TEMPLATES, NoteTemplate
from casenotes.core.journal import Journal
from casenotes.ui.date_field import parse_date
from casenotes.ui.workspace import Workspace

SOAP_TEXT = {
    "subjective": "Both describe the visits as a need for novelty, not a secret.",
    "objective": "Relaxed, took turns; humour between them.",
    "assessment": "The agreement, not the visits, is where the strain sits.",
    "plan": "Each drafts what a good agreement would protect.",
}


@pytest.fixture
def ws(make_workspace: Any, journal: Journal, small: dict[str, Any]) -> Workspace:
    workspace: Workspace = make_workspace(journal)
    workspace.restore_location(small["couple"].id, None)
    return workspace


def start_soap_note(ws: Workspace, qtbot: QtBot) -> None:
    ws.new_note()
    editor = ws.editor
    assert editor.isVisible()
    combo = editor.template_combo
    combo.setCurrentIndex(combo.findData(NoteTemplate.SOAP.value))
    assert editor.section_keys() == [s.key for s in TEMPLATES[NoteTemplate.SOAP]]


def test_write_a_soap_note_and_autosave(ws: Workspace, journal: Journal, qtbot: QtBot) -> None:
    start_soap_note(ws, qtbot)
    editor = ws.editor
    # Each section is labelled and carries its one-line hint as placeholder and help.
    for section in TEMPLATES[NoteTemplate.SOAP]:
        edit = editor.section_edit(section.key)
        assert edit.placeholderText() == section.hint
        assert edit.accessibleName() == section.label
        assert edit.accessibleDescription() == section.hint
    for key, text in SOAP_TEXT.items():
        qtbot.keyClicks(editor.section_edit(key), text)
    editor.duration_spin.setValue(60)
    editor.format_combo.setCurrentIndex(editor.format_combo.findText("Telehealth"))
    qtbot.keyClicks(editor.tags_edit, "agreements, novelty")
    # Autosave waits for typing to stop: a single-shot timer, restarted by each edit.
    assert editor._autosave.isSingleShot() and editor._autosave.isActive()
    assert editor._autosave.interval() == 1000
    assert editor.saved_text() == "Editing…"
    qtbot.waitUntil(lambda: editor.saved_text().startswith("Saved"), timeout=5000)
    note_id = editor.note_id()
    assert note_id is not None
    stored = journal.get_note(note_id)
    assert stored is not None
    assert stored.template == NoteTemplate.SOAP
    assert stored.sections == SOAP_TEXT
    assert stored.duration_minutes == 60
    assert stored.format.value == "telehealth"
    assert stored.tags == ["agreements", "novelty"]
    # The new session is in the timeline and the case list's last session date.
    assert ws.case_view.session_model.row_of(note_id) >= 0
    assert ws.location() == (stored.case_id, note_id)


def test_sign_and_lock_then_addenda(
    ws: Workspace, journal: Journal, qtbot: QtBot, questions: list[str]
) -> None:
    start_soap_note(ws, qtbot)
    editor = ws.editor
    qtbot.keyClicks(editor.section_edit("subjective"), SOAP_TEXT["subjective"])
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)  # saves first, then asks
    assert questions and questions[-1].startswith("Sign and lock this note?")
    note_id = editor.note_id()
    assert note_id is not None
    stored = journal.get_note(note_id)
    assert stored is not None and stored.is_signed
    assert stored.sections["subjective"] == SOAP_TEXT["subjective"]
    # Read-only now, and it says so.
    assert editor.section_edit("subjective").isReadOnly()
    assert not editor.template_combo.isEnabled()
    assert editor.date_edit.isReadOnly()
    assert editor.signed_banner.isVisible()
    assert "Signed and locked" in editor.signed_banner.label.text()
    assert not editor.sign_button.isVisible()
    assert editor.history_button.isVisible()  # its history stays readable (read-only)
    qtbot.keyClicks(editor.section_edit("subjective"), "more")
    assert journal.get_note(note_id).sections["subjective"] == SOAP_TEXT["subjective"]  # type: ignore[union-attr]

    assert editor.addenda_box.isVisible()
    assert not editor.add_addendum_button.isEnabled()
    qtbot.keyClicks(editor.addendum_edit, "Kit asked to move the next session a week.")
    assert editor.add_addendum_button.isEnabled()
    qtbot.waitUntil(lambda: editor.add_addendum_button.width() > 0)  # laid out, as on screen
    qtbot.mouseClick(editor.add_addendum_button, Qt.MouseButton.LeftButton)
    stored = journal.get_note(note_id)
    assert stored is not None
    assert [a.text for a in stored.addenda] == ["Kit asked to move the next session a week."]
    assert editor.addendum_edit.toPlainText() == ""
    stamps = [w.text() for w in editor.addenda_list.findChildren(type(editor.saved_label))]
    assert any(t.startswith("Added ") for t in stamps)
    assert (
        ws.case_view.session_model.data(
            ws.case_view.session_model.index(ws.case_view.session_model.row_of(note_id), 0),
            Qt.ItemDataRole.ToolTipRole,
        )
        == "Signed, 1 addendum"
    )


def test_sign_can_be_cancelled(ws: Workspace, journal: Journal, qtbot: QtBot) -> None:
    start_soap_note(ws, qtbot)
    editor = ws.editor
    qtbot.keyClicks(editor.section_edit("plan"), "Next week.")
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)  # default answer: Cancel
    note_id = editor.note_id()
    assert note_id is not None
    assert not journal.get_note(note_id).is_signed  # type: ignore[union-attr]
    assert not editor.section_edit("plan").isReadOnly()


def test_history_lists_every_saved_state_and_restores(
    ws: Workspace, journal: Journal, qtbot: QtBot
) -> None:
    start_soap_note(ws, qtbot)
    editor = ws.editor
    subjective = editor.section_edit("subjective")
    qtbot.keyClicks(subjective, "First thoughts.")
    assert ws.flush()
    qtbot.keyClicks(subjective, " Then second thoughts.")
    assert ws.flush()
    note_id = editor.note_id()
    assert note_id is not None
    qtbot.mouseClick(editor.history_button, Qt.MouseButton.LeftButton)
    dialog = editor.history_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == len(journal.revisions(note_id)) >= 2
    newest = str(dialog.model.data(dialog.model.index(0, 0)))
    assert "(as it is now)" in newest
    assert re.search(r"\d\d:\d\d:\d\d", newest)  # to the second
    assert not dialog.restore_button.isEnabled()  # the current state needs no restoring
    dialog.select_row(dialog.model.rowCount() - 1)  # the oldest: "First thoughts."
    # Against the note now (the default): what was added since is marked as added.
    assert dialog.compare.isChecked()
    html = dialog.preview.toHtml()
    assert "First thoughts." in dialog.preview.toPlainText()
    assert "second thoughts" in dialog.preview.toPlainText()
    assert "underline" in html
    dialog.compare.setChecked(False)  # as it was written
    assert "First thoughts." in dialog.preview.toPlainText()
    assert "second thoughts" not in dialog.preview.toPlainText()
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(dialog.restored):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert editor.section_edit("subjective").toPlainText() == "First thoughts."
    stored = journal.get_note(note_id)
    assert stored is not None and stored.sections["subjective"] == "First thoughts."
    # Restoring is itself a saved state: nothing is lost.
    assert any(
        r.sections.get("subjective") == "First thoughts. Then second thoughts."
        for r in journal.revisions(note_id)
    )


def test_a_signed_note_shows_its_history_read_only(
    ws: Workspace, journal: Journal, qtbot: QtBot, questions: list[str]
) -> None:
    start_soap_note(ws, qtbot)
    editor = ws.editor
    qtbot.keyClicks(editor.section_edit("subjective"), "Draft one.")
    assert ws.flush()
    qtbot.keyClicks(editor.section_edit("subjective"), " Draft two.")
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)
    note_id = editor.note_id()
    assert note_id is not None and journal.get_note(note_id).is_signed  # type: ignore[union-attr]
    qtbot.mouseClick(editor.history_button, Qt.MouseButton.LeftButton)
    dialog = editor.history_dialog
    assert dialog is not None and dialog.isVisible() and dialog.read_only
    assert dialog.model.rowCount() >= 2
    assert not dialog.restore_button.isVisible()
    dialog.select_row(dialog.model.rowCount() - 1)
    assert "Draft one." in dialog.preview.toPlainText()
    dialog.restore_selected()  # even called directly, nothing changes
    assert journal.get_note(note_id).sections["subjective"] == "Draft one. Draft two."  # type: ignore[union-attr]
    dialog.reject()


def test_failed_save_keeps_the_text_says_so_and_retries(
    ws: Workspace, journal: Journal, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_soap_note(ws, qtbot)
    editor = ws.editor
    editor.retry_delays_ms = (50,)
    real_save = journal.save_note
    calls: list[int] = []

    def failing_once(note: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise OSError(28, "No space left on device")
        return real_save(note)

    monkeypatch.setattr(journal, "save_note", failing_once)
    qtbot.keyClicks(editor.section_edit("subjective"), "Words that must not be lost.")
    assert not ws.flush()  # the first attempt fails
    assert editor.section_edit("subjective").toPlainText() == "Words that must not be lost."
    message = editor.save_error_text()
    assert "disk is full" in message
    assert "Your text is safe" in message
    assert "Traceback" not in message and "Errno" not in message
    assert editor.saved_text() == "Not saved"
    qtbot.waitUntil(lambda: editor.saved_text().startswith("Saved"), timeout=5000)
    assert len(calls) == 2
    assert not editor.error_banner.isVisible()
    note_id = editor.note_id()
    assert note_id is not None
    assert journal.get_note(note_id).sections["subjective"] == "Words that must not be lost."  # type: ignore[union-attr]


def test_flush_on_switching_notes(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    first, second = small["first"], small["second"]
    assert ws.open_note(first.case_id, first.id)
    edit = ws.editor.section_edit("subjective")
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, " Added just before switching.")
    assert ws.editor._autosave.isActive()  # not saved yet
    # Switching to another note saves the first at once.
    ws.case_view.select_note(second.id)
    qtbot.keyClick(ws.case_view.timeline, Qt.Key.Key_Return)
    assert ws.location() == (first.case_id, second.id)
    stored = journal.get_note(first.id)
    assert stored is not None
    assert (
        stored.sections["subjective"] == "Talked about the agreement. Added just before switching."
    )
    assert "Compared drafts" in ws.editor.section_edit("body").toPlainText()


def test_switching_is_refused_while_a_save_fails(
    ws: Workspace,
    journal: Journal,
    qtbot: QtBot,
    small: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second = small["first"], small["second"]
    ws.open_note(first.case_id, first.id)
    ws.editor.retry_delays_ms = (60_000,)

    def fail(note: Any) -> Any:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(journal, "save_note", fail)
    messages: list[str] = []
    ws.status_message.connect(messages.append)
    qtbot.keyClicks(ws.editor.section_edit("plan"), "Keep me.")
    assert not ws.open_note(second.case_id, second.id)
    assert ws.location() == (first.case_id, first.id)
    assert ws.editor.section_edit("plan").toPlainText() == "Keep me."
    assert "isn't allowed to write" in ws.editor.save_error_text()
    assert any("stays open" in m for m in messages)


def test_changing_template_never_drops_text(ws: Workspace, qtbot: QtBot) -> None:
    start_soap_note(ws, qtbot)
    editor = ws.editor
    qtbot.keyClicks(editor.section_edit("objective"), "Calm and curious.")
    qtbot.keyClicks(editor.section_edit("plan"), "Draft the agreement.")
    editor.template_combo.setCurrentIndex(editor.template_combo.findData("dap"))
    assert editor.section_keys() == ["data", "assessment", "plan"]
    assert "Objective: Calm and curious." in editor.section_edit("data").toPlainText()
    assert editor.section_edit("plan").toPlainText() == "Draft the agreement."


def test_new_note_needs_a_case(make_workspace: Any, journal: Journal) -> None:
    workspace: Workspace = make_workspace(journal)
    messages: list[str] = []
    workspace.status_message.connect(messages.append)
    workspace.new_note()
    assert not workspace.editor.isVisible()
    assert messages and "Choose a case first" in messages[-1]


def test_owns_clipboard_only_for_text_copied_from_a_note(
    ws: Workspace, qtbot: QtBot, small: dict[str, Any]
) -> None:
    from PySide6.QtGui import QGuiApplication

    first = small["first"]
    ws.open_note(first.case_id, first.id)
    edit = ws.editor.section_edit("subjective")
    edit.setFocus()
    edit.selectAll()
    edit.copy()
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == "Talked about the agreement."
    assert ws.owns_clipboard()
    clipboard.setText("something else")
    assert not ws.owns_clipboard()
    clipboard.clear()


def test_session_date_shows_in_the_timeline(ws: Workspace, journal: Journal, qtbot: QtBot) -> None:
    start_soap_note(ws, qtbot)
    editor = ws.editor
    from casenotes.ui.shared.common import to_qdate

    editor.date_edit.setDate(to_qdate(date(2024, 5, 2)))
    assert ws.flush()
    note_id = editor.note_id()
    stored = journal.get_note(note_id)  # type: ignore[arg-type]
    assert stored is not None and stored.session_date == date(2024, 5, 2)
    model = ws.case_view.session_model
    assert "2 May 2024" in str(model.data(model.index(model.row_of(stored.id), 0)))


def test_the_note_shows_the_clients_pronouns_outside_privacy_mode(
    ws: Workspace, small: dict[str, Any]
) -> None:
    first = small["first"]
    assert ws.open_note(first.case_id, first.id)
    title = ws.editor.title.text()
    assert "Partner A they/them · Partner B he/him" in title
    ws.set_privacy_mode(True)
    assert "they/them" not in ws.editor.title.text()
    ws.set_privacy_mode(False)
    solo = small["solo_note"]
    assert ws.open_note(solo.case_id, solo.id)
    assert "they/them" not in ws.editor.title.text()  # none recorded for this case


def test_a_typed_session_date_is_saved_as_shown(
    ws: Workspace, journal: Journal, qtbot: QtBot
) -> None:
    start_soap_note(ws, qtbot)
    field = ws.editor.date_edit
    field.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.edit, "15 Sep 2026")
    assert ws.flush()
    stored = journal.get_note(ws.editor.note_id())  # type: ignore[arg-type]
    assert stored is not None and stored.session_date == date(2026, 9, 15)
    assert parse_date(field.text()) == date(2026, 9, 15)


def test_switching_between_notes_of_one_template_keeps_the_section_edits(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    """The next note of the same template is shown in the same section edits (no new widgets
    to lay out); each is then as a new one would be: the note's text, editable, its hint,
    the palette of an editable box, nothing to undo, and typing still saves."""
    from dataclasses import replace

    from PySide6.QtGui import QPalette

    from casenotes.core.domain.models import new_id

    first = small["first"]
    signed = journal.save_note(
        replace(first, id=new_id(), sections={**first.sections, "plan": "Signed plan."})
    )
    journal.sign_note(signed.id)
    assert ws.open_note(first.case_id, signed.id)
    editor = ws.editor
    plan = editor.section_edit("plan")
    assert plan.isReadOnly() and plan.placeholderText() == ""
    locked_base = plan.palette().color(QPalette.ColorRole.Base)

    assert ws.open_note(first.case_id, first.id)
    assert editor.section_edit("plan") is plan  # the same widget, refilled
    hints = {s.key: s.hint for s in TEMPLATES[NoteTemplate.SOAP]}
    for key in editor.section_keys():
        edit = editor.section_edit(key)
        assert edit.toPlainText() == first.sections[key]
        assert not edit.isReadOnly()
        assert edit.placeholderText() == hints[key]
        assert not edit.document().isUndoAvailable()
    fresh_base = editor.privacy_view.palette().color(QPalette.ColorRole.Base)
    assert plan.palette().color(QPalette.ColorRole.Base) == fresh_base != locked_base
    qtbot.keyClicks(plan, "Typed after the switch.")
    assert editor.has_unsaved_changes()
    qtbot.waitUntil(lambda: editor.saved_text().startswith("Saved"), timeout=5000)
    assert journal.get_note(first.id).sections["plan"] == "Typed after the switch."  # type: ignore[union-attr]
    # Another template has sections of its own; those of the note before are kept out of
    # sight, empty, and shown again for the next note of their template.
    dap = journal.save_note(replace(first, id=new_id(), template=NoteTemplate.DAP, sections={}))
    assert ws.open_note(first.case_id, dap.id)
    assert editor.section_keys() == [s.key for s in TEMPLATES[NoteTemplate.DAP]]
    assert editor.section_edit("plan") is not plan
    assert not plan.isVisible() and plan.toPlainText() == ""
    assert ws.open_note(first.case_id, signed.id)
    assert editor.section_edit("plan") is plan and plan.isVisible()
    assert plan.toPlainText() == "Signed plan." and plan.isReadOnly()
    assert [editor.section_edit(k).isVisible() for k in editor.section_keys()] == [True] * 4


def test_a_note_takes_its_case_goals_from_the_case_view(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any], monkeypatch: Any
) -> None:
    """Opening a note does not read the case's goals again: the case view holds them for the
    case it shows, kept up to date, also while no note is open."""
    couple = small["couple"].id
    ws.open_note(couple, small["first"].id)
    ws.close_note()
    # A goal added in the case view while no note is open.
    view = ws.case_view
    qtbot.mouseClick(view.add_goal_button, Qt.MouseButton.LeftButton)
    dialog = view.goal_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.text_edit, "Write a shared agreement together")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    reads: list[str] = []
    original = journal.goals_for_case

    def counted(case_id: str) -> Any:
        reads.append(case_id)
        return original(case_id)

    monkeypatch.setattr(journal, "goals_for_case", counted)
    assert ws.open_note(couple, small["second"].id)
    assert reads == []
    (goal,) = journal.goals_for_case(couple)
    box = ws.editor.goal_links.checks[goal.id]
    assert "shared agreement" in box.text() and not box.isChecked()
    # Without a case view holding that case's goals, the editor reads them.
    ws.editor.goals_source = None
    reads.clear()
    assert ws.open_note(couple, small["first"].id)
    assert reads == [couple]
    assert goal.id in ws.editor.goal_links.checks


def test_switching_between_a_draft_and_a_signed_note_sets_banner_and_tab_order(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    """The signed banner is set first (before the note's text) and the Tab order once, at
    the end: a signed note after a draft, and a draft after it, each show as they should."""
    couple = small["couple"].id
    draft = small["first"]
    journal.sign_note(small["second"].id)
    editor = ws.editor
    for note_id, signed in ((draft.id, False), (small["second"].id, True), (draft.id, False)):
        assert ws.open_note(couple, note_id)
        assert editor.signed_banner.isVisible() is signed
        assert editor.addenda_box.isVisible() is signed
        keys = editor.section_keys()
        assert all(editor.section_edit(key).isReadOnly() is signed for key in keys)
        # The sections follow each other in the Tab order, the addendum after them.
        edits = [editor.section_edit(key) for key in keys]
        for first, second in pairwise(edits):
            assert _next_in_tab_order(first) is second
        assert _next_in_tab_order(edits[-1]) is editor.addendum_edit


def _next_in_tab_order(widget: QWidget) -> QWidget:
    """The next widget in the focus chain after ``widget`` and its own parts (a text edit's
    viewport and scroll bars)."""
    following = widget.nextInFocusChain()
    while widget.isAncestorOf(following):
        following = following.nextInFocusChain()
    return following
