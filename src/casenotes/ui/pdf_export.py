"""A consultation summary as PDF: Qt's Markdown reader and PDF writer, entirely in memory.

Used by the review dialog and, lazily, by ``casenotes summary --format pdf``. No temporary
file is written: the PDF is built in a QBuffer and handed back as bytes for an atomic write.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

RESOLUTION_DPI = 300
MARGIN_MM = 20.0
FONT_POINTS = 10.5


def _ensure_application() -> None:
    """Text layout needs a QGuiApplication; without a display, use the offscreen platform."""
    if QGuiApplication.instance() is not None:
        return
    no_display = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if no_display and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # A QApplication (a QGuiApplication that widgets can use too): the process may open a
    # window later, and Qt allows one application object per process.
    from PySide6.QtWidgets import QApplication

    QApplication([sys.argv[0] if sys.argv else "casenotes"])


def markdown_to_pdf(markdown: str) -> bytes:
    """An A4 PDF of ``markdown``, with 20 mm margins and a 10.5 pt sans-serif body font."""
    _ensure_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setCreator("Casenotes")
    writer.setTitle("Consultation summary")
    writer.setPageLayout(QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter))

    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)  # font metrics at the PDF's resolution
    font = QFont()
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(FONT_POINTS)
    document.setDefaultFont(font)
    document.setMarkdown(markdown)
    document.setDocumentMargin(0)
    # Lay the text out on the printable area (in device pixels of the writer).
    rect = writer.pageLayout().paintRectPixels(RESOLUTION_DPI)
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(data.data())
