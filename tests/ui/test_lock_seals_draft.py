"""Locking does not fail open (audit item): when the open note cannot be saved at lock (a
full disk), it is sealed in memory, the window locks anyway, and after the unlock the note
is back in the editor and saved."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from casenotes.core.domain import Case, ClientType, Note
from casenotes.core.journal import Journal
from casenotes.core.vault.errors import VaultInUseError
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.main_window import DRAFT_BACK, DRAFT_SEALED, MainWindow
from casenotes.ui.tasks import SyncTaskRunner

from .support import PASSPHRASE

pytestmark = pytest.mark.usefixtures("shell_env")

DRAFT = "Fictional draft: talked about the new rota and what rest looks like."


@pytest.fixture
def case_id(vault_path: Path, policy: KdfPolicy, recovery_key: str) -> str:
    journal = Journal.open(vault_path, policy)
    journal.unlock(PASSPHRASE, daily_backup=False)
    case = journal.save_case(
        Case(code="SW-51", display_name="Fictional", client_types=[ClientType.CURRENT_SEX_WORKER])
    )
    journal.save_note(
        Note(
            case_id=case.id, session_date=date(2026, 2, 3), sections={"body": "An earlier session."}
        )
    )
    journal.lock()
    return case.id


@pytest.fixture
def window(qtbot: QtBot, vault_path: Path, policy: KdfPolicy, case_id: str) -> Iterator[MainWindow]:
    pytest.importorskip("casenotes.ui.workspace")
    window = MainWindow(vault_path, policy=policy, tasks=SyncTaskRunner())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    unlock(qtbot, window)
    yield window
    window.tasks.wait_idle()
    window._sealed_draft = None  # nothing left to ask about at teardown
    if window.journal is not None:
        window.journal.lock()


def unlock(qtbot: QtBot, window: MainWindow) -> None:
    assert window.unlock_page is not None
    window.unlock_page.passphrase.edit.setText(PASSPHRASE)
    window.unlock_page.unlock_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20_000)


def write_a_new_note(window: MainWindow, case_id: str) -> None:
    workspace = window.workspace
    assert workspace is not None
    workspace.restore_location(case_id, None)
    workspace.new_note()
    editor = workspace.editor
    key = editor.section_keys()[0]
    editor.section_edit(key).setPlainText(DRAFT)
    assert editor.has_unsaved_changes()


def disk_full(self: Journal, note: Note) -> Note:
    raise OSError(errno.ENOSPC, "No space left on device")


def note_texts(window: MainWindow, case_id: str) -> list[str]:
    assert window.journal is not None
    return [n.text() for n in window.journal.notes_for_case(case_id)]


def test_auto_lock_seals_an_unsaveable_draft_and_restores_it_after_unlock(
    qtbot: QtBot, window: MainWindow, case_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_a_new_note(window, case_id)
    monkeypatch.setattr(Journal, "save_note", disk_full)
    window.idle.set_timeout_ms(30)
    qtbot.waitUntil(
        lambda: window.journal is not None and not window.journal.is_unlocked, timeout=5000
    )
    assert window.workspace is None
    assert window.unlock_page is not None
    assert DRAFT_SEALED in window.unlock_page.message.text()
    sealed = window._sealed_draft
    assert sealed is not None and DRAFT.encode() not in sealed.sealed
    # While the draft waits, the vault stays claimed: nothing else (a re-key from the
    # command line) can change the key it was sealed under.
    assert window.journal is not None
    other = Journal.open(window.journal.path, window.journal.policy)
    with pytest.raises(VaultInUseError):
        other.unlock(PASSPHRASE, daily_backup=False)

    monkeypatch.undo()  # the disk has room again
    unlock(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    editor = workspace.editor
    assert DRAFT in editor.current_note().text()  # type: ignore[union-attr]
    assert not editor.has_unsaved_changes()
    assert window.statusBar().currentMessage() == DRAFT_BACK
    assert window._sealed_draft is None
    assert DRAFT in note_texts(window, case_id)


def test_a_draft_that_still_cannot_be_saved_stays_on_screen(
    qtbot: QtBot, window: MainWindow, case_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_a_new_note(window, case_id)
    monkeypatch.setattr(Journal, "save_note", disk_full)
    assert window.lock()
    assert window.journal is not None and not window.journal.is_unlocked
    unlock(qtbot, window)  # the disk is still full
    workspace = window.workspace
    assert workspace is not None
    assert DRAFT in workspace.editor.current_note().text()  # type: ignore[union-attr]
    assert workspace.editor.has_unsaved_changes()
    assert "isn't saved yet" in window.statusBar().currentMessage()
    monkeypatch.undo()
    assert window.lock()  # now it saves on the way
    unlock(qtbot, window)
    assert DRAFT in note_texts(window, case_id)


def test_quitting_while_locked_with_a_sealed_draft_asks(
    qtbot: QtBot, window: MainWindow, case_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_a_new_note(window, case_id)
    monkeypatch.setattr(Journal, "save_note", disk_full)
    assert window.lock()
    asked: list[str] = []

    def stay(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(stay))
    assert not window.close()
    assert asked == ["Quit without the unsaved note?"]
    assert window._sealed_draft is not None


def test_a_restore_still_refuses_to_lock_over_an_unsaved_note(
    window: MainWindow, case_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_a_new_note(window, case_id)
    monkeypatch.setattr(Journal, "save_note", disk_full)
    assert window.lock(seal_unsaved=False) is False
    assert window.journal is not None and window.journal.is_unlocked
    assert window._sealed_draft is None
