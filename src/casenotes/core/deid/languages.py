"""Notes written in another language: its everyday words are no names there.

The lexicon tells a name by a capital that ordinary English would not have. A note in German
capitalises every noun ("Anliegen", "Termin"), one in Spanish or French opens sentences with
words no English list knows ("Trabaja", "Ella", "Séance"), and a line typed in capitals or in
lower case gives every such word a capital in its re-cased shadow: each would be flagged as a
person. A note that uses several of a language's own function words is in that language, and
a person guess made only of that language's everyday words (and month or weekday names) is
dropped. Outside German a capital the writer typed mid-sentence still names someone ("el
Mono", "la Noche de la Nostalgia"), so those guesses stay. Known identifiers, patterns and
cued names are never dropped: only the lexicon's guesses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from casenotes.core.deid import wordlists
from casenotes.core.deid.spans import Finding
from casenotes.core.deid.text_utils import WORD, is_sentence_start

# Distinct words of one language, none of them English, that make a text that language's.
_ENOUGH = 4
# Month and weekday names of these languages: they neither make nor break a guess.
_CALENDAR = "cal"
# The language that capitalises its nouns: a capital there says nothing.
_NOUNS_CAPITALISED = "de"


def detected(text: str) -> dict[str, frozenset[str]]:
    """The everyday words of each other language ``text`` is written in, by language."""
    tokens = {w.casefold() for w in WORD.findall(text)}
    english = wordlists.english()
    found: dict[str, frozenset[str]] = {}
    for language, words in wordlists.other_languages().items():
        if language == _CALENDAR:
            continue
        if len({t for t in tokens & words if t not in english}) >= _ENOUGH:
            found[language] = words
    return found


def drop_everyday(
    original: str, seen: str, guesses: Iterable[Finding], languages: Mapping[str, frozenset[str]]
) -> list[Finding]:
    """``guesses`` without the person guesses made only of the ``languages``' everyday words."""
    if not languages:
        return list(guesses)
    calendar = wordlists.other_languages().get(_CALENDAR, frozenset())
    return [g for g in guesses if not _everyday(original, seen, g, languages, calendar)]


def _everyday(
    original: str,
    seen: str,
    guess: Finding,
    languages: Mapping[str, frozenset[str]],
    calendar: frozenset[str],
) -> bool:
    if guess.kind != "name":
        return False
    words = [w.casefold() for w in WORD.findall(seen[guess.start : guess.end])]
    plain = [w for w in words if w not in calendar]
    if not plain:
        return False  # a month or a weekday alone: the date rules decide
    for language, everyday in languages.items():
        if not all(w in everyday for w in plain):
            continue
        if language == _NOUNS_CAPITALISED or not _capital_typed_mid_sentence(original, guess):
            return True
    return False


def _capital_typed_mid_sentence(original: str, guess: Finding) -> bool:
    """The writer gave the guess its capital, in a line of mixed case, mid-sentence."""
    if not original[guess.start : guess.start + 1].isupper():
        return False
    line_start = original.rfind("\n", 0, guess.start) + 1
    line_end = original.find("\n", guess.end)
    line = original[line_start : line_end if line_end >= 0 else len(original)]
    if line.upper() == line or line.lower() == line:
        return False
    return not is_sentence_start(original, guess.start)
