"""The summary's table models, without a window: Qt's own model tester."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from casenotes.core.domain import ExportLogEntry
from casenotes.ui.summary.export_log_dialog import ExportLogModel
from casenotes.ui.summary.findings_model import (
    COL_CERTAINTY,
    COL_KIND,
    COL_ORIGINAL,
    COL_STATE,
    HEADER_NAMES,
    HEADERS,
    FindingRole,
    FindingsModel,
    FindingsProxy,
)

from .conftest import PLACE, Vault


def document_for(vault: Vault) -> Any:
    from casenotes.core.export import (
        ReviewDocument,
        SummaryRequest,
    )

    every = tuple((note.id, key) for note in vault.notes for key in note.sections)
    draft = vault.journal.build_summary(SummaryRequest(vault.case_id, excerpts=every))
    return ReviewDocument(draft)


def test_findings_model_passes_the_model_tester(vault: Vault) -> None:
    document = document_for(vault)
    model = FindingsModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_document(document)
    assert model.rowCount() == len(document.findings) > 0
    place = next(i for i, f in enumerate(document.findings) if f.span.text == PLACE)
    assert model.index(place, COL_ORIGINAL).data() == PLACE
    assert model.index(place, COL_STATE).data() == "Redacted"
    assert model.index(place, COL_CERTAINTY).data() in ("Sure", "For a look")
    assert model.index(place, COL_KIND).data() == "Place"
    document.restore(place)
    model.refresh()
    assert model.index(place, COL_STATE).data() == "Restored"
    assert model.index(place, 0).data(FindingRole.ACTIVE) is False
    document.replace_text(document.text + " Back in Quillmouth soon.")
    model.refresh()
    assert model.rowCount() == len(document.findings)
    model.set_document(None)
    assert model.rowCount() == 0
    del tester


def test_unsure_findings_sort_first(vault: Vault) -> None:
    model = FindingsModel()
    model.set_document(document_for(vault))
    proxy = FindingsProxy()
    proxy.setSourceModel(model)
    QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    proxy.sort(COL_CERTAINTY, Qt.SortOrder.AscendingOrder)
    certain = [proxy.index(r, 0).data(FindingRole.CERTAIN) for r in range(proxy.rowCount())]
    assert certain == sorted(certain)  # False ("For a look") before True
    starts = [proxy.index(r, COL_CERTAINTY).data(FindingRole.SORT) for r in range(proxy.rowCount())]
    assert starts == sorted(starts)


def test_export_log_model_passes_the_model_tester() -> None:
    model = ExportLogModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    entries = [
        ExportLogEntry(
            None, datetime(2026, 1, d, tzinfo=UTC), "interchange", "json", "", f"{d:02d}" * 32
        )
        for d in (3, 9, 5)
    ]
    model.set_entries(entries, [])
    assert [model.index(r, 5).data() for r in range(3)] == ["09" * 6, "05" * 6, "03" * 6]
    assert model.index(0, 1).data() == "(all cases)"
    assert model.index(0, 3).data() == "JSON"


def test_the_short_findings_headings_say_what_they_mean_in_full() -> None:
    model = FindingsModel()
    horizontal = Qt.Orientation.Horizontal
    for column, short in HEADERS.items():
        assert model.headerData(column, horizontal) == short
        full = HEADER_NAMES[column]
        assert model.headerData(column, horizontal, Qt.ItemDataRole.ToolTipRole) == full
        assert model.headerData(column, horizontal, Qt.ItemDataRole.AccessibleTextRole) == full
    assert model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole) is None
