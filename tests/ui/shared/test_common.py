"""casenotes.ui.shared.common: the small helpers the whole window shares (the one text
shortener, list splitting, dates through Qt, item-model data without QVariant)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, QStringListModel, Qt
from PySide6.QtWidgets import QTextEdit

from casenotes.ui.shared.common import (
    from_qdate,
    model_data,
    set_read_only,
    shorten,
    split_list,
    to_qdate,
)


def test_shorten_folds_white_space_and_cuts_with_an_ellipsis() -> None:
    assert shorten("  Plan:\n keep   the\tagreement  ", 40) == "Plan: keep the agreement"
    cut = shorten("Bring one line each that felt hard to write", 12)
    assert cut == "Bring one l…" and len(cut) == 12
    assert shorten("exactly ten", 11) == "exactly ten"


def test_split_list_keeps_order_and_drops_repeats_and_blanks() -> None:
    assert split_list("agreements, , trust,agreements , repair") == [
        "agreements",
        "trust",
        "repair",
    ]
    assert split_list("one\ntwo\n\none", "\n") == ["one", "two"]


def test_dates_round_trip_through_qdate() -> None:
    day = date(2025, 2, 28)
    assert from_qdate(to_qdate(day)) == day


def test_model_data_reads_through_a_proxy(qapp: object) -> None:
    source = QStringListModel(["Harbourside", "Rowan"])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(source)
    proxy.sort(0)
    assert model_data(proxy.index(1, 0), Qt.ItemDataRole.DisplayRole) == "Rowan"
    assert model_data(proxy.index(5, 0), Qt.ItemDataRole.DisplayRole) is None


class _ReadOnlyChanges(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ReadOnlyChange:
            self.count += 1
        return False


def test_set_read_only_tells_the_widget_only_of_a_change(qapp: object) -> None:
    """A text edit's own setReadOnly announces a change even when there is none (and the
    window lays the note out again for it): the helper leaves an unchanged edit alone."""
    edit = QTextEdit()
    changes = _ReadOnlyChanges()
    edit.installEventFilter(changes)
    edit.setReadOnly(False)
    assert changes.count == 1  # Qt's own call, as the helper avoids
    set_read_only(edit, False)
    assert changes.count == 1 and not edit.isReadOnly()
    set_read_only(edit, True)
    assert changes.count == 2 and edit.isReadOnly()
    set_read_only(edit, True)
    assert changes.count == 2
    set_read_only(edit, False)
    assert changes.count == 3 and not edit.isReadOnly()
