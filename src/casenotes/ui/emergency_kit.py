"""The emergency kit: one printable PDF page with the recovery key and what to do with it.

Rendered with QPdfWriter into memory and written atomically (0600) where the practitioner
chose; nothing else touches the disk. The PDF's metadata holds the title only, never the key.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import (
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from casenotes.core.fileio import atomic_write

TITLE = "Casenotes emergency kit"
DEFAULT_FILE_NAME = "Casenotes emergency kit.pdf"


def _html(recovery_key: str, vault_path: Path, created: date) -> str:
    groups = recovery_key.split("-")
    half = (len(groups) + 1) // 2  # two lines that fit the page, broken between groups
    key = (
        html.escape("-".join(groups[:half]))
        + ("-<br>" if groups[half:] else "")
        + html.escape("-".join(groups[half:]))
    )
    path = html.escape(str(vault_path))
    return f"""
<h1 style="font-size:20pt; font-weight:600;">{TITLE}</h1>
<p style="font-size:11pt;">Made on {created.isoformat()}. Keep this page somewhere safe and
apart from your computer — with your important papers, or in a locked drawer.</p>

<h2 style="font-size:13pt; font-weight:600; margin-top:18px;">Your recovery key</h2>
<p style="font-family:'DejaVu Sans Mono','Courier New',monospace; font-size:15pt;
 font-weight:600; background:#f2f2f2; padding:10px;">{key}</p>
<p style="font-size:10pt;">Only capital letters and the digits 2 to 7 appear in it, so an O
is always the letter O and an I is always the letter I.</p>

<h2 style="font-size:13pt; font-weight:600; margin-top:18px;">Your vault</h2>
<p style="font-size:11pt;">Your notes are kept, encrypted, in this file:<br>
<span style="font-family:'DejaVu Sans Mono','Courier New',monospace;">{path}</span></p>

<h2 style="font-size:13pt; font-weight:600; margin-top:18px;">If you forget your passphrase</h2>
<ol style="font-size:11pt;">
<li>Open Casenotes. On the screen that asks for your passphrase, choose
<b>Forgot your passphrase?</b></li>
<li>Type the recovery key above. Capitals, spaces and dashes do not matter.</li>
<li>Choose a new passphrase. Your notes stay exactly as they were, and this recovery key
keeps working.</li>
</ol>

<h2 style="font-size:13pt; font-weight:600; margin-top:18px;">Good to know</h2>
<ul style="font-size:11pt;">
<li>Your passphrase or this key is the only way into your notes. Nobody — including the
makers of Casenotes — can open the vault without one of them.</li>
<li>Anyone who has both this key and your vault file (or a backup of it) can read your
notes. Do not keep this page next to your computer, and do not store it in the same place
as your backups.</li>
<li>Please do not write your passphrase on this page.</li>
</ul>
"""


def _paint(device: QPagedPaintDevice, recovery_key: str, vault_path: Path, created: date) -> None:
    """Lay the kit out on one A4 page of ``device`` (a PDF writer or a printer)."""
    device.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setHtml(_html(recovery_key, vault_path, created))
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("The page could not be started.")
    try:
        resolution = device.logicalDpiX()
        page = device.pageLayout().paintRectPixels(resolution)
        # Lay the text out at screen scale (96 dpi), then scale up to the device's resolution.
        scale = resolution / 96.0
        document.setPageSize(QSizeF(page.width() / scale, page.height() / scale))
        painter.scale(scale, scale)
        document.drawContents(painter)
    finally:
        painter.end()


def render_emergency_kit(recovery_key: str, vault_path: Path, created: date | None = None) -> bytes:
    """The kit as PDF bytes (A4, one page)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(TITLE)
    writer.setCreator("Casenotes")
    writer.setResolution(300)
    _paint(writer, recovery_key, vault_path, created or date.today())
    buffer.close()
    return bytes(data.data())


def print_emergency_kit(printer: QPagedPaintDevice, recovery_key: str, vault_path: Path) -> None:
    """Send the kit to a printer the practitioner chose (no file is written by Casenotes)."""
    _paint(printer, recovery_key, vault_path, date.today())


def write_emergency_kit(path: Path, recovery_key: str, vault_path: Path) -> None:
    """Write the kit to ``path`` atomically, readable by the practitioner only."""
    atomic_write(Path(path), render_emergency_kit(recovery_key, vault_path))
