"""A practitioner's whole day, through the real window, the real workspace and the real
thread pool: set up a vault on first run, open a couple case, write a SOAP note and let it
save itself, sign it, add an addendum, find it again by searching, step away until the window
locks itself, come back, and find everything where it was.

Only modal questions are stubbed (QMessageBox.question answers Yes). All people and details
are fictional."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from casenotes.core.domain import ClientType, NoteTemplate
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.first_run import CHOOSE_PASSPHRASE, CONFIRM, KEY, last_group
from casenotes.ui.main_window import MainWindow

from .support import PASSPHRASE

pytestmark = pytest.mark.usefixtures("shell_env")

WAIT_MS = 20_000
SUBJECTIVE = "Both partners described the weekend as calmer; they used the lighthouse check-in."
OBJECTIVE = "Relaxed posture, took turns without prompting."
ASSESSMENT = "Agreement renegotiation is progressing."
PLAN = "Review the written agreement in two weeks."
ADDENDUM = "Rowan emailed to move the next session to Thursday."


def test_a_whole_day(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    questions: list[str] = []

    def yes(parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        questions.append(title)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))

    window = MainWindow(tmp_path / "practice" / "casenotes.vault", policy=KdfPolicy.testing())
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()

    try:
        _day(qtbot, window, questions)
    finally:
        window.tasks.wait_idle(WAIT_MS)
        if window.journal is not None:
            window.journal.lock()


def _day(qtbot: QtBot, window: MainWindow, questions: list[str]) -> None:
    # ---- first run: welcome, passphrase, recovery key, last group, vault --------------
    page = window.first_run
    assert page is not None
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.steps.currentIndex() == CHOOSE_PASSPHRASE
    qtbot.keyClicks(page.passphrase.edit, PASSPHRASE)
    qtbot.keyClicks(page.confirmation.edit, PASSPHRASE)
    assert page.meter.acceptable
    qtbot.mouseClick(page.passphrase_next, Qt.MouseButton.LeftButton)
    assert page.steps.currentIndex() == KEY
    key = page.recovery_key
    qtbot.mouseClick(page.key_next, Qt.MouseButton.LeftButton)
    assert page.steps.currentIndex() == CONFIRM
    qtbot.keyClicks(page.last_group_edit, last_group(key).lower())
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT_MS)
    workspace = window.workspace
    assert workspace is not None
    assert window.vault_path.exists()
    qtbot.waitUntil(workspace.search.is_ready, timeout=WAIT_MS)

    # ---- a couple case, both partners, through the case dialog -------------------------
    qtbot.mouseClick(workspace.new_case_button, Qt.MouseButton.LeftButton)
    dialog = workspace.case_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.code_edit, "CPL-07")
    qtbot.keyClicks(dialog.name_edit, "Rowan & Kit")
    dialog.type_checks[ClientType.COUPLE].click()
    assert dialog.partners_group.isVisible()
    for name_edit, pronouns_edit, name, pronouns in zip(
        dialog.partner_names,
        dialog.partner_pronouns,
        ("Rowan", "Kit"),
        ("they/them", "he/him"),
        strict=True,
    ):
        qtbot.keyClicks(name_edit, name)
        qtbot.keyClicks(pronouns_edit, pronouns)
    qtbot.keyClicks(dialog.tags_edit, "agreements")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: workspace.current_case() is not None, timeout=WAIT_MS)
    case = workspace.current_case()
    assert case is not None and case.code == "CPL-07"
    assert [m.name for m in case.members] == ["Rowan", "Kit"]
    assert ClientType.COUPLE in case.client_types

    # ---- a SOAP note, typed, saved by autosave ----------------------------------------
    qtbot.mouseClick(workspace.case_view.new_note_button, Qt.MouseButton.LeftButton)
    editor = workspace.editor
    qtbot.waitUntil(editor.isVisible)
    combo = editor.template_combo
    combo.setCurrentIndex(combo.findData(NoteTemplate.SOAP.value))
    assert editor.section_keys() == ["subjective", "objective", "assessment", "plan"]
    for section, text in zip(
        editor.section_keys(), (SUBJECTIVE, OBJECTIVE, ASSESSMENT, PLAN), strict=True
    ):
        qtbot.keyClicks(editor.section_edit(section), text)
    journal = window.journal
    assert journal is not None

    def saved_in_journal() -> bool:
        note_id = editor.note_id()
        stored = journal.get_note(note_id) if note_id else None
        return stored is not None and stored.sections.get("plan") == PLAN

    qtbot.waitUntil(lambda: editor.saved_text().startswith("Saved"), timeout=WAIT_MS)
    qtbot.waitUntil(saved_in_journal, timeout=WAIT_MS)
    note_id = editor.note_id()
    assert note_id is not None
    assert workspace.location() == (case.id, note_id)

    # ---- sign (the question answered Yes), then an addendum ----------------------------
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)
    assert questions == ["Sign and lock this note?"]
    assert editor.saved_text() == "Signed"
    stored = journal.get_note(note_id)
    assert stored is not None and stored.is_signed
    assert editor.addenda_box.isVisible()
    qtbot.keyClicks(editor.addendum_edit, ADDENDUM)
    qtbot.mouseClick(editor.add_addendum_button, Qt.MouseButton.LeftButton)
    stored = journal.get_note(note_id)
    assert stored is not None and [a.text for a in stored.addenda] == [ADDENDUM]

    # ---- close the note, then find it again with the search field -----------------------
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert not editor.is_open()
    qtbot.waitUntil(workspace.search.is_ready, timeout=WAIT_MS)
    field = workspace.search.field
    field.setFocus()
    qtbot.keyClicks(field, "lighthouse")
    model = workspace.search.model
    qtbot.waitUntil(lambda: any(r.note_id == note_id for r in model.results()), timeout=WAIT_MS)
    assert workspace.left_stack.currentWidget() is workspace.search
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.note_id() == note_id, timeout=WAIT_MS)
    assert workspace.location() == (case.id, note_id)

    # ---- step away: the idle timer locks the window ---------------------------------------
    window.idle.set_timeout_ms(300)
    with qtbot.waitSignal(window.locked, timeout=WAIT_MS):
        pass
    assert not journal.is_unlocked
    assert window.workspace is None
    assert window.unlock_page is not None
    assert window.stack.currentWidget() is window.unlock_page
    assert window.unlock_page.message.text().startswith("Casenotes locked itself")

    # ---- come back: unlock by typing ----------------------------------------------------
    unlock_page = window.unlock_page
    qtbot.keyClicks(unlock_page.passphrase.edit, PASSPHRASE)
    qtbot.keyClick(unlock_page.passphrase.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT_MS)
    workspace = window.workspace
    assert workspace is not None
    assert journal.is_unlocked

    # ---- everything as it was: the same case and note, the text, the addendum ---------
    assert workspace.location() == (case.id, note_id)
    shown_case = workspace.current_case()
    assert shown_case is not None and shown_case.code == "CPL-07"
    assert workspace.case_list.current_case_id() == case.id
    editor = workspace.editor
    assert editor.isVisible()
    texts = {key: editor.section_edit(key).toPlainText() for key in editor.section_keys()}
    assert texts == {
        "subjective": SUBJECTIVE,
        "objective": OBJECTIVE,
        "assessment": ASSESSMENT,
        "plan": PLAN,
    }
    assert editor.section_edit("plan").isReadOnly()  # still signed
    assert editor.note is not None and editor.note.is_signed
    assert [a.text for a in editor.note.addenda] == [ADDENDUM]
    assert editor.addenda_box.isVisible()
    assert window.tasks.wait_idle(WAIT_MS)
