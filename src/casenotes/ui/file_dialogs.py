"""Every file dialog Casenotes opens goes through here, so that none leaves a history behind.

Qt's own file dialog remembers, in ``~/.config/QtProject.conf`` (mode 0644, on Windows the
registry, on macOS the preferences), the last folder visited and a history of folders. An
export folder can name a client ("Exports/Jordan P"), so Casenotes keeps none of it:

- the dialogs are Qt's widget dialogs, not the platform's (a GTK or portal dialog also adds
  the chosen file to the desktop's "recent files" list);
- on Linux and the other Unix desktops, Qt's user settings point at a path that cannot be
  created (under ``/dev/null``), so the dialog's history is never written to disk, and the
  dialog shows no history or recent places from other programs either;
- after each dialog, the history and last folder are removed from Qt's settings wherever they
  went (Windows, macOS), so at most what was there before stays.

Casenotes keeps its own settings in the vault, encrypted; it does not use QSettings."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from casenotes.ui.qt_settings import keep_no_qt_settings

OPTIONS = QFileDialog.Option.DontUseNativeDialog
HISTORY_KEYS = ("history", "lastVisited")


def scrub_history() -> None:
    """Remove the file dialog's folder history from Qt's settings, wherever they are kept."""
    with contextlib.suppress(Exception):  # best effort: never in the way of a save
        settings = QSettings(QSettings.Scope.UserScope, "QtProject")
        settings.beginGroup("FileDialog")
        if any(settings.contains(key) for key in HISTORY_KEYS):
            for key in HISTORY_KEYS:
                settings.remove(key)
        settings.endGroup()
        settings.sync()


def _ask(
    ask: Callable[..., tuple[str, str]],
    parent: QWidget | None,
    caption: str,
    directory: str,
    filter: str,
) -> tuple[str, str]:
    """One of Qt's file dialogs, with no settings kept and no history left behind."""
    keep_no_qt_settings()
    try:
        chosen, selected = ask(parent, caption, directory, filter, options=OPTIONS)
    finally:
        scrub_history()
    return chosen, selected


def get_save_file_name(
    parent: QWidget | None, caption: str, directory: str, filter: str
) -> tuple[str, str]:
    return _ask(QFileDialog.getSaveFileName, parent, caption, directory, filter)


def get_open_file_name(
    parent: QWidget | None, caption: str, directory: str, filter: str
) -> tuple[str, str]:
    return _ask(QFileDialog.getOpenFileName, parent, caption, directory, filter)


def get_existing_directory(parent: QWidget | None, caption: str, directory: str) -> str:
    """A folder (a USB stick, say), with no settings kept and no history left behind."""
    keep_no_qt_settings()
    try:
        return QFileDialog.getExistingDirectory(
            parent, caption, directory, OPTIONS | QFileDialog.Option.ShowDirsOnly
        )
    finally:
        scrub_history()
