"""One clipboard helper (audit item): copies are marked secret for clipboard managers and
cleared after 30 seconds if they are still on the clipboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from casenotes.ui import clipboard as clip
from casenotes.ui.clipboard import (
    CLEAR_AFTER_MS,
    KDE_SECRET_HINT,
    WINDOWS_EXCLUDE,
    WINDOWS_NO_CLOUD,
    WINDOWS_NO_HISTORY,
    ClipboardGuard,
    secret_mime,
)

pytestmark = pytest.mark.usefixtures("shell_env")

TEXT = "Fictional: Quillon said the new rota is easier."


def test_the_hints_of_each_platform() -> None:
    linux = secret_mime(TEXT, "linux")
    assert linux.text() == TEXT
    assert bytes(linux.data(KDE_SECRET_HINT).data()) == b"secret"
    windows = secret_mime(TEXT, "win32")
    assert windows.hasFormat(WINDOWS_EXCLUDE)
    assert bytes(windows.data(WINDOWS_NO_HISTORY).data()) == b"\0\0\0\0"
    assert bytes(windows.data(WINDOWS_NO_CLOUD).data()) == b"\0\0\0\0"
    assert not windows.hasFormat(KDE_SECRET_HINT)


def test_copy_marks_the_text_secret_and_clears_it_after_a_while(qtbot: QtBot) -> None:
    assert ClipboardGuard().clear_after_ms == CLEAR_AFTER_MS == 30_000
    guard = ClipboardGuard(clear_after_ms=50)
    guard.copy(TEXT)
    board = QGuiApplication.clipboard()
    assert board.text() == TEXT
    assert board.mimeData().hasFormat(KDE_SECRET_HINT)
    assert guard.owns_clipboard()
    qtbot.waitUntil(lambda: board.text() == "", timeout=3000)
    assert not guard.owns_clipboard()


def test_what_another_program_copied_since_is_left_alone(qtbot: QtBot) -> None:
    guard = ClipboardGuard(clear_after_ms=50)
    guard.copy(TEXT)
    QGuiApplication.clipboard().setText("from another program")
    qtbot.wait(200)
    assert QGuiApplication.clipboard().text() == "from another program"
    assert not guard.clear_if_ours()


def test_nothing_else_in_the_app_writes_to_the_clipboard() -> None:
    src = Path(clip.__file__).parents[1]
    offenders = [
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if path.name != "clipboard.py"
        and "QGuiApplication.clipboard()" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
