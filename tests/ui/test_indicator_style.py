"""casenotes.ui.indicator_style: the application's style with its indicators scaled to the
text, everything else its own."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle

from casenotes.ui.indicator_style import ScaledIndicators, style_for


def test_larger_text_scales_the_indicators_of_the_same_style(qapp: object) -> None:
    plain = style_for("Fusion", 1.0)
    larger = style_for("Fusion", 2.0)
    assert plain is not None and not isinstance(plain, ScaledIndicators)
    assert isinstance(larger, ScaledIndicators)
    metric = QStyle.PixelMetric
    for which in (metric.PM_IndicatorWidth, metric.PM_ExclusiveIndicatorHeight):
        assert larger.pixelMetric(which) == 2 * plain.pixelMetric(which)
    # everything else is the style's own
    assert larger.pixelMetric(metric.PM_ButtonMargin) == plain.pixelMetric(metric.PM_ButtonMargin)
