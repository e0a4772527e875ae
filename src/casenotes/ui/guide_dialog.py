"""Help → User guide: the README's guide, shipped with Casenotes (resources/guide, written by
tools/user_guide.py), shown offline in a QTextBrowser as Markdown.

Nothing is fetched: the guide has no pictures, and the browser follows no link (a link's
address is shown as a tooltip, never opened), so the window never reaches the network."""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

GUIDE_FILE = ("guide", "user-guide.md")
MISSING = (
    "# User guide\n\nThe guide did not come with this copy of Casenotes. It is the "
    "README of the project, under “Using Casenotes”."
)


def guide_markdown() -> str:
    """The shipped guide, or a short note when the package was built without it."""
    try:
        return files("casenotes.resources").joinpath(*GUIDE_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return MISSING


class OfflineBrowser(QTextBrowser):
    """A QTextBrowser that loads nothing from outside the document and opens no link."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, type: int, name: QUrl | str) -> object:
        return None  # no image, style sheet or page from anywhere


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Casenotes user guide")
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        self.browser = OfflineBrowser()
        self.browser.setAccessibleName("User guide")
        self.browser.document().setMarkdown(
            guide_markdown(), QTextDocument.MarkdownFeature.MarkdownDialectGitHub
        )
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.browser.setFocus()
