"""The Overview tab: the case's facts, concerns, partners and identifiers, and what privacy
mode leaves of them. All people and details are fictional."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from casenotes.ui.workspace.overview_section import OverviewSection


def make(qtbot: QtBot) -> OverviewSection:
    section = OverviewSection()
    qtbot.addWidget(section)
    section.resize(700, 500)
    section.show()
    qtbot.waitExposed(section)
    return section


def texts(section: OverviewSection) -> str:
    QApplication.processEvents()  # rows added to a shown layout show at the next turn
    return " | ".join(
        label.text() for label in section.findChildren(QLabel) if label.isVisibleTo(section)
    )


def test_facts_partners_and_identifiers(qtbot: QtBot, small: dict[str, Any]) -> None:
    section = make(qtbot)
    case = replace(
        small["couple"],
        intake_date=date(2024, 2, 1),
        presenting_concerns="Rewriting the agreement together.",
    )
    section.show_case(case, private=False)
    shown = texts(section)
    assert "Pronouns: they/them" in shown
    assert "Presenting concerns: Rewriting the agreement together." in shown
    assert "Rowan (they/them)" in shown and "Kit (he/him)" in shown
    assert not section.identifiers.isVisibleTo(section)
    section.identifiers_toggle.setChecked(True)
    assert "Harbourside" in section.identifiers.text()
    assert section.identifiers_toggle.text() == "Identifiers (3)"


def test_privacy_mode_leaves_no_names(qtbot: QtBot, small: dict[str, Any]) -> None:
    section = make(qtbot)
    section.identifiers_toggle.setChecked(True)
    section.show_case(small["couple"], private=True)
    shown = texts(section)
    assert "Rowan" not in shown and "Kit" not in shown and "they/them" not in shown
    assert "Name hidden" in shown
    assert section.privacy_note.isVisibleTo(section)
    assert not section.identifiers.isVisibleTo(section)
    assert not section.identifiers_toggle.isVisibleTo(section)
