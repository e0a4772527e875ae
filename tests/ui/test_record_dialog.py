"""The record's options dialog: what each choice gives, and the warning about process notes."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from casenotes.core.record import RecordOptions, Release
from casenotes.ui.record_dialog import PROCESS_NOTES_WARNING, RecordDialog

from .mnemonics import assert_unique_mnemonics


def _dialog(qtbot: QtBot, *, printing: bool = False) -> RecordDialog:
    dialog = RecordDialog("R-7", 6, date(2025, 1, 6), date(2025, 3, 3), printing=printing)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_all_signed_sessions_by_default(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.options() == RecordOptions()
    assert dialog.format() == "pdf"
    assert not dialog.first_number.isEnabled() and not dialog.from_date.isEnabled()
    assert dialog.accept_button.text() == "Export…"


def test_a_numbered_range_with_drafts(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.by_number.click()
    assert dialog.first_number.isEnabled() and dialog.last_number.value() == 6
    dialog.first_number.setValue(2)
    dialog.last_number.setValue(4)
    dialog.drafts.click()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("md"))
    assert dialog.options() == RecordOptions(first_session=2, last_session=4, include_drafts=True)
    assert dialog.format() == "md"


def test_a_date_range_starts_from_the_cases_sessions(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.by_date.click()
    assert dialog.from_date.date() == QDate(2025, 1, 6)
    dialog.to_date.setDate(QDate(2025, 2, 1))
    assert dialog.options() == RecordOptions(from_date=date(2025, 1, 6), to_date=date(2025, 2, 1))


def test_process_notes_come_with_a_warning(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert not dialog.process_warning.isVisible()
    dialog.process_notes.click()
    assert dialog.process_warning.isVisible()
    assert dialog.process_warning.label.text() == PROCESS_NOTES_WARNING
    assert dialog.height() >= dialog.sizeHint().height()  # grown to show it whole
    assert dialog.options().include_process_notes
    dialog.process_notes.click()
    assert not dialog.process_warning.isVisible()


def test_printing_has_no_format(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, printing=True)
    assert not dialog.format_combo.isVisible()
    assert dialog.accept_button.text() == "Print…"
    assert dialog.windowTitle() == "Print case record"


def test_the_release_for_the_export_log(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.release() == Release("", "", "not_asked")
    dialog.consent_buttons["yes"].click()
    dialog.disclosure.recipient.setText(" client's  lawyer ")
    dialog.disclosure.purpose_edit.setText("records request")
    assert dialog.release() == Release("client's lawyer", "records request", "yes")


@pytest.mark.parametrize("printing", [False, True])
def test_every_control_has_its_own_alt_letter(qtbot: QtBot, printing: bool) -> None:
    dialog = _dialog(qtbot, printing=printing)
    dialog.process_notes.click()
    assert_unique_mnemonics(dialog)


def test_a_typed_date_range_is_taken_as_shown(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.by_date.setChecked(True)
    for field, text in ((dialog.from_date, "15 Jan 2025"), (dialog.to_date, "2025-02-20")):
        field.setFocus()
        qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(field.edit, text)
    options = dialog.options()
    assert (options.from_date, options.to_date) == (date(2025, 1, 15), date(2025, 2, 20))
