"""Writing a reviewed (or, from the command line, unreviewed) summary to the user's file."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from casenotes.core.domain import ExportLogEntry
from casenotes.core.domain.models import utc_now
from casenotes.core.export.markdown import unescape
from casenotes.core.export.summary import SummaryDraft
from casenotes.core.fileio import atomic_write

SUMMARY_FORMATS: tuple[str, ...] = ("md", "txt", "pdf")

REVIEWED_HEADER = "De-identified consultation summary. Reviewed in Casenotes before export."
NOT_REVIEWED_HEADER = (
    "NOT REVIEWED IN THE APP: written by the command line without a person checking each "
    "redaction. Read every line before sharing."
)

# A heading line; an escaped "\#" at its end is content, not a closing sequence.
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?(?:\\#)?)(?:[ \t]+#+)?[ \t]*$")


def header(*, reviewed: bool) -> str:
    return REVIEWED_HEADER if reviewed else NOT_REVIEWED_HEADER


def render_markdown(text: str, *, reviewed: bool) -> str:
    """The summary as Markdown, under the header saying whether a person reviewed it."""
    line = f"_{header(reviewed=reviewed)}_" if reviewed else f"**{header(reviewed=reviewed)}**"
    return f"{line}\n\n{text.strip()}\n"


def render_plain(text: str, *, reviewed: bool) -> str:
    """The summary as plain text: Markdown headings become underlined titles, and the
    escaping that keeps content literal in Markdown is taken out again."""
    out: list[str] = [header(reviewed=reviewed), ""]
    for raw in text.strip().splitlines():
        match = _HEADING.match(raw)
        if match is None:
            out.append(unescape(raw))
            continue
        level, title = len(match.group(1)), unescape(match.group(2))
        underline = "=" if level == 1 else "-" if level == 2 else "~"
        out.append(title)
        out.append(underline * max(len(title), 3))
    return "\n".join(out).rstrip("\n") + "\n"


def write_summary(
    path: Path,
    text: str,
    fmt: str,
    *,
    reviewed: bool,
    pdf: Callable[[str], bytes] | None = None,
    log: Callable[[str], None] | None = None,
) -> str:
    """Write ``text`` (the final, redacted summary) atomically; return the SHA-256 hex of the
    bytes written. "pdf" needs ``pdf``, a Markdown → PDF renderer (Qt, so it lives in ui).

    ``log(sha256)`` records the export once the file is complete and before it is put in
    place: if logging fails, nothing is written and an existing file is left as it was."""
    if fmt not in SUMMARY_FORMATS:
        raise ValueError(f"unknown summary format: {fmt}")
    if fmt == "md":
        data = render_markdown(text, reviewed=reviewed).encode("utf-8")
    elif fmt == "txt":
        data = render_plain(text, reviewed=reviewed).encode("utf-8")
    else:
        if pdf is None:
            raise ValueError("a PDF needs a renderer")
        data = pdf(render_markdown(text, reviewed=reviewed))
    sha256 = hashlib.sha256(data).hexdigest()
    atomic_write(Path(path), data, before_replace=None if log is None else (lambda: log(sha256)))
    return sha256


def summary_log_entry(draft: SummaryDraft, fmt: str, sha256: str) -> ExportLogEntry:
    return ExportLogEntry(
        case_id=draft.case_id,
        exported_at=utc_now(),
        kind="summary",
        format=fmt,
        sessions=draft.sessions,
        content_sha256=sha256,
        consent=draft.consent,
        recipient_role=draft.recipient_role,
        purpose=draft.purpose,
    )
