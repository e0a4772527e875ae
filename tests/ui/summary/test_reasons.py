"""Why a finding is "for a look" (``Span.reason``) shows in the findings list, its tooltip and
accessible text, and in the review's explanation. Spans are made here; fictional data only."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casenotes.core.deid import Span
from casenotes.core.export.review import Finding
from casenotes.ui.summary import ReviewDialog
from casenotes.ui.summary.findings_model import (
    COL_CERTAINTY,
    COL_REASON,
    FOR_A_LOOK,
    HEADERS,
    FindingsModel,
)

from .conftest import Vault
from .test_models import document_for


@dataclass
class FakeDocument:
    findings: list[Finding] = field(default_factory=list)


def test_the_reason_is_a_column_a_tooltip_and_accessible_text() -> None:
    document = FakeDocument(
        [
            Finding(Span(0, 6, "age", "aged 47", "[Age]", False, "pattern", "exact age")),
            Finding(Span(10, 14, "name", "Odalys", "[Person 1]")),
        ]
    )
    model = FindingsModel()
    model.set_document(document)
    assert HEADERS[COL_REASON] == "Why"
    unsure, sure = model.index(0, COL_REASON), model.index(1, COL_REASON)
    assert unsure.data() == "exact age" and sure.data() == ""
    assert "exact age" in unsure.data(Qt.ItemDataRole.ToolTipRole)
    certainty = model.index(0, COL_CERTAINTY)
    assert certainty.data() == FOR_A_LOOK
    assert "exact age" in certainty.data(Qt.ItemDataRole.ToolTipRole)
    assert certainty.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "How sure the scan was: For a look, exact age"
    )
    assert model.index(1, COL_CERTAINTY).data(Qt.ItemDataRole.ToolTipRole) is None


def test_the_review_explains_an_unsure_finding_with_its_reason(
    qtbot: QtBot, vault: Vault, tasks: object
) -> None:
    document = document_for(vault)
    first = document.findings[0]
    first.span = replace(first.span, certain=False, reason="legal proceeding")
    dialog = ReviewDialog(document, journal=vault.journal, tasks=tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select_finding(0)
    assert dialog.explanation.isVisible()
    assert "legal proceeding" in dialog.explanation.text()
    assert "legal proceeding" in dialog.explanation.accessibleDescription()
    # The "for a look" tag in the text carries the reason too.
    where = dialog._ranges.findings[0]
    cursor = dialog.view.textCursor()
    cursor.setPosition(where[1] + 2)
    assert "legal proceeding" in cursor.charFormat().toolTip()
    # A sure finding needs no explanation.
    sure = next(i for i, f in enumerate(document.findings) if f.span.certain)
    dialog.select_finding(sure)
    assert not dialog.explanation.isVisible()
