"""Qt's per-user settings pointed where nothing can be written, done as the application is
made (see ``file_dialogs`` for why). A module of its own so that the window's start does not
import the file dialogs (QFileDialog's Python type and its enums) before the first paint."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QSettings

# A directory that can never exist: a file (the null device) stands where its parent would.
UNWRITABLE_SETTINGS_DIR = os.path.join(os.devnull, "casenotes-keeps-no-qt-settings")

_isolated = False


def keep_no_qt_settings() -> None:
    """Point Qt's per-user settings where nothing can be written (Unix desktops; elsewhere
    the settings are not files and ``file_dialogs.scrub_history`` cleans up after each
    dialog)."""
    global _isolated
    if _isolated:
        return
    if sys.platform not in ("win32", "darwin"):
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, UNWRITABLE_SETTINGS_DIR)
    _isolated = True


__all__ = ["UNWRITABLE_SETTINGS_DIR", "keep_no_qt_settings"]
