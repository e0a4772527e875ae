"""casenotes.ui.shared.text_columns: text columns share the width the other columns leave,
and never shrink below what their heading needs; the table scrolls sideways instead. Widths
are compared with the header's own size hints, so nothing depends on the fonts installed."""

from __future__ import annotations

from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTableView
from pytestqt.qtbot import QtBot

from casenotes.ui.shared.text_columns import TextColumns

HEADINGS = ["Kind", "A rather long heading", "Another long heading", "State"]
TEXT = (1, 2)


def table_of(qtbot: QtBot, width: int) -> tuple[QTableView, TextColumns]:
    model = QStandardItemModel(3, len(HEADINGS))
    model.setHorizontalHeaderLabels(HEADINGS)
    for row in range(3):
        for column in range(len(HEADINGS)):
            model.setItem(row, column, QStandardItem(f"cell {row}.{column}"))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    header = table.horizontalHeader()
    for column in (0, 3):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    columns = TextColumns(table, TEXT)
    table.resize(width, 300)
    table.show()
    qtbot.waitExposed(table)
    return table, columns


def used_width(table: QTableView) -> int:
    header = table.horizontalHeader()
    return sum(header.sectionSize(c) for c in range(header.count()))


def test_a_wide_table_shares_its_spare_width_between_the_text_columns(qtbot: QtBot) -> None:
    table, columns = table_of(qtbot, 1400)
    header = table.horizontalHeader()
    first, second = (header.sectionSize(c) for c in TEXT)
    assert abs(first - second) <= 1
    assert first > columns.heading_width(1)
    # the columns fill the table across (to a pixel of rounding), with no sideways scroll
    assert 0 <= table.viewport().width() - used_width(table) <= len(TEXT)
    assert table.horizontalScrollBar().maximum() == 0

    table.resize(1000, 300)  # narrower: the share follows
    qtbot.waitUntil(lambda: header.sectionSize(1) < first)
    assert 0 <= table.viewport().width() - used_width(table) <= len(TEXT)


def test_a_narrow_table_keeps_every_heading_whole_and_scrolls_sideways(qtbot: QtBot) -> None:
    table, columns = table_of(qtbot, 260)
    header = table.horizontalHeader()
    for column in TEXT:
        assert header.sectionSize(column) >= columns.heading_width(column) > 0
    assert used_width(table) > table.viewport().width()
    assert table.horizontalScrollBar().maximum() > 0


def test_larger_text_widens_the_text_columns_to_their_headings(qtbot: QtBot) -> None:
    table, columns = table_of(qtbot, 260)
    header = table.horizontalHeader()
    before = header.sectionSize(1)
    font = QFont(table.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    table.setFont(font)
    header.setFont(font)
    qtbot.waitUntil(lambda: header.sectionSize(1) > before)
    for column in TEXT:
        assert header.sectionSize(column) >= columns.heading_width(column)
