"""The reflection panel beside the note editor and the goals a session worked on: the case's
prompts (each once for a case of several types), every kind of answer saved by autosave in
the shape the note stores, answers to prompts not shown kept, a signed note read-only, the
panel shown and hidden, the prompts reloaded, and the answers still there after a lock.

Real widgets throughout; only modal questions are stubbed. All people are fictional."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from casenotes.core.domain import ClientType, Goal, GoalStatus, Note
from casenotes.core.journal import Journal
from casenotes.core.prompts import (
    NOTES_KEY,
    Prompt,
    PromptCustomisation,
    PromptKind,
    prompts_for,
)
from casenotes.ui.workspace import Workspace
from casenotes.ui.workspace import note_editor as note_editor_module
from casenotes.ui.workspace import reflection_panel as reflection_panel_module
from casenotes.ui.workspace.process_notes_panel import ProcessNotesPanel
from casenotes.ui.workspace.reflection_panel import PRIVACY_LINE, PromptBlock, ReflectionPanel

WAIT_MS = 5000
BANNED = (
    "prostitute",
    "john",
    "hooker",
    "whore",
    "sex addict",
    "addiction",
    "victim",
    "deviant",
    "relapse",
    "acting out",
)


@pytest.fixture(autouse=True)
def _reflection_shown_by_default() -> Iterator[None]:
    note_editor_module.remember_reflection_shown(True)
    yield
    note_editor_module.remember_reflection_shown(True)


@pytest.fixture
def ws(make_workspace: Any, journal: Journal, small: dict[str, Any]) -> Workspace:
    workspace: Workspace = make_workspace(journal)
    workspace.editor.autosave_ms = 10
    return workspace


def open_note(ws: Workspace, case_id: str, note_id: str) -> ReflectionPanel:
    assert ws.open_note(case_id, note_id)
    assert ws.editor.note_id() == note_id
    panel = ws.editor.reflection_panel
    assert panel.isVisible()
    return panel


def first_of(panel: ReflectionPanel, kind: PromptKind) -> Prompt:
    return next(p for p in panel.prompts() if p.kind is kind)


def blocks_in_layout(panel: ReflectionPanel) -> list[PromptBlock]:
    """The forms in the order the panel lays them out (each turn's forms are in a box of
    their own, the boxes one below the other)."""
    found: list[PromptBlock] = []
    for i in range(panel.form_layout.count()):
        item = panel.form_layout.itemAt(i)
        box = item.widget() if item is not None else None
        inner = box.layout() if box is not None else None
        for j in range(inner.count() if inner is not None else 0):
            child = inner.itemAt(j) if inner is not None else None
            widget = child.widget() if child is not None else None
            if isinstance(widget, PromptBlock):
                found.append(widget)
    return found


def stored(journal: Journal, note_id: str) -> Note:
    note = journal.get_note(note_id)
    assert note is not None
    return note


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """A click where a person would click: on a check box or radio button's mark."""
    button.setFocus()
    if isinstance(button, QCheckBox | QRadioButton):
        middle = button.height() // 2
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(middle, middle))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# ---- which prompts -------------------------------------------------------------------------


def test_a_single_type_case_sees_its_prompts(
    ws: Workspace, journal: Journal, small: dict[str, Any]
) -> None:
    panel = open_note(ws, small["solo"].id, small["solo_note"].id)
    expected = prompts_for(journal.prompt_library(), [ClientType.CURRENT_SEX_WORKER])
    assert [p.id for p in panel.prompts()] == [p.id for p in expected]
    assert panel.prompts()
    for prompt in panel.prompts():
        assert prompt.applies_to({ClientType.CURRENT_SEX_WORKER})
        block = panel.block(prompt.id)
        assert block.isVisible()
        assert block.label.text() == prompt.text
        assert block.label.toolTip() == prompt.help
        if prompt.help:
            assert block.help_label.text() == prompt.help
    assert not any(
        ClientType.COUPLE in p.client_types and ClientType.CURRENT_SEX_WORKER not in p.client_types
        for p in panel.prompts()
    )
    # The private line, and nothing that pathologises anywhere in the panel.
    assert panel.privacy_label.text() == PRIVACY_LINE
    words = " ".join(w.text() for w in panel.findChildren(QAbstractButton))
    words += " ".join(p.text + p.help for p in panel.prompts())
    words += PRIVACY_LINE
    for banned in BANNED:
        assert f" {banned} " not in f" {words.lower()} "


def test_a_mixed_case_sees_the_union_once(
    ws: Workspace, journal: Journal, small: dict[str, Any]
) -> None:
    panel = open_note(ws, small["couple"].id, small["first"].id)
    types = {ClientType.COUPLE, ClientType.CLIENT_OF_SEX_WORKERS}
    library = journal.prompt_library()
    ids = [p.id for p in panel.prompts()]
    assert ids == [p.id for p in library.prompts if p.applies_to(types)]
    assert len(ids) == len(set(ids))
    assert any(p.client_types == {ClientType.COUPLE} for p in panel.prompts())
    assert any(p.client_types == {ClientType.CLIENT_OF_SEX_WORKERS} for p in panel.prompts())
    # Grouped under their headings: each group appears as one run of prompts.
    seen: list[str] = []
    for prompt in panel.prompts():
        if not seen or seen[-1] != prompt.group:
            seen.append(prompt.group)
    assert set(seen)  # the headings themselves
    order = [panel.block(i) for i in ids]
    laid_out = blocks_in_layout(panel)
    positions = [laid_out.index(b) for b in order]
    groups_in_layout = [b.prompt.group for b in laid_out]
    runs = [g for n, g in enumerate(groups_in_layout) if n == 0 or groups_in_layout[n - 1] != g]
    assert len(runs) == len(set(runs)), "each group once, its prompts together"
    assert all(p >= 0 for p in positions)


# ---- answering saves through autosave ------------------------------------------------------


def test_every_kind_of_answer_autosaves(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    note_id = small["first"].id
    panel = open_note(ws, small["couple"].id, note_id)
    single = first_of(panel, PromptKind.SINGLE)
    multiple = first_of(panel, PromptKind.MULTIPLE)
    scale = first_of(panel, PromptKind.SCALE)
    text = first_of(panel, PromptKind.TEXT)

    with qtbot.waitSignal(panel.edited):
        click(qtbot, panel.block(single.id).buttons[single.options[1].id])
    assert isinstance(panel.block(single.id).buttons[single.options[1].id], QRadioButton)
    click(qtbot, panel.block(single.id).buttons[single.options[0].id])  # changes its mind
    assert not panel.block(single.id).buttons[single.options[1].id].isChecked()
    boxes = panel.block(multiple.id).buttons
    assert all(isinstance(b, QCheckBox) for b in boxes.values())
    click(qtbot, boxes[multiple.options[2].id])
    click(qtbot, boxes[multiple.options[0].id])
    point = scale.scale_min + 1
    click(qtbot, panel.block(scale.id).buttons[point])
    edit = panel.block(text.id).text_edit
    assert edit is not None and edit.accessibleName() == text.text
    qtbot.keyClicks(edit, "Keeps closeness at home without asking for it.")
    block = panel.block(multiple.id)
    assert block.comment_button is not None
    assert block.comment_edit is None or not block.comment_edit.isVisible()
    click(qtbot, block.comment_button)
    assert block.comment_edit is not None
    assert block.comment_edit.isVisible() and block.comment_edit.hasFocus()
    qtbot.keyClicks(block.comment_edit, "In their words: being seen.")
    assert ws.editor.has_unsaved_changes()

    expected = {
        single.id: single.options[0].id,
        multiple.id: [multiple.options[0].id, multiple.options[2].id],
        scale.id: point,
        text.id: "Keeps closeness at home without asking for it.",
        NOTES_KEY: {multiple.id: "In their words: being seen."},
    }
    qtbot.waitUntil(lambda: stored(journal, note_id).reflection == expected, timeout=WAIT_MS)
    assert ws.editor.saved_text().startswith("Saved")
    assert ws.editor.current_note() is not None
    assert ws.editor.current_note().reflection == expected  # type: ignore[union-attr]

    # Clearing a single choice (the small Clear link) removes the answer.
    clear = panel.block(single.id).clear_button
    assert clear is not None and clear.isVisible() and clear.isEnabled()
    click(qtbot, clear)
    assert clear.isVisible() and not clear.isEnabled()  # always there, so Tab never shifts
    qtbot.waitUntil(lambda: single.id not in stored(journal, note_id).reflection, timeout=WAIT_MS)
    # The sections were never touched.
    assert stored(journal, note_id).sections == small["first"].sections


def test_keyboard_only(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    note_id = small["first"].id
    panel = open_note(ws, small["couple"].id, note_id)
    scale = first_of(panel, PromptKind.SCALE)
    button = panel.block(scale.id).buttons[scale.scale_max]
    assert button.accessibleName().startswith(scale.text)
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert button.isChecked()
    qtbot.waitUntil(
        lambda: stored(journal, note_id).reflection.get(scale.id) == scale.scale_max,
        timeout=WAIT_MS,
    )
    qtbot.keyClick(button, Qt.Key.Key_Space)  # again: still chosen (only Clear clears)
    assert button.isChecked()
    clear = panel.block(scale.id).clear_button
    assert clear is not None and clear.isEnabled()
    clear.setFocus()
    qtbot.keyClick(clear, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: scale.id not in stored(journal, note_id).reflection, timeout=WAIT_MS)
    # Every control in the panel can be reached with Tab and has a name.
    # (A group of radio buttons is one Tab stop, as usual: the arrows move within it.)
    for widget in panel.focus_widgets():
        group = widget.group() if isinstance(widget, QRadioButton) else None
        if group is not None:
            assert any(b.focusPolicy() & Qt.FocusPolicy.TabFocus for b in group.buttons())
        else:
            assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert widget.accessibleName()


def test_answers_to_prompts_not_shown_are_kept(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    hidden = {
        "sw_only_answer": "kept as it was",
        "retired_prompt": ["a", "b"],
        NOTES_KEY: {"retired_prompt": "an old comment"},
    }
    note = journal.save_note(
        Note(
            case_id=small["couple"].id,
            session_date=date(2024, 5, 1),
            sections={"body": "Agreement review."},
            reflection=hidden,
        )
    )
    panel = open_note(ws, small["couple"].id, note.id)
    text = first_of(panel, PromptKind.TEXT)
    edit = panel.block(text.id).text_edit
    assert edit is not None
    qtbot.keyClicks(edit, "Balances the week.")
    qtbot.waitUntil(
        lambda: stored(journal, note.id).reflection.get(text.id) == "Balances the week.",
        timeout=WAIT_MS,
    )
    reflection = stored(journal, note.id).reflection
    assert reflection["sw_only_answer"] == "kept as it was"
    assert reflection["retired_prompt"] == ["a", "b"]
    assert reflection[NOTES_KEY] == {"retired_prompt": "an old comment"}


def test_a_signed_notes_process_notes_stay_editable(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    """Process notes are outside the signature: after signing, the progress note is locked
    but the reflection and the free text can still be changed, and the signature holds."""
    library = journal.prompt_library()
    couple_prompts = prompts_for(library, small["couple"].client_types)
    scale = next(p for p in couple_prompts if p.kind is PromptKind.SCALE)
    goal = journal.save_goal(Goal(case_id=small["couple"].id, text="Name one need a week"))
    note = journal.save_note(
        Note(
            case_id=small["couple"].id,
            session_date=date(2024, 5, 2),
            sections={"body": "Signed session."},
            reflection={scale.id: scale.scale_max},
            goal_ids=[goal.id],
        )
    )
    journal.sign_note(note.id)
    panel = open_note(ws, small["couple"].id, note.id)
    assert isinstance(panel, ProcessNotesPanel)
    assert not panel.is_read_only() and panel.form.isVisible()
    assert panel.block(scale.id).buttons[scale.scale_max].isChecked()
    links = ws.editor.goal_links
    assert links.checks[goal.id].isChecked() and not links.checks[goal.id].isEnabled()

    click(qtbot, panel.block(scale.id).buttons[scale.scale_min])
    qtbot.keyClicks(panel.text_edit, "Noticed my own hurry to fix things.")
    qtbot.waitUntil(
        lambda: journal.process_notes(note.id).text == "Noticed my own hurry to fix things.",
        timeout=WAIT_MS,
    )
    assert journal.process_notes(note.id).reflection == {scale.id: scale.scale_min}
    assert stored(journal, note.id).sections == {"body": "Signed session."}
    assert journal.verify().intact
    assert not ws.editor.has_unsaved_changes()


def test_signing_leaves_the_process_notes_editable(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any], questions: list[str]
) -> None:
    note_id = small["first"].id
    panel = open_note(ws, small["couple"].id, note_id)
    single = first_of(panel, PromptKind.SINGLE)
    click(qtbot, panel.block(single.id).buttons[single.options[0].id])
    click(qtbot, ws.editor.sign_button)  # saves first, then signs
    assert stored(journal, note_id).is_signed
    assert stored(journal, note_id).reflection == {single.id: single.options[0].id}
    assert not panel.is_read_only() and panel.form.isVisible()


# ---- goals worked on --------------------------------------------------------------------


def test_goal_checkboxes_save_goal_ids(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    open_note(ws, small["solo"].id, small["solo_note"].id)
    assert not ws.editor.goal_links.isVisible()  # no goals: no row
    first = journal.save_goal(Goal(case_id=small["couple"].id, text="Write the agreement"))
    second = journal.save_goal(
        Goal(case_id=small["couple"].id, text="Name one need a week", status=GoalStatus.IN_PROGRESS)
    )
    note_id = small["first"].id
    open_note(ws, small["couple"].id, note_id)
    links = ws.editor.goal_links
    assert links.isVisible()
    assert list(links.checks) == [first.id, second.id]
    assert links.checks[second.id].text() == "Name one need a week · In progress"
    click(qtbot, links.checks[second.id])
    qtbot.waitUntil(lambda: stored(journal, note_id).goal_ids == [second.id], timeout=WAIT_MS)
    click(qtbot, links.checks[first.id])
    qtbot.waitUntil(
        lambda: stored(journal, note_id).goal_ids == [first.id, second.id], timeout=WAIT_MS
    )

    # A goal added in the case view shows up in the open note, the ticks kept.
    ws.editor.set_reflection_shown(False)  # the case view back beside the note
    ws.case_view.add_goal_button.click()
    dialog = ws.case_view.goal_dialog
    assert dialog is not None
    dialog.text_edit.setPlainText("Plan the weekend together")
    dialog.accept()
    qtbot.waitUntil(lambda: len(links.checks) == 3, timeout=WAIT_MS)
    assert links.checks[first.id].isChecked() and links.checks[second.id].isChecked()
    assert not ws.editor.has_unsaved_changes()


def test_the_next_note_of_a_case_keeps_the_goal_boxes_with_its_own_ticks(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    """The same goals are not made again for the next note of the case (nothing new to lay
    out): the boxes stay, ticked as that note says; privacy mode still masks their words."""
    couple = small["couple"].id
    goal = journal.save_goal(Goal(case_id=couple, text="Ask Rowan Pell about the weekend"))
    ticked = journal.save_note(
        Note(case_id=couple, session_date=date(2024, 5, 9), sections={}, goal_ids=[goal.id])
    )
    open_note(ws, couple, ticked.id)
    links = ws.editor.goal_links
    box = links.checks[goal.id]
    assert box.isChecked()
    open_note(ws, couple, small["first"].id)
    assert links.checks[goal.id] is box and not box.isChecked()
    assert not ws.editor.has_unsaved_changes()
    ws.editor.set_privacy_mode(True)
    assert "Rowan Pell" not in links.checks[goal.id].text()
    ws.editor.set_privacy_mode(False)
    assert "Rowan Pell" in links.checks[goal.id].text()
    open_note(ws, couple, ticked.id)
    assert links.checks[goal.id].isChecked()


# ---- showing, hiding, reloading ---------------------------------------------------------


def test_the_panel_toggles_and_the_case_list_makes_room(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    ws.resize(1280, 800)
    panel = open_note(ws, small["couple"].id, small["first"].id)
    button = ws.editor.reflection_button
    assert button.isChecked() and button.isVisible()
    assert ws.cases_aside() and not ws._left.isVisible()
    click(qtbot, button)  # Ctrl+Shift+R is the window's: see tests/ui/test_focus_and_reflection.py
    assert not button.isChecked() and not panel.isVisible()
    assert ws._left.isVisible()
    # Remembered for the session: a new editor (after a lock, say) starts closed too.
    assert not note_editor_module.reflection_shown_for_session()
    click(qtbot, button)
    assert panel.isVisible() and not ws._left.isVisible()
    ws.focus_search()  # the search shortcut brings the list back
    assert ws._left.isVisible() and ws.search.field.hasFocus()
    ws.close_note()
    assert ws._left.isVisible()


def test_template_change_and_history_keep_the_reflection(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    note_id = small["first"].id
    panel = open_note(ws, small["couple"].id, note_id)
    text = first_of(panel, PromptKind.TEXT)
    edit = panel.block(text.id).text_edit
    assert edit is not None
    qtbot.keyClicks(edit, "Protects the agreement.")
    combo = ws.editor.template_combo
    combo.setCurrentIndex(combo.findData("dap"))
    assert edit.toPlainText() == "Protects the agreement."
    qtbot.waitUntil(lambda: stored(journal, note_id).template.value == "dap", timeout=WAIT_MS)
    assert stored(journal, note_id).reflection == {text.id: "Protects the agreement."}
    revisions = journal.revisions(note_id)
    latest = next(r for r in revisions if r.reflection)
    ws.editor._restored(journal.restore_revision(latest))
    assert panel.block(text.id).text_edit.toPlainText() == "Protects the agreement."


def test_reload_prompts_keeps_typing(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    note_id = small["first"].id
    ws.editor.autosave_ms = 60_000  # the reload itself must save
    panel = open_note(ws, small["couple"].id, note_id)
    text = first_of(panel, PromptKind.TEXT)
    gone = next(p for p in panel.prompts() if p.id != text.id)
    edit = panel.block(text.id).text_edit
    assert edit is not None
    qtbot.keyClicks(edit, "Pending words.")
    journal.save_prompt_customisations([PromptCustomisation(prompt_id=gone.id, hidden=True)])
    ws.reload_prompts()
    assert gone.id not in [p.id for p in panel.prompts()]
    assert stored(journal, note_id).reflection == {text.id: "Pending words."}
    assert panel.block(text.id).text_edit.toPlainText() == "Pending words."  # type: ignore[union-attr]
    assert ws.prompt_library() is not None and ws.prompt_library().get(gone.id) is None  # type: ignore[union-attr]


# ---- through the window: lock and come back -----------------------------------------------


def test_answers_survive_a_lock(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casenotes.core.vault.kdf import KdfPolicy
    from casenotes.ui.app import create_application
    from casenotes.ui.main_window import MainWindow
    from casenotes.ui.tasks import SyncTaskRunner

    create_application()
    passphrase = "a strong fictional passphrase for tests 42"
    path = tmp_path / "practice" / "casenotes.vault"
    created = Journal.create(path, passphrase, KdfPolicy.testing())
    journal = created.journal
    from casenotes.core.domain import Case

    case = journal.save_case(
        Case(code="COS-03", display_name="Ellis", client_types=[ClientType.CLIENT_OF_SEX_WORKERS])
    )
    note = journal.save_note(
        Note(
            case_id=case.id,
            session_date=date(2024, 6, 3),
            sections={"body": "Talked about the agreement."},
        )
    )
    journal.lock()

    window = MainWindow(path, policy=KdfPolicy.testing(), tasks=SyncTaskRunner())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)

    def unlock() -> Workspace:
        page = window.unlock_page
        assert page is not None
        page.passphrase.edit.setText(passphrase)
        page.unlock_button.click()
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)
        assert isinstance(window.workspace, Workspace)
        return window.workspace

    try:
        workspace = unlock()
        workspace.editor.autosave_ms = 60_000  # the lock itself must save
        assert workspace.open_note(case.id, note.id)
        panel = workspace.editor.reflection_panel
        single = first_of(panel, PromptKind.SINGLE)
        text = first_of(panel, PromptKind.TEXT)
        click(qtbot, panel.block(single.id).buttons[single.options[0].id])
        edit = panel.block(text.id).text_edit
        assert edit is not None
        qtbot.keyClicks(edit, "Keeps the week in balance.")
        assert window.lock()
        assert window.journal is not None and not window.journal.is_unlocked
        workspace = unlock()
        assert workspace.location() == (case.id, note.id)
        panel = workspace.editor.reflection_panel
        assert panel.block(single.id).buttons[single.options[0].id].isChecked()
        assert panel.block(text.id).text_edit.toPlainText() == "Keeps the week in balance."  # type: ignore[union-attr]
        assert window.journal.get_note(note.id).reflection == {  # type: ignore[union-attr]
            single.id: single.options[0].id,
            text.id: "Keeps the week in balance.",
        }
    finally:
        window.tasks.wait_idle(20_000)
        if window.journal is not None and window.journal.is_unlocked:
            window.journal.lock()


@pytest.mark.parametrize("kind", [PromptKind.SINGLE, PromptKind.SCALE])
def test_a_comment_alone_keeps_an_answer_the_panel_cannot_show(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any], kind: PromptKind
) -> None:
    """A choice since removed, or a point outside a scale since narrowed: commenting on the
    prompt must not delete it."""
    case = small["couple"]
    probe = Note(case_id=case.id, session_date=date(2024, 5, 2), sections={"body": "x"})
    probe = journal.save_note(probe)
    prompt = first_of(open_note(ws, case.id, probe.id), kind)
    unshowable: object = (
        "an_option_since_removed" if kind is PromptKind.SINGLE else prompt.scale_max + 1
    )
    note = journal.save_note(
        Note(
            case_id=case.id,
            session_date=date(2024, 5, 3),
            sections={"body": "Agreement review."},
            reflection={prompt.id: unshowable},
        )
    )
    panel = open_note(ws, case.id, note.id)
    block = panel.block(prompt.id)
    assert not any(b.isChecked() for b in block.buttons.values())  # shown unanswered
    assert block.comment_button is not None
    click(qtbot, block.comment_button)
    assert block.comment_edit is not None
    qtbot.keyClicks(block.comment_edit, "Asked again next time.")
    qtbot.waitUntil(
        lambda: (
            stored(journal, note.id).reflection.get(NOTES_KEY, {}).get(prompt.id)
            == "Asked again next time."
        ),
        timeout=WAIT_MS,
    )
    assert stored(journal, note.id).reflection[prompt.id] == unshowable
    # Choosing an answer is a change to the answer: then the new one is stored.
    click(qtbot, next(iter(block.buttons.values())))
    qtbot.waitUntil(
        lambda: stored(journal, note.id).reflection.get(prompt.id) != unshowable, timeout=WAIT_MS
    )


# ---- from the usability test ---------------------------------------------------------------


@pytest.fixture
def lone_panel(qtbot: QtBot) -> ReflectionPanel:
    """A panel with every shipped prompt (safety prompts among them), outside any editor."""
    from casenotes.core.prompts import load_default_library

    panel = ReflectionPanel()
    qtbot.addWidget(panel)
    panel.set_prompts(load_default_library().prompts)
    panel.load({}, read_only=False)
    panel.resize(520, 900)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_safety_and_legal_prompts_say_they_can_go_into_a_summary(
    lone_panel: ReflectionPanel,
) -> None:
    """Summaries leave both sections out unless ticked: the panel says so, and nothing in
    it says that these answers go into a summary by themselves."""
    assert "if you choose" in PRIVACY_LINE and "left out unless you tick" in PRIVACY_LINE
    assert lone_panel.privacy_label.text() == PRIVACY_LINE
    expected = {"safety": "safety", "legal": "legal risk"}
    seen = set()
    for prompt in lone_panel.prompts():
        block = lone_panel.block(prompt.id)
        tag = block.summary_tag
        if prompt.summary in expected:
            seen.add(prompt.summary)
            assert tag is not None and tag.isVisible()
            assert tag.text() == expected[prompt.summary]
            assert "if you choose" in tag.toolTip()
            assert "left out unless you tick" in tag.accessibleDescription()
            # The whole tag is shown: nothing cut at this width.
            assert tag.width() >= tag.sizeHint().width()
        else:
            assert tag is None
        for widget in [block, *block.findChildren(QWidget)]:
            for text in (widget.accessibleDescription(), widget.toolTip()):
                assert "appear in" not in text and "in summaries" not in text
    assert seen == set(expected)
    assert "in summaries" not in PRIVACY_LINE and "appear in" not in PRIVACY_LINE


def test_none_stands_alone(lone_panel: ReflectionPanel, qtbot: QtBot) -> None:
    prompt = next(
        p
        for p in lone_panel.prompts()
        if p.kind is PromptKind.MULTIPLE and "none" in {o.id for o in p.options}
    )
    block = lone_panel.block(prompt.id)
    others = [key for key in block.buttons if key != "none"]
    click(qtbot, block.buttons[others[0]])
    click(qtbot, block.buttons[others[1]])
    assert block.value() == others[:2]
    click(qtbot, block.buttons["none"])
    assert block.value() == ["none"]
    click(qtbot, block.buttons[others[0]])
    assert block.value() == [others[0]]
    assert lone_panel.reflection()[prompt.id] == [others[0]]


def test_clear_is_always_there_after_the_comment(lone_panel: ReflectionPanel, qtbot: QtBot) -> None:
    for kind in (PromptKind.SINGLE, PromptKind.SCALE):
        prompt = next((p for p in lone_panel.prompts() if p.kind is kind), None)
        if prompt is None:
            continue
        block = lone_panel.block(prompt.id)
        clear, comment = block.clear_button, block.comment_button
        assert clear is not None and comment is not None
        assert clear.isVisible() and not clear.isEnabled()
        chain = block.focus_chain()
        assert chain.index(comment) < chain.index(clear)
        last = list(block.buttons.values())[-1]
        last.setFocus()
        qtbot.keyClick(last, Qt.Key.Key_Space)
        assert last.isChecked() and clear.isEnabled()
        qtbot.keyClick(last, Qt.Key.Key_Tab)
        assert comment.hasFocus()  # the comment first, then Clear
        qtbot.keyClick(comment, Qt.Key.Key_Tab)
        assert clear.hasFocus()
        qtbot.keyClick(clear, Qt.Key.Key_Space)
        assert block.value() is None and not clear.isEnabled()


def test_scale_points_behave_like_radio_buttons(lone_panel: ReflectionPanel, qtbot: QtBot) -> None:
    prompt = next(p for p in lone_panel.prompts() if p.kind is PromptKind.SCALE)
    block = lone_panel.block(prompt.id)
    points = list(block.buttons)
    middle = block.buttons[points[1]]
    middle.setFocus()
    qtbot.keyClick(middle, Qt.Key.Key_Space)
    assert block.value() == points[1]
    qtbot.keyClick(middle, Qt.Key.Key_Space)  # Space on the chosen point keeps it
    assert block.value() == points[1]
    qtbot.keyClick(middle, Qt.Key.Key_Right)  # the arrows move and choose
    assert block.value() == points[2] and block.buttons[points[2]].hasFocus()
    qtbot.keyClick(block.buttons[points[2]], Qt.Key.Key_Left)
    assert block.value() == points[1]
    single = next((p for p in lone_panel.prompts() if p.kind is PromptKind.SINGLE), None)
    if single is not None:
        sblock = lone_panel.block(single.id)
        keys = list(sblock.buttons)
        first = sblock.buttons[keys[0]]
        first.setFocus()
        qtbot.keyClick(first, Qt.Key.Key_Space)
        qtbot.keyClick(first, Qt.Key.Key_Down)
        assert sblock.value() == keys[1]


def test_reflection_panel_screenshot(lone_panel: ReflectionPanel) -> None:
    import os

    folder = os.environ.get("CASENOTES_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        lone_panel.grab().save(str(Path(folder) / "reflection_panel.png"))


def test_comment_buttons_take_a_new_text_size_at_once(
    ws: Workspace, qtbot: QtBot, small: dict[str, Any]
) -> None:
    panel = open_note(ws, small["first"].case_id, small["first"].id)
    block = next(
        b
        for b in panel.findChildren(QWidget)
        if hasattr(b, "comment_button") and b.comment_button is not None
    )
    button = block.comment_button
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    original = font.pointSizeF()
    try:
        font.setPointSizeF(original * 2)
        app.setFont(font)
        qtbot.waitUntil(lambda: button.font().pointSizeF() == original * 2)
        assert button.sizeHint().height() > button.fontMetrics().height()
    finally:
        font.setPointSizeF(original)
        app.setFont(font)


# ---- the forms built a few per turn -------------------------------------------------------


def built_forms(panel: ReflectionPanel) -> int:
    return len(panel.form.findChildren(PromptBlock))


def test_the_first_forms_come_at_once_and_the_rest_a_few_per_turn(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    at_once = reflection_panel_module.FORMS_AT_ONCE
    per_turn = reflection_panel_module.FORMS_PER_TURN
    prompts = prompts_for(journal.prompt_library(), small["couple"].client_types)
    later = [p for p in prompts[at_once:] if p.kind is PromptKind.TEXT][-1]
    note = journal.save_note(
        Note(
            case_id=small["couple"].id,
            session_date=date(2024, 5, 2),
            sections={"body": "Agreement review."},
            reflection={later.id: "Answered before its form was built."},
        )
    )
    panel = open_note(ws, small["couple"].id, note.id)
    # Only the top of the panel comes with the note; the rest follows turn by turn.
    assert panel.is_building()
    assert built_forms(panel) == at_once
    panel._build_timer.timeout.emit()  # one turn's worth
    assert built_forms(panel) == at_once + per_turn
    qtbot.waitUntil(lambda: not panel.is_building(), timeout=WAIT_MS)
    assert built_forms(panel) == len(prompts)
    # A form built later shows the stored answer, and Tab runs from the last form on to the
    # free process-notes text.
    edit = panel.block(later.id).text_edit
    assert edit is not None and edit.toPlainText() == "Answered before its form was built."
    last = panel.block(prompts[-1].id)
    reachable = [w for w in last.focus_chain() if w.isVisible() and w.isEnabled()]
    assert isinstance(panel, ProcessNotesPanel)
    reachable[-1].setFocus()
    qtbot.keyClick(reachable[-1], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.text_edit


class _Moves(QObject):
    """Counts the moves of each widget it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[QObject, int] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Move:
            self.counts[watched] = self.counts.get(watched, 0) + 1
        return False


def test_a_turns_forms_are_shown_together_and_laid_out_once(
    ws: Workspace, journal: Journal, small: dict[str, Any]
) -> None:
    """Showing a widget in a visible window lays out everything above it at once: a turn's
    forms come into sight together, so the forms already there are laid out once for them,
    not once per new form; all keep their order, and the answers stay as stored."""
    panel = open_note(ws, small["couple"].id, small["first"].id)
    settle_layouts()
    assert panel.is_building()
    there = blocks_in_layout(panel)
    moves = _Moves()
    for block in there:
        block.installEventFilter(moves)
    panel._build_timer.timeout.emit()  # one turn's worth
    assert len(blocks_in_layout(panel)) == len(there) + reflection_panel_module.FORMS_PER_TURN
    assert moves.counts and max(moves.counts.values()) == 1  # twice before: once per form
    for block in there:
        block.removeEventFilter(moves)
    panel.finish_building()
    laid_out = blocks_in_layout(panel)
    groups: dict[str, list[str]] = {}  # under their headings, in the order first met
    for prompt in panel.prompts():
        groups.setdefault(prompt.group.strip(), []).append(prompt.id)
    assert [b.prompt.id for b in laid_out] == [i for ids in groups.values() for i in ids]
    assert all(b.isVisible() and b.height() > 0 for b in laid_out)
    assert panel.reflection() == stored(journal, small["first"].id).reflection


def test_forms_built_in_privacy_mode_stay_out_of_sight_until_it_ends(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    """A form built while privacy mode shows the masked page is not shown beside it; once
    privacy mode ends, every form is there with its answer."""
    prompts = prompts_for(journal.prompt_library(), small["couple"].client_types)
    at_once = reflection_panel_module.FORMS_AT_ONCE
    later = [p for p in prompts[at_once:] if p.kind is PromptKind.TEXT][-1]
    note = journal.save_note(
        Note(
            case_id=small["couple"].id,
            session_date=date(2024, 5, 3),
            sections={"body": "Agreement review."},
            reflection={later.id: "Rowan Pell said the weekend went well."},
        )
    )
    ws.editor.set_privacy_mode(True)
    panel = open_note(ws, small["couple"].id, note.id)
    assert panel.is_building()
    qtbot.waitUntil(lambda: not panel.is_building(), timeout=WAIT_MS)
    assert not panel.form.isVisible()
    assert not any(b.isVisible() for b in blocks_in_layout(panel))
    shown = " ".join(label.text() for label in panel.summary.findChildren(QLabel))
    assert "Weekend went well" not in shown and "weekend went well" in shown
    assert "Rowan Pell" not in shown
    ws.editor.set_privacy_mode(False)
    assert all(b.isVisible() for b in blocks_in_layout(panel))
    edit = panel.block(later.id).text_edit
    assert edit is not None and edit.toPlainText() == "Rowan Pell said the weekend went well."


def test_a_form_asked_for_before_its_turn_is_built_at_once(
    ws: Workspace, small: dict[str, Any]
) -> None:
    panel = open_note(ws, small["couple"].id, small["first"].id)
    assert panel.is_building()
    block = panel.block(panel.prompts()[-1].id)  # e.g. by a search match shown in place
    assert not panel.is_building()
    assert block.isVisible() and block.height() > 0


def test_the_same_answer_shown_again_is_left_as_is_unless_the_user_changed_it(
    ws: Workspace, small: dict[str, Any], qtbot: QtBot
) -> None:
    panel = open_note(ws, small["couple"].id, small["first"].id)
    scale = first_of(panel, PromptKind.SCALE)
    block = panel.block(scale.id)
    block.set_value(scale.scale_min, "")
    block.open_comment()  # the user opens an empty comment box
    assert block.comment_edit is not None and block.comment_edit.isVisible()
    block.set_value(scale.scale_min, "")  # the same answer shown again (another note)
    assert not block.comment_edit.isVisible()
    click(qtbot, block.buttons[scale.scale_max])  # the user changes the answer
    assert block.buttons[scale.scale_max].isChecked()
    block.set_value(scale.scale_min, "")
    assert block.buttons[scale.scale_min].isChecked() and not block.value_touched


def test_a_comment_box_is_made_when_first_needed_and_takes_its_place(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    """A choice's comment box is made when a note with a comment is shown or the user opens
    one: below "Your comment", right after the form's buttons in the Tab order, and saved
    as before; a note without a comment hides it again."""
    couple = small["couple"].id
    panel = open_note(ws, couple, small["first"].id)
    scale = first_of(panel, PromptKind.SCALE)
    block = panel.block(scale.id)
    assert block.comment_edit is None and block.comment() == ""  # no comment on this note
    commented = journal.save_note(
        Note(
            case_id=couple,
            session_date=date(2024, 5, 4),
            sections={"body": "Agreement review."},
            reflection={scale.id: scale.scale_min, NOTES_KEY: {scale.id: "Quieter today."}},
        )
    )
    open_note(ws, couple, commented.id)
    edit = block.comment_edit
    assert edit is not None and edit.isVisible() and edit.toPlainText() == "Quieter today."
    assert block.comment_label is not None and block.comment_label.isVisible()
    assert block.comment_button is not None and not block.comment_button.isVisible()
    form = block.layout()
    assert isinstance(form, QVBoxLayout)
    assert form.indexOf(edit) == form.indexOf(block.comment_label) + 1
    assert block.clear_button is not None and block.clear_button.nextInFocusChain() is edit
    assert edit.accessibleName() == f"Comment on: {scale.text}"
    edit.setFocus()
    edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(edit, " Asked about the weekend.")
    qtbot.waitUntil(
        lambda: (
            stored(journal, commented.id).reflection.get(NOTES_KEY, {}).get(scale.id)
            == "Quieter today. Asked about the weekend."
        ),
        timeout=WAIT_MS,
    )
    assert stored(journal, commented.id).reflection[scale.id] == scale.scale_min
    open_note(ws, couple, small["first"].id)
    assert block.comment_edit is edit and not edit.isVisible() and block.comment() == ""
    assert block.comment_button.isVisible()


class _Resizes(QObject):
    """Counts the resizes of the widgets it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.count += 1
        return False


def settle_layouts() -> None:
    for _ in range(4):  # the layouts settle a level per turn
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def test_a_comment_going_leaves_the_options_at_their_size(lone_panel: ReflectionPanel) -> None:
    """The next note has no comment where this one had: the form is laid out again, still
    at its old height, before it shrinks. The room left over goes below the form's last
    control; its options keep their size (each was stretched to the old height and back,
    resized and repainted twice)."""
    prompt = first_of(lone_panel, PromptKind.MULTIPLE)
    block = lone_panel.block(prompt.id)
    first_option = prompt.options[0].id
    block.set_value([first_option], "")
    settle_layouts()
    sizes = {key: button.size() for key, button in block.buttons.items()}
    height = block.height()
    block.set_value([first_option], "A fictional comment on what was said")
    settle_layouts()
    assert block.comment_edit is not None and block.comment_edit.isVisible()
    assert block.height() > height
    resizes = _Resizes()
    for button in block.buttons.values():
        button.installEventFilter(resizes)
    block.set_value([first_option], "")
    settle_layouts()
    assert not block.comment_edit.isVisible()
    assert resizes.count == 0
    assert {key: button.size() for key, button in block.buttons.items()} == sizes
    assert block.height() == height  # back to its own height
