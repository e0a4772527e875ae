"""The summary dialogs when things happen meanwhile: closed while a build runs, notes changed
while choosing, a log failure while exporting over an existing file."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Note, NoteTemplate
from casenotes.ui.summary import ReviewDialog, SummaryDialog, open_summary
from casenotes.ui.summary.summary_dialog import SESSIONS_CHANGED
from casenotes.ui.tasks import SyncTaskRunner

from ..support import DeferredTaskRunner
from .conftest import SaveDialog, Vault, Warnings
from .test_summary_flow import confirm, open_dialog, review


def reviews_open() -> list[ReviewDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, ReviewDialog) and w.isVisible()
    ]


def test_a_build_that_finishes_after_closing_opens_no_review(qtbot: QtBot, vault: Vault) -> None:
    tasks = DeferredTaskRunner()
    dialog = open_summary(None, vault.journal, tasks, vault.case_id)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    tasks.run_all()
    assert len(dialog.notes) == 3
    opened: list[object] = []
    dialog.review_opened.connect(opened.append)
    qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
    assert tasks.queue  # the build is under way
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)  # e.g. the lock
    tasks.run_all()
    assert opened == [] and dialog.review is None
    assert reviews_open() == []
    assert dialog.notes == []  # and what it showed is let go


def test_a_load_that_finishes_after_closing_fills_nothing(qtbot: QtBot, vault: Vault) -> None:
    tasks = DeferredTaskRunner()
    dialog = SummaryDialog(vault.journal, tasks, vault.case_id)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.reject()
    tasks.run_all()
    assert dialog.notes == [] and dialog.first_combo.count() == 0


def test_changed_numbering_refreshes_the_lists_instead_of_building(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner
) -> None:
    dialog = open_dialog(qtbot, vault, tasks)
    assert dialog.first_combo.count() == 3
    dialog.set_range(2, 3)
    # Meanwhile, in the workspace: an earlier session is written up, so every number moves.
    earlier = vault.journal.save_note(
        Note(
            case_id=vault.case_id,
            session_date=date(2026, 1, 27),
            template=NoteTemplate.DAP,
            sections={"data": "A first meeting.", "assessment": "", "plan": ""},
        )
    )
    opened: list[object] = []
    dialog.review_opened.connect(opened.append)
    qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
    assert opened == [] and dialog.review is None
    assert dialog.message.isVisible() and dialog.message.text() == SESSIONS_CHANGED
    assert dialog.first_combo.count() == 4 and dialog.notes[0].id == earlier.id
    # The same notes stay chosen, under their new numbers.
    assert (dialog.first_session(), dialog.last_session()) == (3, 4)
    assert dialog.review_button.isEnabled()
    with qtbot.waitSignal(dialog.review_opened, timeout=10_000):
        qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
    assert dialog.review is not None and dialog.review.draft.sessions == "3-4"


def test_a_redated_note_counts_as_changed(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner
) -> None:
    dialog = open_dialog(qtbot, vault, tasks)
    from dataclasses import replace

    vault.journal.save_note(replace(vault.notes[2], session_date=date(2026, 2, 20)))
    qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
    assert dialog.review is None and dialog.message.text() == SESSIONS_CHANGED


def test_a_log_failure_leaves_the_existing_file_untouched(
    qtbot: QtBot,
    vault: Vault,
    tasks: SyncTaskRunner,
    save_dialog: SaveDialog,
    warnings: Warnings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = save_dialog.target
    assert target is not None
    target.write_bytes(b"the summary exported last month")
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)

    def refuse(entry: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(vault.journal, "log_export", refuse)
    confirm(qtbot, dialog)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("The summary was not saved.")
    assert target.read_bytes() == b"the summary exported last month"
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_an_export_is_written_0600_and_only_the_target_remains(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner, save_dialog: SaveDialog, warnings: Warnings
) -> None:
    target = save_dialog.target
    assert target is not None
    target.write_bytes(b"old")
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)
    confirm(qtbot, dialog)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.last_path == target
    assert target.read_bytes() != b"old"
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
    assert len(vault.journal.export_log()) == 1


def test_closing_the_review_drops_the_summary(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner
) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)
    assert dialog.document is not None
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.document is None and dialog.draft is None
    assert dialog.model.rowCount() == 0 and dialog.view.toPlainText() == ""


def test_copies_from_the_question_and_the_review_are_noted(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner
) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    guard = summary.guard
    qtbot.keyClicks(summary.question, "What about the garden?")
    summary.question.selectAll()
    summary.question.copy()
    assert guard.owns_clipboard()
    dialog = review(qtbot, summary)
    assert dialog.guard is guard
    dialog.start_editing()
    dialog.editor.selectAll()
    dialog.editor.copy()
    assert guard.owns_clipboard()
