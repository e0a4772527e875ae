"""The de-identification engine: known identifiers, then patterns, then the lexicon."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date

from casenotes.core.deid import dates, lexicon, patterns
from casenotes.core.deid.identifiers import IdentifierMatcher
from casenotes.core.deid.labels import Labeller
from casenotes.core.deid.spans import DeidResult, Finding, Span, apply_spans, resolve_overlaps
from casenotes.core.domain import Identifiers, Member


class Deidentifier:
    """Finds identifying details in notes of one case and labels them consistently.

    Labels are held by the instance: calling ``find`` on several parts of one summary keeps
    "[Person 2]" the same person across the parts.
    """

    def __init__(
        self,
        identifiers: Identifiers,
        *,
        members: Sequence[Member] = (),
        session_dates: Sequence[date] = (),
        client_label: str = "Client",
    ) -> None:
        self._labels = Labeller(client_label, session_dates)
        self._known = IdentifierMatcher(identifiers, members, self._labels)

    def find(self, text: str) -> list[Span]:
        """All findings in ``text``: sorted, non-overlapping, each with its label."""
        if not text:
            return []
        shaped = [*patterns.find_patterns(text), *dates.find_dates(text)]
        known = _outside_addresses(list(self._known.find(text)), shaped)
        firm = resolve_overlaps([*known, *shaped])
        guessed = resolve_overlaps(_trim_to_gaps(text, lexicon.find_lexical(text), firm))
        kept = lexicon.join_adjacent(text, resolve_overlaps([*firm, *guessed]))
        return [self._to_span(text, f) for f in kept]

    def redact(self, text: str) -> DeidResult:
        spans = self.find(text)
        return DeidResult(apply_spans(text, spans), tuple(spans))

    def _to_span(self, text: str, f: Finding) -> Span:
        piece = text[f.start : f.end]
        if f.label is not None:
            label = f.label
        elif f.kind == "date":
            label = self._labels.date(f.when, f.month_day)
        else:
            label = self._labels.label(f.kind, piece)
        return Span(f.start, f.end, f.kind, piece, label, f.certain, f.source)


_CONTAINERS = frozenset({"email", "url", "handle"})
_WORDLIKE = frozenset({"name", "alias", "place", "employer"})


def _outside_addresses(known: list[Finding], shaped: list[Finding]) -> list[Finding]:
    """Drop a known name found inside an unknown email, URL or handle.

    "dawn" inside "dawn.okereke@example.org" must not win over the whole address, or the
    rest of the address would stand in the output.
    """
    containers = sorted((f.start, f.end) for f in shaped if f.kind in _CONTAINERS)
    if not containers:
        return known
    starts = [c[0] for c in containers]
    kept = []
    for f in known:
        i = bisect_right(starts, f.start) - 1
        inside = False
        # Containers can overlap each other a little: look at the nearest two.
        for start, end in containers[max(0, i - 1) : i + 1]:
            if start <= f.start and f.end <= end and (end - start) > (f.end - f.start):
                inside = f.kind in _WORDLIKE
        if not inside:
            kept.append(f)
    return kept


def _trim_to_gaps(
    text: str, guesses: Iterable[Finding], firm: Sequence[Finding]
) -> Iterator[Finding]:
    """Cut the parts of lexicon guesses that firmer findings already cover; keep the rest.

    "Ivy Dellacroce-Smith" where only "Ivy" is known keeps "Dellacroce-Smith".
    """
    starts = [f.start for f in firm]
    for guess in guesses:
        i = max(0, bisect_right(starts, guess.start) - 1)
        pieces = [(guess.start, guess.end)]
        while i < len(firm) and firm[i].start < guess.end:
            f = firm[i]
            nxt = []
            for a, b in pieces:
                if f.end <= a or f.start >= b:
                    nxt.append((a, b))
                    continue
                if a < f.start:
                    nxt.append((a, f.start))
                if f.end < b:
                    nxt.append((f.end, b))
            pieces = nxt
            i += 1
        if pieces == [(guess.start, guess.end)]:
            yield guess
            continue
        for a, b in pieces:
            piece = text[a:b]
            stripped = piece.strip(" \t,.;:'’&")
            if len(stripped) < 2 or not any(c.isalpha() for c in stripped):
                continue
            a += len(piece) - len(piece.lstrip(" \t,.;:'’&"))
            b = a + len(stripped)
            if not text[a].isupper():
                continue
            yield replace(guess, start=a, end=b)


def deidentify(
    text: str,
    identifiers: Identifiers,
    *,
    members: Sequence[Member] = (),
    session_dates: Sequence[date] = (),
    client_label: str = "Client",
) -> DeidResult:
    """One-shot convenience: a fresh ``Deidentifier`` for one text."""
    engine = Deidentifier(
        identifiers, members=members, session_dates=session_dates, client_label=client_label
    )
    return engine.redact(text)
