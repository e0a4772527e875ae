"""Showing a search match in a case's own text, as ``match_highlight`` does in a note: after a
search result opens its case, the tab that holds the match comes forward and the first match
is selected (the highlight) in its label, which takes the focus and is scrolled into view.

Where the search found it decides where to look: the presenting concerns (Overview), a goal
(Goals), or the case itself (its code and name in the header, then a partner's name on the
Overview; a tag shows as a chip, so the header unfolds its chips). Matching follows the
search: each word of the query starts a word of the text, ignoring case.

Uses only the case view's public parts, so the view needs no hook for it."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QRegularExpression, Qt, QTimer
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QScrollArea

from casenotes.core.search.case_text import CaseField
from casenotes.ui.workspace.match_highlight import match_pattern
from casenotes.ui.workspace.overview_section import CONCERNS_PREFIX


def label_text(label: QLabel) -> str:
    """What ``label`` shows, as the positions of its selection count it."""
    if label.textFormat() == Qt.TextFormat.PlainText:
        return label.text()
    return QTextDocumentFragment.fromHtml(label.text()).toPlainText()


def _matches(label: QLabel, pattern: QRegularExpression) -> bool:
    return bool(label.text()) and pattern.match(label_text(label)).hasMatch()


def select_in_label(label: QLabel, pattern: QRegularExpression, start: int = 0) -> bool:
    """Select the first match at or after ``start`` in ``label``, give it the focus and
    bring it into view; False when there is none (or the label is not shown)."""
    if not label.isVisibleTo(label.window()) or not label.text():
        return False
    match = pattern.match(label_text(label), start)
    if not match.hasMatch():
        return False
    label.setFocus()
    label.setSelection(match.capturedStart(), match.capturedLength())
    _bring_into_view(label)
    return True


def _bring_into_view(label: QLabel) -> None:
    """Now, and again once the event loop has run: a tab brought forward just now is not
    laid out yet."""

    def scroll() -> None:
        if not shiboken6.isValid(label):
            return
        parent = label.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(label)

    scroll()
    QTimer.singleShot(0, scroll)


def highlight_case_match(view: Any, field: str, query: str) -> bool:
    """Select the first match of ``query`` in the part of the case ``view`` (a CaseView)
    named by ``field`` (a CaseField value, or "" for the case's code, name and tags).
    False when nothing on screen matches (e.g. privacy mode hides the text)."""
    pattern = match_pattern(query)
    if pattern is None:
        return False
    overview = view.overview
    if field == CaseField.CONCERNS:
        view.tabs.setCurrentWidget(overview)
        concerns: QLabel = overview.concerns
        start = len(CONCERNS_PREFIX) if concerns.text().startswith(CONCERNS_PREFIX) else 0
        return select_in_label(concerns, pattern, start)
    if field == CaseField.GOAL:
        goals = view.goals_section
        view.tabs.setCurrentWidget(goals)
        return any(select_in_label(label, pattern) for label in goals.labels.values())
    header = view.header
    if select_in_label(header.title, pattern):
        return True
    partners: list[QLabel] = overview.partner_values
    found = next((label for label in partners if _matches(label, pattern)), None)
    if found is not None:
        view.tabs.setCurrentWidget(overview)
        return select_in_label(found, pattern)
    # A tag: its chip is in the header's details, unfolded for the practitioner to see.
    header.set_details_shown(True)
    return False
