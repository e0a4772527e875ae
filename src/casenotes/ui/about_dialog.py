"""About Casenotes: the version, where the vault is, its format, and in plain words what is
encrypted and what is not (the README's "What is protected, and what is not")."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casenotes import __version__
from casenotes.ui.widgets import heading

ENCRYPTED = (
    "Everything you write about a client: names, client types, tags, dates, note text, "
    "reflections, goals, identifiers, the export log and your settings. Each piece is sealed "
    "with AES-256-GCM under a key that only your passphrase or your recovery key can open.",
    "A record moved, swapped or edited outside Casenotes fails to open, and Casenotes says "
    "which one; the rest of the vault stays usable.",
)
NOT_ENCRYPTED = (
    "How many cases and notes there are, which notes belong to which case (by a random "
    "number, not a name), and roughly how long each entry is.",
    "The order in which records were added (SQLite numbers rows as they come), and the "
    "date and time in each backup's file name.",
    "A record deleted, added or put back to an older version of itself outside Casenotes is "
    "found by 'casenotes verify'; the whole vault swapped for an older copy of itself is "
    "not noticed.",
)
NOT_PROTECTED = (
    "Harmful software on this computer while the vault is unlocked.",
    "Someone reading over your shoulder — privacy mode hides the names and details a case "
    "knows, not everything you write.",
    "A passphrase that is easy to guess (Casenotes refuses the easiest ones).",
    "An older copy of the vault or a backup, for someone who knew the passphrase or recovery "
    "key it had: replacing the keys (File menu) protects the vault from now on, not the "
    "copies made before.",
)
NOTHING_LEAVES = (
    "Casenotes works offline. Nothing about a client is written anywhere but the vault: no "
    "temporary files, no logs with note text or names, and the search index lives in memory "
    "only while the vault is unlocked. The only plain text that leaves the vault is an "
    "export you ask for."
)


def _list(items: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def about_html(vault_path: Path, format_version: int | None) -> str:
    version = "unknown" if format_version is None else str(format_version)
    return (
        f"<p>Version {html.escape(__version__)}<br>"
        f"Vault: {html.escape(str(vault_path))}<br>"
        f"Vault format version {version}</p>"
        "<h3>What is encrypted</h3>"
        + _list(ENCRYPTED)
        + "<h3>What can be seen without your passphrase</h3>"
        + _list(NOT_ENCRYPTED)
        + "<h3>What encryption cannot protect against</h3>"
        + _list(NOT_PROTECTED)
        + f"<h3>What stays on this computer</h3><p>{html.escape(NOTHING_LEAVES)}</p>"
    )


class AboutDialog(QDialog):
    def __init__(
        self, vault_path: Path, format_version: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Casenotes")
        self.setMinimumSize(560, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Casenotes", scale=1.5))
        intro = QLabel(
            "A private, encrypted case-notes journal for psychotherapists, kept "
            "offline on your own computer."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.body = QLabel(about_html(vault_path, format_version))
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.body.setAccessibleName("About Casenotes")
        self.body.setContentsMargins(0, 0, 8, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.body)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setFocus()
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.body.text()
