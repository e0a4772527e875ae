"""Words and colours the summary dialogs share: a plain label for each kind of finding, a
calm background per kind that reads on light and dark themes, and the format names."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from casenotes.ui.shared.widgets import is_dark

KIND_LABELS: dict[str, str] = {
    "name": "Name",
    "alias": "Other name",
    "handle": "Handle",
    "phone": "Phone number",
    "email": "Email address",
    "url": "Web address",
    "ip": "IP address",
    "date": "Date",
    "age": "Age",
    "address": "Street address",
    "zip": "Postcode",
    "place": "Place",
    "employer": "Workplace",
    "id": "ID number",
    "vehicle": "Vehicle",
    "other": "Other detail",
}

# Soft hues (0..1) per kind, grouped by family so the page never looks like a warning:
# people in blues, contact details in teals, time in sand, places in greens, the rest muted.
KIND_HUES: dict[str, float] = {
    "name": 0.58,
    "alias": 0.62,
    "handle": 0.66,
    "phone": 0.47,
    "email": 0.50,
    "url": 0.52,
    "ip": 0.54,
    "date": 0.12,
    "age": 0.14,
    "address": 0.30,
    "zip": 0.33,
    "place": 0.36,
    "employer": 0.78,
    "id": 0.86,
    "vehicle": 0.92,
    "other": -1.0,
}

FORMAT_LABELS: dict[str, str] = {
    "md": "Markdown",
    "txt": "Plain text",
    "pdf": "PDF",
    "json": "JSON",
    "print": "Printed",
}
FORMAT_FILTERS: dict[str, str] = {
    "md": "Markdown (*.md)",
    "txt": "Plain text (*.txt)",
    "pdf": "PDF (*.pdf)",
}
DEFAULT_FILE_NAMES: dict[str, str] = {
    "md": "consultation-summary.md",
    "txt": "consultation-summary.txt",
    "pdf": "consultation-summary.pdf",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, KIND_LABELS["other"])


def kind_background(palette: QPalette, kind: str) -> QColor:
    """The highlight behind a redaction of ``kind``: a pale tint (light) or a deep one (dark),
    so the palette's own text colour stays readable on it."""
    hue = KIND_HUES.get(kind, -1.0)
    saturation = 0.0 if hue < 0 else (0.30 if is_dark(palette) else 0.55)
    hue = max(hue, 0.0)
    if is_dark(palette):
        return QColor.fromHslF(hue, saturation, 0.30)
    return QColor.fromHslF(hue, saturation, 0.86)


def restored_colour(palette: QPalette) -> QColor:
    """The dotted underline under restored text: a warm sand, clear but not alarming."""
    return QColor.fromHslF(0.08, 0.75, 0.62 if is_dark(palette) else 0.42)


def unsure_colour(palette: QPalette) -> QColor:
    """The wavy underline and tag of a finding the scan was unsure about: a soft violet."""
    return QColor.fromHslF(0.74, 0.50, 0.72 if is_dark(palette) else 0.45)


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"
