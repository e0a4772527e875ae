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
from casenotes.ui.summary.summary_dialog import REFLECTION_NOTE, SAFETY_NOTE

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


def test_safety_can_be_left_out_and_says_so(qtbot: QtBot, vault: Vault, tasks: object) -> None:
    dialog = open_dialog(qtbot, vault, tasks)
    assert dialog.safety.isVisible() and dialog.safety.isChecked()
    assert dialog.safety.text() == "Include &safety, as the client describes it"
    assert dialog.safety_note.text() == SAFETY_NOTE and dialog.safety_note.isVisible()
    assert dialog.reflection.text() == "Include your own &reflection on needs and function"
    assert "private by default" in REFLECTION_NOTE and "only if you tick" in REFLECTION_NOTE
    assert dialog.request().include_safety is True
    dialog.safety.setFocus()
    qtbot.keyClick(dialog.safety, Qt.Key.Key_Space)
    assert not dialog.safety.isChecked()
    request = dialog.request()
    assert request.include_safety is False and request.include_reflection is False


def test_the_safety_section_leaves_only_when_ticked(qtbot: QtBot, vault: Vault,
                                                    tasks: object) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    summary.safety.setChecked(False)
    dialog = review(qtbot, summary)
    assert "Safety, as the client describes it" not in dialog.document.text


def test_every_summary_dialog_has_unique_mnemonics(qtbot: QtBot, vault: Vault,
                                                   tasks: object) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    letters = assert_unique_mnemonics(summary)
    assert {"s", "r", "v"} <= set(letters)
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
    assert chain.index(dialog.table) < chain.index(dialog.reviewed) < chain.index(
        dialog.export_button)
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Tab)
    assert not dialog.table.hasFocus()  # the text's own controls first


def test_an_edit_that_undoes_a_restoration_says_so(qtbot: QtBot, vault: Vault,
                                                   tasks: object) -> None:
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
