"""The field's own vocabulary, never redacted: laws, policy models, organisations, platforms,
clinical models, instruments, medications, and the answer words of the prompts.

A consultant reading "the Nordic model" or a self-check answer "Victimhood" as "[Person 1]"
loses the point of the question. Terms ship in ``resources/deid/field-vocabulary.txt``; the
practitioner adds their own (Settings) and a summary adds its prompts' option labels.

Terms are matched as whole token sequences in any letter case, through a dictionary keyed
by the first token, so the cost stays linear in the text whatever the number of terms. A
term protects only against guesses (the lexicon and uncertain patterns): the case's known
identifiers always win, so a client called "Ruby" is caught even though a payment app might
share the word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from itertools import pairwise

from casenotes.core.deid import wordlists

# Tokens as terms are written: "PHQ-9", "U=U", "Linktr.ee", "SES/SIS", "LGBTQ+", "Maggie's".
_TOKEN = re.compile(r"\w+(?:[-'’./=&]+\w+)*\+?")

_Terms = dict[str, list[tuple[str, ...]]]


def _tokens(term: str) -> tuple[str, ...]:
    return tuple(t.casefold().replace("’", "'") for t in _TOKEN.findall(term))


def _usable(term: str, tokens: tuple[str, ...]) -> bool:
    """A term that reads like a person stays out, so that a person's name is always caught:
    a single first name ("Stella"), or a first name before a capitalised word ("Esther
    Perel", "Ashley Madison"). "Merlin law" reads as a law and stays."""
    if not tokens:
        return False
    first = tokens[0].removesuffix("'s")
    if len(tokens) == 1 and len(first) < 2:
        return False
    if first not in wordlists.first_names() or first in wordlists.english():
        return True
    later = _TOKEN.findall(term)[1:]
    return bool(later) and not any(word[:1].isupper() for word in later)


def _index(terms: Iterable[str]) -> _Terms:
    index: _Terms = {}
    for term in terms:
        tokens = _tokens(term)
        if _usable(term, tokens):
            index.setdefault(tokens[0], []).append(tokens)
    for options in index.values():
        options.sort(key=len, reverse=True)  # the longest term wins at a position
    return index


@cache
def shipped_terms() -> tuple[str, ...]:
    resource = files("casenotes.resources").joinpath("deid", "field-vocabulary.txt")
    lines = resource.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _shipped_index() -> _Terms:
    return _index(shipped_terms())


# What may stand between a term's words: spaces, a hyphen, a slash, or the comma, full stop
# or brackets some terms hold ("St. James Infirmary"); never a line break: "…the plan.\nB:
# release it" is not "Plan B".
_JOINERS = frozenset(" \t-–/&'’,.()")


def _joined(text: str, tokens: list[re.Match[str]]) -> bool:
    return all(set(text[a.end() : b.start()]) <= _JOINERS for a, b in pairwise(tokens))


class Vocabulary:
    """The shipped terms plus ``extra`` (the practitioner's own, a prompt's option labels)."""

    __slots__ = ("_extra",)

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self._extra = _index(extra)

    def find(self, text: str) -> list[tuple[int, int]]:
        """Sorted, non-overlapping (start, end) stretches of ``text`` that are field terms."""
        tokens = list(_TOKEN.finditer(text))
        folded = [m.group().casefold().replace("’", "'") for m in tokens]
        shipped = _shipped_index()
        out: list[tuple[int, int]] = []
        i = 0
        while i < len(tokens):
            word = folded[i]
            best = 0
            for index in (self._extra, shipped):
                for option in index.get(word, ()):
                    n = len(option)
                    if (
                        n > best
                        and tuple(folded[i : i + n]) == option
                        and _joined(text, tokens[i : i + n])
                    ):
                        best = n
                        break
            if best:
                out.append((tokens[i].start(), tokens[i + best - 1].end()))
                i += best
            else:
                i += 1
        return out
