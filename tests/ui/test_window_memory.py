"""casenotes.ui.window_memory: the window's size and the workspace's splitter sizes, kept in
an owner-only INI file between runs, and nothing else in it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QWidget
from pytestqt.qtbot import QtBot

from casenotes.core.vault.kdf import KdfPolicy
from casenotes.ui.main_window import MainWindow
from casenotes.ui.tasks import SyncTaskRunner
from casenotes.ui.window_memory import WindowMemory

from .support import PASSPHRASE, StubWorkspace, unlock

pytestmark = pytest.mark.usefixtures("shell_env")


def _splitter_root(qtbot: QtBot) -> tuple[QWidget, QSplitter]:
    root = QWidget()
    qtbot.addWidget(root)
    splitter = QSplitter(root)
    splitter.setObjectName("testSplitter")
    for text in ("left", "right"):
        splitter.addWidget(QLabel(text))
    splitter.resize(800, 200)
    root.show()
    return root, splitter


def test_splitter_sizes_come_back(qtbot: QtBot, tmp_path: Path) -> None:
    memory = WindowMemory(tmp_path / "config" / "window.ini")
    root, splitter = _splitter_root(qtbot)
    splitter.setSizes([200, 600])
    wanted = splitter.sizes()
    memory.save_splitters(root)
    other_root, other = _splitter_root(qtbot)
    other.setSizes([600, 200])
    assert memory.restore_splitters(other_root) == 1
    assert other.sizes() == wanted


def test_nothing_saved_yet_changes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    memory = WindowMemory(tmp_path / "window.ini")
    root, splitter = _splitter_root(qtbot)
    before = splitter.sizes()
    assert memory.restore_splitters(root) == 0
    assert splitter.sizes() == before
    window = QMainWindow()
    qtbot.addWidget(window)
    assert not memory.restore_window(window)


def test_the_main_window_reopens_at_its_size(
    qtbot: QtBot, tmp_path: Path, policy: KdfPolicy, vault_path: Path, recovery_key: str
) -> None:
    memory_file = tmp_path / "config" / "window.ini"
    first = MainWindow(
        vault_path,
        policy=policy,
        tasks=SyncTaskRunner(),
        workspace_factory=StubWorkspace,
        memory=WindowMemory(memory_file),
    )
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 540)  # within the offscreen screen (800x600)
    unlock(qtbot, first)
    first.close()
    if os.name == "posix":
        assert stat.S_IMODE(memory_file.stat().st_mode) == 0o600
    text = memory_file.read_text(encoding="latin-1")
    assert "geometry" in text and PASSPHRASE not in text

    second = MainWindow(
        vault_path,
        policy=policy,
        tasks=SyncTaskRunner(),
        workspace_factory=StubWorkspace,
        memory=WindowMemory(memory_file),
    )
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (760, 540)
    second.close()


def test_the_app_keeps_it_in_the_layout_file(tmp_path: Path) -> None:
    # tests/ui/conftest.py points the layout file at this test's folder
    from casenotes.ui.window_memory import default_memory

    memory = default_memory()
    assert memory is not None and memory.path == tmp_path / "layout.ini"
