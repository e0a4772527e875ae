"""Creating and editing cases through the dialog, as a practitioner would type them."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from casenotes.core.domain import CLIENT_TYPE_LABELS, CaseStatus, ClientType
from casenotes.core.journal import Journal
from casenotes.ui.date_field import parse_date
from casenotes.ui.workspace import Workspace
from casenotes.ui.workspace.case_dialog import CaseDialog


def save_button(dialog: CaseDialog) -> object:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_create_a_couple_case_with_both_partners(
    make_workspace: Any, journal: Journal, qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)
    assert workspace.case_list.empty_label.isVisible()
    workspace.new_case()
    dialog = workspace.case_dialog
    assert dialog is not None and dialog.isVisible()
    # The checkboxes carry the practice's own labels.
    assert [c.text() for c in dialog.type_checks.values()] == list(CLIENT_TYPE_LABELS.values())
    assert not dialog.partners_group.isVisible()

    qtbot.keyClicks(dialog.code_edit, "CPL-21")
    qtbot.keyClicks(dialog.name_edit, "Ash & Bo")
    qtbot.mouseClick(dialog.type_checks[ClientType.COUPLE], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(
        dialog.type_checks[ClientType.CLIENT_OF_SEX_WORKERS], Qt.MouseButton.LeftButton
    )
    assert dialog.partners_group.isVisible()
    qtbot.keyClicks(dialog.partner_names[0], "Ash")
    qtbot.keyClicks(dialog.partner_pronouns[0], "she/her")
    qtbot.keyClicks(dialog.partner_names[1], "Bo")
    qtbot.keyClicks(dialog.partner_pronouns[1], "they/them")
    qtbot.keyClicks(dialog.tags_edit, "agreements, non-monogamy")
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findText("Paused"))
    qtbot.keyClicks(dialog.identifier_edits["places"], "Harbourside")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)

    (case,) = journal.list_cases()
    assert case.code == "CPL-21"
    assert case.display_name == "Ash & Bo"
    assert case.client_types == [ClientType.CLIENT_OF_SEX_WORKERS, ClientType.COUPLE]
    assert [(m.label, m.name, m.pronouns) for m in case.members] == [
        ("Partner A", "Ash", "she/her"),
        ("Partner B", "Bo", "they/them"),
    ]
    assert case.tags == ["agreements", "non-monogamy"]
    assert case.status == CaseStatus.PAUSED
    assert case.identifiers.places == ["Harbourside"]

    # It is selected and shown, both partners included.
    assert workspace.location() == (case.id, None)
    view = workspace.case_view
    assert view.partners_box.isVisible()
    shown = [w.text() for w in view.partners_box.findChildren(type(view.title))]
    assert any("Ash (she/her)" in t for t in shown)
    assert any("Bo (they/them)" in t for t in shown)


def test_code_is_required_and_unique(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)
    workspace.new_case()
    dialog = workspace.case_dialog
    assert dialog is not None
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Give the case a code" in dialog.error_banner.label.text()
    qtbot.keyClicks(dialog.code_edit, "cpl-07")  # same code, other case: still taken
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "already a case" in dialog.error_banner.label.text()
    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, "SW-30")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert "SW-30" in {c.code for c in journal.list_cases()}


def test_edit_keeps_what_was_not_touched(
    make_workspace: Any, journal: Journal, small: dict[str, Any], qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)
    couple = small["couple"]
    workspace.restore_location(couple.id, None)  # type: ignore[attr-defined]
    workspace.edit_case()
    dialog = workspace.case_dialog
    assert dialog is not None
    assert dialog.partners_group.isVisible()
    assert dialog.partner_names[1].text() == "Kit"
    dialog.pronouns_edit.clear()
    qtbot.keyClicks(dialog.pronouns_edit, "they/he")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    saved = journal.get_case(couple.id)  # type: ignore[attr-defined]
    assert saved is not None
    assert saved.pronouns == "they/he"
    assert saved.members == couple.members  # type: ignore[attr-defined]
    assert saved.identifiers == couple.identifiers  # type: ignore[attr-defined]
    assert saved.created_at == couple.created_at  # type: ignore[attr-defined]
    assert "they/he" in workspace.case_view.facts.text()


def test_year_of_birth_and_presenting_concerns(
    make_workspace: Any, journal: Journal, qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)
    workspace.new_case()
    dialog = workspace.case_dialog
    assert dialog is not None
    assert dialog.birth_year_spin.text() == "Not recorded"
    qtbot.keyClicks(dialog.code_edit, "SW-31")
    dialog.birth_year_spin.selectAll()
    qtbot.keyClicks(dialog.birth_year_spin, "1990")
    qtbot.keyClicks(dialog.concerns_edit, "Sleep after late bookings.")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    (case,) = journal.list_cases()
    assert (case.birth_year, case.presenting_concerns) == (1990, "Sleep after late bookings.")

    workspace.edit_case()
    dialog = workspace.case_dialog
    assert dialog is not None
    assert dialog.birth_year_spin.value() == 1990
    dialog.birth_year_spin.setValue(dialog.birth_year_spin.minimum())  # back to "not recorded"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert journal.list_cases()[0].birth_year is None


def test_a_typed_intake_date_is_saved_as_shown(
    make_workspace: Any, journal: Journal, qtbot: QtBot
) -> None:
    workspace: Workspace = make_workspace(journal)
    workspace.new_case()
    dialog = workspace.case_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.code_edit, "SW-15")
    field = dialog.intake_edit
    field.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.edit, "15 Sep 2026")
    assert parse_date(field.text()) == date(2026, 9, 15)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    (case,) = journal.list_cases()
    assert case.intake_date == date(2026, 9, 15)
