"""Asking why a record is deleted before its retention date. The answer goes into the
encrypted destruction log with what was deleted and when (never its content)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from casenotes.ui.shared.common import format_date

TITLE = "A reason is needed"


def reason_prompt(what: str, until: date) -> str:
    return (
        f"{what} is kept until {format_date(until, weekday=False)}, the retention period "
        "set in Settings. Why delete it now? Your reason is kept in the encrypted "
        "destruction log, with what was deleted and when; nothing of its content is."
    )


def ask_deletion_reason(parent: QWidget | None, what: str, until: date) -> str | None:
    """The practitioner's reason, or None if they cancelled or gave none."""
    text, ok = QInputDialog.getText(
        parent, TITLE, reason_prompt(what, until), QLineEdit.EchoMode.Normal, ""
    )
    reason = " ".join(text.split())
    return reason if ok and reason else None


__all__ = ["TITLE", "ask_deletion_reason", "reason_prompt"]
