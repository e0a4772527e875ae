"""The summary's PDF: built in memory, A4, and its text readable back."""

from __future__ import annotations

import io
import unicodedata
from datetime import date
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")


def _squeezed(text: str) -> str:
    """``text`` without any white space: where a line wraps depends on the fonts installed
    (a long path may break after "/" or "-", where the source has no space), so the tests
    compare content, never line breaks."""
    return "".join(text.split())


def test_markdown_to_pdf_in_memory(qapp: object) -> None:
    from casenotes.ui.pdf_export import markdown_to_pdf

    data = markdown_to_pdf(
        "**NOT REVIEWED**\n\n# Consultation summary\n\n## Goals\n\n- Rest more (Met)\n"
    )
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 in points
    text = _squeezed(page.extract_text())
    assert "NOTREVIEWED" in text and "Consultationsummary" in text and "Restmore" in text


HOSTILE = (
    "<more> and the rest of the paragraph, <b>bold</b> <i>tags</i>, "
    "*stars* and _underscores_, [Client](page.html#top), `ticks`"
)


def _png(path: object) -> None:
    from PySide6.QtGui import QColor, QImage

    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(path))


def _hostile_summary(image: str) -> str:
    """A summary whose note and question carry HTML, image, link and emphasis syntax."""
    from casenotes.core.domain import Case, ClientType, Note, NoteTemplate
    from casenotes.core.export import SummaryRequest, build_summary, render_markdown
    from casenotes.core.prompts import load_default_library

    case = Case(code="X-1", display_name="X", client_types=[ClientType.OTHER])
    body = f'{HOSTILE}\n\n![x]({image}) <img src="{image}">\n\n# not a heading\n- not a list'
    note = Note(
        case_id=case.id,
        session_date=date(2025, 3, 3),
        template=NoteTemplate.FREE,
        sections={"body": body},
    )
    draft = build_summary(
        case,
        [note],
        [],
        load_default_library(),
        SummaryRequest(case.id, question="Why <more> *this*?"),
    )
    return render_markdown(draft.text, reviewed=False)


def _literal(text: str, image: str) -> None:
    bare = _squeezed(text)
    assert _squeezed(HOSTILE) in bare
    assert _squeezed(f"![x]({image})") in bare and _squeezed(f'<img src="{image}">') in bare
    assert _squeezed("Why <more> *this*?") in bare
    assert _squeezed("# not a heading") in bare and _squeezed("- not a list") in bare


def test_hostile_content_renders_literally_from_the_markdown(qapp: object, tmp_path: Path) -> None:
    from PySide6.QtGui import QTextDocument

    image = tmp_path / "local.png"
    _png(image)
    markdown = _hostile_summary(str(image))
    document = QTextDocument()  # a Markdown viewer with HTML on (Qt's default GitHub dialect)
    document.setMarkdown(markdown)
    _literal(document.toPlainText(), str(image))
    assert "<a " not in document.toHtml()


def test_hostile_content_comes_out_literally_in_the_pdf(qapp: object, tmp_path: Path) -> None:
    from casenotes.ui.pdf_export import markdown_to_pdf

    image = tmp_path / "local.png"
    _png(image)
    data = markdown_to_pdf(_hostile_summary(str(image)))
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages))
    _literal(text, str(image))
    assert all(not page.images for page in reader.pages)
    assert b"/Subtype /Image" not in data and b"/URI" not in data


def test_no_html_or_image_even_in_unescaped_markdown(qapp: object, tmp_path: Path) -> None:
    from casenotes.ui.pdf_export import markdown_to_pdf

    image = tmp_path / "local.png"
    _png(image)
    data = markdown_to_pdf(
        f'Before <more> after.\n\n![x]({image})\n\n<img src="{image}">\n'
        "\n[a link](https://example.org/x) and <https://example.org/y>\n"
    )
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = _squeezed(reader.pages[0].extract_text())
    assert _squeezed("Before <more> after.") in text
    assert all(not page.images for page in reader.pages)
    assert b"/URI" not in data  # links and autolinks are stripped, not made clickable
    assert b"/Subtype /Image" not in data


def test_pdf_metadata_names_nobody(qapp: object) -> None:
    from casenotes.ui.pdf_export import markdown_to_pdf

    reader = pypdf.PdfReader(io.BytesIO(markdown_to_pdf("# Tamsin Vell\n\nText.\n")))
    meta = reader.metadata or {}
    assert meta.get("/Title") == "Consultation summary"
    assert meta.get("/Creator") == "Casenotes"
    assert not meta.get("/Author") and not meta.get("/Subject") and not meta.get("/Keywords")
    assert "Tamsin" not in " ".join(str(v) for v in meta.values())
