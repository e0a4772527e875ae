"""Teaching the case from a summary's review reaches the window at once: the case list, the
case view and the open note show the case as it is now, and privacy mode masks the new
identifier without the case being reopened. Real window, workspace and dialogs on a real
vault (cheap test KDF); nothing is stubbed but the modal questions (shell_env).

All people and places are fictional."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Case, ClientType, Identifiers, Note, NoteTemplate
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.main_window import MainWindow
from casenotes.ui.summary import SummaryDialog
from casenotes.ui.tasks import SyncTaskRunner
from casenotes.ui.workspace import Workspace

from .summary.test_summary_flow import review, select_words
from .support import PASSPHRASE, leaks, unlock, visible_texts

pytestmark = pytest.mark.usefixtures("shell_env")

CODE = "C-271"
NAME = "Teodora Winslade"
# Ordinary words the scan leaves alone: only the practitioner knows they name a place.
VENUE = "green lantern"
QUESTION = f"How do I stay curious about what the {VENUE} means to her?"
SESSIONS = (
    {
        "data": f"Teodora talked about the {VENUE}, where she meets friends after work.",
        "assessment": f"The {VENUE} seems to be where she rests from the work.",
    },
    {
        "data": "She reviewed her booking rules and feels they protect her time.",
        "assessment": f"She wants to keep the {VENUE} for herself, away from clients.",
    },
)


@pytest.fixture
def window(qtbot: QtBot, vault_path: Path, policy: KdfPolicy) -> Iterator[MainWindow]:
    created = Journal.create(vault_path, PASSPHRASE, policy)
    journal = created.journal
    case = journal.save_case(
        Case(
            code=CODE,
            display_name=NAME,
            client_types=[ClientType.CURRENT_SEX_WORKER],
            identifiers=Identifiers(names=[NAME]),
        )
    )
    for i, sections in enumerate(SESSIONS):
        journal.save_note(
            Note(
                case_id=case.id,
                session_date=date(2026, 3, 2 + 7 * i),
                template=NoteTemplate.DAP,
                sections=dict(sections),
            )
        )
    journal.lock()
    window = MainWindow(vault_path, policy=policy, tasks=SyncTaskRunner())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    unlock(qtbot, window)
    yield window
    window.tasks.wait_idle()
    if window.journal is not None and window.journal.is_unlocked:
        window.journal.lock()


def test_teaching_the_case_reaches_the_workspace_and_privacy_mode(
    qtbot: QtBot, window: MainWindow
) -> None:
    journal = window.journal
    workspace = window.workspace
    assert journal is not None and isinstance(workspace, Workspace)
    case = next(c for c in journal.list_cases() if c.code == CODE)
    note = journal.notes_for_case(case.id)[0]
    assert workspace.open_note(case.id, note.id)
    venue_only = {VENUE}

    window.summary_action.trigger()
    summary = window.summary_dialog
    assert isinstance(summary, SummaryDialog)
    qtbot.waitUntil(summary.review_button.isEnabled)
    dialog = review(qtbot, summary, question=QUESTION)
    select_words(dialog, VENUE)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("place"))
    dialog.redact_selection()
    dialog.select_finding(len(dialog.document.findings) - 1)
    assert dialog.teach_button.isEnabled()
    dialog.teach_button.click()
    stored = journal.get_case(case.id)
    assert stored is not None and VENUE in stored.identifiers.places

    # The workspace holds the case as it is now, without reopening it …
    for held in (
        workspace.current_case(),
        workspace.case_view.case,
        workspace.case_model.case_by_id(case.id),
        workspace.editor.case,
    ):
        assert held is not None and VENUE in held.identifiers.places
    workspace.case_view.identifiers_toggle.setChecked(True)
    assert VENUE in workspace.case_view.identifiers.text()

    # … so privacy mode masks the new identifier in the open note, the case view (its
    # session previews), the case list and the summary's question.
    window.privacy_action.trigger()
    assert workspace.privacy_mode() and workspace.editor.privacy_masked()
    shown = workspace.editor.privacy_view.toPlainText()
    assert "[Place]" in shown and VENUE not in shown.casefold()
    assert not leaks(visible_texts(workspace.editor), venue_only)
    other = journal.notes_for_case(case.id)[1]
    assert workspace.open_note(case.id, other.id)
    assert VENUE not in workspace.editor.privacy_view.toPlainText().casefold()
    workspace.close_note()  # at 1280 pixels the note stands in the case view's place
    assert workspace.case_view.isVisible()
    assert not leaks(visible_texts(workspace.case_view), venue_only)
    assert not leaks(visible_texts(workspace.case_list), venue_only)
    assert VENUE not in summary.question_masked.text()

    # The walk does see the previews: with privacy mode off the words are back.
    window.privacy_action.trigger()
    assert leaks(visible_texts(workspace.case_view), venue_only)
