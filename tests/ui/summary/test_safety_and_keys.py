"""From the usability test: the safety section can be left out (and says it is there), every
control of the summary dialogs has its own Alt letter, Ctrl+R redacts as "[Redacted]", the
text comes before the findings in the Tab order, and an edit that undoes restorations says so.
Real widgets throughout; only modal questions are stubbed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from casenotes.ui.summary import ExportLogDialog, ReviewDialog, SummaryDialog
from casenotes.ui.summary.review_dialog import restored_dropped
from casenotes.ui.summary.summary_dialog import (
    CHOICES_NOTE,
    LEGAL_NOTE,
    REFLECTION_NOTE,
    SAFETY_NOTE,
)

from ..mnemonics import assert_unique_mnemonics
from .conftest import PLACE, Vault
from .test_summary_flow import find_row, open_dialog, review, select_words


def tab_chain(start: QWidget, steps: int) -> list[QWidget]:
    """The widgets Tab visits from ``start``, in order (one round)."""
    chain, widget = [start], start
    for _ in range(steps):
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
    return chain


def test_safety_and_legal_risk_are_separate_and_off_by_default(
    qtbot: QtBot, vault: Vault, tasks: object
) -> None:
    dialog = open_dialog(qtbot, vault, tasks)
    assert dialog.safety.isVisible() and not dialog.safety.isChecked()
    assert dialog.legal.isVisible() and not dialog.legal.isChecked()
    assert dialog.safety.text() == "Include &safety, as the client describes it"
    assert dialog.legal.text() == "Include &legal risk, as the client describes it"
    # One short line under them says why.
    assert dialog.safety_note.text() == CHOICES_NOTE and dialog.safety_note.isVisible()
    assert "only what this consultation needs" in CHOICES_NOTE
    assert SAFETY_NOTE in dialog.safety.accessibleDescription()
    assert LEGAL_NOTE in dialog.legal.accessibleDescription()
    assert dialog.reflection.text() == "Include your own &reflection on needs and function"
    assert "private by default" in REFLECTION_NOTE and "only if you tick" in REFLECTION_NOTE
    request = dialog.request()
    assert request.include_safety is False and request.include_legal is False
    dialog.safety.setFocus()
    qtbot.keyClick(dialog.safety, Qt.Key.Key_Space)
    assert dialog.safety.isChecked() and not dialog.legal.isChecked()
    request = dialog.request()
    assert request.include_safety is True and request.include_legal is False
    assert request.include_reflection is False


def answer(vault: Vault, prompt_id: str, text: str) -> None:
    note = vault.notes[-1]
    note.reflection = {**note.reflection, prompt_id: text}
    vault.journal.save_note(note)


def test_safety_and_legal_content_leave_only_when_ticked(
    qtbot: QtBot, vault: Vault, tasks: object
) -> None:
    answer(vault, "csw_safety", "Screens every new client by text first.")
    answer(vault, "legal_risk", "Worries the police could call at the flat.")
    summary = open_dialog(qtbot, vault, tasks)
    text = review(qtbot, summary).document.text
    assert "Safety, as the client describes it" not in text and "Screens every" not in text
    assert "Legal risk" not in text and "police" not in text
    summary.legal.setChecked(True)
    text = review(qtbot, summary).document.text
    assert "## Legal risk, as the client describes it" in text and "police" in text
    assert "Screens every" not in text
    summary.legal.setChecked(False)
    summary.safety.setChecked(True)
    text = review(qtbot, summary).document.text
    assert "Screens every" in text and "police" not in text


def test_every_summary_dialog_has_unique_mnemonics(
    qtbot: QtBot, vault: Vault, tasks: object
) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    letters = assert_unique_mnemonics(summary)
    assert {"s", "l", "r", "v"} <= set(letters)
    dialog = review(qtbot, summary)
    assert_unique_mnemonics(dialog)
    dialog.start_editing()  # "Done editing" and "Discard edits" on show
    assert_unique_mnemonics(dialog)
    dialog.discard_editing()
    log = ExportLogDialog(vault.journal)
    qtbot.addWidget(log)
    log.show()
    assert_unique_mnemonics(log)


def test_ctrl_r_redacts_as_other_detail(qtbot: QtBot, vault: Vault, tasks: object) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)
    assert dialog.kind_combo.currentData() == "other"
    select_words(dialog, "weekend visit")
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert "[Redacted] to family" in dialog.document.text
    assert "[Name]" not in dialog.document.text.split("weekend")[0][-20:]


def test_the_text_comes_before_the_findings(qtbot: QtBot, vault: Vault, tasks: object) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    dialog: ReviewDialog = review(qtbot, summary)
    chain = tab_chain(dialog.view, 500)
    assert chain.index(dialog.table) > 0
    assert chain.index(dialog.redact_button) < chain.index(dialog.table)
    assert (
        chain.index(dialog.table) < chain.index(dialog.reviewed) < chain.index(dialog.export_button)
    )
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Tab)
    assert not dialog.table.hasFocus()  # the text's own controls first


def test_an_edit_that_undoes_a_restoration_says_so(
    qtbot: QtBot, vault: Vault, tasks: object
) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)
    dialog.select_finding(find_row(dialog, PLACE))
    dialog.restore_button.click()
    assert PLACE in dialog.document.text
    dialog.edit_button.click()
    dialog.editor.setPlainText(dialog.editor.toPlainText().replace(PLACE, "the coast"))
    dialog.edit_button.click()  # Done editing
    assert dialog.message.isVisible()
    assert dialog.message.text() == restored_dropped(1)
    # An edit that keeps every restoration says nothing of the kind.
    dialog.edit_button.click()
    dialog.editor.setPlainText(dialog.editor.toPlainText() + "\nOne more line.")
    dialog.edit_button.click()
    assert not dialog.message.isVisible() or "restored" not in dialog.message.text()


def test_summary_dialog_screenshot(qtbot: QtBot, vault: Vault, tasks: object) -> None:
    import os
    from pathlib import Path

    folder = os.environ.get("CASENOTES_SHOTS")
    dialog: SummaryDialog = open_dialog(qtbot, vault, tasks)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(Path(folder) / "summary_dialog.png"))
