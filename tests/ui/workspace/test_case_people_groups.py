"""The case dialog's partners and identifiers: shown from a case, read back as entered,
members beyond the two shown kept. All people and details are fictional."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pytestqt.qtbot import QtBot

from casenotes.core.domain import Member
from casenotes.ui.workspace.case_people_groups import IdentifiersGroup, PartnersGroup


def test_partners_read_back_and_extras_kept(qtbot: QtBot, small: dict[str, Any]) -> None:
    extra = Member("Partner C", "Sol", "she/her")
    case = replace(small["couple"], members=[*small["couple"].members, extra])
    group = PartnersGroup(case)
    qtbot.addWidget(group)
    assert [n.text() for n in group.names] == ["Rowan", "Kit"]
    group.names[1].clear()
    group.pronouns[1].clear()
    assert group.members() == [case.members[0], extra]  # an emptied partner drops out
    qtbot.keyClicks(group.names[1], "  Kit   Amaro ")
    assert group.members()[1] == Member("Partner B", "Kit Amaro", "")


def test_identifiers_one_per_line(qtbot: QtBot, small: dict[str, Any]) -> None:
    group = IdentifiersGroup(small["couple"])
    qtbot.addWidget(group)
    assert group.identifiers() == small["couple"].identifiers
    group.edits["places"].setPlainText("Harbourside\n\n  Saltreave  \n")
    assert group.identifiers().places == ["Harbourside", "Saltreave"]
    assert IdentifiersGroup(None).identifiers().as_dict() == {kind: [] for kind in group.edits}
