"""Details that a finding beside them gives away.

- The town and postcode that complete a street address: "4 Belvedere Walk, Bath BA1 5QX",
  "Ignaz-Harrer-Straße 41, 5020 Salzburg". A town named by an everyday word ("Bath") is no
  name to the lexicon, and a postcode of four digits is no postcode to the patterns, until
  the address line they complete says what they are.
- The district named after a venue: "the back room at the Anchor, the Wicker".
- The street a workplace that was found stands on, named by one word with its capital:
  "dances at the Velvet Room on University, nights".
- A second place joined to a place found after a word of where: "works around Burngreave and
  Intake", "between Tallaght and Clondalkin". The preposition governs both names, so an
  everyday word ("Intake") is a place there too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from casenotes.core.deid import wordlists
from casenotes.core.deid.cued_places import NOT_STREETS, STREET_ENDS
from casenotes.core.deid.lexicon import ON_SOMETHING
from casenotes.core.deid.spans import Finding
from casenotes.core.domain.calendar import ENGLISH_MONTHS

_TOWN = (
    r"[^\W\d_][\w'’.-]*"
    r"(?:[ \t]+(?:(?:on|upon|le|la|de|am|an|im|sur|en)[ \t]+)?[A-ZÀ-Þ][\w'’.-]*){0,2}"
)
# ", 5020 Salzburg", ", D-10115 Berlin", ", 1201 Genève": the postcode before the town.
_CODE_THEN_TOWN = re.compile(
    rf",[ \t]*(?P<zip>(?:[A-Z]{{1,2}}-)?\d{{4,5}})[ \t]+(?P<town>(?=[A-ZÀ-Þ]){_TOWN})"
    r"(?=[ \t]*(?:$|[,;.\n|(]))",
    re.MULTILINE,
)
# ", Bath BA1 5QX", ", Springfield IL 62704": the town before the postcode found.
_TOWN_THEN_CODE = re.compile(rf",[ \t]*(?P<town>(?=[A-ZÀ-Þ]){_TOWN})[ \t,]+(?:[A-Z]{{2}}[ \t]+)?$")


def find_address_towns(text: str, firm: Sequence[Finding]) -> Iterator[Finding]:
    """Towns and postcodes right after each address ``firm`` holds (sorted findings)."""
    for i, found in enumerate(firm):
        if found.kind != "address":
            continue
        after = text[found.end : found.end + 80]
        m = _CODE_THEN_TOWN.match(after)
        if m:
            yield Finding(found.end + m.start("zip"), found.end + m.end("zip"), "zip", "pattern")
            yield Finding(
                found.end + m.start("town"), found.end + m.end("town"), "place", "pattern", False
            )
            continue
        following = firm[i + 1] if i + 1 < len(firm) else None
        if following is None or following.kind != "zip" or following.start - found.end > 60:
            continue
        m = _TOWN_THEN_CODE.match(text[found.end : following.start])
        if m:
            yield Finding(
                found.end + m.start("town"), found.end + m.end("town"), "place", "pattern", False
            )


# ", the Wicker", ", the Narrows": a capitalised name set off after a venue or a place.
_DISTRICT_AFTER = re.compile(
    r",[ \t]+the[ \t]+(?P<name>[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*){0,2})"
    r"(?=[ \t]*(?:[,.;:)\n]|$))"
)


def find_districts_after_venues(text: str, found: Sequence[Finding]) -> Iterator[Finding]:
    """A district named after a workplace or place the engine found (sorted findings)."""
    for item in found:
        if item.kind not in ("employer", "place", "address"):
            continue
        m = _DISTRICT_AFTER.match(text, item.end)
        if m:
            yield Finding(m.start("name"), m.end("name"), "place", "lexicon", False)


# "around Burngreave and Intake": a capitalised name joined to a place found after "in",
# "around", "between" ... (the place's own preposition is checked before it).
_JOINED_AFTER = re.compile(
    r"[ \t]+(?:and|or|&)[ \t]+(?:the[ \t]+)?"
    r"(?P<name>[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*){0,2})"
    r"(?![\w'’-]|[ \t]+[A-Z])"
)
_WHERE_BEFORE = re.compile(
    r"\b(?:in|around|near|between|from|across|round|throughout|outside|off)[ \t]+(?:the[ \t]+)?$"
)
# Words that join a sentence, not a list of places: "in Leeds and Mum came too".
_NOT_A_PLACE = frozenset(
    {
        *("i", "mum", "mom", "dad", "then", "now", "so", "but", "she", "he", "they", "we"),
        *("you", "it", "this", "that", "there", "also", "later", "after", "before"),
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    }
)


# "Ferguslie, paisley.", "Gorgie, EDINBURGH |": a town of the gazetteer set off after a
# place, in any case, ending the line or the list.
_COMMA_TOWN = re.compile(
    r",[ \t]*(?P<name>[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2})"
    r"(?=[ \t]*(?:[,.;:)|\n]|$))"
)


def find_joined_places(text: str, found: Sequence[Finding]) -> Iterator[Finding]:
    """A place named right after "and" beside a place found after a word of where, and a
    town of the gazetteer set off by a comma after a place found."""
    for item in found:
        # "in Reno and Sparks": a town that is also a first name may have been found as one.
        if item.kind != "place" and not (
            item.kind == "name" and wordlists.place_words(text[item.start : item.end].split())
        ):
            continue
        town = _COMMA_TOWN.match(text, item.end)
        if town is not None and item.kind == "place":
            words = town["name"].split()
            # A town that is also a word only with its capital: "in Leeds, parole." is none.
            everyday = any(w.casefold() in wordlists.english() for w in words)
            if (
                wordlists.place_words(words) == len(words)
                and words[0].casefold() not in _NOT_A_PLACE
                and words[0].casefold() not in wordlists.allowed()
                and (not everyday or (town["name"][:1].isupper() and not town["name"].isupper()))
            ):
                yield Finding(town.start("name"), town.end("name"), "place", "lexicon", False)
                continue
        m = _JOINED_AFTER.match(text, item.end)
        if m is None:
            continue
        first = m["name"].split()[0].casefold()
        # "in Kinyarwanda and English": a language or a nationality is no place.
        if first in _NOT_A_PLACE or first in wordlists.allowed():
            continue
        if _WHERE_BEFORE.search(text, max(0, item.start - 16), item.start):
            yield Finding(m.start("name"), m.end("name"), "place", "lexicon", False)


_STREET_AFTER = re.compile(
    r",?[ \t]+on[ \t]+(?P<street>[A-Za-z][a-z'’-]{2,}|[A-Z][A-Z'’-]{2,})" + STREET_ENDS
)


def find_streets_after_workplaces(text: str, found: Sequence[Finding]) -> Iterator[Finding]:
    """A one-word street right after a workplace the engine found (sorted findings)."""
    for item in found:
        if item.kind != "employer":
            continue
        m = _STREET_AFTER.match(text, item.end)
        if m is None:
            continue
        typed = m["street"]
        word = typed.casefold()
        # "at Tesco on tills", "at Aldi on secondment": what a workplace is "on" is as often
        # a job; a street is said by its capital, where the line has both cases.
        line_start = text.rfind("\n", 0, item.start) + 1
        line = text[line_start : text.find("\n", m.end()) % (len(text) + 1)]
        if not typed.istitle() or line.isupper() or line.islower():
            continue
        if (
            word in NOT_STREETS
            or word in ENGLISH_MONTHS
            or word.endswith("ly")
            or ON_SOMETHING.fullmatch(word)
            or word in wordlists.allowed()
        ):
            continue
        yield Finding(m.start("street"), m.end("street"), "place", "lexicon", False)
