"""Check box and radio button indicators that grow with the text size.

The styles draw indicators at a fixed pixel size whatever the font: at 200% text a check box
is a speck beside its words. ``ScaledIndicators`` is a proxy of the application's style that
multiplies the indicator metrics by the text's scale; the style still draws them (in the
larger square), so they look as they always do. A style sheet could size them too, but an
application style sheet stops later font changes from reaching the widgets.

The proxy answers every metric through Python, so the application uses it only while the
text is larger than the system's (``style_for``): at the usual size nothing changes."""

from __future__ import annotations

from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

SCALED_METRICS = frozenset(
    {
        QStyle.PixelMetric.PM_IndicatorWidth,
        QStyle.PixelMetric.PM_IndicatorHeight,
        QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
        QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
    }
)


class ScaledIndicators(QProxyStyle):
    """The style named ``base``, its indicators ``scale`` times their own size."""

    def __init__(self, base: str, scale: float) -> None:
        super().__init__(base)
        self.scale = scale
        self.base_name = base

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        value = super().pixelMetric(metric, option, widget)
        if metric in SCALED_METRICS:
            return round(value * self.scale)
        return value


def style_for(base: str, scale: float) -> QStyle | None:
    """The style to use for text at ``scale`` times the system's size: the proxy above
    ``base`` when the text is larger, else the plain style (None if ``base`` is unknown)."""
    if scale > 1.0:
        return ScaledIndicators(base, scale)
    return QStyleFactory.create(base)
