"""What the window remembers of its own layout between runs: which tab was open, where a
splitter stood. Only indexes and Qt's own splitter state go here, never client data (no case
codes, names, ids or dates), so it lives outside the vault in a small INI file in the user's
config folder.

Qt's default QSettings location is pointed at nowhere on Unix (see ``file_dialogs``), so
this file is opened by its own path."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths
from PySide6.QtWidgets import QSplitter

FILE_NAME = "layout.ini"

_file: Path | None = None  # set by tests and the screenshot tool; else the config folder


def use_file(path: Path | None) -> None:
    """Remember the layout in ``path`` (None: the user's config folder)."""
    global _file
    _file = path


def current_file() -> Path | None:
    """The file the layout is kept in (None: nowhere to keep it)."""
    if _file is not None:
        return _file
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppConfigLocation)
    return Path(folder) / FILE_NAME if folder else None


def _settings() -> QSettings | None:
    path = current_file()
    if path is None:
        return None  # nowhere to keep it: the layout starts afresh each run
    return QSettings(str(path), QSettings.Format.IniFormat)


def recall_int(key: str, default: int) -> int:
    settings = _settings()
    if settings is None:
        return default
    value = settings.value(key, default)
    try:
        return int(str(value))
    except ValueError:
        return default


def _write(key: str, value: int | QByteArray) -> None:
    """Best effort, owner-only: a layout that cannot be kept still works."""
    path = current_file()
    if path is None:
        return
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        settings = QSettings(str(path), QSettings.Format.IniFormat)
        settings.setValue(key, value)
        settings.sync()
        if path.exists():
            os.chmod(path, 0o600)


def remember_int(key: str, value: int) -> None:
    _write(key, value)


def restore_splitter(key: str, splitter: QSplitter) -> bool:
    """Put the splitter where it was left; False when nothing was remembered."""
    settings = _settings()
    value = settings.value(key) if settings is not None else None
    return isinstance(value, QByteArray) and splitter.restoreState(value)


def remember_splitter(key: str, splitter: QSplitter) -> None:
    _write(key, splitter.saveState())
