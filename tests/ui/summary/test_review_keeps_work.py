"""The review never loses work, and the summary records consent: real dialogs on a real vault
(cheap test KDF); only the save-file dialog and message boxes are stubbed.

All people and places are fictional."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casenotes.ui.summary.export_log_dialog import COL_CONSENT, ExportLogModel
from casenotes.ui.summary.review_dialog import new_findings

from .conftest import ALIAS, PLACE, SaveDialog, Vault, Warnings
from .test_summary_flow import confirm, find_row, open_dialog, review, select_words


def test_edit_then_rescan_keeps_every_finding_and_decision(
    qtbot: QtBot, vault: Vault, tasks: object
) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)
    document = dialog.document
    count = len(document.findings)
    assert count > 5
    place = find_row(dialog, PLACE)
    dialog.select_finding(place)
    dialog.restore_button.click()
    select_words(dialog, "new booking rules")
    dialog.redact_selection()
    manual = len(document.findings) - 1
    before = [(f.span.text, f.span.replacement, f.active) for f in document.findings]
    assert dialog.model.rowCount() == count + 1

    dialog.edit_button.click()
    edited = dialog.editor.toPlainText().replace(
        "# Consultation summary", "# Consultation summary\n\nA note typed at the top."
    )
    dialog.editor.setPlainText(edited + "\nLater she met Odalys Brennock in Quillmouth.\n")
    dialog.edit_button.click()  # Done editing: scanned again

    after = [(f.span.text, f.span.replacement, f.active) for f in dialog.document.findings]
    assert after[: len(before)] == before  # nothing lost, every decision kept
    assert len(after) > len(before)  # the new name and place are found
    assert dialog.model.rowCount() == len(after)
    assert not dialog.document.findings[place].active
    assert dialog.document.findings[manual].active
    assert dialog.document.findings[manual].span.source == "manual"
    text = dialog.document.text
    assert "A note typed at the top." in text and "Odalys" not in text
    assert text.count(PLACE) == 1  # the restored one only; the typed one is redacted
    assert dialog.message.text() == new_findings(len(after) - len(before))
    # The highlighted view and the table agree.
    assert dialog.view.toPlainText().count(PLACE) == 1


def test_an_edit_inside_a_label_is_found_again_or_dropped(
    qtbot: QtBot, vault: Vault, tasks: object
) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)
    count = len(dialog.document.findings)
    dialog.edit_button.click()
    text = dialog.editor.toPlainText()
    # Delete one label outright: that finding goes, and only that one.
    label = dialog.document.findings[find_row(dialog, ALIAS)].span.replacement
    at = text.index(label)
    dialog.editor.setPlainText(text[:at] + "her work name" + text[at + len(label) :])
    dialog.edit_button.click()
    assert len(dialog.document.findings) == count - 1
    assert ALIAS not in dialog.document.text


def test_consent_defaults_to_not_asked_and_is_logged(
    qtbot: QtBot, vault: Vault, tasks: object, save_dialog: SaveDialog, warnings: Warnings
) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    assert summary.consent() == "not_asked"
    assert summary.consent_buttons["not_asked"].isChecked()
    assert summary.request().consent == "not_asked"
    summary.consent_buttons["yes"].click()
    assert summary.request().consent == "yes"
    summary.consent_buttons["no"].click()
    dialog = review(qtbot, summary)
    confirm(qtbot, dialog)
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    [entry] = vault.journal.export_log()
    assert entry.consent == "no"
    model = ExportLogModel()
    model.set_entries([entry], vault.journal.list_cases())
    assert model.index(0, COL_CONSENT).data() == "No"


# ---- teaching the case -------------------------------------------------------------------

VENUE = "blue door"
TEACH_QUESTION = (
    f"She calls her favourite bar the {VENUE}. What does the {VENUE} give her "
    "that the work does not?"
)


def test_a_hand_redaction_teaches_the_case(qtbot: QtBot, vault: Vault, tasks: object) -> None:
    from casenotes.core.export import (
        ReviewDocument,
        SummaryRequest,
    )
    from casenotes.ui.summary.review_dialog import taught

    summary = open_dialog(qtbot, vault, tasks)
    changed: list[str] = []
    summary.case_changed.connect(changed.append)
    dialog = review(qtbot, summary, question=TEACH_QUESTION)
    assert dialog.document.text.count(VENUE) == 2  # ordinary words: the scan leaves them
    select_words(dialog, VENUE)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("place"))
    dialog.redact_selection()
    manual = len(dialog.document.findings) - 1
    dialog.select_finding(manual)
    # Offered for a redaction made by hand, as the kind it was redacted as.
    assert dialog.teach_button.isEnabled()
    assert dialog.teach_combo.currentData() == "places"
    count = len(dialog.document.findings)
    dialog.teach_button.click()

    # Saved to the case through the journal …
    case = vault.journal.get_case(vault.case_id)
    assert case is not None and VENUE in case.identifiers.places
    assert changed == [vault.case_id]
    # … and caught in the rest of this summary, with the label chosen.
    assert VENUE not in dialog.document.text
    assert len(dialog.document.findings) == count + 1
    assert dialog.message.text() == taught(VENUE, "places", 1)
    assert not dialog.teach_button.isEnabled()  # known now
    # A later edit is scanned for it too.
    dialog.edit_button.click()
    dialog.editor.setPlainText(dialog.editor.toPlainText() + f"\nBack at the {VENUE} again.\n")
    dialog.edit_button.click()
    assert VENUE not in dialog.document.text
    # Later summaries read it with the case.
    later = vault.journal.build_summary(SummaryRequest(vault.case_id, question=TEACH_QUESTION))
    assert VENUE not in later.text
    assert VENUE not in ReviewDocument(later).text


def test_only_a_hand_redaction_can_be_taught(qtbot: QtBot, vault: Vault, tasks: object) -> None:
    summary = open_dialog(qtbot, vault, tasks)
    dialog = review(qtbot, summary)
    dialog.select_finding(find_row(dialog, PLACE))
    assert not dialog.teach_button.isEnabled()  # found by the scan: the case knows it
    before = vault.journal.get_case(vault.case_id)
    dialog.teach_selected()
    assert vault.journal.get_case(vault.case_id) == before
