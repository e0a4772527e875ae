"""Every later mention of a name the engine has already found, in the same summary.

A nickname made of an everyday word is caught where its sentence gives it away ("known as
'Trouble'") and then used bare ("Trouble walks her to the car"), where no cue is left. A
writer who names someone once keeps naming them the same way, so what one sentence proved
holds for the whole text, and for the other parts of the same summary.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from casenotes.core.deid import wordlists
from casenotes.core.deid.spans import Finding
from casenotes.core.deid.text_utils import WORD, is_sentence_start

# Kinds whose words can stand bare elsewhere in the text.
_ECHOED_KINDS = frozenset({"name", "alias", "place", "employer"})
# A word of a person's name is echoed alone ("Maribel Quispe" → "Quispe said").
_PERSON_KINDS = frozenset({"name", "alias"})
_MIN_LENGTH = 3
_MIN_ORDINARY = 4
# Words that start many names but say nothing alone.
_TOO_COMMON = frozenset(
    {"the", "and", "for", "van", "von", "der", "den", "del", "della", "los", "las", "san"}
)


@dataclass(frozen=True, slots=True)
class Echo:
    """A phrase found once, and how freely it may be matched again."""

    kind: str
    # An everyday word ("Trouble", "Angel") is matched only where it is capitalised;
    # a word no dictionary knows ("Quispe", "jojo") is matched in any case.
    any_case: bool
    # A single word of a longer name, which is an everyday word, is matched only mid-sentence:
    # "Rose Okafor" makes "Rose" a name when a sentence runs into it, not "Rose early".
    mid_sentence_only: bool = False


def seeds(seen: str, findings: Iterable[Finding]) -> dict[str, Echo]:
    """The phrases of ``findings`` worth matching again, folded, with how to match them."""
    english = wordlists.english()
    allowed = wordlists.allowed()
    out: dict[str, Echo] = {}
    for f in findings:
        if f.kind not in _ECHOED_KINDS or f.other_person:
            continue
        phrase = " ".join(seen[f.start : f.end].split())
        if "[" in phrase or not any(c.isalpha() for c in phrase):
            continue
        words = WORD.findall(phrase)
        if not words:
            continue
        # A guess in lower case is as often a word of another language as a name; only what
        # the writer capitalised, or the case's own identifiers, is worth repeating.
        folded = phrase.casefold()
        ordinary = all(w.casefold() in english for w in words)
        # A nickname its sentence gave away ("deano 21:15:" in a message log) is the
        # exception: a word no dictionary knows, it is the same person in lower case too.
        cued_nickname = f.kind == "alias" and not ordinary and len(folded) >= _MIN_ORDINARY
        if not phrase[:1].isupper() and f.source != "identifier" and not cued_nickname:
            continue
        if _worth_repeating(folded, words, ordinary, allowed):
            any_case = (f.source == "identifier" or cued_nickname) and not ordinary
            out.setdefault(folded, Echo(f.kind, any_case=any_case))
        if f.kind in _PERSON_KINDS and len(words) > 1:
            for word in words:
                low = word.casefold()
                if len(low) < _MIN_LENGTH or low in allowed or low in _TOO_COMMON:
                    continue
                if not word[:1].isupper():
                    continue
                ordinary = low in english
                out.setdefault(low, Echo(f.kind, any_case=False, mid_sentence_only=ordinary))
    return out


def _worth_repeating(
    folded: str, words: Sequence[str], ordinary: bool, allowed: frozenset[str]
) -> bool:
    if len(folded) < _MIN_LENGTH or folded in allowed or folded in _TOO_COMMON:
        return False
    # "Doesn't", "The": a stray capital on a short everyday word names nobody.
    return not ordinary or (
        len(folded) >= _MIN_ORDINARY and not any("'" in w or "’" in w for w in words)
    )


class EchoBook:
    """The phrases found so far in one summary, indexed by their first word."""

    def __init__(self) -> None:
        self._phrases: dict[str, Echo] = {}
        # Looked up word by word: one alternation of every phrase would be compiled again
        # for every part of the summary as the set grows.
        self._by_first: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self._phrases)

    def add(self, found: Mapping[str, Echo]) -> None:
        """Remember ``found``; a phrase already known keeps how it was first matched."""
        for phrase, echo in found.items():
            if phrase in self._phrases:
                continue
            first = WORD.match(phrase)
            if first is None:
                continue
            self._phrases[phrase] = echo
            candidates = self._by_first.setdefault(first.group(), [])
            candidates.append(phrase)
            candidates.sort(key=len, reverse=True)

    def find(self, seen: str, taken: Sequence[Finding]) -> Iterator[Finding]:
        """Mentions in ``seen`` of the phrases, outside what ``taken`` covers."""
        if not self._phrases:
            return
        covered = sorted((f.start, f.end) for f in taken)
        position = 0
        for word in WORD.finditer(seen):
            start = word.start()
            if start < position or (start > 0 and seen[start - 1] in _JOINED_BEFORE):
                continue
            for phrase in self._by_first.get(word.group().casefold(), ()):
                end = _match_at(seen, start, phrase)
                if end is None:
                    continue
                echo = self._phrases[phrase]
                # The shadow has already re-cased text typed in capitals; a word no
                # dictionary knows may stand in lower case ("jojo"), an everyday word only
                # where it is capitalised.
                if _overlaps(covered, start, end) or not (echo.any_case or seen[start].isupper()):
                    break
                if echo.mid_sentence_only and is_sentence_start(seen, start):
                    break
                position = end
                yield Finding(start, end, echo.kind, "lexicon", False)
                break


_JOINED_BEFORE = frozenset("'’@.-_")
_JOINED_AFTER = frozenset("'’@-_")


def _match_at(seen: str, start: int, phrase: str) -> int | None:
    """The end of ``phrase`` written at ``start`` in any case and spacing, or None.

    Compared by hand: compiling a pattern for each new phrase of each summary cost more
    than all the other layers together.
    """
    i = start
    n = len(seen)
    for ch in phrase:
        if ch == " ":
            if i >= n or not seen[i].isspace():
                return None
            while i < n and seen[i].isspace():
                i += 1
            continue
        if i >= n or seen[i].casefold() != ch:
            return None
        i += 1
    if i < n and (seen[i].isalnum() or seen[i] in _JOINED_AFTER):
        return None
    if i + 1 < n and seen[i] == "." and seen[i + 1].isalnum():
        return None
    return i


def _overlaps(covered: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(covered, (start, end))
    return any(a < end and start < b for a, b in covered[max(0, i - 2) : i + 1])
