"""Dialogs that fit the screen at any text size: what they hold scrolls in a body (the rows
of buttons stay outside it, always in view), and they open as large as that body asks for
at their width, never larger than the screen's free area.

Qt sizes a top-level window from its layout's minimum size, which knows nothing of
word-wrapped labels' height for a given width: at large text a dialog either clips its
paragraphs or grows past the bottom of the screen. Here the height is asked of the body at
the width the dialog will have."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollArea, QWidget

# The window manager's frame and title bar sit outside a dialog's own size.
FRAME_ALLOWANCE = QSize(24, 56)


def available_area(widget: QWidget) -> QRect | None:
    """The free area of the screen ``widget`` is on (the primary one before it is shown)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def scrolling_body(body: QWidget, *, horizontal: bool = False) -> QScrollArea:
    """``body`` in a frameless scroll area that takes no focus of its own (Tab goes to the
    controls inside, and the area scrolls to the one with the focus)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    if not horizontal:
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(body)
    return scroll


def room_in(available: QRect) -> QSize:
    """The largest size a dialog may take inside ``available``, its frame included."""
    return (available.size() - FRAME_ALLOWANCE).expandedTo(QSize(1, 1))


def fit_dialog(
    dialog: QWidget,
    scroll: QScrollArea,
    available: QRect,
    *,
    width: int,
    min_height: int = 0,
) -> None:
    """Resize ``dialog`` to ``width`` (at least its minimum width) and to the height its
    ``scroll`` body needs at that width plus the rest of the dialog, at least
    ``min_height``; both at most the room in ``available``."""
    room = room_in(available)
    layout = dialog.layout()
    body = scroll.widget()
    if layout is None or body is None:
        width = max(1, min(max(width, dialog.minimumWidth()), room.width()))
        dialog.resize(width, min(max(dialog.sizeHint().height(), min_height), room.height()))
        return
    layout.activate()
    margins = layout.contentsMargins()
    bar = scroll.verticalScrollBar().sizeHint().width()
    # Never narrower than the body's widest row, unless the screen is: the body does not
    # scroll sideways.
    widest = body.minimumSizeHint().width() + margins.left() + margins.right() + bar
    width = max(1, min(max(width, widest, dialog.minimumWidth()), room.width()))
    inner = max(1, width - margins.left() - margins.right() - bar)
    needed = body.heightForWidth(inner) if body.hasHeightForWidth() else -1
    if needed < 0:
        needed = body.sizeHint().height()
    rest = layout.sizeHint().height() - scroll.sizeHint().height()
    height = max(rest + needed + 2, min_height, dialog.minimumHeight())
    dialog.resize(width, max(1, min(height, room.height())))
    place_within(dialog, available)


def place_within(dialog: QWidget, available: QRect) -> None:
    """Centre ``dialog`` (a window) over its parent's window, then move it wholly inside
    ``available``: Qt placed it for the size it had before it was fitted, so a dialog that
    grew would reach past the screen's right or bottom edge."""
    if not dialog.isWindow():
        return
    parent = dialog.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None else available.center()
    frame = FRAME_ALLOWANCE
    x = centre.x() - (dialog.width() + frame.width()) // 2
    y = centre.y() - (dialog.height() + frame.height()) // 2
    x = max(available.left(), min(x, available.right() + 1 - dialog.width() - frame.width()))
    y = max(available.top(), min(y, available.bottom() + 1 - dialog.height() - frame.height()))
    dialog.move(x, y)
