"""The shipped word lists (``resources/deid/*.txt``), loaded lazily once per process."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


def _read(name: str, *, fold: bool) -> frozenset[str]:
    resource = files("casenotes.resources").joinpath("deid", name)
    entries = set()
    for line in resource.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            entries.add(line.casefold() if fold else line)
    return frozenset(entries)


@cache
def english() -> frozenset[str]:
    """Ordinary English words, lower case (SCOWL, clinical vocabulary, note shorthand)."""
    words = (
        _read("english.txt", fold=True)
        | _read("clinical-words.txt", fold=True)
        | _read("shorthand.txt", fold=True)
    )
    return words


@cache
def first_names() -> frozenset[str]:
    """International first names, case-folded."""
    return _read("first-names.txt", fold=True)


@cache
def allowed() -> frozenset[str]:
    """Clinical abbreviations, models, platforms, nationalities: never identifiers."""
    return _read("allow.txt", fold=True) | _read("common-proper.txt", fold=True)


@cache
def org_suffixes() -> frozenset[str]:
    return _read("org-suffixes.txt", fold=True)


@cache
def place_suffixes() -> frozenset[str]:
    return _read("place-suffixes.txt", fold=True)


@cache
def ordinary_or_org_suffix() -> frozenset[str]:
    """English words and workplace suffixes: what cannot tell one workplace from another."""
    return english() | org_suffixes()


@cache
def org_or_place_suffixes() -> frozenset[str]:
    return org_suffixes() | place_suffixes()


@cache
def place_prefixes() -> frozenset[str]:
    return _read("place-prefixes.txt", fold=True)


@cache
def place_abbreviations() -> frozenset[str]:
    """Short forms of cities in speech ("pdx", "hfx", "jozi"), case-folded, less any that the
    allowed list holds (clinical abbreviations, models, platforms)."""
    return _read("place-abbreviations.txt", fold=True) - allowed()


@cache
def places() -> frozenset[str]:
    """Towns and cities of 15,000 people or more, and smaller towns of English-speaking
    countries whose names are no everyday word (GeoNames; see tools/build_places.py),
    case-folded."""
    return _read("places.txt", fold=True)


def place_words(words: list[str]) -> int:
    """How many of ``words``, from the first, name a town of the gazetteer (0 if none)."""
    known = places()
    for n in range(len(words), 0, -1):
        if " ".join(words[:n]).casefold() in known:
            return n
    return 0


@cache
def other_languages() -> dict[str, frozenset[str]]:
    """Everyday words of notes in other languages, by language code, case-folded."""
    by_language: dict[str, set[str]] = {}
    for entry in _read("other-languages.txt", fold=True):
        language, _, word = entry.partition(" ")
        by_language.setdefault(language, set()).add(word)
    return {language: frozenset(words) for language, words in by_language.items()}
