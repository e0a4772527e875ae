"""The summary's PDF: built in memory, A4, and its text readable back."""

from __future__ import annotations

import io

import pytest

pypdf = pytest.importorskip("pypdf")


def test_markdown_to_pdf_in_memory(qapp: object) -> None:
    from casenotes.ui.pdf_export import markdown_to_pdf

    data = markdown_to_pdf("**NOT REVIEWED**\n\n# Consultation summary\n\n## Goals\n\n"
                           "- Rest more (Met)\n")
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 in points
    text = " ".join(page.extract_text().split())
    assert "NOT REVIEWED" in text and "Consultation summary" in text and "Rest more" in text
