"""The findings of de-identification: spans of the analysed text, and how to apply them."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

KINDS: tuple[str, ...] = (
    "name",
    "alias",
    "handle",
    "phone",
    "email",
    "url",
    "ip",
    "date",
    "age",
    "address",
    "zip",
    "place",
    "employer",
    "id",
    "vehicle",
    "other",
)

_S = TypeVar("_S", "Span", "Finding")

SOURCES: tuple[str, ...] = ("identifier", "pattern", "lexicon", "manual")

# When two findings overlap, the better-founded layer wins; within a layer, the longer span.
_SOURCE_RANK = {"manual": 0, "identifier": 1, "pattern": 2, "lexicon": 3}
# Tie-break between equally long pattern findings: the more specific kind wins.
_KIND_RANK = {
    kind: i
    for i, kind in enumerate(
        (
            "email",
            "url",
            "ip",
            "phone",
            "address",
            "date",
            "age",
            "zip",
            "vehicle",
            "id",
            "handle",
            "alias",
            "name",
            "employer",
            "place",
            "other",
        )
    )
}


@dataclass(frozen=True, slots=True)
class Span:
    """One finding: ``text[start:end]`` of the analysed text, to be replaced by ``replacement``."""

    start: int
    end: int
    kind: str
    text: str
    replacement: str
    certain: bool = True
    source: str = "pattern"
    # Why a finding is marked for a look (a quasi-identifier: "exact age", "legal
    # proceeding"...); empty for ordinary findings.
    reason: str = ""


@dataclass(frozen=True, slots=True)
class DeidResult:
    """The redacted text and the spans (offsets into the input text) that produced it."""

    text: str
    spans: tuple[Span, ...]


def apply_spans(text: str, spans: Sequence[Span]) -> str:
    """Replace each span of ``text`` by its replacement.

    The spans may come edited from a review, so they are sorted here and any span that
    overlaps an earlier one is skipped rather than corrupting the offsets.
    """
    out: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < pos or span.end > len(text) or span.start >= span.end:
            continue
        out.append(text[pos : span.start])
        out.append(span.replacement)
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def cut_out(pieces: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``pieces`` that lie outside ``start``..``end``."""
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        if end <= a or start >= b:
            out.append((a, b))
            continue
        if a < start:
            out.append((a, start))
        if end < b:
            out.append((end, b))
    return out


def resolve_overlaps(spans: Iterable[_S]) -> list[_S]:
    """Keep a non-overlapping subset: identifier > pattern > lexicon, then the longest."""
    ranked = sorted(
        spans,
        key=lambda s: (
            _SOURCE_RANK.get(s.source, 9),
            -(s.end - s.start),
            _KIND_RANK.get(s.kind, 99),
            s.start,
        ),
    )
    taken: list[_S] = []
    starts: list[int] = []  # sorted starts of taken spans; taken spans never overlap
    ends: list[int] = []
    for span in ranked:
        if span.end <= span.start:
            continue
        i = bisect_left(starts, span.start)
        if i < len(starts) and starts[i] < span.end:
            continue
        if i > 0 and ends[i - 1] > span.start:
            continue
        starts.insert(i, span.start)
        ends.insert(i, span.end)
        taken.append(span)
    taken.sort(key=lambda s: s.start)
    return taken


@dataclass(frozen=True, slots=True)
class Finding:
    """A layer's raw finding, before it gets its label.

    ``label`` is set when the layer already knows it (the client, a partner); ``when`` and
    ``month_day`` carry a parsed date so session dates can be recognised.
    """

    start: int
    end: int
    kind: str
    source: str
    certain: bool = True
    label: str | None = None
    when: date | None = None
    month_day: tuple[int, int] | None = None
    other_person: bool = False  # holds a known surname but names someone else
    reason: str = ""  # why a quasi-identifier is marked for a look
