"""The case record as PDF: A4, a cover, "Confidential" and "Page N of M" on every page, its
text readable back, nothing pulled in from links or images. Fictional data."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtWidgets import QApplication
from tests.pdftext import Squeezed, pdf_pages, pdf_text

from casenotes.core.domain import Case, Note, note_content_hash
from casenotes.core.record import CaseRecord, RecordOptions, build_record
from casenotes.core.record.markdown import render_record

pypdf = pytest.importorskip("pypdf")

CASE = Case(code="PDF-3", display_name="Fictional Client")
AT = datetime(2025, 4, 2, 9, 0, tzinfo=UTC)


def _record(count: int, body: str = "Session text.") -> CaseRecord:
    notes = []
    for i in range(count):
        note = Note(
            case_id=CASE.id,
            session_date=date(2025, 1, 1 + i % 28),
            sections={"body": f"{body} Marker-{i}."},
        )
        notes.append(replace(note, signed_at=AT, content_hash=note_content_hash(note)))
    return build_record(CASE, notes, [], [], RecordOptions(), produced_at=AT)


def test_every_page_has_the_header_and_its_number(qapp: QApplication) -> None:
    from casenotes.ui.record_pdf import record_to_pdf

    record = _record(12, "A long paragraph about the week, the work and rest. " * 30)
    data = record_to_pdf(record, render_record(record))
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595) < 2 and abs(float(box.height) - 842) < 2  # A4
    texts = pdf_pages(data)
    total = len(texts)
    assert total >= 4
    for number, text in enumerate(texts, start=1):
        assert "Confidential" in text and "Case record · PDF-3" in text
        assert f"Page {number} of {total}" in text
    # The cover stands alone; the sessions start on the next page.
    assert "This record contains" in texts[0] and "Marker-0" not in texts[0]
    assert texts[1].count("Sessions") >= 1 and "Marker-0" in texts[1]
    every = Squeezed("".join(texts))
    assert all(f"Marker-{i}." in every for i in range(12))
    assert reader.metadata is not None and reader.metadata.title == "Case record"


def test_content_is_shown_as_written_and_pulls_nothing_in(
    qapp: QApplication, tmp_path: Path
) -> None:
    from casenotes.ui.record_pdf import record_to_pdf

    image = tmp_path / "x.png"
    hostile = f"<b>bold</b> *stars* [link](https://example.org) ![alt]({image}) # hash"
    record = _record(1, hostile)
    data = record_to_pdf(record, render_record(record))
    text = pdf_text(data)
    assert "<b>bold</b> *stars* [link](https://example.org)" in text
    assert b"/URI" not in data and b"/Subtype /Image" not in data


def test_one_note_says_so_in_its_header(qapp: QApplication) -> None:
    from casenotes.ui.record_pdf import record_to_pdf

    full = _record(2)
    one = replace(full, options=RecordOptions(note_id=full.sessions[0].note_id))
    texts = pdf_pages(record_to_pdf(one, render_record(one)))
    assert all("Session note · PDF-3" in text for text in texts)


def test_laid_out_in_steps_the_pages_are_those_of_one_layout(qapp: QApplication) -> None:
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QFont, QTextDocument

    from casenotes.ui.pdf_export import a4_writer
    from casenotes.ui.record_pdf import BODY_POINTS, record_document

    record = _record(30, "A paragraph about the week, the work and rest. " * 12)
    markdown = render_record(record)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = a4_writer(buffer, "Case record", margin_mm=18.0, resolution=300)
    page = QSizeF(2000, 3000)
    stepped = record_document(markdown, writer, page)
    # The same document read with its page size set and laid out in one call, as before.
    whole = QTextDocument()
    whole.documentLayout().setPaintDevice(writer)
    font = QFont()
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(BODY_POINTS)
    whole.setDefaultFont(font)
    whole.setDocumentMargin(0)
    whole.setPageSize(page)
    whole.setMarkdown(markdown, QTextDocument.MarkdownFeature.MarkdownNoHTML)
    stepped_blocks = _block_places(stepped)
    assert len(stepped_blocks) > 100  # enough blocks for several steps
    assert stepped.pageCount() > 3
    # Page breaks before parts are the one difference on purpose: compare after applying
    # them to the whole document too.
    from casenotes.ui.pdf_export import strip_images_and_links
    from casenotes.ui.record_pdf import _break_before_parts

    strip_images_and_links(whole)
    _break_before_parts(whole)
    assert _block_places(whole) == stepped_blocks
    assert whole.pageCount() == stepped.pageCount()


def _block_places(document: Any) -> list[tuple[str, float, float, float]]:
    layout = document.documentLayout()
    places = []
    block = document.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        places.append((block.text()[:20], rect.top(), rect.height(), rect.width()))
        block = block.next()
    return places
