"""casenotes.ui.shared.widgets: the window's shared widgets, driven for real."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from casenotes.ui import widgets
from casenotes.ui.shared.widgets import Chip, heading, labelled, side_by_side

pytestmark = pytest.mark.usefixtures("shell_env")


def test_a_chip_takes_its_tint_again_when_the_palette_changes(qtbot: QtBot) -> None:
    chip = Chip("Couple", hue=0.78)
    qtbot.addWidget(chip)
    light = chip.styleSheet()
    dark = QPalette(chip.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    chip.setPalette(dark)
    assert chip.styleSheet() != light  # restyled for the dark theme, once


def test_a_section_heading_is_the_pages_heading_smaller(qtbot: QtBot) -> None:
    section, page = heading("Goals"), widgets.heading("Goals")
    qtbot.addWidget(section)
    qtbot.addWidget(page)
    assert section.accessibleName() == "Goals" and section.text() == "Goals"
    assert section.font().pointSizeF() < page.font().pointSizeF()
    assert section.font().bold() and page.font().bold()


def test_labelled_keeps_a_label_beside_its_field(qtbot: QtBot) -> None:
    field = QLineEdit()
    box = labelled("&Length", field)
    qtbot.addWidget(box)
    [label] = [w for w in box.findChildren(QWidget) if w is not field]
    assert label.buddy() is field  # Alt+L reaches the field


def test_side_by_side_keeps_both_panes(qtbot: QtBot) -> None:
    left, right = QWidget(), QWidget()
    splitter = side_by_side(left, right, stretch=(3, 2), sizes=(600, 400))
    qtbot.addWidget(splitter)
    assert splitter.widget(0) is left and splitter.widget(1) is right
    assert not splitter.childrenCollapsible()
