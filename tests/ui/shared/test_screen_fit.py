"""casenotes.ui.shared.screen_fit: a dialog as tall as its body needs at its width, never
larger than the screen's free area, and placed wholly inside it. Sizes are compared with
the widgets' own hints, so nothing depends on the fonts installed."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from casenotes.ui.shared.screen_fit import FRAME_ALLOWANCE, fit_dialog, room_in, scrolling_body

PARAGRAPH = "A fictional paragraph that wraps onto many lines at a narrow width. " * 12


def dialog_with(qtbot: QtBot, paragraphs: int) -> tuple[QDialog, QWidget]:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    outer = QVBoxLayout(dialog)
    body = QWidget()
    layout = QVBoxLayout(body)
    for _ in range(paragraphs):
        label = QLabel(PARAGRAPH)
        label.setWordWrap(True)
        layout.addWidget(label)
    scroll = scrolling_body(body)
    outer.addWidget(scroll, 1)
    button = QPushButton("Close")
    outer.addWidget(button)
    dialog.setProperty("scroll", scroll)
    return dialog, button


def test_as_tall_as_the_text_needs_at_its_width(qtbot: QtBot) -> None:
    dialog, _button = dialog_with(qtbot, 1)
    scroll = dialog.property("scroll")
    screen = QRect(0, 0, 1280, 800)
    fit_dialog(dialog, scroll, screen, width=400)
    narrow = dialog.height()
    fit_dialog(dialog, scroll, screen, width=900)
    assert dialog.width() == 900
    assert dialog.height() < narrow  # fewer lines at a wider width
    dialog.show()
    qtbot.waitExposed(dialog)
    assert scroll.verticalScrollBar().maximum() == 0  # all of it shows


def test_never_larger_than_the_screen_and_the_buttons_stay_outside_the_scroll(
    qtbot: QtBot,
) -> None:
    dialog, button = dialog_with(qtbot, 12)
    scroll = dialog.property("scroll")
    screen = QRect(0, 0, 1280, 800)
    fit_dialog(dialog, scroll, screen, width=5000)
    room = room_in(screen)
    assert dialog.width() == room.width() and dialog.height() == room.height()
    dialog.show()
    qtbot.waitExposed(dialog)
    assert scroll.verticalScrollBar().maximum() > 0  # the rest scrolls
    assert not scroll.isAncestorOf(button)


def test_placed_wholly_inside_the_free_area(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.setGeometry(900, 600, 300, 150)  # near the bottom right
    dialog, _button = dialog_with(qtbot, 3)
    dialog.setParent(parent, dialog.windowFlags())
    screen = QRect(0, 0, 1280, 800)
    fit_dialog(dialog, dialog.property("scroll"), screen, width=900)
    frame = QRect(dialog.pos(), dialog.size() + FRAME_ALLOWANCE)
    assert screen.contains(frame)
