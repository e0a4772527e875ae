"""Whether every control a window shows can be seen and reached: inside the window, not
clipped by a parent (unless a scroll bar reaches the rest), and not squeezed below the size
its style asks for. Everything is read from the widgets' own geometry and size hints, so
it holds whatever fonts the machine has."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QAbstractSpinBox,
    QPlainTextEdit,
    QTextEdit,
    QAbstractItemView,
    QTabBar,
)


def describe(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = text() if callable(text) else ""
    name = widget.accessibleName() or (shown if isinstance(shown, str) else "")
    return f"{type(widget).__name__} {name or widget.objectName()!r}"


def shown_controls(root: QWidget) -> list[QWidget]:
    """The controls on screen under ``root``, without the parts of other controls (a spin
    box's line edit, a tab bar's scroll buttons, a table's header)."""
    QApplication.processEvents()  # rows just added to a shown layout show at the next turn
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisible():
            continue
        parent = widget.parentWidget()
        inner = False
        while parent is not None and parent is not root:
            if isinstance(parent, CONTROLS):
                inner = True
                break
            parent = parent.parentWidget()
        if not inner:
            found.append(widget)
    return found


def _scroll_reaches(area: QAbstractScrollArea, horizontal: bool) -> bool:
    policy = area.horizontalScrollBarPolicy() if horizontal else area.verticalScrollBarPolicy()
    bar = area.horizontalScrollBar() if horizontal else area.verticalScrollBar()
    return policy != Qt.ScrollBarPolicy.ScrollBarAlwaysOff and bar.maximum() > 0


def problem(widget: QWidget, window: QWidget) -> str:
    """What keeps ``widget`` from being seen whole, or "" when nothing does. Walks up the
    parents with the part of the widget still in view: a scroll area that can scroll to
    the rest keeps only what its viewport shows; any other parent must hold all of it."""
    hint = widget.minimumSizeHint()
    if widget.width() < hint.width() - 1 or widget.height() < hint.height() - 1:
        return "squeezed below the size it needs"
    rect = QRect(QPoint(0, 0), widget.size())
    current = widget
    while current is not window:
        parent = current.parentWidget()
        if parent is None:
            return "not in the window"
        rect = rect.translated(current.pos())
        bounds = parent.rect()
        if not bounds.contains(rect):
            area = parent.parentWidget()
            if not isinstance(area, QAbstractScrollArea) or area.viewport() is not parent:
                return f"clipped by {describe(parent)}"
            wide = rect.left() < bounds.left() or rect.right() > bounds.right()
            tall = rect.top() < bounds.top() or rect.bottom() > bounds.bottom()
            if (wide and not _scroll_reaches(area, horizontal=True)) or (
                tall and not _scroll_reaches(area, horizontal=False)
            ):
                return f"cut off by {describe(area)}, which cannot scroll to it"
            rect = rect.intersected(bounds)
            if rect.isEmpty():
                return ""  # scrolled out of view, and the scroll bar brings it back
        current = parent
    return ""


def unreachable(root: QWidget, window: QWidget) -> list[str]:
    return [f"{describe(w)}: {why}" for w in shown_controls(root) if (why := problem(w, window))]


def cut_paragraphs(root: QWidget) -> list[str]:
    """The word-wrapped labels under ``root`` shown shorter than their text needs at their
    width (Qt sizes a window from minimum sizes, which know nothing of wrapping)."""
    QApplication.processEvents()
    found = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.wordWrap() or not label.text():
            continue
        needed = label.heightForWidth(label.width())
        if needed > 0 and label.height() < needed - 1:
            found.append(f"{describe(label)} {label.height()} of {needed} px high")
    return found
