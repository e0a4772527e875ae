"""Reusable widgets and delegates: a flow layout that reflows at any font size, calm notice
banners, client-type chips, and item delegates whose sizes follow the font (no pixel sizes
for text anywhere)."""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable
from typing import ClassVar, Protocol, cast

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from casenotes.core.domain import CaseStatus, ClientType
from casenotes.ui.shared.common import alive, model_data

AnyIndex = QModelIndex | QPersistentModelIndex

# Soft hues per client type and status: tints, never alarm colours.
TYPE_HUES: dict[str, float] = {
    ClientType.CURRENT_SEX_WORKER.value: 0.47,
    ClientType.FORMER_SEX_WORKER.value: 0.33,
    ClientType.CLIENT_OF_SEX_WORKERS.value: 0.60,
    ClientType.COUPLE.value: 0.78,
    ClientType.OCSB.value: 0.10,
    ClientType.OTHER.value: -1.0,  # grey
}
STATUS_HUES: dict[str, float] = {
    CaseStatus.ACTIVE.value: 0.36,
    CaseStatus.PAUSED.value: 0.11,
    CaseStatus.CLOSED.value: -1.0,
}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def tint(palette: QPalette, hue: float, *, strong: bool = False) -> QColor:
    """A soft background for a chip or banner that reads well on light and dark themes."""
    saturation = 0.0 if hue < 0 else (0.45 if not is_dark(palette) else 0.30)
    hue = max(hue, 0.0)
    if is_dark(palette):
        return QColor.fromHslF(hue, saturation, 0.34 if strong else 0.26)
    return QColor.fromHslF(hue, saturation, 0.82 if strong else 0.91)


def muted_color(palette: QPalette, *, selected: bool = False) -> QColor:
    """Secondary text: between the text and its background, still comfortably readable."""
    if selected:
        return palette.color(QPalette.ColorRole.HighlightedText)
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    mix = 0.32
    return QColor.fromRgbF(
        text.redF() * (1 - mix) + base.redF() * mix,
        text.greenF() * (1 - mix) + base.greenF() * mix,
        text.blueF() * (1 - mix) + base.blueF() * mix,
    )


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def title_html(text: str, sub: str = "") -> str:
    """A heading as rich text whose size is relative to the widget's font, so it scales."""
    result = f"<span style='font-size:x-large; font-weight:600'>{esc(text)}</span>"
    if sub:
        result += f"&nbsp;&nbsp;<span style='font-size:large'>{esc(sub)}</span>"
    return result


def heading(text: str) -> QLabel:
    """A section's heading inside a screen, as rich text sized relative to the font it
    inherits (a page's title is ``casenotes.ui.widgets.heading``). ``set_heading`` changes
    its words."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    set_heading(label, text)
    return label


def set_heading(label: QLabel, text: str) -> None:
    """New words for a ``heading`` (the case view's "Sessions (12)")."""
    label.setText(f"<span style='font-size:large; font-weight:600'>{esc(text)}</span>")
    label.setAccessibleName(text)


def muted_label(text: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    _apply_muted(label)
    return label


def _apply_muted(label: QLabel) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, muted_color(label.palette()))
    label.setPalette(palette)


def side_by_side(
    left: QWidget, right: QWidget, *, stretch: tuple[int, int], sizes: tuple[int, int]
) -> QSplitter:
    """Two panes beside each other, sharing the width in ``stretch`` proportions from
    ``sizes`` to start with; neither can be collapsed out of sight."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    splitter.setSizes(list(sizes))
    return splitter


# ---- flow of widgets ----------------------------------------------------------------------


def _wanted(widget: QWidget) -> QSize:
    """The size a widget in a flow is given: its hint, grown to a minimum size set on it (a
    button's height, say), which setGeometry() would give it anyway."""
    return widget.sizeHint().expandedTo(widget.minimumSizeHint()).expandedTo(widget.minimumSize())


class FlowWidget(QWidget):
    """Lays its widgets out left to right and wraps onto new lines as the width or the font
    changes. A plain widget rather than a QLayout subclass: a Python QLayout must return
    None from itemAt(), which PySide6 6.12 on Python 3.11 mis-counts (see the report)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._widgets: list[QWidget] = []
        self._last_signature: tuple[object, ...] = ()
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add(self, widget: QWidget) -> None:
        widget.setParent(self)
        self._widgets.append(widget)
        widget.show()
        if self.isVisible():
            self.relayout()
        else:
            # Not on screen yet: laid out once when shown (resizeEvent, or the first paint
            # finding the arrangement stale), not again for each widget added while a
            # window is being built.
            self._last_signature = ()
            self.updateGeometry()

    def widgets(self) -> list[QWidget]:
        return list(self._widgets)

    def clear(self) -> None:
        widgets, self._widgets = self._widgets, []
        for widget in widgets:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        self.relayout()

    def _gap(self) -> int:
        return max(4, QFontMetrics(self.font()).height() // 3)

    def _visible(self) -> list[QWidget]:
        # Children deleted elsewhere drop out here (no childEvent override: Qt calls it while
        # the parent is being destroyed, which a Python override must not see).
        self._widgets = [w for w in self._widgets if alive(w)]
        return [w for w in self._widgets if not w.isHidden()]

    def _arrange(self, width: int, *, apply: bool) -> int:
        """Place the visible widgets in lines, each centred vertically in its line."""
        gap = self._gap()
        lines: list[list[tuple[QWidget, int, int]]] = [[]]
        x = 0
        for widget in self._visible():
            hint = _wanted(widget)
            item_width = min(hint.width(), max(width, 1))
            if x > 0 and x + item_width > width:
                lines.append([])
                x = 0
            height = hint.height()
            if widget.hasHeightForWidth():
                height = max(height, widget.heightForWidth(item_width))
            lines[-1].append((widget, item_width, height))
            x += item_width + gap
        y = 0
        for line in lines:
            if not line:
                continue
            line_height = max(h for _, _, h in line)
            x = 0
            for widget, item_width, height in line:
                if apply:
                    top = y + (line_height - height) // 2
                    widget.setGeometry(QRect(QPoint(x, top), QSize(item_width, height)))
                x += item_width + gap
            y += line_height + gap
        return max(0, y - gap)

    def _signature(self) -> tuple[object, ...]:
        return (
            self.width(),
            *((id(w), w.sizeHint().width(), w.sizeHint().height()) for w in self._visible()),
        )

    def relayout(self) -> None:
        """Lay out again now (also done on its own when a child is shown, hidden or resized)."""
        self._arrange(self.width(), apply=True)
        self._last_signature = self._signature()
        self.updateGeometry()

    def paintEvent(self, event: QPaintEvent) -> None:
        # A child shown, hidden or given new text repaints the area beneath it: the moment to
        # notice that the arrangement is stale. (Overriding event() to catch LayoutRequest
        # would run Python while Qt destroys the widget.)
        if self._signature() != self._last_signature:
            self.relayout()
        super().paintEvent(event)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(width, apply=False)

    def sizeHint(self) -> QSize:
        gap = self._gap()
        visible = self._visible()
        width = sum(_wanted(w).width() for w in visible) + gap * max(len(visible) - 1, 0)
        height = max((_wanted(w).height() for w in visible), default=0)
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:
        visible = self._visible()
        width = max((w.minimumSizeHint().width() for w in visible), default=0)
        height = max((_wanted(w).height() for w in visible), default=0)
        return QSize(width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            # A chip's own style sheet pins the font it was polished with: it hears of a new
            # text size only through its parent, and takes it at once.
            self._visible()  # drops the children deleted elsewhere
            for widget in self._widgets:
                if isinstance(widget, Chip):
                    widget.restyle()
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.relayout()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.relayout()


def labelled(label_text: str, field: QWidget) -> QWidget:
    """A label and its field kept together on one line of a flow layout (for a label above
    its field, see ``casenotes.ui.widgets.label_above``)."""
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel(label_text)
    label.setBuddy(field)
    layout.addWidget(label)
    layout.addWidget(field)
    return box


class _HasChangeEvent(Protocol):
    def changeEvent(self, event: QEvent) -> None: ...


class RestyledOnPaletteChange:
    """Mixin, listed before the Qt widget's class: ``_restyle()`` runs again when the
    palette changes (a theme switch). Restyling sets a style sheet, which changes the
    palette once more: that second change is ignored."""

    _restyling = False

    def _restyle(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        cast(_HasChangeEvent, super()).changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._restyling:
            self._restyling = True
            try:
                self._restyle()
            finally:
                self._restyling = False


# ---- chips ------------------------------------------------------------------------------


class Chip(RestyledOnPaletteChange, QLabel):
    """A small rounded tag (client type, status, tag), tinted softly."""

    def __init__(self, text: str, hue: float = -1.0, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._hue = hue
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(text)
        self._restyle()

    def restyle(self) -> None:
        """Polish again with the font and palette it inherits now."""
        self.setStyleSheet("")
        self._restyle()
        self.updateGeometry()

    def _restyle(self) -> None:
        color = tint(self.palette(), self._hue)
        border = tint(self.palette(), self._hue, strong=True)
        self.setStyleSheet(
            f"QLabel {{ background: {color.name()}; border: 1px solid {border.name()};"
            " border-radius: 0.6em; padding: 0.1em 0.6em; }"
        )


class ChipDelegate(QStyledItemDelegate):
    """Paints a list of (text, hue) chips from ``chips_role``; the display text stays what
    screen readers read."""

    def __init__(self, chips_role: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._role = chips_role

    def _chips(self, index: AnyIndex) -> list[tuple[str, float]]:
        value = model_data(index, self._role)
        return list(value) if value else []

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        fm = QFontMetrics(opt.font)
        pad_x = max(4, fm.height() // 2)
        pad_y = max(1, fm.height() // 8)
        gap = max(3, fm.height() // 4)
        x = opt.rect.x() + gap
        height = fm.height() + 2 * pad_y
        y = opt.rect.y() + (opt.rect.height() - height) // 2
        right = opt.rect.right() - gap
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(opt.font)
        chips = self._chips(index)
        for position, (text, hue) in enumerate(chips):
            width = fm.horizontalAdvance(text) + 2 * pad_x + 2  # slack against rounding
            remaining = len(chips) - position - 1
            more = f"+{remaining}" if remaining else ""
            reserve = fm.horizontalAdvance(more) + gap if more else 0
            if x + width > right - reserve:
                if position > 0:  # no room for this one: say how many more there are
                    painter.setPen(muted_color(opt.palette))
                    painter.drawText(
                        QRect(x, y, max(right - x, 0), height),
                        int(Qt.AlignmentFlag.AlignVCenter),
                        f"+{len(chips) - position}",
                    )
                    break
                width = max(right - reserve - x, 2 * pad_x)  # the first one, shortened
            width = min(width, right - x)
            rect = QRectF(x, y, width, height)
            painter.setPen(tint(opt.palette, hue, strong=True))
            painter.setBrush(tint(opt.palette, hue))
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), height / 2, height / 2)
            painter.setPen(opt.palette.color(QPalette.ColorRole.Text))
            painter.drawText(
                rect.adjusted(pad_x, 0, -pad_x, 0),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                fm.elidedText(text, Qt.TextElideMode.ElideRight, int(width - 2 * pad_x + 1)),
            )
            x += width + gap
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        fm = QFontMetrics(option.font)
        pad_x = max(4, fm.height() // 2)
        gap = max(3, fm.height() // 4)
        width = gap + sum(
            fm.horizontalAdvance(t) + 2 * pad_x + 2 + gap for t, _ in self._chips(index)
        )
        return QSize(width, fm.height() + 2 * max(1, fm.height() // 8) + fm.height() // 2)


# ---- two-line rows (timeline) ---------------------------------------------------------------


class TwoLineDelegate(QStyledItemDelegate):
    """A title line and a muted, elided second line, with an optional badge on the right.
    Every row has the same height (taken from the font), so long lists lay out fast."""

    def __init__(
        self,
        title_role: int,
        subtitle_role: int,
        badge_role: int,
        dim_role: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._roles = (title_role, subtitle_role, badge_role)
        self._dim_role = dim_role

    @staticmethod
    def _fonts(option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setWeight(QFont.Weight.DemiBold)
        return title, QFont(option.font)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        dim = bool(self._dim_role is not None and model_data(index, self._dim_role))
        title_font, body_font = self._fonts(opt)
        tfm, bfm = QFontMetrics(title_font), QFontMetrics(body_font)
        pad = max(3, bfm.height() // 3)
        rect = opt.rect.adjusted(pad * 2, pad, -pad * 2, -pad)
        title = str(model_data(index, self._roles[0]) or "")
        subtitle = str(model_data(index, self._roles[1]) or "")
        badge = str(model_data(index, self._roles[2]) or "")
        text_color = opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = muted_color(opt.palette, selected=selected)
        painter.save()
        badge_width = 0
        if badge:
            badge_width = bfm.horizontalAdvance(badge) + pad * 2
            painter.setFont(body_font)
            painter.setPen(muted)
            painter.drawText(
                QRect(rect.right() - badge_width, rect.y(), badge_width, tfm.lineSpacing()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                badge,
            )
        painter.setFont(title_font)
        painter.setPen(muted if dim else text_color)
        title_width = rect.width() - badge_width
        painter.drawText(
            QRect(rect.x(), rect.y(), title_width, tfm.lineSpacing()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            tfm.elidedText(title, Qt.TextElideMode.ElideRight, title_width),
        )
        painter.setFont(body_font)
        painter.setPen(muted)
        painter.drawText(
            QRect(rect.x(), rect.y() + tfm.lineSpacing(), rect.width(), bfm.lineSpacing()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            bfm.elidedText(subtitle, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        title_font, body_font = self._fonts(option)
        tfm, bfm = QFontMetrics(title_font), QFontMetrics(body_font)
        pad = max(3, bfm.height() // 3)
        return QSize(bfm.averageCharWidth() * 30, tfm.lineSpacing() + bfm.lineSpacing() + pad * 2)


# ---- rich text rows (search results) ---------------------------------------------------------


DOCUMENTS_KEPT = 120  # a page of results and then some (Show more adds 50)
SIZES_KEPT = 500
# Rows measured in one layout pass: those above and in sight, and this much of a screen below.
SCREENS_AHEAD = 0.5
ROWS_MEASURED_PER_TURN = 8  # rows further down, measured a few per turn of the event loop


class RichTextDelegate(QStyledItemDelegate):
    """Rows drawn from HTML that wrap to the view's width (search results with highlights).

    ``build(index, muted_hex)`` returns the row's HTML; ``muted_hex`` is the colour for
    secondary text in the current palette.

    A row's height needs its document laid out (most of a new list's cost: the list asks
    every row's size at once). Rows in sight and half a screen below are measured in the list's
    own layout pass; rows further down get the mean height measured so far, and are measured
    a few per turn of the event loop afterwards, the list laid out again with their true
    heights (``sizeHintChanged``), so no turn lays out fifty documents."""

    def __init__(self, view: QAbstractItemView, build: Callable[[AnyIndex, str], str]) -> None:
        super().__init__(view)
        self._view = view
        self._build = build
        self._cache: OrderedDict[tuple[str, int, str], QSize] = OrderedDict()
        # The rows' documents as laid out for their size, drawn again by paint (a new list
        # of results would otherwise lay out each row shown twice, once for each).
        self._docs: OrderedDict[tuple[str, int, str], tuple[QTextDocument, int]] = OrderedDict()
        # Rows given an estimate, by key: measured later, a few per turn.
        self._pending: dict[
            tuple[str, int, str], tuple[QPersistentModelIndex, QStyleOptionViewItem, str]
        ] = {}
        self._pass_y = 0  # how far down the layout pass under way has come, in pixels
        self._bar_width = -1  # the vertical scroll bar's width, once asked in a pass
        self._measured = (0, 0, 0)  # width key, heights summed, rows: for the estimate
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._measure_pending)

    def _html(self, option: QStyleOptionViewItem, index: AnyIndex, *, selected: bool) -> str:
        return self._build(index, muted_color(option.palette, selected=selected).name())

    def _document(self, option: QStyleOptionViewItem, html: str) -> tuple[QTextDocument, int]:
        fm = QFontMetrics(option.font)
        pad = max(3, fm.height() // 3)
        width = max(self._row_width(), fm.averageCharWidth() * 10) - 4 * pad
        key = (html, width, option.font.key())
        kept = self._docs.get(key)
        if kept is not None:
            self._docs.move_to_end(key)
            return kept
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        doc.setHtml(html)
        doc.setTextWidth(width)
        self._docs[key] = (doc, pad)
        if len(self._docs) > DOCUMENTS_KEPT:
            self._docs.popitem(last=False)
        return doc, pad

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        doc, pad = self._document(opt, self._html(opt, index, selected=selected))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(
            QPalette.ColorRole.Text,
            opt.palette.color(
                QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            ),
        )
        painter.save()
        painter.translate(opt.rect.x() + 2 * pad, opt.rect.y() + pad)
        painter.setClipRect(QRectF(0, 0, opt.rect.width() - 2 * pad, opt.rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        # The row's HTML as an unselected row is painted: built once, for the key and, on a
        # miss, for the document too (the same document the paint then draws).
        html = self._html(option, index, selected=False)
        if index.row() == 0:  # the list lays its rows out from the top
            self._pass_y = 0
            self._bar_width = -1
        key = (html, self._row_width(), option.font.key())
        size = self._cache.get(key)
        if size is not None:
            self._cache.move_to_end(key)
        elif self._pass_y > self._horizon():
            size = self._estimate(key[1])
            self._pending[key] = (QPersistentModelIndex(index), QStyleOptionViewItem(option), html)
            self._later.start()
        else:
            size = self._measure(option, html, key)
        self._pass_y += size.height()
        return size

    def _row_width(self) -> int:
        """The width rows wrap to: the viewport's with the vertical scroll bar shown, so a
        list that grows one (a few rows, then fifty) keeps its rows' wrapping and heights
        instead of measuring them all again."""
        width = self._view.viewport().width()
        bar = self._view.verticalScrollBar()
        if bar.isVisibleTo(self._view):
            return width
        if self._view.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            return width
        if self._bar_width < 0:  # asked of the style once a layout pass
            self._bar_width = bar.sizeHint().width()
        return width - self._bar_width

    def _horizon(self) -> int:
        """How far down a layout pass measures its rows: the part in sight and below it."""
        height = self._view.viewport().height()
        return self._view.verticalScrollBar().value() + int((1 + SCREENS_AHEAD) * height)

    def _measure(self, option: QStyleOptionViewItem, html: str, key: tuple[str, int, str]) -> QSize:
        doc, pad = self._document(option, html)
        size = QSize(int(doc.idealWidth()) + 4 * pad, int(doc.size().height()) + 2 * pad + 1)
        self._cache[key] = size
        if len(self._cache) > SIZES_KEPT:
            self._cache.popitem(last=False)
        width, total, rows = self._measured
        if width != key[1]:
            total = rows = 0
        self._measured = (key[1], total + size.height(), rows + 1)
        self._pending.pop(key, None)
        return size

    def _estimate(self, width: int) -> QSize:
        """A row not measured yet: the mean height of the rows measured at this width."""
        measured_width, total, rows = self._measured
        if measured_width == width and rows:
            return QSize(1, total // rows)
        fm = QFontMetrics(self._view.font())
        return QSize(1, 3 * fm.lineSpacing() + 2 * max(3, fm.height() // 3) + 1)

    def _measure_pending(self) -> None:
        """Measure the next few rows that were given an estimate, then lay the list out
        again with their heights."""
        changed: QPersistentModelIndex | None = None
        for _ in range(ROWS_MEASURED_PER_TURN):
            if not self._pending:
                break
            key = next(iter(self._pending))
            index, option, html = self._pending.pop(key)
            if not index.isValid() or key[1] != self._row_width():
                continue  # the list changed since: its own layout asks again
            if key not in self._cache:
                self._measure(option, html, key)
            changed = index
        if self._pending:
            self._later.start()
        if changed is not None:
            model = changed.model()
            self.sizeHintChanged.emit(
                model.index(changed.row(), changed.column(), changed.parent())
            )
            current = self._view.currentIndex()
            if not self._pending and current.isValid():
                # A row made current meanwhile (End, Page Down) was scrolled to by its place
                # among estimates: laid out now with every row's height, and in sight again.
                self._view.doItemsLayout()
                self._view.scrollTo(current)

    def clear_cache(self) -> None:
        self._cache.clear()
        self._docs.clear()
        self._pending.clear()


# ---- notices ----------------------------------------------------------------------------


class Banner(RestyledOnPaletteChange, QFrame):
    """A calm notice across the top of an area: a sentence, optional action, and Dismiss."""

    action_clicked = Signal()
    dismissed = Signal()

    HUES: ClassVar[dict[str, float]] = {"info": 0.58, "warning": 0.11, "error": 0.02}

    def __init__(
        self,
        kind: str = "info",
        *,
        action: str = "",
        dismissable: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._kind = kind
        layout = QHBoxLayout(self)
        fm = QFontMetrics(self.font())
        layout.setContentsMargins(
            fm.height() // 2, fm.height() // 3, fm.height() // 2, fm.height() // 3
        )
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.label, 1)
        self.action_button = QPushButton(action)
        self.action_button.setVisible(bool(action))
        self.action_button.setAccessibleName(action)
        self.action_button.clicked.connect(self.action_clicked)
        layout.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setAccessibleName("Dismiss this notice")
        self.dismiss_button.setVisible(dismissable)
        self.dismiss_button.clicked.connect(self._dismiss)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setAccessibleName("Notice")
        self.hide()
        self._restyle()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()

    def _restyle(self) -> None:
        hue = self.HUES.get(self._kind, 0.58)
        color = tint(self.palette(), hue)
        border = tint(self.palette(), hue, strong=True)
        self.setStyleSheet(
            f"QFrame#banner {{ background: {color.name()}; border: 1px solid {border.name()};"
            " border-radius: 6px; }"
        )
