"""The window's size, position and splitter positions, remembered between runs.

Kept beside the rest of the window's layout (``layout_memory``'s ``layout.ini`` in the user's
config folder, owner-only), not in the vault, so the window opens at its size before anything
is unlocked. It holds
geometry only: sizes and positions that say nothing about a client. Splitters are found by
object name under the widget given, so a view names a splitter to have it kept; only their
sizes are kept (not which parts are shown, which the views decide).

(Casenotes' other settings live encrypted in the vault; Qt's per-user settings stay disabled,
see file_dialogs.py. An INI file at an explicit path is not affected by that.)"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from casenotes.ui import layout_memory

GEOMETRY = "window/geometry"
STATE = "window/state"
SPLITTERS = "splitters"


def default_memory() -> WindowMemory | None:
    """Memory in the layout file of ``layout_memory`` (None: nowhere to keep it)."""
    path = layout_memory.current_file()
    return WindowMemory(path) if path is not None else None


class WindowMemory:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _settings(self) -> QSettings:
        return QSettings(str(self.path), QSettings.Format.IniFormat)

    def _write(self, values: dict[str, QByteArray | str]) -> None:
        """Best effort: a window that cannot remember its size still works."""
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            settings = self._settings()
            for key, value in values.items():
                settings.setValue(key, value)
            settings.sync()
            if self.path.exists():
                os.chmod(self.path, 0o600)

    def _read(self, key: str) -> QByteArray | None:
        if not self.path.is_file():
            return None
        value = self._settings().value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_window(self, window: QMainWindow) -> None:
        self._write({GEOMETRY: window.saveGeometry(), STATE: window.saveState()})

    def restore_window(self, window: QMainWindow) -> bool:
        geometry = self._read(GEOMETRY)
        if geometry is None or not window.restoreGeometry(geometry):
            return False
        state = self._read(STATE)
        if state is not None:
            window.restoreState(state)
        return True

    @staticmethod
    def _named_splitters(root: QWidget) -> list[QSplitter]:
        return [s for s in root.findChildren(QSplitter) if s.objectName()]

    def save_splitters(self, root: QWidget) -> None:
        self._write(
            {
                f"{SPLITTERS}/{s.objectName()}": ",".join(str(n) for n in s.sizes())
                for s in self._named_splitters(root)
                if any(s.sizes())
            }
        )

    def restore_splitters(self, root: QWidget) -> int:
        """Put back the sizes of the named splitters under ``root``; how many were."""
        if not self.path.is_file():
            return 0
        settings = self._settings()
        restored = 0
        for splitter in self._named_splitters(root):
            value = settings.value(f"{SPLITTERS}/{splitter.objectName()}")
            try:
                sizes = [int(n) for n in str(value).split(",")] if value else []
            except ValueError:  # edited by hand: the default sizes will do
                continue
            if len(sizes) == splitter.count() and all(n >= 0 for n in sizes) and any(sizes):
                splitter.setSizes(sizes)
                restored += 1
        return restored
