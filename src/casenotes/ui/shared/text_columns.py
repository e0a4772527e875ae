"""Text columns that share a table's spare width but never shrink below their heading.

Qt's ``Stretch`` sections share the width left by the other columns, down to the header's one
``minimumSectionSize`` for every column: at large text in a narrow pane a long heading such
as "Replacement" is then cut to "placeme". ``TextColumns`` sizes the given sections itself:
each gets an equal share of what the other (contents-sized) columns leave, and at least the
width its heading asks for. When even that is wider than the table, the table scrolls
sideways, as it does for any column."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView


class TextColumns(QObject):
    """Keeps ``columns`` of ``table`` sized as above, as the table, its other columns and
    the text size change. Made once per table; it lives as long as the table."""

    def __init__(self, table: QTableView, columns: Iterable[int]) -> None:
        super().__init__(table)
        self._table = table
        self._columns = tuple(columns)
        self._fitting = False
        header = table.horizontalHeader()
        for column in self._columns:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        # The viewport's width changes with the pane; the other columns' widths with their
        # contents and the font (their sections resize, which this hears).
        table.viewport().installEventFilter(self)
        header.sectionResized.connect(self._other_resized)
        header.sectionCountChanged.connect(lambda _old, _new: self.fit())

    def heading_width(self, column: int) -> int:
        """The width ``column``'s heading needs whole (its text, margins, sort arrow)."""
        return max(0, self._table.horizontalHeader().sectionSizeHint(column))

    def fit(self) -> None:
        header = self._table.horizontalHeader()
        shown = [c for c in self._columns if c < header.count() and not header.isSectionHidden(c)]
        if not shown or self._fitting:
            return
        others = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c not in shown and not header.isSectionHidden(c)
        )
        share = max(0, self._table.viewport().width() - others) // len(shown)
        self._fitting = True  # our own resizes are not a reason to fit again
        try:
            for column in shown:
                header.resizeSection(column, max(share, self.heading_width(column)))
        finally:
            self._fitting = False

    def _other_resized(self, column: int, _old: int, _new: int) -> None:
        if column not in self._columns:
            self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False
