"""casenotes.ui.shared.arrow_toggle: the arrow says open or folded, and grows with the text."""

from __future__ import annotations

from PySide6.QtGui import QFont, QImage
from pytestqt.qtbot import QtBot

from casenotes.ui.shared.arrow_toggle import ArrowToggle


def arrow(toggle: ArrowToggle) -> QImage:
    return toggle.icon().pixmap(toggle.iconSize()).toImage()


def test_the_arrow_turns_with_the_state_and_grows_with_the_text(qtbot: QtBot) -> None:
    toggle = ArrowToggle("Identifiers")
    qtbot.addWidget(toggle)
    folded = arrow(toggle)
    toggle.set_open(True)
    assert toggle.is_open()
    assert arrow(toggle) != folded  # pointing down now
    toggle.set_open(False)
    assert arrow(toggle) == folded
    small = toggle.iconSize().height()
    font = QFont(toggle.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    toggle.setFont(font)
    assert toggle.iconSize().height() > small * 1.5
    assert toggle.text() == "Identifiers"
