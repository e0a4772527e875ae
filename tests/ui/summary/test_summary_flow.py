"""The whole consultation-summary flow with real widgets: pick, review, export, log."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from casenotes.ui.shared.common import model_data
from casenotes.ui.summary import (
    ExportLogDialog,
    ReviewDialog,
    SummaryDialog,
    open_export_log,
    open_summary,
)
from casenotes.ui.summary.findings_model import COL_ORIGINAL, COL_STATE, FindingRole
from casenotes.ui.summary.summary_dialog import QUESTION_PLACEHOLDER
from casenotes.ui.tasks import SyncTaskRunner, TaskRunner

from .conftest import CODE, FULL_NAME, IDENTIFIERS, PLACE, SaveDialog, Vault, Warnings

QUESTION = "How can I stay curious about what the new rules mean to her?"
BANNED = (
    "prostitute",
    "john",
    "hooker",
    "whore",
    "sex addict",
    "addiction",
    "victim",
    "deviant",
    "relapse",
    "acting out",
)


def open_dialog(qtbot: QtBot, vault: Vault, tasks: object) -> SummaryDialog:
    dialog = open_summary(None, vault.journal, tasks, vault.case_id)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    return dialog


def tick_every_excerpt(dialog: SummaryDialog) -> None:
    """Tick each session in the checklist: its excerpts follow (the default is the
    assessments of the last three sessions only)."""
    for i in range(dialog.excerpts.topLevelItemCount()):
        dialog.excerpts.topLevelItem(i).setCheckState(0, Qt.CheckState.Checked)
    assert len(dialog.chosen_excerpts()) == len(dialog.excerpt_items())


def review(qtbot: QtBot, dialog: SummaryDialog, question: str = QUESTION) -> ReviewDialog:
    tick_every_excerpt(dialog)
    qtbot.keyClicks(dialog.question, question)
    with qtbot.waitSignal(dialog.review_opened, timeout=10_000):
        qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
    assert dialog.review is not None
    with qtbot.waitActive(dialog.review):
        dialog.review.activateWindow()
    return dialog.review


def find_row(dialog: ReviewDialog, original: str) -> int:
    """The finding index whose original text is ``original`` (first in reading order)."""
    matches = [i for i, f in enumerate(dialog.document.findings) if f.span.text == original]
    assert matches, f"no finding for {original!r}"
    return min(matches, key=lambda i: dialog.document.findings[i].span.start)


def select_words(dialog: ReviewDialog, words: str) -> None:
    found = dialog.view.document().find(words)
    assert not found.isNull(), f"{words!r} is not in the view"
    cursor = QTextCursor(dialog.view.document())
    cursor.setPosition(found.selectionStart())
    cursor.setPosition(found.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    dialog.view.setTextCursor(cursor)


def confirm(qtbot: QtBot, dialog: ReviewDialog) -> None:
    """Tick "I have reviewed…" from the keyboard, as a practitioner might."""
    assert not dialog.reviewed.isChecked()
    dialog.reviewed.setFocus()
    qtbot.keyClick(dialog.reviewed, Qt.Key.Key_Space)
    assert dialog.reviewed.isChecked()


def visible_words(root: QWidget) -> str:
    parts = [root.windowTitle()]
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLabel | QAbstractButton):
            parts.append(widget.text())
        parts += [widget.accessibleName(), widget.toolTip(), widget.accessibleDescription()]
    return "\n".join(parts).casefold()


def test_the_dialog_offers_sessions_a_question_and_default_excerpts(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner
) -> None:
    dialog = open_dialog(qtbot, vault, tasks)
    assert CODE in dialog.title.text()
    labels = [dialog.first_combo.itemText(i) for i in range(dialog.first_combo.count())]
    assert len(labels) == 3
    assert labels[0].startswith("Session 1 · ") and "2026" in labels[0]
    assert dialog.first_session() == 1 and dialog.last_session() == 3
    assert dialog.question.placeholderText() == QUESTION_PLACEHOLDER
    assert not dialog.reflection.isChecked()
    items = dialog.excerpt_items()
    assert len(items) == 9  # three sessions x three non-empty sections
    from casenotes.core.export import default_excerpts, numbered_sessions

    expected = set(default_excerpts(numbered_sessions(vault.notes)))
    assert set(dialog.chosen_excerpts()) == expected

    dialog.first_combo.setCurrentIndex(2)  # "From" after "To" pulls "To" along
    assert dialog.first_session() == dialog.last_session() == 3
    assert len(dialog.excerpt_items()) == 3
    assert set(dialog.chosen_excerpts()) == set(default_excerpts(vault.notes[2:]))
    # A tick of the practitioner's own stays when the range changes.
    dialog.excerpt_items()[0].setCheckState(0, Qt.CheckState.Checked)
    ticked = dialog.excerpt_items()[0].data(0, Qt.ItemDataRole.UserRole + 1)
    dialog.last_combo.setCurrentIndex(2)
    dialog.first_combo.setCurrentIndex(1)
    assert ticked in dialog.chosen_excerpts()
    dialog.first_combo.setCurrentIndex(0)
    assert len(dialog.excerpt_items()) == 9


def test_unticked_excerpts_stay_out_of_the_request(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner
) -> None:
    dialog = open_dialog(qtbot, vault, tasks)
    first = dialog.excerpt_items()[0]
    first.setCheckState(0, Qt.CheckState.Unchecked)
    request = dialog.request()
    assert request.excerpts is not None
    assert first.data(0, Qt.ItemDataRole.UserRole + 1) not in request.excerpts
    assert request.include_reflection is False
    assert (request.first_session, request.last_session) == (1, 3)


def test_review_restore_redact_confirm_and_export_markdown(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner, save_dialog: SaveDialog, warnings: Warnings
) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)
    assert QUESTION in dialog.document.text
    assert PLACE not in dialog.document.text
    assert not dialog.export_button.isEnabled()

    # Restore the place: it now appears in the text that will be sent.
    finding = find_row(dialog, PLACE)
    dialog.select_finding(finding)
    assert (
        dialog.view.textCursor().selectedText()
        == dialog.document.findings[finding].span.replacement
    )
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert not dialog.document.findings[finding].active
    assert PLACE in dialog.document.text
    assert f"{PLACE}" in dialog.view.toPlainText()

    # Redact words the scan left: they disappear.
    select_words(dialog, "regulars")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("other"))
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert "regulars" not in dialog.document.text
    assert "regulars" not in dialog.view.toPlainText()

    assert not dialog.export_button.isEnabled()
    confirm(qtbot, dialog)
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    # The save dialog proposed a neutral name; the warnings were about identifiers and
    # about leaving the vault.
    _caption, directory, _ = save_dialog.asked[0]
    assert Path(directory).name == "consultation-summary.md"
    assert CODE not in directory and "Mirela" not in directory
    titles = [title for title, _ in warnings.asked]
    assert titles == ["Known identifiers still appear", "This file leaves the vault’s protection"]
    assert PLACE in warnings.asked[0][1]
    assert "unencrypted" in warnings.asked[1][1]

    target = save_dialog.target
    assert target is not None and target.exists()
    written = target.read_text(encoding="utf-8")
    assert QUESTION in written
    assert PLACE in written  # restored on purpose
    for identifier in IDENTIFIERS:
        if identifier != PLACE:
            assert identifier.casefold() not in written.casefold(), identifier
    assert "regulars" not in written

    log = vault.journal.export_log()
    assert len(log) == 1
    entry = log[0]
    assert entry.case_id == vault.case_id
    assert entry.kind == "summary" and entry.format == "md"
    assert entry.content_sha256 == hashlib.sha256(target.read_bytes()).hexdigest()
    assert str(target) in dialog.message.text()

    # The export log lists it.
    log_dialog = open_export_log(dialog, vault.journal)
    qtbot.addWidget(log_dialog)
    model = log_dialog.model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[1] == CODE
    assert row[2] == "Consultation summary"
    assert row[3] == "Markdown"
    assert row[5] == entry.content_sha256[:12]
    assert model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole).endswith(entry.content_sha256)


def test_export_waits_for_the_tick_and_any_change_clears_it(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner
) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)
    assert not dialog.export_button.isEnabled()
    confirm(qtbot, dialog)
    assert dialog.export_button.isEnabled()

    # Space on the table restores the selected finding: the tick clears itself.
    finding = find_row(dialog, PLACE)
    dialog.select_finding(finding)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert not dialog.document.findings[finding].active
    assert not dialog.reviewed.isChecked()
    assert not dialog.export_button.isEnabled()
    row = dialog.table.currentIndex().row()
    assert model_data(dialog.proxy.index(row, COL_STATE), 0) == "Restored"

    confirm(qtbot, dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)  # and again: redacted again
    assert dialog.document.findings[finding].active
    assert PLACE not in dialog.document.text
    assert not dialog.export_button.isEnabled()

    # Editing text clears it too, and the edited text is scanned again.
    confirm(qtbot, dialog)
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert dialog.edit_button.text() == "&Done editing"
    assert not dialog.export_button.isEnabled()
    assert not dialog.reviewed.isEnabled()
    dialog.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(dialog.editor, f" She may visit {PLACE} again.")
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentWidget() is dialog.view
    assert PLACE not in dialog.document.text
    assert "She may visit" in dialog.document.text
    assert not dialog.reviewed.isChecked()


def test_redacting_across_a_redaction_is_refused_calmly(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner
) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)
    before = dialog.document.text
    dialog.view.selectAll()
    dialog.redact_selection()
    assert dialog.document.text == before
    assert dialog.message.isVisible()
    dialog.view.moveCursor(QTextCursor.MoveOperation.Start)
    dialog.redact_selection()
    assert "Select the words" in dialog.message.text()


def test_pdf_export_on_the_worker(
    qtbot: QtBot, vault: Vault, save_dialog: SaveDialog, warnings: Warnings
) -> None:
    tasks = TaskRunner()
    summary = open_dialog(qtbot, vault, tasks)
    qtbot.waitUntil(lambda: summary.first_combo.count() == 3, timeout=10_000)
    dialog = review(qtbot, summary)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("pdf"))
    assert save_dialog.target is not None
    save_dialog.target = save_dialog.target.with_suffix(".pdf")
    confirm(qtbot, dialog)
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert Path(save_dialog.asked[0][1]).name == "consultation-summary.pdf"
    data = save_dialog.target.read_bytes()
    assert data.startswith(b"%PDF")
    [entry] = vault.journal.export_log()
    assert entry.format == "pdf"
    assert entry.content_sha256 == hashlib.sha256(data).hexdigest()
    assert tasks.wait_idle()


def test_cancelling_the_warning_writes_and_logs_nothing(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner, save_dialog: SaveDialog, warnings: Warnings
) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)
    warnings.cancel = True
    confirm(qtbot, dialog)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert warnings.asked[-1][0] == "This file leaves the vault’s protection"
    assert save_dialog.target is not None and not save_dialog.target.exists()
    assert vault.journal.export_log() == []


def test_a_write_error_is_a_sentence_and_nothing_is_logged(
    qtbot: QtBot,
    vault: Vault,
    tasks: SyncTaskRunner,
    save_dialog: SaveDialog,
    warnings: Warnings,
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    save_dialog.target = blocker / "consultation-summary.md"
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)
    confirm(qtbot, dialog)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("The summary was not saved.")
    assert "Traceback" not in dialog.message.text()
    assert vault.journal.export_log() == []
    assert dialog.export_button.isEnabled()  # ready to try elsewhere


def test_the_export_log_shows_deleted_cases_and_newest_first(qtbot: QtBot, vault: Vault) -> None:
    from datetime import UTC, datetime

    from casenotes.core.domain import ExportLogEntry

    vault.journal.log_export(
        ExportLogEntry(
            "gone-case-id", datetime(2026, 1, 5, tzinfo=UTC), "summary", "txt", "1-2", "ab" * 32
        )
    )
    vault.journal.log_export(
        ExportLogEntry(
            vault.case_id, datetime(2026, 2, 5, tzinfo=UTC), "interchange", "json", "", "cd" * 32
        )
    )
    dialog = ExportLogDialog(vault.journal)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == 2
    assert model.index(0, 1).data() == CODE
    assert model.index(0, 2).data() == "Whole records (interchange)"
    assert model.index(1, 1).data() == "(deleted case)"
    assert model.index(1, 4).data() == "1–2"
    assert model.index(1, 5).data() == "ab" * 6
    assert not dialog.empty.isVisible()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_no_words_that_pathologise(qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)
    log_dialog = ExportLogDialog(vault.journal)
    qtbot.addWidget(log_dialog)
    words = "\n".join(visible_words(w) for w in (summary, dialog, log_dialog))
    words += dialog.legend.text().casefold()
    for banned in BANNED:
        assert f" {banned}" not in f" {words}", banned
    assert FULL_NAME.casefold() not in visible_words(dialog)


def test_selecting_a_finding_selects_it_in_the_text_and_back(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner
) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)
    finding = find_row(dialog, PLACE)
    dialog.select_finding(finding)
    current = dialog.table.currentIndex()
    assert model_data(current, FindingRole.INDEX) == finding
    assert model_data(dialog.proxy.index(current.row(), COL_ORIGINAL), 0) == PLACE
    # A click into another redaction in the text selects its row.
    other = next(i for i in dialog._ranges.findings if i != finding)
    start, _end = dialog._ranges.findings[other]
    cursor = QTextCursor(dialog.view.document())
    cursor.setPosition(start + 1)
    dialog.view.setTextCursor(cursor)
    assert model_data(dialog.table.currentIndex(), FindingRole.INDEX) == other
    assert QApplication.instance() is not None


def test_a_summary_that_cannot_be_built_is_explained(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner
) -> None:
    dialog = open_dialog(qtbot, vault, tasks)
    vault.journal.trash_case(vault.case_id)  # e.g. from another window, meanwhile
    qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
    assert dialog.review is None
    assert dialog.message.text().startswith("The summary could not be prepared:")
    assert dialog.review_button.isEnabled()


def test_the_review_shows_text_as_typed_and_redacts_across_escapes(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner
) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary, question="Is a *boundary* [rule] fair here?")
    shown = dialog.view.toPlainText()
    assert "Is a *boundary* [rule] fair here?" in shown  # no Markdown backslashes on screen
    assert "\\*" in dialog.document.text  # while the file itself stays literal Markdown
    select_words(dialog, "*boundary* [rule]")
    dialog.redact_selection()
    assert "boundary" not in dialog.document.text and "[rule]" not in dialog.document.text
    # the whole escapes went with the words: nothing half-escaped is left behind
    assert "Is a [Redacted] fair here?" in dialog.view.toPlainText()
    assert "Is a [Redacted] fair here?" in dialog.document.text
