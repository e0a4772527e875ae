"""The session details row: every template and format offered, and a signed note's details
read as text."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox
from pytestqt.qtbot import QtBot

from casenotes.core.domain import SESSION_FORMAT_LABELS, NoteKind, NoteTemplate
from casenotes.ui.date_field import DateField
from casenotes.ui.workspace.session_details import KIND_NAMES, TAGS_HINT, SessionDetails


def test_choices_and_signed_state(qtbot: QtBot) -> None:
    details = SessionDetails()
    qtbot.addWidget(details)
    assert details.template_combo.count() == len(NoteTemplate)
    assert details.format_combo.count() == len(SESSION_FORMAT_LABELS)
    assert isinstance(details.date_edit, DateField)
    details.set_signed(True)
    assert not details.template_combo.isEnabled() and not details.format_combo.isEnabled()
    assert details.date_edit.isReadOnly() and details.tags_edit.isReadOnly()
    assert details.duration_spin.buttonSymbols() == QSpinBox.ButtonSymbols.NoButtons
    assert details.tags_edit.placeholderText() == ""
    details.set_signed(False)
    assert details.template_combo.isEnabled() and not details.date_edit.isReadOnly()
    assert details.tags_edit.placeholderText() == TAGS_HINT


def test_the_kind_of_note_is_offered_and_fixed_once_signed(qtbot: QtBot) -> None:
    details = SessionDetails()
    qtbot.addWidget(details)
    details.show()
    assert [details.kind_combo.itemText(i) for i in range(details.kind_combo.count())] == [
        KIND_NAMES[kind] for kind in NoteKind
    ]
    details.set_kind(NoteKind.CONTACT)
    assert details.kind() is NoteKind.CONTACT
    assert details.channel_box.isVisible() and not details.summary_box.isVisible()
    details.set_kind(NoteKind.CONSULTATION)
    assert details.summary_box.isVisible() and not details.channel_box.isVisible()
    details.set_signed(True)
    assert not details.kind_combo.isEnabled()
    details.set_signed(False)
    assert details.kind_combo.isEnabled()
