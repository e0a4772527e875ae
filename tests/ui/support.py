"""Shared material for the shell's GUI tests: fixed passphrases and a stand-in workspace.

``StubWorkspace`` honours the workspace contract (casenotes.ui.workspace.Workspace) and records
what the shell asks of it; it lives here, in the tests, and never in src."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from casenotes.core.journal import Journal
from casenotes.ui.main_window import MainWindow
from casenotes.ui.tasks import SyncTaskRunner, TaskRunner

# Fixed test passphrases (not secrets), lower case so that typing them with QTest never
# looks like Caps Lock; both score 4 with zxcvbn.
PASSPHRASE = "lantern orchard velvet canyon 4182"
NEW_PASSPHRASE = "quiet harbour pebble mosaic 7306"
WEAK_PASSPHRASE = "password1"


class StubWorkspace(QWidget):
    status_message = Signal(str)
    created: list[StubWorkspace] = []  # noqa: RUF012 (a test registry, reset per test)

    def __init__(self, journal: Journal, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.tasks = tasks
        self.calls: list[str] = []
        self.flush_result = True
        self.privacy: bool | None = None
        self.current: tuple[str | None, str | None] = (None, None)
        self.restored: list[tuple[str | None, str | None]] = []
        self.clipboard_is_ours = False
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Note")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("stand-in workspace"))
        layout.addWidget(self.editor)
        StubWorkspace.created.append(self)

    def flush(self) -> bool:
        self.calls.append("flush")
        return self.flush_result

    def set_privacy_mode(self, on: bool) -> None:
        self.privacy = on

    def new_case(self) -> None:
        self.calls.append("new_case")

    def new_note(self) -> None:
        self.calls.append("new_note")

    def focus_search(self) -> None:
        self.calls.append("focus_search")

    def location(self) -> tuple[str | None, str | None]:
        return self.current

    def restore_location(self, case_id: str | None, note_id: str | None) -> None:
        self.restored.append((case_id, note_id))
        self.current = (case_id, note_id)

    def owns_clipboard(self) -> bool:
        return self.clipboard_is_ours

    def trash_dialog(self) -> None:
        self.calls.append("trash_dialog")


def unlock(qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    page = window.unlock_page
    assert page is not None
    page.passphrase.edit.setText(passphrase)
    page.unlock_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None)


class DeferredTaskRunner(SyncTaskRunner):
    """Keeps tasks until ``run_all()``, like a slow worker thread would."""

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[tuple[Callable[[], Any], Callable[[Any], None],
                               Callable[[BaseException], None] | None]] = []

    def run_task(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        self.queue.append((fn, on_done, on_error))

    def run_all(self) -> None:
        while self.queue:
            fn, on_done, on_error = self.queue.pop(0)
            try:
                result = fn()
            except Exception as exc:
                assert on_error is not None
                on_error(exc)
            else:
                on_done(result)
