"""Fixtures for the shell's GUI tests (pytest-qt, offscreen: see tests/conftest.py).

Vaults use ``KdfPolicy.testing()``; windows get the stand-in workspace and, unless a test
asks for the real thread pool, the synchronous task runner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui import layout_memory
from casenotes.ui.app import apply_font_size, apply_theme, create_application
from casenotes.ui.main_window import MainWindow
from casenotes.ui.tasks import SyncTaskRunner, TaskRunner

from .support import PASSPHRASE, StubWorkspace


@pytest.fixture(autouse=True)
def _layout_in_tmp(tmp_path: Path) -> Iterator[None]:
    """Each test remembers its window layout in its own folder, never the user's config."""
    layout_memory.use_file(tmp_path / "layout.ini")
    yield
    layout_memory.use_file(None)


@pytest.fixture
def shell_env(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """What every shell test starts from: the app set up, no stand-in workspace left over,
    and no modal question that could hang the run; theme, text size and clipboard are put
    back afterwards. Not autouse: the workspace's tests below tests/ui/workspace have their
    own fixtures."""
    _no_blocking_questions(monkeypatch)
    create_application()
    StubWorkspace.created.clear()
    yield
    apply_theme("system")
    apply_font_size(0)
    QGuiApplication.clipboard().clear()
    StubWorkspace.created.clear()


def _no_blocking_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal question nobody stubbed would hang the run: it answers with its default."""

    def default_answer(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        default = args[4] if len(args) > 4 else kwargs.get("defaultButton")
        assert isinstance(default, QMessageBox.StandardButton)
        return default

    monkeypatch.setattr(QMessageBox, "question", staticmethod(default_answer))


@pytest.fixture
def policy() -> KdfPolicy:
    return KdfPolicy.testing()


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "practice" / "casenotes.vault"


@pytest.fixture
def recovery_key(vault_path: Path, policy: KdfPolicy) -> str:
    """Creates a (locked) vault at ``vault_path`` and returns its recovery key."""
    created = Journal.create(vault_path, PASSPHRASE, policy)
    created.journal.lock()
    return created.recovery_key


MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, vault_path: Path, policy: KdfPolicy) -> Iterator[MakeWindow]:
    windows: list[MainWindow] = []

    def make(*, real_tasks: bool = False, show: bool = True) -> MainWindow:
        tasks = TaskRunner() if real_tasks else SyncTaskRunner()
        window = MainWindow(vault_path, policy=policy, tasks=tasks, workspace_factory=StubWorkspace)
        qtbot.addWidget(window)
        windows.append(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
            window.activateWindow()
        return window

    yield make
    for window in windows:
        window.tasks.wait_idle()
        if window.journal is not None:
            window.journal.lock()
