"""The note's scrolling column: sections built from a template (unknown ones kept), and a
signed note's addenda. All details are fictional."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from casenotes.core.domain import TEMPLATES, Addendum, Note, NoteTemplate
from casenotes.ui.shared.common import ClipboardGuard
from casenotes.ui.workspace.note_body import NoteBody, section_label


def make(qtbot: QtBot) -> NoteBody:
    body = NoteBody(ClipboardGuard())
    qtbot.addWidget(body)
    body.resize(600, 500)
    body.show()
    qtbot.waitExposed(body)
    return body


def test_sections_of_a_template_and_ones_it_does_not_know(qtbot: QtBot) -> None:
    body = make(qtbot)
    sections = body.build_sections(
        NoteTemplate.SOAP, {"subjective": "Felt heard.", "from_elsewhere": "Kept."}
    )
    soap = [s.key for s in TEMPLATES[NoteTemplate.SOAP]]
    assert list(sections) == [*soap, "from_elsewhere"]
    assert sections["subjective"].toPlainText() == "Felt heard."
    assert sections["from_elsewhere"].accessibleName() == section_label("from_elsewhere")
    again = body.build_sections(NoteTemplate.FREE, {})
    QApplication.processEvents()
    assert len(again) == 1
    assert body.sections_box.findChildren(type(sections["subjective"])) == list(again.values())


def test_addenda_are_listed_with_their_time(qtbot: QtBot) -> None:
    body = make(qtbot)
    note = Note(
        case_id="c",
        session_date=date(2024, 3, 1),
        addenda=[Addendum(note_id="n", text="Called to reschedule.")],
    )
    body.show_addenda(note)
    QApplication.processEvents()
    stamps = [label.text() for label in body.addenda_list.findChildren(QLabel)]
    assert any(text.startswith("Added ") for text in stamps)
    body.show_addenda(Note(case_id="c", session_date=date(2024, 3, 1)))
    QApplication.processEvents()
    assert [label.text() for label in body.addenda_list.findChildren(QLabel)] == ["No addenda yet."]
