"""The consultation summary in the window: pick (``SummaryDialog``), review every redaction
(``ReviewDialog``), export; and the export log viewer (``ExportLogDialog``).

The main window wires "File → Consultation summary…" to ``open_summary`` and
"File → Export log…" to ``open_export_log``; both open a non-modal dialog and return it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from casenotes.ui.shared.common import ClipboardGuard
from casenotes.ui.summary.export_log_dialog import ExportLogDialog, ExportLogModel
from casenotes.ui.summary.findings_model import FindingsModel
from casenotes.ui.summary.review_dialog import ReviewDialog
from casenotes.ui.summary.summary_dialog import SummaryDialog

__all__ = [
    "ExportLogDialog",
    "ExportLogModel",
    "FindingsModel",
    "ReviewDialog",
    "SummaryDialog",
    "open_export_log",
    "open_summary",
]


def open_summary(
    parent: QWidget,
    journal: Any,
    tasks: Any,
    case_id: str,
    *,
    guard: ClipboardGuard | None = None,
    privacy: bool = False,
) -> SummaryDialog:
    """Open the consultation-summary dialog for ``case_id`` (non-modal) and return it.
    Copies out of its text fields (and its review's) are noted by ``guard``; ``privacy``
    starts it in privacy mode."""
    dialog = SummaryDialog(journal, tasks, case_id, parent, guard=guard, privacy=privacy)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_export_log(parent: QWidget, journal: Any, *, privacy: bool = False) -> ExportLogDialog:
    """Open the export log (non-modal) and return it."""
    dialog = ExportLogDialog(journal, parent, privacy=privacy)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
