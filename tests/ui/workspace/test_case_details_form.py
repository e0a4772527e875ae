"""The case dialog's details form: what it shows of a case and what it reads back. All
people and details are fictional."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from pytestqt.qtbot import QtBot

from casenotes.core.domain import CaseStatus, ClientType
from casenotes.ui.workspace.case_details_form import BIRTH_YEAR_UNSET, CaseDetailsForm


def test_a_case_reads_back_as_it_was(qtbot: QtBot, small: dict[str, Any]) -> None:
    case = replace(
        small["couple"],
        intake_date=date(2024, 2, 1),
        birth_year=1984,
        presenting_concerns="Rewriting the agreement together.",
    )
    form = CaseDetailsForm(case)
    qtbot.addWidget(form)
    fields = form.fields()
    assert set(fields["client_types"]) == set(case.client_types)  # in the labels' order
    for name in (
        "code",
        "display_name",
        "tags",
        "status",
        "pronouns",
        "intake_date",
        "birth_year",
        "presenting_concerns",
    ):
        assert fields[name] == getattr(case, name), name


def test_a_new_case_starts_empty_with_intake_today(qtbot: QtBot) -> None:
    form = CaseDetailsForm(None)
    qtbot.addWidget(form)
    qtbot.keyClicks(form.code_edit, "  SW  14 ")
    form.type_checks[ClientType.CURRENT_SEX_WORKER].setChecked(True)
    fields = form.fields()
    assert fields["code"] == form.code() == "SW 14"
    assert fields["client_types"] == [ClientType.CURRENT_SEX_WORKER]
    assert fields["status"] == CaseStatus.ACTIVE
    assert fields["intake_date"] == date.today()
    assert form.birth_year_spin.value() == BIRTH_YEAR_UNSET and fields["birth_year"] is None
    form.intake_check.setChecked(False)
    assert not form.intake_edit.isEnabled() and form.fields()["intake_date"] is None
