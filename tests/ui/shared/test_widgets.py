"""casenotes.ui.shared.widgets: the window's shared widgets, driven for real."""

from __future__ import annotations

import pytest
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLineEdit, QListView, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from casenotes.ui.shared.widgets import (
    Chip,
    RichTextDelegate,
    esc,
    heading,
    labelled,
    set_heading,
    side_by_side,
)

pytestmark = pytest.mark.usefixtures("shell_env")


def test_a_chip_takes_its_tint_again_when_the_palette_changes(qtbot: QtBot) -> None:
    chip = Chip("Couple", hue=0.78)
    qtbot.addWidget(chip)
    light = chip.styleSheet()
    dark = QPalette(chip.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    chip.setPalette(dark)
    assert chip.styleSheet() != light  # restyled for the dark theme, once


def test_a_section_heading_is_bold_rich_text_larger_than_its_surroundings(
    qtbot: QtBot,
) -> None:
    section = heading("Goals & plans")
    qtbot.addWidget(section)
    assert section.accessibleName() == "Goals & plans"
    assert "Goals &amp; plans" in section.text()  # escaped: never read as markup
    assert section.sizeHint().height() > section.fontMetrics().height()
    set_heading(section, "Sessions (12)")
    assert section.accessibleName() == "Sessions (12)"
    assert "Sessions (12)" in section.text() and "font-weight:600" in section.text()


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


def test_a_flow_built_while_hidden_is_laid_out_when_shown(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QPushButton

    from casenotes.ui.shared.widgets import FlowWidget

    flow = FlowWidget()
    qtbot.addWidget(flow)
    buttons = [QPushButton(f"Filter number {i}") for i in range(6)]
    for button in buttons:
        flow.add(button)  # hidden: placed once it is shown, not after each add
    flow.resize(buttons[0].sizeHint().width() * 3, 200)
    flow.show()
    qtbot.waitExposed(flow)
    rects = [b.geometry() for b in buttons]
    assert all(r.right() <= flow.width() for r in rects)
    assert len({r.top() for r in rects}) > 1  # wrapped onto more than one line
    for i, first in enumerate(rects):
        for second in rects[i + 1 :]:
            assert not first.intersects(second)
    late = QPushButton("Added while shown")
    flow.add(late)
    assert not any(late.geometry().intersects(r) for r in rects)


def test_a_flow_gives_a_widget_the_minimum_size_set_on_it(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QPushButton

    from casenotes.ui.shared.widgets import FlowWidget

    flow = FlowWidget()
    qtbot.addWidget(flow)
    tall = QPushButton("Save emergency kit…")
    tall.setMinimumHeight(tall.sizeHint().height() + 12)  # as the setup pages' buttons do
    flow.add(QPushButton("Copy"))
    flow.add(tall)
    width = tall.sizeHint().width() * 3
    assert flow.heightForWidth(width) >= tall.minimumHeight()
    flow.resize(width, flow.heightForWidth(width))
    flow.show()
    qtbot.waitExposed(flow)
    assert tall.height() >= tall.minimumHeight()
    assert flow.rect().contains(tall.geometry())  # whole, not cut at the bottom


def test_rich_text_rows_are_drawn_from_the_documents_laid_out_for_their_size(
    qtbot: QtBot,
) -> None:
    """Each row is laid out once for its size and painted from that same document (a new
    list of results laid out each row twice); what is drawn is the same either way."""
    from PySide6.QtCore import QStringListModel
    from PySide6.QtWidgets import QListView

    from casenotes.ui.shared.widgets import RichTextDelegate, esc

    rows = [f"Fictional row {i}: the agreement, <b>again</b>" for i in range(12)]
    built: list[str] = []

    def build(index: object, muted: str) -> str:
        text = str(index.data())  # type: ignore[attr-defined]
        built.append(muted)
        return f"<span style='color:{muted or 'black'}'>{esc(text)}</span>"

    view = QListView()
    model = QStringListModel(rows)
    view.setModel(model)
    delegate = RichTextDelegate(view, build)
    view.setItemDelegate(delegate)
    qtbot.addWidget(view)
    view.resize(400, 600)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(20)
    first = view.grab().toImage()
    assert view.grab().toImage() == first
    assert len(delegate._docs) == len(rows)  # painted from the documents sized
    delegate.clear_cache()
    assert not delegate._docs
    view.viewport().update()
    qtbot.wait(20)
    assert view.grab().toImage() == first


def _rich_rows(count: int) -> tuple[QListView, QStringListModel, RichTextDelegate]:
    """A list of ``count`` rich-text rows of different lengths, each wrapping."""
    rows = [
        f"Fictional row {i}: " + "the agreement about the weekend, <b>again</b> " * (1 + i % 4)
        for i in range(count)
    ]

    def build(index: QModelIndex | QPersistentModelIndex, muted: str) -> str:
        return f"<span style='color:{muted}'>{esc(str(index.data()))}</span>"

    view = QListView()
    view.setWordWrap(True)
    view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
    model = QStringListModel(rows)
    view.setModel(model)
    delegate = RichTextDelegate(view, build)
    view.setItemDelegate(delegate)
    return view, model, delegate


def _option_for(view: QListView) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.font = view.font()
    return option


def test_rich_text_rows_out_of_sight_are_measured_in_later_turns_with_their_true_heights(
    qtbot: QtBot,
) -> None:
    """A long list measures the rows in sight (and half a screen below) in its own layout
    pass; the rest a few per turn after, and then every row has its document's height."""
    view, model, delegate = _rich_rows(60)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    view.doItemsLayout()  # one layout pass, as a new list of results gets
    assert 0 < len(delegate._cache) < 30  # the rows in sight, not all sixty
    assert delegate._pending
    qtbot.waitUntil(lambda: not delegate._pending)
    qtbot.wait(20)  # the list laid out again with the heights measured last
    option = _option_for(view)
    for row in range(60):
        index = model.index(row, 0)
        assert view.visualRect(index).height() == delegate.sizeHint(option, index).height()


def test_rich_text_rows_keep_their_wrapping_when_the_list_grows_a_scroll_bar(
    qtbot: QtBot,
) -> None:
    """A few rows, then many: the rows wrap to the width left beside a scroll bar from the
    start, so the scroll bar's coming measures none of them again."""
    view, model, delegate = _rich_rows(2)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(20)
    assert not view.verticalScrollBar().isVisible()
    before = dict(delegate._cache)
    assert len(before) == 2
    model.setStringList(model.stringList() + [model.stringList()[1]] * 20)
    qtbot.waitUntil(lambda: view.verticalScrollBar().isVisible())
    qtbot.waitUntil(lambda: not delegate._pending)
    # Every row measured at the one width: none again for the scroll bar.
    assert {key[1] for key in delegate._cache} == {key[1] for key in before}
    first = view.visualRect(model.index(0, 0))
    assert first.height() == next(iter(before.values())).height()
