"""Check boxes and radio buttons whose words wrap: narrow enough for any column, taller as
they wrap, and a click anywhere on their words counts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from casenotes.ui.workspace.wrapping_buttons import WrappingCheckBox, WrappingRadioButton

LONG = (
    "Talk about jealousy without blaming each other, and check in about it monthly, "
    "in words both of them chose"
)


@pytest.mark.parametrize("kind", [WrappingCheckBox, WrappingRadioButton])
def test_long_words_wrap_instead_of_widening(qtbot: QtBot, kind: type[WrappingCheckBox]) -> None:
    column = QWidget()
    layout = QVBoxLayout(column)
    button: QAbstractButton = kind(LONG)
    layout.addWidget(button)
    qtbot.addWidget(column)
    line = button.fontMetrics().height()
    assert button.minimumSizeHint().width() < button.fontMetrics().horizontalAdvance(LONG) / 3
    assert button.heightForWidth(button.sizeHint().width()) < line * 2  # one line when room
    narrow = button.minimumSizeHint().width()
    assert button.heightForWidth(narrow) > line * 3  # more lines when narrow
    column.resize(narrow + 30, 400)
    column.show()
    qtbot.waitExposed(column)
    assert button.width() <= narrow + 30
    assert button.height() >= button.heightForWidth(button.width()) - 1
    assert button.text() == LONG and button.toolTip() == LONG
    qtbot.mouseClick(
        button,
        Qt.MouseButton.LeftButton,
        pos=QPoint(button.width() - 5, button.height() - line // 2),
    )
    assert button.isChecked()  # the last line of its words is part of it


@pytest.mark.parametrize("kind", [WrappingCheckBox, WrappingRadioButton])
def test_a_height_measured_once_follows_the_text_and_the_font(
    qtbot: QtBot, kind: type[WrappingCheckBox]
) -> None:
    button = kind("Feeling close to someone without having to earn it first")
    qtbot.addWidget(button)
    narrow = button.heightForWidth(120)
    assert button.heightForWidth(120) == narrow
    assert button.heightForWidth(2000) < narrow  # one line when there is room
    button.setText("Short")
    assert button.heightForWidth(120) < narrow
    button.setText("Feeling close to someone without having to earn it first")
    font = button.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    button.setFont(font)  # a larger text size: measured again
    assert button.heightForWidth(120) > narrow


@pytest.mark.parametrize("kind", [WrappingCheckBox, WrappingRadioButton])
def test_size_hints_measured_once_follow_the_text_and_the_font(
    qtbot: QtBot, kind: type[WrappingCheckBox]
) -> None:
    """The hints are kept per text (layouts ask for them many times a note switch), and are
    measured again for new words or a new text size; the widget still says it has a height
    for a width, from its size policy."""
    button = kind("Feeling close")
    qtbot.addWidget(button)
    assert button.hasHeightForWidth()
    short = button.sizeHint()
    assert button.sizeHint() == short
    button.setText("Feeling close to someone without having to earn it first")
    assert button.sizeHint().width() > short.width()
    wide = button.sizeHint()
    font = button.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    button.setFont(font)
    assert button.sizeHint().width() > wide.width()
    assert button.sizeHint().height() > wide.height()
    assert button.minimumSizeHint().height() == button.sizeHint().height()
