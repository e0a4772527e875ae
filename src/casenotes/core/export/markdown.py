"""Markdown escaping for summary content, so what was reviewed is what every format shows.

Content (anything a practitioner or client wrote) is backslash-escaped when the summary is
composed: a Markdown reader then shows it literally, with no emphasis, links, images, HTML,
headings or list items that the text did not have in review. ``unescape`` undoes it for the
plain-text writer.
"""

from __future__ import annotations

import re

# Only what can start markup where it stands, so the review shows ordinary punctuation as
# typed: with "[" and "]" escaped, "(", ")" and "!" cannot form a link or an image; "#" and
# ">" count only at the start of a line; "&" only where it would begin an entity.
_META = frozenset("\\`*_[]<~|")
_LINE_START_SINGLE = frozenset("-+=#>")
_ENTITY = re.compile(r"&#?[A-Za-z0-9]{1,32};")
_ORDERED = re.compile(r"\d{1,9}[.)]")
_ESCAPED = re.compile(r"\\([\\`*_\[\]()<>#!&~|+\-=.)])")


def escape_with_offsets(text: str, *, at_line_start: bool) -> tuple[str, list[int]]:
    """``text`` escaped, and where each offset of ``text`` (0..len) lands in the result.

    ``at_line_start``: whether ``text`` begins a line of the composed document."""
    out: list[str] = []
    where: list[int] = []
    length = 0
    line_start = at_line_start
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if line_start and ch not in " \t":
            # Markup that only counts at the start of a line: list items, setext underlines,
            # ordered-list numbers ("1." / "1)").
            match = _ORDERED.match(text, i)
            if match is not None:
                for digit in text[i : match.end() - 1]:
                    where.append(length)
                    out.append(digit)
                    length += 1
                where.append(length)
                out.append("\\" + text[match.end() - 1])
                length += 2
                i = match.end()
                line_start = False
                continue
            if ch in _LINE_START_SINGLE:
                where.append(length)
                out.append("\\" + ch)
                length += 2
                i += 1
                line_start = False
                continue
            line_start = False
        where.append(length)
        if ch in _META or (ch == "&" and _ENTITY.match(text, i)):
            out.append("\\" + ch)
            length += 2
        else:
            out.append(ch)
            length += 1
        if ch == "\n":
            line_start = True
        i += 1
    where.append(length)
    return "".join(out), where


def escape(text: str, *, at_line_start: bool = True) -> str:
    return escape_with_offsets(text, at_line_start=at_line_start)[0]


def unescape(text: str) -> str:
    """Drop the backslashes ``escape`` put in (and any other escaping backslash)."""
    return _ESCAPED.sub(r"\1", text)


def unescape_with_offsets(text: str) -> tuple[str, list[int]]:
    """``unescape(text)``, and for each character of the result (and its end) the offset in
    ``text`` where it starts: at its backslash when it was escaped, so a range taken in the
    unescaped text covers whole escapes in ``text``."""
    out: list[str] = []
    starts: list[int] = []
    i = 0
    while i < len(text):
        match = _ESCAPED.match(text, i)
        if match is not None:
            out.append(match.group(1))
            starts.append(i)
            i = match.end()
        else:
            out.append(text[i])
            starts.append(i)
            i += 1
    starts.append(len(text))
    return "".join(out), starts
