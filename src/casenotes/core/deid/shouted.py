"""Places in lines typed in capitals, found by the shorthand around them.

In a line of capitals nothing tells "PADDOCK" the suburb from "paddock" the field, and
re-casing cannot either: both are everyday words. Clinical shorthand places them all the same:
"LIVES PADDOCK.", "PARK ST", "NR ORANGE MOUND", "STAYING @ PREMIER INN", "PEAR TREE AREA".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from casenotes.core.deid.spans import Finding
from casenotes.core.deid.text_utils import TOWN_PREFIXES

_CAPS_WORD = r"[A-Z][A-Z'’-]*[A-Z]"
# A street: one or two words, then the word for a street ("PARK ST", "LYGON ST").
_STREET = re.compile(
    rf"(?<![\w'’-])(?P<span>(?:(?P<first>{_CAPS_WORD})\s+)?(?P<name>{_CAPS_WORD})\s+"
    r"(?:ST|RD|AVE|AV|LN|TCE|CRES|HWY|BLVD|STREET|ROAD|AVENUE|LANE|DRIVE|TERRACE|GROVE|SQ"
    r"|SQUARE|PDE|PARADE|ESP|ESPLANADE))(?![\w'’-])"
    # "ST DAVID'S DAY" is a saint; "DR" is a doctor far more often than a drive.
    r"(?!\s+[A-Z]+['’]S\b)"
)
# Where someone lives or stays, named straight after the verb: "LIVES PADDOCK.",
# "EX LIVES KANGAROO FLAT, NO CONTACT", "STAYING @ PREMIER INN".
_AFTER_CUE = re.compile(
    r"(?<![\w'’-])(?:LIVES|LIVING|STAYING|RESIDES|BASED|HOUSED|NR|NEAR|ABOVE|BEHIND|OPPOSITE"
    r"|OPP|OUTSIDE|@)(?:\s+(?:IN|AT|ON|NR|NEAR|@|OFF))?"
    # After "THE" a single word is a thing ("NEAR THE DOOR"); two or three make a name.
    rf"\s+(?:THE\s+(?P<the>{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{1,2}})"
    rf"|(?P<bare>{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,2}}))"
    r"(?=\s*(?:[.,;:()\n+/]|$|\s[-—–]\s|\s+(?:AREA|ESTATE|END|SIDE|WAY|TONIGHT|TODAY|NOW"
    r"|SINCE|FOR|WITH|AND|\d)\b))"
)
# "PEAR TREE AREA", "IN THE FRUIT BELT AREA": one or two words before "AREA" or "ESTATE".
_BEFORE_AREA = re.compile(
    r"(?<![\w'’-])(?:IN|NR|NEAR|AROUND|ARRESTED|FROM|OF|TO|AT|ROUND)\s+(?:THE\s+)?"
    rf"(?P<span>{_CAPS_WORD}(?:\s+{_CAPS_WORD})?)\s+(?:AREA|ESTATE|END)\b"
)
# "FROM EL ALTO", "IN NEAPEL": a town of the gazetteer after a word of place.
_AFTER_PREPOSITION = re.compile(
    r"(?<![\w'’-])(?:IN|FROM|NEAR|NR|TO|OUTSIDE|VISITING|AROUND|AUS|NACH|DE|DESDE|EN|À|A)"
    rf"\s+(?P<span>{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,2}})"
)
# Words that follow those cues without naming a place.
_NOT_PLACES = frozenset(
    {
        *("WITH", "ALONE", "INDEPENDENTLY", "LOCALLY", "NEARBY", "HERE", "THERE"),
        *("TOGETHER", "APART", "SEPARATELY", "SAME", "HOME", "OUT", "ABROAD", "AWAY"),
        *("OVERSEAS", "ROUGH", "UPSTAIRS", "DOWNSTAIRS", "FAR", "CLOSE", "HER", "HIS"),
        *("THEIR", "MY", "OUR", "A", "AN", "THE", "THIS", "THAT", "SHE", "HE", "THEY"),
        *("IT", "PT", "CL", "CLIENT", "PARTNER", "MUM", "MOM", "DAD", "PARENTS"),
        *("FRIEND", "FRIENDS", "SISTER", "BROTHER", "FAMILY", "NIGHTS", "DAYS"),
        *("WEEKENDS", "NIGHT", "DAY", "SHIFTS", "SHIFT", "LATE", "EARLY", "FULL", "PART"),
        *("INDOOR", "INDOORS", "OUTDOOR", "OUTDOORS", "ONLINE", "PRIVATE", "PRIVATELY"),
        *("STREET", "STREETS", "AS", "FOR", "IN", "AT", "ON", "NOW", "STILL"),
        *("TEMPORARY", "EMERGENCY", "SUPPORTED", "SHELTERED", "HOSTEL", "REFUGE"),
        *("SHELTER", "WAITING", "RECEPTION", "GENERAL", "LOCAL", "CATCHMENT", "PUBIC"),
        *("GENITAL", "GROIN", "TREATMENT", "PROBLEM", "RURAL", "URBAN", "INNER", "CITY"),
        *("TOWN", "COUNTRY", "WARD", "HOSPITAL", "CUSTODY", "CELL", "CELLS", "PRISON"),
        *("JAIL", "GAOL", "SCHOOL", "WORK", "TIME", "LIMIT", "LIMITS", "THRESHOLD"),
        *("BASELINE", "NORMAL", "RANGE", "X", "NO", "NOT", "YES", "OK", "AGREED", "SAFE"),
        *("UNSAFE", "WELL", "POORLY", "BETTER", "WORSE", "DEPT", "SERVICE", "SERVICES"),
        *("TEAM", "UNIT", "WEST", "EAST", "NORTH", "SOUTH", "CENTRAL", "MIDDLE", "TOP"),
        *("BOTTOM", "FRONT", "BACK", "LEFT", "RIGHT", "OTHER", "ANOTHER", "ANY", "EACH"),
        *("EVERY", "SOME", "ALL", "BOTH", "ONE", "TWO", "LOW", "HIGH", "MODERATE"),
        *("MEDIUM", "IMMINENT", "ACUTE", "CHRONIC", "ST", "ABOUT", "TO", "FROM", "BY"),
        *("OF", "AND", "OR", "BUT", "IS", "WAS", "ARE", "WERE", "TONIGHT", "TODAY"),
        *("OVER", "UNTIL", "TILL", "SESSION", "SESSIONS", "BOOKINGS", "HOURS"),
        *("CLINICAL", "DOWN", "UP", "HERS", "THEIRS", "MOST", "WILL", "CAN", "MAY"),
        *("MUST", "SHOULD", "WOULD", "COULD", "SITUATION", "ACTION", "GROUP", "RENT"),
        *("MOSTLY", "USUALLY", "OFTEN", "SOMETIMES", "ALWAYS", "NEVER", "DR", "MR", "MS"),
    }
)
# How much of a line must be capitals for the line to be shouting.
_SHOUTING = 0.8


def find_shouted_places(original: str) -> Iterator[Finding]:
    """Places in the lines of ``original`` typed in capitals, by the shorthand around them."""
    start = 0
    for line in original.splitlines(keepends=True):
        if _shouting(line):
            yield from _in_line(line, start)
        start += len(line)


def _in_line(line: str, offset: int) -> Iterator[Finding]:
    for m in _STREET.finditer(line):
        first = m.group("first")
        # "ON SUMMER AVE": the word before the name is kept only when it is no word of a
        # sentence; the street is its name and its kind.
        begin = m.start("span") if first and first not in _NOT_PLACES else m.start("name")
        if m.group("name") in _NOT_PLACES:
            continue
        yield Finding(offset + begin, offset + m.end("span"), "place", "lexicon", False)
    for regex in (_AFTER_CUE, _BEFORE_AREA):
        for m in regex.finditer(line):
            group = next(g for g in ("span", "the", "bare") if g in m.re.groupindex and m[g])
            words = m.group(group).split()
            while words and words[-1] in _NOT_PLACES:
                words.pop()
            if not words or words[0] in _NOT_PLACES or (group == "the" and len(words) < 2):
                continue
            start = m.start(group)
            end = _end_of(m.group(group), start, words)
            yield Finding(offset + start, offset + end, "place", "lexicon", False)
    yield from _gazetteer_towns(line, offset)


def _gazetteer_towns(line: str, offset: int) -> Iterator[Finding]:
    from casenotes.core.deid import wordlists

    english = wordlists.english()
    for m in _AFTER_PREPOSITION.finditer(line):
        words = m.group("span").split()
        n = wordlists.place_words(words)
        if not n and _prefixed_town(words):
            n = 2
        # One everyday word ("IN BATH", "FROM READING") is left to the reader.
        if n and (n > 1 or words[0].casefold() not in english):
            start = m.start("span")
            end = _end_of(m.group("span"), start, words[:n])
            yield Finding(offset + start, offset + end, "place", "lexicon", False)


# Prefixes that say where a town is rather than what it is called ("NORTH", "EAST") make
# ordinary phrases too ("IN NORTH WING"); these make a name only.


def _prefixed_town(words: list[str]) -> bool:
    """ "IN MOUNT STERLING", "FROM FORT MORGAN": a town's prefix and its name after a place word."""
    return len(words) >= 2 and words[0].casefold() in TOWN_PREFIXES and words[1] not in _NOT_PLACES


def _end_of(span: str, start: int, words: list[str]) -> int:
    """The end of the first ``len(words)`` words of ``span`` (which may hold any spaces)."""
    pos = 0
    for word in words:
        pos = span.index(word, pos) + len(word)
    return start + pos


def _shouting(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= _SHOUTING * len(letters)
