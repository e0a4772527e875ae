"""The de-identification engine: known identifiers, then patterns, then the lexicon."""

from __future__ import annotations

import copy
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date

from casenotes.core.deid import (
    casing,
    cued,
    dates,
    echoes,
    languages,
    lexicon,
    patterns,
    quasi,
    wordlists,
)
from casenotes.core.deid.beside_found import (
    find_address_towns,
    find_districts_after_venues,
    find_joined_places,
    find_streets_after_workplaces,
)
from casenotes.core.deid.identifiers import IdentifierMatcher
from casenotes.core.deid.labels import Labeller
from casenotes.core.deid.spans import (
    DeidResult,
    Finding,
    Span,
    apply_spans,
    cut_out,
    resolve_overlaps,
)
from casenotes.core.deid.text_utils import WORD
from casenotes.core.deid.vocabulary import Vocabulary
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
        region: str | None = None,
        allowed: Iterable[str] = (),
    ) -> None:
        self._region = region
        self._labels = Labeller(client_label, session_dates)
        self._known = IdentifierMatcher(identifiers, members, self._labels)
        self._words = lexicon.TokenCache()
        self._vocabulary = Vocabulary(allowed)
        self._known_words = _name_words(identifiers, members)
        # Names found in earlier parts of the same summary, matched again in later ones.
        self._echoes = echoes.EchoBook()

    def find(self, text: str) -> list[Span]:
        """All findings in ``text``: sorted, non-overlapping, each with its label."""
        if not text:
            return []
        # The layers read a shadow in ordinary case (same length); spans keep the original.
        seen = casing.shadow(text, self._known_words)
        shaped = [
            *patterns.find_patterns(seen, self._region),
            *dates.find_dates(seen),
            *(dates.find_shouted_dates(text) if seen != text else ()),
            *quasi.find_ages(seen),
        ]
        # The field's own words are never guessed at; known identifiers still win over them.
        protected = [Finding(a, b, "other", "manual") for a, b in self._vocabulary.find(seen)]
        if protected:
            shaped = [f for f in shaped if f.certain or not _overlaps_any(f, protected)]
        known = _outside_addresses(list(self._known.find(seen)), shaped)
        firm = resolve_overlaps([*known, *shaped])
        towns = list(find_address_towns(seen, firm))
        if towns:
            firm = resolve_overlaps([*firm, *towns])
        lexical: Iterable[Finding] = [
            *languages.drop_everyday(
                text, seen, lexicon.find_lexical(seen, self._words), languages.detected(seen)
            ),
            *cued.find_cued(text, seen),
        ]
        if protected:
            # A guess that reaches past a term is a name that holds it ("Maya Gottman"): kept
            # whole; one the term covers is the term.
            lexical = [g for g in lexical if not _inside_any(g, protected)]
        guessed = resolve_overlaps(_trim_to_gaps(seen, lexical, firm))
        kept = lexicon.join_adjacent(seen, resolve_overlaps([*firm, *guessed]))
        districts = [
            *find_districts_after_venues(text, kept),
            *(
                f
                for f in find_streets_after_workplaces(seen, kept)
                if not _overlaps_any(f, protected)
            ),
        ]
        if districts:
            kept = resolve_overlaps([*kept, *districts])
        self._echoes.add(echoes.seeds(seen, kept))
        # Joined after the seeds are taken: "Intake" is a place after "around Hyde Park and",
        # not in "Intake screen" further on.
        joined = [f for f in find_joined_places(seen, kept) if not _overlaps_any(f, protected)]
        if joined:
            kept = resolve_overlaps([*kept, *joined])
        again = list(self._echoes.find(seen, [*kept, *protected]))
        if again:
            kept = sorted([*kept, *again], key=lambda f: f.start)
        looks = [f for f in quasi.find_looks(seen) if not _inside_any(f, protected)]
        if looks:
            looks = resolve_overlaps(quasi.fit_between(seen, looks, kept))
            kept = sorted([*kept, *looks], key=lambda f: f.start)
        return [self._to_span(text, f) for f in self._attribute(seen, kept)]

    def find_known(self, text: str) -> list[Span]:
        """Only the case's known identifiers and their variants in ``text``.

        A final guard for the review: the export dialog warns when any part of a known
        identifier stands in the final text. Labels come from a copy of this engine's
        labeller, so the guard never changes the numbering of later ``find`` calls.
        """
        if not text:
            return []
        found = resolve_overlaps(self._known.find(casing.shadow(text, self._known_words)))
        labels = copy.deepcopy(self._labels)
        return [self._to_span(text, f, labels) for f in found]

    def _attribute(self, text: str, findings: list[Finding]) -> list[Finding]:
        """Check which person a name belongs to before it gets its label.

        A known surname in another person's name ("Priya Lindqvist", "Feathersby Sr.")
        names a relative, not the partner; a short form the lexicon found ("Mari") of
        exactly one known first name is that person, for a look.
        """
        out: list[Finding] = []
        for i, f in enumerate(findings):
            if f.kind in ("name", "alias"):
                if f.label is not None and self._labels.is_known(f.label):
                    extent = self._known.other_person_extent(text, f.start, f.end, f.label)
                    if extent is not None:
                        start, end = extent
                        # Never grow into a neighbouring finding.
                        if out and start < out[-1].end:
                            start = f.start
                        if i + 1 < len(findings) and end > findings[i + 1].start:
                            end = f.end
                        f = replace(f, start=start, end=end, label=None, other_person=True)
                elif f.label is None and f.source == "lexicon":
                    label = self._known.pet_form_label(text[f.start : f.end])
                    if label is not None:
                        f = replace(f, label=label, certain=False)
            out.append(f)
        return out

    def redact(self, text: str) -> DeidResult:
        spans = self.find(text)
        return DeidResult(apply_spans(text, spans), tuple(spans))

    def _to_span(self, text: str, f: Finding, labels: Labeller | None = None) -> Span:
        labels = labels if labels is not None else self._labels
        piece = text[f.start : f.end]
        if f.other_person:
            label = labels.relative(piece)
        elif f.label is not None:
            label = f.label
        elif f.kind == "date":
            label = labels.date(f.when, f.month_day)
        else:
            label = labels.label(f.kind, piece)
        return Span(f.start, f.end, f.kind, piece, label, f.certain, f.source, f.reason)


def _overlaps_any(finding: Finding, stretches: Sequence[Finding]) -> bool:
    i = bisect_right([s.start for s in stretches], finding.start) - 1
    return any(
        s.start < finding.end and finding.start < s.end for s in stretches[max(0, i) : i + 2]
    )


def _inside_any(finding: Finding, stretches: Sequence[Finding]) -> bool:
    """Whether ``finding`` lies within one of ``stretches`` (sorted, non-overlapping)."""
    i = bisect_right([s.start for s in stretches], finding.start) - 1
    return i >= 0 and finding.end <= stretches[i].end


# Words that join a name's words and name nothing themselves ("YMCA on High St", "the
# feed store"): kept out, or every "on" and "the" of the text would be re-cased as a name's.
_JOINING_WORDS = frozenset(
    {
        *("the", "on", "of", "at", "in", "and", "an", "for", "to", "by", "st", "rd", "ave"),
        *("de", "la", "le", "el", "del", "da", "do", "van", "von", "der", "den", "di", "du"),
    }
)


def _name_words(identifiers: Identifiers, members: Sequence[Member]) -> frozenset[str]:
    """The words of the case's names, aliases, places and workplaces, folded.

    A place's or a workplace's everyday words count only where the practitioner capitalised
    them ("Feed Store", not "the feed store"): a person's every word is a name's.
    """
    people = [*identifiers.names, *identifiers.aliases, *(m.name for m in members)]
    venues = [*identifiers.places, *identifiers.employers]
    english = wordlists.english()
    words = {w.casefold() for v in people for w in WORD.findall(v) if len(w) > 1}
    words |= {
        w.casefold()
        for v in venues
        for w in WORD.findall(v)
        if len(w) > 1 and (w[:1].isupper() or w.casefold() not in english)
    }
    return frozenset(words - _JOINING_WORDS)


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
            pieces = cut_out(pieces, firm[i].start, firm[i].end)
            i += 1
        if pieces == [(guess.start, guess.end)]:
            yield guess
            continue
        for a, b in pieces:
            piece = text[a:b]
            if piece[:2] in ("'s", "’s") and len(piece[2:].split()) >= 2:
                # "Harvest Ridge Church's Richmond Road": the possessive ends the name before
                # (a single word after it is what the name owns: "Dawn's place").
                a, piece = a + 2, piece[2:]
            stripped = piece.strip(" \t\n,.;:'’&")
            if len(stripped) < 2 or not any(c.isalpha() for c in stripped):
                continue
            a += len(piece) - len(piece.lstrip(" \t\n,.;:'’&"))
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
    region: str | None = None,
) -> DeidResult:
    """One-shot convenience: a fresh ``Deidentifier`` for one text."""
    engine = Deidentifier(
        identifiers,
        members=members,
        session_dates=session_dates,
        client_label=client_label,
        region=region,
    )
    return engine.redact(text)
