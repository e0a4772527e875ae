"""Check boxes and radio buttons whose text wraps onto more lines instead of pushing its
column wider than the window: at 20-point text a goal's words or a prompt's option can be
wider than the note column. Layouts ask them for a height for a given width, as they do a
word-wrapped label."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

WRAP_FLAGS = int(
    Qt.TextFlag.TextWordWrap
    | Qt.AlignmentFlag.AlignLeft
    | Qt.AlignmentFlag.AlignVCenter
    | Qt.TextFlag.TextShowMnemonic
)
MIN_CHARS = 12  # narrower than this, a word per line stops being readable


def _indicator(widget: QWidget, *, radio: bool) -> tuple[int, int, int]:
    """The style's indicator width and height, and the gap before the text."""
    style = widget.style()
    metric = QStyle.PixelMetric
    # Asked with the widget: a style sheet can size the indicators with the text.
    if radio:
        return (
            style.pixelMetric(metric.PM_ExclusiveIndicatorWidth, None, widget),
            style.pixelMetric(metric.PM_ExclusiveIndicatorHeight, None, widget),
            style.pixelMetric(metric.PM_RadioButtonLabelSpacing, None, widget),
        )
    return (
        style.pixelMetric(metric.PM_IndicatorWidth, None, widget),
        style.pixelMetric(metric.PM_IndicatorHeight, None, widget),
        style.pixelMetric(metric.PM_CheckBoxLabelSpacing, None, widget),
    )


def _text_height(widget: QWidget, text: str, width: int) -> int:
    bounds = widget.fontMetrics().boundingRect(
        QRect(0, 0, max(width, 1), 100_000), WRAP_FLAGS, text
    )
    return bounds.height()


def _set_up(widget: QCheckBox | QRadioButton) -> None:
    # The policy's flag is what QWidget.hasHeightForWidth() answers: no Python override,
    # which layouts called about a thousand times a note switch.
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    widget.setSizePolicy(policy)
    widget.setToolTip(widget.text().replace("&&", "&"))


def _size_hint(widget: QCheckBox | QRadioButton, indicator: tuple[int, int, int]) -> QSize:
    width, height, spacing = indicator
    fm = widget.fontMetrics()
    text = fm.horizontalAdvance(widget.text()) + fm.averageCharWidth()
    return QSize(width + spacing + text, max(height, fm.height()) + 2)


def _minimum_size_hint(widget: QCheckBox | QRadioButton, indicator: tuple[int, int, int]) -> QSize:
    width, height, spacing = indicator
    fm = widget.fontMetrics()
    text = min(
        fm.horizontalAdvance(widget.text()) + fm.averageCharWidth(),
        fm.averageCharWidth() * MIN_CHARS,
    )
    return QSize(width + spacing + text, max(height, fm.height()) + 2)


def _height_for_width(
    widget: QCheckBox | QRadioButton, indicator: tuple[int, int, int], available: int
) -> int:
    width, height, spacing = indicator
    text = _text_height(widget, widget.text(), available - width - spacing)
    return max(height, text) + 2


# What changes a button's height for a width (its text is part of the cache's key).
METRICS_CHANGES = (QEvent.Type.FontChange, QEvent.Type.StyleChange)


def _cached_height(
    widget: QCheckBox | QRadioButton,
    heights: dict[tuple[int, str], int],
    width: int,
    *,
    radio: bool,
) -> int:
    """The height for a width, measured once: layouts ask again and again for the same few
    widths (a prompt form's buttons were asked thousands of times each time a note opened)."""
    key = (width, widget.text())
    height = heights.get(key)
    if height is None:
        if len(heights) > 32:
            heights.clear()
        height = heights[key] = _height_for_width(widget, _indicator(widget, radio=radio), width)
    return height


def _cached_hints(
    widget: QCheckBox | QRadioButton, hints: dict[str, tuple[QSize, QSize]], *, radio: bool
) -> tuple[QSize, QSize]:
    """The size hint and minimum size hint for the text, measured once: layouts ask for
    them many times a note switch (three style metrics and a text width each time)."""
    text = widget.text()
    kept = hints.get(text)
    if kept is None:
        if len(hints) > 8:
            hints.clear()
        indicator = _indicator(widget, radio=radio)
        kept = hints[text] = (
            _size_hint(widget, indicator),
            _minimum_size_hint(widget, indicator),
        )
    return kept


def _paint(widget: QCheckBox | QRadioButton, radio: bool) -> None:
    painter = QStylePainter(widget)
    option = QStyleOptionButton()
    widget.initStyleOption(option)
    text, option.text = option.text, ""
    painter.drawControl(
        QStyle.ControlElement.CE_RadioButton if radio else QStyle.ControlElement.CE_CheckBox, option
    )
    element = (
        QStyle.SubElement.SE_RadioButtonContents if radio else QStyle.SubElement.SE_CheckBoxContents
    )
    contents = widget.style().subElementRect(element, option, widget)
    area = QRect(contents.left(), 0, widget.width() - contents.left(), widget.height())
    painter.drawItemText(
        area, WRAP_FLAGS, option.palette, widget.isEnabled(), text, QPalette.ColorRole.WindowText
    )


class WrappingCheckBox(QCheckBox):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        _set_up(self)
        self._heights: dict[tuple[int, str], int] = {}
        self._hints: dict[str, tuple[QSize, QSize]] = {}

    def sizeHint(self) -> QSize:
        return QSize(_cached_hints(self, self._hints, radio=False)[0])

    def minimumSizeHint(self) -> QSize:
        return QSize(_cached_hints(self, self._hints, radio=False)[1])

    def heightForWidth(self, width: int) -> int:
        return _cached_height(self, self._heights, width, radio=False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in METRICS_CHANGES:
            self._heights.clear()
            self._hints.clear()
        super().changeEvent(event)

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)  # the whole text, every line of it

    def paintEvent(self, event: QPaintEvent) -> None:
        _paint(self, radio=False)


class WrappingRadioButton(QRadioButton):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        _set_up(self)
        self._heights: dict[tuple[int, str], int] = {}
        self._hints: dict[str, tuple[QSize, QSize]] = {}

    def sizeHint(self) -> QSize:
        return QSize(_cached_hints(self, self._hints, radio=True)[0])

    def minimumSizeHint(self) -> QSize:
        return QSize(_cached_hints(self, self._hints, radio=True)[1])

    def heightForWidth(self, width: int) -> int:
        return _cached_height(self, self._heights, width, radio=True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in METRICS_CHANGES:
            self._heights.clear()
            self._hints.clear()
        super().changeEvent(event)

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)

    def paintEvent(self, event: QPaintEvent) -> None:
        _paint(self, radio=True)
