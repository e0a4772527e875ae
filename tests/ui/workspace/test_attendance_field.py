"""Who attended: the choices follow the case, the editor saves the answer with the note,
and the session list shows it."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Attendance, Case, ClientType, Member
from casenotes.core.journal import Journal
from casenotes.ui.workspace import Workspace
from casenotes.ui.workspace.attendance_field import NOT_RECORDED, AttendanceField
from casenotes.ui.workspace.session_model import session_title

WAIT_MS = 3000


def _choices(field: AttendanceField) -> list[str]:
    return [field.itemText(i) for i in range(field.count())]


def test_a_couple_is_offered_the_partners(qtbot: QtBot) -> None:
    field = AttendanceField()
    qtbot.addWidget(field)
    couple = Case(
        code="C",
        display_name="C",
        client_types=[ClientType.COUPLE],
        members=[Member("Partner A"), Member("Partner B")],
    )
    field.load(couple, None, read_only=False)
    assert _choices(field) == [NOT_RECORDED, "Both partners", "Partner A alone", "Partner B alone"]
    assert field.attendance() is None
    field.setCurrentIndex(field.findData("partner_b"))
    assert field.attendance() is Attendance.PARTNER_B


def test_others_are_offered_client_choices_and_a_stored_value_is_kept(qtbot: QtBot) -> None:
    field = AttendanceField()
    qtbot.addWidget(field)
    solo = Case(code="S", display_name="S", client_types=[ClientType.CURRENT_SEX_WORKER])
    field.load(solo, Attendance.PARTNER_A, read_only=True)
    assert _choices(field) == [
        NOT_RECORDED,
        "Client",
        "Client with a partner",
        "Client with others",
        "Partner A alone",
    ]
    assert field.attendance() is Attendance.PARTNER_A and not field.isEnabled()


@pytest.fixture
def ws(make_workspace: Any, journal: Journal, small: dict[str, Any]) -> Workspace:
    workspace: Workspace = make_workspace(journal)
    workspace.editor.autosave_ms = 10
    return workspace


def test_the_editor_saves_who_attended(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    note = small["first"]
    assert ws.open_note(small["couple"].id, note.id)
    field = ws.editor.attendance_field
    assert field.isVisible() and field.attendance() is None
    field.setCurrentIndex(field.findData("partner_a"))

    def saved() -> bool:
        stored = journal.get_note(note.id)
        return stored is not None and stored.attendance is Attendance.PARTNER_A

    qtbot.waitUntil(saved, timeout=WAIT_MS)
    stored = journal.get_note(note.id)
    assert stored is not None and session_title(stored).endswith("· Partner A alone")
