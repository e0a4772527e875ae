"""The recovery key in large monospace, broken between its groups onto as many lines as its
width needs: two at the usual size, more at large text, never a group cut in half or a
line running past the frame."""

from __future__ import annotations

import math

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

from casenotes.ui.widgets import ScaledLabel

GROUP_CHARS = 6  # five characters and the dash after them


def key_lines(recovery_key: str, per_line: int = 0) -> str:
    """The key broken between groups, ``per_line`` groups a line (0: on two lines), the
    lines shared out evenly; each line but the last ends with its dash."""
    groups = recovery_key.split("-")
    if per_line <= 0:
        per_line = math.ceil(len(groups) / 2)
    lines = math.ceil(len(groups) / per_line)
    per_line = math.ceil(len(groups) / lines)  # 6 and 5 rather than 9 and 2
    rows = [groups[i : i + per_line] for i in range(0, len(groups), per_line)]
    return "-\n".join("-".join(row) for row in rows)


class KeyLabel(ScaledLabel):
    """Shows ``set_key()``'s key as ``key_lines`` for the width it is given: it can be as
    narrow as one group, and re-breaks the key (and asks for the height that takes)
    whenever its width or the text size changes."""

    def __init__(self, *, scale: float, parent: QWidget | None = None) -> None:
        super().__init__(scale=scale, monospace=True, bold=True, parent=parent)
        self._key = ""

    @property
    def key(self) -> str:
        return self._key

    def set_key(self, recovery_key: str) -> None:
        self._key = recovery_key
        self._rebreak()

    def clear(self) -> None:
        self._key = ""
        super().clear()

    def groups_per_line(self, width: int) -> int:
        """How many groups fit a line at ``width`` (at least one; at most half the key, so
        it reads on two lines at a glance)."""
        groups = len(self._key.split("-")) if self._key else 1
        chrome = self.width() - self.contentsRect().width()
        room = width - chrome
        fitting = room // max(1, self.fontMetrics().horizontalAdvance("W" * GROUP_CHARS))
        return max(1, min(int(fitting), math.ceil(groups / 2)))

    def _rebreak(self) -> None:
        if not self._key:
            return
        text = key_lines(self._key, self.groups_per_line(self.width()))
        if text != self.text():
            self.setText(text)  # a new height: the layout asks again

    def minimumSizeHint(self) -> QSize:
        # One group wide: the layout may narrow it, and the key then takes more lines.
        hint = super().minimumSizeHint()
        chrome = self.width() - self.contentsRect().width()
        one_group = self.fontMetrics().horizontalAdvance("W" * GROUP_CHARS) + chrome
        return QSize(min(hint.width(), one_group), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rebreak()

    def _refont(self, *args: object) -> None:
        super()._refont(*args)
        if getattr(self, "_key", ""):
            self._rebreak()
