"""Reading a PDF's text back for assertions that do not depend on line breaks.

Where a line wraps depends on the fonts installed (a long word may break after "/" or "-",
where the source has no space), so the text is kept without any white space, and ``in``
takes white space out of what is looked for too: ``"Signed by" in text`` asks whether
"Signedby" is there. Ligatures are unfolded (NFKC): "ﬁ" reads as "fi"."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path


class Squeezed(str):
    """Text without white space; ``needle in text`` compares without white space too."""

    def __new__(cls, text: str) -> Squeezed:
        return super().__new__(cls, "".join(text.split()))

    def __contains__(self, needle: object) -> bool:
        return isinstance(needle, str) and "".join(needle.split()) in str(self)


def pdf_pages(source: Path | bytes) -> list[Squeezed]:
    """Each page's text, squeezed, read with pypdf."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    return [Squeezed(unicodedata.normalize("NFKC", page.extract_text())) for page in reader.pages]


def pdf_text(source: Path | bytes) -> Squeezed:
    """The whole document's text, squeezed."""
    return Squeezed("".join(pdf_pages(source)))
