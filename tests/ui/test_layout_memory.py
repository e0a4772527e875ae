"""The window's own layout, remembered between runs in a file of its own: indexes and
splitter states only."""

from __future__ import annotations

import stat
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter
from pytestqt.qtbot import QtBot

from casenotes.ui import layout_memory


def test_an_index_is_remembered_in_the_file_given(tmp_path: Path) -> None:
    path = tmp_path / "layout.ini"
    layout_memory.use_file(path)
    assert layout_memory.recall_int("caseView/tab", 2) == 2
    layout_memory.remember_int("caseView/tab", 1)
    assert layout_memory.recall_int("caseView/tab", 2) == 1
    assert "caseView" in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # owner-only, like the vault


def test_nothing_breaks_where_it_cannot_be_kept(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    layout_memory.use_file(blocker / "layout.ini")
    layout_memory.remember_int("caseView/tab", 1)
    assert layout_memory.recall_int("caseView/tab", 2) == 2


def test_a_splitter_comes_back_where_it_was_left(qtbot: QtBot, tmp_path: Path) -> None:
    layout_memory.use_file(tmp_path / "layout.ini")

    def splitter() -> QSplitter:
        made = QSplitter(Qt.Orientation.Vertical)
        made.addWidget(QLabel("top"))
        made.addWidget(QLabel("bottom"))
        made.resize(200, 400)
        qtbot.addWidget(made)
        return made

    first = splitter()
    assert not layout_memory.restore_splitter("test/split", first)  # nothing yet
    first.setSizes([300, 100])
    layout_memory.remember_splitter("test/split", first)
    second = splitter()
    assert layout_memory.restore_splitter("test/split", second)
    assert second.sizes()[0] > second.sizes()[1]
