"""Deleting a case for good before its retention date asks why; the reason goes into the
destruction log, and cancelling deletes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casenotes.core.journal import Journal
from casenotes.ui.workspace import Workspace, deletion_reason


def test_the_prompt_names_the_date_and_the_log() -> None:
    text = deletion_reason.reason_prompt("CPL-07", date(2031, 3, 15))
    assert "CPL-07 is kept until" in text and "2031" in text
    assert "destruction log" in text and "nothing of its content" in text


def _delete_from_trash(workspace: Workspace, qtbot: QtBot) -> None:
    workspace.trash_dialog()
    dialog = workspace.trash
    assert dialog is not None
    dialog.select_row(0)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)


def test_an_early_deletion_asks_why_and_logs_it(
    make_workspace: Any,
    journal: Journal,
    small: dict[str, Any],
    qtbot: QtBot,
    questions: list[str],
    deletion_reasons: list[str],
) -> None:
    workspace: Workspace = make_workspace(journal)
    couple = small["couple"]
    workspace.trash_case(couple.id)
    _delete_from_trash(workspace, qtbot)
    assert len(deletion_reasons) == 1 and "CPL-07 is kept until" in deletion_reasons[0]
    assert journal.get_case(couple.id) is None
    [entry] = journal.destruction_log()
    assert (entry.kind, entry.record_id, entry.reason) == (
        "case",
        couple.id,
        "Entered twice by mistake",
    )


def test_no_reason_deletes_nothing(
    make_workspace: Any,
    journal: Journal,
    small: dict[str, Any],
    qtbot: QtBot,
    questions: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(deletion_reason, "ask_deletion_reason", lambda *args: None)
    workspace: Workspace = make_workspace(journal)
    couple = small["couple"]
    workspace.trash_case(couple.id)
    asked_before = len(questions)
    _delete_from_trash(workspace, qtbot)
    assert len(questions) == asked_before  # not even asked to confirm
    assert journal.get_case(couple.id) is not None
    assert journal.destruction_log() == []
