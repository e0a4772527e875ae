"""Small text helpers shared by the layers: word shapes and sentence positions."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A word: letters (any script) with inner hyphens or apostrophes ("Vasquez-Lind", "O'Neil").
WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")

_SENTENCE_BREAKS = frozenset('.!?:;\n\r•*-–—"“”(|>#')
_SOFT_SPACE = frozenset(" \t\u00a0")


def is_sentence_start(text: str, index: int) -> bool:
    """True when ``index`` begins a sentence, line, bullet, heading or quotation."""
    i = index - 1
    while i >= 0 and text[i] in _SOFT_SPACE:
        i -= 1
    if i < 0:
        return True
    ch = text[i]
    if ch in _SENTENCE_BREAKS:
        # "Dr." or "St." is not a sentence end; a lone initial ("J.") is not either.
        if ch == "." and i >= 1 and text[i - 1].isalpha():
            j = i - 1
            while j >= 0 and text[j].isalpha():
                j -= 1
            word = text[j + 1 : i].casefold()
            if word in _ABBREVIATIONS or len(word) == 1:
                return False
        return True
    return False


_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "approx",
        "no",
        "apt",
        "ste",
        "ave",
        "rd",
        "dept",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
    }
)


def is_capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


_LAST_WORD = re.compile(r"([^\W\d_]+)\W{0,3}$")


def previous_word(text: str, index: int, limit: int = 40) -> str:
    """The word just before ``index`` (case-folded), skipping spaces and one comma."""
    window = text[max(0, index - limit) : index]
    match = _LAST_WORD.search(window)
    return match.group(1).casefold() if match else ""


Window = tuple[int, int]
DIGITS = re.compile(r"\d+")
AT_SIGN = re.compile(r"@")


def windows(text: str, trigger: re.Pattern[str], before: int, after: int) -> list[Window]:
    """Merged stretches around each cheap trigger (a digit, an "@").

    Costly patterns then run only where they can match, which keeps a long text of prose
    fast: Python's regex engine tries every starting position otherwise.
    """
    out: list[Window] = []
    for match in trigger.finditer(text):
        start = max(0, match.start() - before)
        end = min(len(text), match.end() + after)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def scan(regex: re.Pattern[str], text: str, where: list[Window]) -> Iterator[re.Match[str]]:
    """``regex.finditer`` over each window; lookbehinds still see the text before it."""
    for start, end in where:
        yield from regex.finditer(text, start, end)


def literal_windows(folded: str, needles: tuple[str, ...], before: int, after: int) -> list[Window]:
    """Like ``windows`` for plain (case-folded) words, found with ``str.find`` in C speed."""
    spots: list[Window] = []
    for needle in needles:
        at = folded.find(needle)
        while at != -1:
            spots.append((max(0, at - before), min(len(folded), at + len(needle) + after)))
            at = folded.find(needle, at + 1)
    spots.sort()
    merged: list[Window] = []
    for start, end in spots:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# The last words of a street that no everyday phrase ends with ("a long drive", "no way").
STREET_WORDS = frozenset(
    {"street", "road", "avenue", "ave", "boulevard", "blvd", "crescent", "terrace"}
)


# A town's first word that starts a name whatever the next word means ("Mount Sterling", "Port
# Townsend"). Directions ("North", "East") are left out: "in north wing" names no town.
TOWN_PREFIXES = frozenset(
    {"mount", "mt", "fort", "ft", "port", "lake", "cape", "glen", "san", "santa"}
)
