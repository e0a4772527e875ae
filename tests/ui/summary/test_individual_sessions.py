"""The summary dialog asks before a summary includes an individual session with one
partner of a couple; declining builds nothing."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Attendance, ClientType
from casenotes.ui.summary import open_summary
from casenotes.ui.tasks import SyncTaskRunner

from .conftest import Vault


def _ask(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(parent: object, title: str, text: str, *args: object) -> Any:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


@pytest.fixture
def couple_vault(vault: Vault) -> Vault:
    case = vault.journal.get_case(vault.case_id)
    assert case is not None
    vault.journal.save_case(replace(case, client_types=[ClientType.COUPLE]))
    note = vault.journal.get_note(vault.notes[1].id)
    assert note is not None
    vault.journal.save_note(replace(note, attendance=Attendance.PARTNER_A))
    return vault


@pytest.mark.parametrize(
    ("answer", "built"),
    [(QMessageBox.StandardButton.Yes, True), (QMessageBox.StandardButton.No, False)],
)
def test_the_dialog_asks_before_including_an_individual_session(
    qtbot: QtBot,
    couple_vault: Vault,
    tasks: SyncTaskRunner,
    monkeypatch: pytest.MonkeyPatch,
    answer: QMessageBox.StandardButton,
    built: bool,
) -> None:
    asked = _ask(monkeypatch, answer)
    dialog = open_summary(None, couple_vault.journal, tasks, couple_vault.case_id)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.question, "How do I hold both accounts?")
    qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "2 (partner a alone)" in asked[0]
    assert (dialog.review is not None) is built
    if built:
        assert dialog.review is not None
        assert "Individual sessions with one partner: session 2" in dialog.review.document.text
