"""The settings dialog: the summaries' country for phones and the never-redact terms."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Settings
from casenotes.ui.settings_dialog import SettingsDialog, region_choices


def test_region_and_terms_round_trip(qapp: QApplication, qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(phone_region="ie", never_redact=["Larkmoor Model"]))
    qtbot.addWidget(dialog)
    assert dialog.phone_region.currentData() == "IE"
    assert dialog.never_redact.toPlainText() == "Larkmoor Model"
    dialog.phone_region.setCurrentIndex(dialog.phone_region.findData("AU"))
    dialog.never_redact.setPlainText("  Larkmoor   Model \n\nBrackenfold Pathway\nLarkmoor Model")
    edited = dialog.settings()
    assert edited.phone_region == "AU"
    assert edited.never_redact == ["Larkmoor Model", "Brackenfold Pathway"]


def test_following_the_system_is_the_first_choice(qapp: QApplication, qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.phone_region.currentIndex() == 0
    assert dialog.settings().phone_region == ""
    codes = [code for code, _ in region_choices()]
    assert codes[0] == "" and {"GB", "IE", "AU", "US", "DE"} <= set(codes)
    assert dialog.never_redact.accessibleName()
