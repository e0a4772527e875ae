"""View → Due for review: the model lists cases past their retention date (window-free),
and the dialog shows them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Case, ClientType, Note
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.due_for_review_dialog import EMPTY, DueForReviewDialog
from casenotes.ui.due_for_review_model import (
    CASE_ROLE,
    COL_CASE,
    COL_STATUS,
    COL_UNTIL,
    DueForReviewModel,
)

PASSPHRASE = "Due for review: harbour quartz lantern 7710"


def test_the_model_shows_code_date_and_where_the_case_is(qapp: object) -> None:
    live = Case(code="OLD-1", display_name="Old", client_types=[ClientType.COUPLE])
    trashed = Case(code="OLD-2", display_name="Older", deleted_at=datetime(2024, 1, 1, tzinfo=UTC))
    model = DueForReviewModel([(live, date(2017, 3, 1)), (trashed, date(2018, 1, 2))])
    assert model.rowCount() == 2 and model.columnCount() == 3
    assert model.index(0, COL_CASE).data() == "OLD-1 · Couple"
    assert "Old" not in model.index(0, COL_CASE).data().replace("OLD", "")  # no name
    assert model.index(0, COL_UNTIL).data() == "1 Mar 2017"
    assert model.index(0, COL_STATUS).data() == "Active"
    assert model.index(1, COL_STATUS).data() == "In the trash"
    assert model.index(1, 0).data(CASE_ROLE) is trashed


def test_the_dialog_lists_cases_past_their_date(qtbot: QtBot, tmp_path: Path) -> None:
    journal = Journal.create(tmp_path / "v" / "v.vault", PASSPHRASE, KdfPolicy.testing()).journal
    try:
        dialog = DueForReviewDialog(journal)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.empty.isVisible() and dialog.empty.text() == EMPTY
        # The heading is shown as a heading, not as its markup.
        assert dialog.title.textFormat() != Qt.TextFormat.PlainText
        assert "Due for review" in dialog.title.text()
        old = journal.save_case(Case(code="OLD-1", display_name="Old"))
        journal.save_note(Note(case_id=old.id, session_date=date(2010, 3, 1)))
        journal.save_case(Case(code="NEW-1", display_name="New", intake_date=date.today()))
        again = DueForReviewDialog(journal)
        qtbot.addWidget(again)
        again.show()
        assert again.table.isVisible() and again.model.rowCount() == 1
        assert again.model.index(0, COL_UNTIL).data() == "1 Mar 2017"
    finally:
        journal.lock()
