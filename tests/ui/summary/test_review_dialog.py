"""casenotes.ui.summary.review_dialog: the review's sections, laid out apart from what they
do, are wired and in reading order. What the review does to a summary is tested in the other
files of this folder."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from casenotes.ui.summary import ReviewDialog
from casenotes.ui.tasks import SyncTaskRunner

from .conftest import Vault
from .test_models import document_for


def _dialog(qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner) -> ReviewDialog:
    dialog = ReviewDialog(
        document_for(vault), journal=vault.journal, tasks=tasks, case_code="C-417"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_tab_goes_from_the_text_to_the_findings_to_export(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner
) -> None:
    dialog = _dialog(qtbot, vault, tasks)
    order: list[QWidget] = [
        dialog.view,
        dialog.edit_button,
        dialog.kind_combo,
        dialog.redact_button,
        dialog.table,
        dialog.restore_button,
        dialog.reapply_button,
        dialog.teach_combo,
        dialog.teach_button,
        dialog.reviewed,
        dialog.format_combo,
        dialog.export_button,
        dialog.close_button,
    ]
    reached = [w for w in order if w.isEnabled()]
    seen: list[QWidget] = []
    widget: QWidget = reached[0]
    for _ in range(400):  # the chain also holds viewports, scroll bars and the like
        if widget in reached and widget not in seen:
            seen.append(widget)
        widget = widget.nextInFocusChain()
    assert seen == reached


def test_the_sections_controls_are_wired(qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner) -> None:
    dialog = _dialog(qtbot, vault, tasks)
    titles = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("Case C-417" in text for text in titles)  # the header names the case
    assert not dialog.export_button.isEnabled()
    dialog.reviewed.setChecked(True)  # the confirmation lets Export go
    assert dialog.export_button.isEnabled()
    dialog.edit_button.click()  # the text pane's Edit swaps in the plain-text editor
    assert dialog.stack.currentWidget() is dialog.editor
    assert dialog.cancel_edit_button.isVisible()
    dialog.cancel_edit_button.click()
    assert dialog.stack.currentWidget() is dialog.view
    dialog.table.selectRow(0)  # the findings pane's buttons follow the selected finding
    assert dialog.restore_button.isEnabled() != dialog.reapply_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)  # Space restores or redacts again
    assert not dialog.reviewed.isChecked()  # and any change asks for a new look
