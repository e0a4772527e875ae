"""A consultation summary as PDF: Qt's Markdown reader and PDF writer, entirely in memory.

Used by the review dialog and, lazily, by ``casenotes summary --format pdf``. No temporary
file is written: the PDF is built in a QBuffer and handed back as bytes for an atomic write.

The Markdown is read with HTML turned off (CommonMark, no GitHub extensions such as autolinks),
and any image or link left after reading is taken out before layout (an image by its alt
text, a link as plain text), so nothing in the text can pull a local file into the PDF.
Content is escaped when the summary is composed, so it is shown as written.
The PDF's metadata is fixed text: title "Consultation summary", creator "Casenotes".
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
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

RESOLUTION_DPI = 300
MARGIN_MM = 20.0
FONT_POINTS = 10.5
PDF_TITLE = "Consultation summary"
PDF_CREATOR = "Casenotes"


def strip_images_and_links(document: QTextDocument) -> None:
    """Replace each image by its alt text and make each link plain text.

    Qt loads an image's file when laying the document out (falling back to the file itself
    whatever ``loadResource`` answers), so images must be gone before layout."""
    edits: list[tuple[int, int, bool]] = []  # (position, length, is an image)
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid():
                fmt = fragment.charFormat()
                if fmt.isImageFormat() or fmt.isAnchor():
                    edits.append((fragment.position(), fragment.length(), fmt.isImageFormat()))
            it += 1
        block = block.next()
    cursor = QTextCursor(document)
    for position, length, image in reversed(edits):
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        fmt = cursor.charFormat()
        if image:
            alt = str(fmt.property(QTextFormat.Property.ImageAltText) or "")
            cursor.removeSelectedText()
            if alt:
                cursor.insertText(alt)
        else:
            fmt.setAnchor(False)
            fmt.clearProperty(QTextFormat.Property.AnchorHref)
            fmt.clearProperty(QTextFormat.Property.AnchorName)
            cursor.setCharFormat(fmt)


def ensure_application() -> None:
    """Text layout needs a QGuiApplication; without a display, use the offscreen platform."""
    if QGuiApplication.instance() is not None:
        return
    no_display = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if no_display and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # A QApplication (a QGuiApplication that widgets can use too): the process may open a
    # window later, and Qt allows one application object per process.
    from PySide6.QtWidgets import QApplication

    QApplication([sys.argv[0] if sys.argv else "casenotes"])


def a4_writer(
    buffer: QBuffer, title: str, *, margin_mm: float = MARGIN_MM, resolution: int = RESOLUTION_DPI
) -> QPdfWriter:
    """A PDF writer into ``buffer``: A4 portrait, even margins, fixed metadata."""
    writer = QPdfWriter(buffer)
    writer.setResolution(resolution)
    writer.setCreator(PDF_CREATOR)
    writer.setTitle(title)
    margins = QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            margins,
            QPageLayout.Unit.Millimeter,
        )
    )
    return writer


def markdown_to_pdf(markdown: str) -> bytes:
    """An A4 PDF of ``markdown``, with 20 mm margins and a 10.5 pt sans-serif body font."""
    ensure_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = a4_writer(buffer, PDF_TITLE)

    document = QTextDocument()
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, PDF_TITLE)
    document.documentLayout().setPaintDevice(writer)  # font metrics at the PDF's resolution
    font = QFont()
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(FONT_POINTS)
    document.setDefaultFont(font)
    document.setMarkdown(markdown, QTextDocument.MarkdownFeature.MarkdownNoHTML)
    strip_images_and_links(document)
    document.setDocumentMargin(0)
    # Lay the text out on the printable area (in device pixels of the writer).
    rect = writer.pageLayout().paintRectPixels(RESOLUTION_DPI)
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(data.data())
