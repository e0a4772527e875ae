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
    edits = body.sections_box.findChildren(type(sections["subjective"]))
    assert [e for e in edits if e.isVisible()] == list(again.values())
    # The SOAP sections are kept for the next SOAP note: out of sight, and empty.
    assert all(not e.isVisible() and not e.toPlainText() for e in sections.values())


def test_the_section_edits_of_the_last_three_kinds_of_sections_are_kept(qtbot: QtBot) -> None:
    body = make(qtbot)
    kinds = [NoteTemplate.SOAP, NoteTemplate.DAP, NoteTemplate.FREE]
    made = {template: body.build_sections(template, {}) for template in kinds}
    for template in kinds:
        assert body.build_sections(template, {}) == made[template]  # the same widgets
    others = [t for t in NoteTemplate if t not in kinds and TEMPLATES[t] != TEMPLATES[kinds[0]]]
    body.build_sections(others[0], {})
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, 0)  # deleteLater
    edit_type = type(made[NoteTemplate.FREE]["body"])
    assert len(body.sections_box.findChildren(edit_type)) == sum(
        len(TEMPLATES[t]) for t in (NoteTemplate.DAP, NoteTemplate.FREE, others[0])
    )
    assert body.build_sections(NoteTemplate.SOAP, {}) != made[NoteTemplate.SOAP]  # made anew


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
