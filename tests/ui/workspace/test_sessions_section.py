"""The sessions under the case view's tabs: the count, the empty state, and the keys that
open or trash a note. All details are fictional."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Note
from casenotes.core.domain.note_kinds import NoteKind
from casenotes.ui.workspace.sessions_section import SessionsSection


def make(qtbot: QtBot) -> SessionsSection:
    section = SessionsSection()
    qtbot.addWidget(section)
    section.resize(600, 400)
    section.show()
    qtbot.waitExposed(section)
    return section


def test_count_empty_state_and_keys(qtbot: QtBot) -> None:
    section = make(qtbot)
    section.update_heading()
    assert section.empty_label.isVisible()
    assert section.heading.accessibleName() == "Sessions"
    notes = [Note(case_id="c", session_date=date(2024, 3, day)) for day in (1, 8)]
    section.model.set_notes(notes)
    section.update_heading()
    assert not section.empty_label.isVisible()
    assert section.heading.accessibleName() == "Sessions (2)"
    timeline = section.timeline
    timeline.setFocus()
    timeline.setCurrentIndex(section.model.index(0, 0))
    current = timeline.current_note_id()
    assert current in {n.id for n in notes}
    with qtbot.waitSignal(timeline.open_requested) as opened:
        qtbot.keyClick(timeline, Qt.Key.Key_Return)
    assert opened.args == [current]
    with qtbot.waitSignal(timeline.trash_requested) as trashed:
        qtbot.keyClick(timeline, Qt.Key.Key_Delete)
    assert trashed.args == [current]


def test_restore_shows_only_with_the_trash(qtbot: QtBot) -> None:
    section = make(qtbot)
    section.update_restore(False)
    assert not section.restore_note_button.isVisible()
    section.update_restore(True)
    assert section.restore_note_button.isVisible()
    assert not section.restore_note_button.isEnabled()  # nothing in the trash chosen


def test_while_the_notes_are_read_the_list_says_so_quietly(qtbot: QtBot) -> None:
    from casenotes.ui.workspace.sessions_section import EMPTY_TEXT, LOADING_TEXT

    section = make(qtbot)
    section.set_loading(True)
    assert section.empty_label.isVisible()
    assert section.empty_label.text() == LOADING_TEXT
    section.set_loading(False)
    assert section.empty_label.text() == EMPTY_TEXT


def test_the_trash_box_goes_under_the_heading_when_both_do_not_fit(qtbot: QtBot) -> None:
    section = make(qtbot)
    notes = [Note(case_id="c", session_date=date(2024, 3, day)) for day in (1, 8)]
    notes.append(Note(case_id="c", session_date=date(2024, 3, 9), kind=NoteKind.CONTACT))
    section.model.set_notes(notes)
    section.update_heading()
    assert section.heading.accessibleName() == "Sessions (2) and 1 other note"
    section.update_restore(True)
    box = section.show_trash_check
    heading = section.heading

    def box_top() -> int:
        return box.mapTo(section, box.rect().topLeft()).y()

    wanted = heading.sizeHint().width() + section.bottom.sizeHint().width()
    section.resize(wanted + 200, 400)
    qtbot.waitUntil(lambda: not section.head_stacked())
    qtbot.waitUntil(lambda: box_top() < heading.geometry().bottom())  # on its line
    assert heading.width() >= heading.sizeHint().width()  # whole, on one line

    section.resize(wanted // 2 + 40, 400)
    qtbot.waitUntil(section.head_stacked)
    qtbot.waitUntil(lambda: box_top() >= heading.geometry().bottom())
    assert heading.geometry().right() <= section.width()
    assert box.mapTo(section, box.rect().topRight()).x() <= section.width()

    section.resize(wanted + 200, 400)  # room again: beside it once more
    qtbot.waitUntil(lambda: not section.head_stacked())
