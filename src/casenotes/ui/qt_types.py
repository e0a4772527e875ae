"""PySide6 makes a Qt class's Python type, and a Python enum for each of its enums, the first
time the class is used, at about half a millisecond an enum. Building and first showing the
workspace made about a hundred such enums (Qt looking up the most derived type of an object
it hands to Python walks every subclass of QObject): 36-50 ms on the GUI thread at load 4.5,
in the turns that were already the longest of the unlock. ``TypeWarmer`` makes every
class of QtCore, QtGui and QtWidgets beforehand, a few at a time on the GUI thread while the
unlock page waits for the passphrase, so none of it is left for the unlock.

On the GUI thread, not on the preload helper: two threads making the same type at once could
each see it half made (the GIL changes hands while its enums are built)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from types import ModuleType

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QObject, QTimer

MODULES: tuple[ModuleType, ...] = (QtCore, QtGui, QtWidgets)
# The GUI thread's time a turn: a keystroke waits at most about this long behind it.
SLICE_S = 0.004


def _names() -> Iterator[tuple[ModuleType, str]]:
    for module in MODULES:
        for name in dir(module):
            yield module, name


# Once per process: a later unlock page (after a lock) carries on where the last one stopped.
_pending: Iterator[tuple[ModuleType, str]] = _names()
_finished = False


def warm_some(budget_s: float = SLICE_S) -> bool:
    """Make the next classes' types for about ``budget_s``; True once every class is made."""
    global _finished
    if _finished:
        return True
    end = time.perf_counter() + budget_s
    for module, name in _pending:
        getattr(module, name, None)
        if time.perf_counter() >= end:
            return False
    _finished = True
    return True


def all_warmed() -> bool:
    return _finished


class TypeWarmer(QObject):
    """Runs ``warm_some`` a turn at a time until every class is made (or ``stop``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)

    def start(self) -> None:
        if not all_warmed():
            self._timer.start(0)

    def stop(self) -> None:
        self._timer.stop()

    def is_running(self) -> bool:
        return self._timer.isActive()

    def _step(self) -> None:
        if not warm_some():
            self._timer.start(0)


__all__ = ["SLICE_S", "TypeWarmer", "all_warmed", "warm_some"]
