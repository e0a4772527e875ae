"""The accounting of disclosures: the summary flow asks to whom (by role) and why, the
export log records both with the file, and the log viewer shows them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casenotes.ui.summary import open_export_log
from casenotes.ui.summary.disclosure_fields import NOT_GIVEN, DisclosureFields
from casenotes.ui.summary.export_log_dialog import COL_PURPOSE, COL_RECIPIENT, HEADERS
from casenotes.ui.tasks import SyncTaskRunner

from .conftest import SaveDialog, Vault, Warnings
from .test_summary_flow import confirm, open_dialog, review


def test_recipient_and_purpose_go_into_the_log(
    qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner, save_dialog: SaveDialog, warnings: Warnings
) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    assert summary.disclosure.recipient.placeholderText().startswith("Optional, a role")
    qtbot.keyClicks(summary.disclosure.recipient, "  Peer consultation   group ")
    qtbot.keyClicks(summary.disclosure.purpose_edit, "Consultation about pacing")
    dialog = review(qtbot, summary)
    confirm(qtbot, dialog)
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    [entry] = vault.journal.export_log()
    assert (entry.recipient_role, entry.purpose) == (
        "Peer consultation group",
        "Consultation about pacing",
    )
    log_dialog = open_export_log(dialog, vault.journal)
    qtbot.addWidget(log_dialog)
    model = log_dialog.model
    assert (HEADERS[COL_RECIPIENT], HEADERS[COL_PURPOSE]) == ("Sent to", "Purpose")
    assert model.index(0, COL_RECIPIENT).data() == "Peer consultation group"
    assert model.index(0, COL_PURPOSE).data() == "Consultation about pacing"


def test_left_empty_they_stay_empty(qtbot: QtBot, vault: Vault, tasks: SyncTaskRunner) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    request = summary.request()
    assert (request.recipient_role, request.purpose) == ("", "")


def test_masked_they_show_the_masks_copy_and_keep_what_was_typed(qtbot: QtBot) -> None:
    fields = DisclosureFields()
    qtbot.addWidget(fields)
    fields.show()
    qtbot.keyClicks(fields.recipient, "Rowan's GP")
    fields.set_mask(lambda text: text.replace("Rowan", "[Client]"))
    assert not fields.recipient.isVisible() and fields.recipient_masked.isVisible()
    assert fields.recipient_shown() == "[Client]'s GP"
    assert fields.purpose_masked.text() == NOT_GIVEN
    assert fields.recipient_role() == "Rowan's GP"
    fields.set_mask(None)
    assert fields.recipient.isVisible() and not fields.recipient_masked.isVisible()
    assert fields.recipient_shown() == ""
