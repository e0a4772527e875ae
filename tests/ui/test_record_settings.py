"""The Settings dialog's clinical-record rows: the clinician profile and the retention
period, typed into the real fields."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casenotes.core.domain import ClinicianProfile, Settings
from casenotes.ui.settings_dialog import SettingsDialog


def test_the_profile_and_retention_round_trip(qapp: QApplication, qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(clinician_name="Alex Rivera", retention_years=10))
    qtbot.addWidget(dialog)
    fields = dialog.record_fields
    assert fields.name.text() == "Alex Rivera" and fields.retention.value() == 10
    qtbot.keyClicks(fields.credentials, "  MA, LMFT ")
    qtbot.keyClicks(fields.licence, "LMFT 12345")
    fields.retention.setValue(8)
    edited = dialog.settings()
    assert edited.clinician() == ClinicianProfile("Alex Rivera", "MA, LMFT", "LMFT 12345")
    assert edited.retention_years == 8


def test_the_default_is_seven_years_and_an_empty_profile(qapp: QApplication, qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.record_fields.retention.value() == 7
    assert dialog.settings().clinician().is_empty()
    assert dialog.record_fields.name.accessibleName()
