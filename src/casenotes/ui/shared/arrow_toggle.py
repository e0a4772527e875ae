"""A tool button that folds something away: its arrow points down while the thing is open and
right while it is folded, painted as large as a capital letter of its text and in the text's
colour. The styles draw a tool button's own arrow at a fixed size, a speck at large text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap, QPolygonF
from PySide6.QtWidgets import QToolButton, QWidget


def arrow_icon(down: bool, side: int, colour: QColor) -> QIcon:
    """A filled triangle pointing down (open) or right (folded), ``side`` pixels square."""
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    if down:
        points = [QPointF(0, side * 0.2), QPointF(side, side * 0.2), QPointF(side / 2, side * 0.9)]
    else:
        points = [QPointF(side * 0.2, 0), QPointF(side * 0.9, side / 2), QPointF(side * 0.2, side)]
    painter.drawPolygon(QPolygonF(points))
    painter.end()
    return QIcon(pixmap)


class ArrowToggle(QToolButton):
    """Says with its arrow whether what it folds is open (``set_open``); what a click does
    is for its owner to connect."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._open = False
        if text:
            self.setText(text)
            self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._paint_arrow()

    def is_open(self) -> bool:
        return self._open

    def set_open(self, open_: bool) -> None:
        self._open = open_
        self._paint_arrow()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._paint_arrow()

    def _paint_arrow(self) -> None:
        side = max(8, self.fontMetrics().capHeight())
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        self.setIconSize(QSize(side, side))
        self.setIcon(arrow_icon(self._open, side, colour))
