"""A case record (or one note) as PDF, or on a printer: drawn by Qt, entirely in memory.

The record's Markdown (core/record/markdown.py) is read the way summaries are
(``pdf_export``: no HTML, images and links taken out before layout), then painted page by
page onto any paged device, a ``QPdfWriter`` on a ``QBuffer`` or the ``QPrinter`` the print
dialog set up, so the PDF and the printout are the same pages. Each page has "Confidential"
and the case code in a header and "Page N of M" in a footer; each top-level part of the
record (the cover with the case details, the sessions, goals, disclosures) starts a page.
No temporary file is written. The PDF's metadata is fixed text: title "Case record",
creator "Casenotes".
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPagedPaintDevice,
    QPainter,
    QPen,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from casenotes.core.record import CaseRecord
from casenotes.core.record.markdown import CONFIDENTIAL
from casenotes.ui.pdf_export import (
    a4_writer,
    ensure_application,
    strip_images_and_links,
)

RESOLUTION_DPI = 300
MARGIN_MM = 18.0
BODY_POINTS = 10.5  # readable on paper; headings are scaled from it by Qt's Markdown reader
BAND_POINTS = 8.5  # the header and footer
BAND_LINES = 2.2  # each band's height, in lines of its font
PDF_TITLE = "Case record"
LAYOUT_STEP_BLOCKS = 40  # about 10 ms of Qt's layout a step for a record's blocks


def band_text(record: CaseRecord) -> str:
    """What the header says beside "Confidential"."""
    what = "Session note" if record.options.note_id is not None else "Case record"
    return f"{what} · {record.case.code}"


def record_to_pdf(record: CaseRecord, markdown: str) -> bytes:
    """An A4 PDF of the record's Markdown (a :data:`core.record.writer.PdfRenderer`)."""
    ensure_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = a4_writer(buffer, PDF_TITLE, margin_mm=MARGIN_MM, resolution=RESOLUTION_DPI)
    paint_pages(markdown, writer, RESOLUTION_DPI, band_text(record))
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(data.data())


def paint_pages(
    markdown: str,
    device: QPagedPaintDevice,
    resolution: int,
    band: str,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Lay ``markdown`` out on ``device``'s pages, with header and footer; return how many
    pages were painted. ``resolution``: the device's dots per inch (the PDF writer's, or the
    printer's). ``progress(done, pages)`` is called after each page (from whatever thread
    paints: a printout is painted on the task runner's worker)."""
    area = device.pageLayout().paintRectPixels(resolution)
    width, height = float(area.width()), float(area.height())
    band_font = QFont()
    band_font.setStyleHint(QFont.StyleHint.SansSerif)
    band_font.setPointSizeF(BAND_POINTS)
    band_height = BAND_POINTS / 72.0 * resolution * BAND_LINES
    body_height = height - 2 * band_height
    document = record_document(markdown, device, QSizeF(width, body_height))
    pages = document.pageCount()
    painter = QPainter(device)
    try:
        for index in range(pages):
            if index:
                device.newPage()
            _paint_bands(
                painter, band_font, width, height, band_height, band, f"Page {index + 1} of {pages}"
            )
            painter.save()
            painter.translate(0, band_height - index * body_height)
            document.drawContents(painter, QRectF(0, index * body_height, width, body_height))
            painter.restore()
            if progress is not None:
                progress(index + 1, pages)
    finally:
        painter.end()
    return pages


def record_document(markdown: str, device: QPagedPaintDevice, page: QSizeF) -> QTextDocument:
    """The record laid out on pages of ``page`` (device pixels), each top-level heading after
    the first (the cover's) on a new page."""
    document = QTextDocument()
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, PDF_TITLE)
    document.documentLayout().setPaintDevice(device)  # font metrics at the device's resolution
    font = QFont()
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(BODY_POINTS)
    document.setDefaultFont(font)
    # PySide holds the GIL through every call into Qt, and the worker makes these: one call
    # that reads and lays out a long record (0.2-0.3 s for 200 notes) would keep each of
    # the window's Python slots waiting as long. A null page size leaves the layout until
    # the Markdown is read and the page size set; it is then laid out a few blocks a call.
    document.setPageSize(QSizeF(0, 0))
    document.setMarkdown(markdown, QTextDocument.MarkdownFeature.MarkdownNoHTML)
    strip_images_and_links(document)
    _break_before_parts(document)
    document.setDocumentMargin(0)
    document.setPageSize(page)
    lay_out_in_steps(document)
    return document


def lay_out_in_steps(document: QTextDocument, blocks_a_step: int = LAYOUT_STEP_BLOCKS) -> None:
    """Lay ``document`` out from the top, ``blocks_a_step`` blocks per call into Qt: asking
    where a block is lays the document out down to it (Qt lays out lazily, as a text view
    does), so the GIL is let go between steps. The layout is the one a single call makes."""
    layout = document.documentLayout()
    block = document.begin()
    index = 0
    while block.isValid():
        if index % blocks_a_step == 0:
            layout.blockBoundingRect(block)
        block = block.next()
        index += 1
    layout.blockBoundingRect(document.lastBlock())


def _break_before_parts(document: QTextDocument) -> None:
    cursor = QTextCursor(document)
    block = document.begin()
    first = True
    while block.isValid():
        if block.blockFormat().headingLevel() == 1:
            if not first:
                fmt = block.blockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.setPosition(block.position())
                cursor.setBlockFormat(fmt)
            first = False
        block = block.next()


def _paint_bands(
    painter: QPainter,
    font: QFont,
    width: float,
    height: float,
    band_height: float,
    band: str,
    page_words: str,
) -> None:
    painter.save()
    painter.setFont(font)
    painter.setPen(QColor(0, 0, 0))
    top = QRectF(0, 0, width, band_height * 0.8)
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, CONFIDENTIAL)
    painter.setFont(font)
    painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, band)
    pen = QPen(QColor(120, 120, 120))
    pen.setWidthF(max(1.0, band_height / 60))
    painter.setPen(pen)
    painter.drawLine(0, int(band_height * 0.85), int(width), int(band_height * 0.85))
    painter.setPen(QColor(0, 0, 0))
    bottom = QRectF(0, height - band_height * 0.8, width, band_height * 0.8)
    painter.drawText(
        bottom, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, page_words
    )
    painter.restore()
