"""Consistent replacement labels: the same person, workplace or date gets the same label.

A ``Labeller`` lives as long as one ``Deidentifier``, so several parts of one summary share
their numbering. Labels are built from counters and fixed words only, never from the
original text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from casenotes.core.deid import wordlists

_PARTNER_LABEL = re.compile(r"Partner [A-Z]")


def partner_label(position: int, label: str) -> str:
    """A couple member's label: their own "Partner A" when it is one, else by position.
    Never the free text of the label, which can be a name ("Jo (Ravi's wife)")."""
    label = label.strip()
    if _PARTNER_LABEL.fullmatch(label):
        return f"[{label}]"
    return f"[Partner {chr(ord('A') + position % 26)}]"


_FIXED = {
    "handle": "[Handle]",
    "phone": "[Phone]",
    "email": "[Email]",
    "url": "[URL]",
    "ip": "[IP address]",
    "address": "[Address]",
    "zip": "[ZIP]",
    "place": "[Place]",
    "id": "[ID number]",
    "vehicle": "[Vehicle]",
    "age": "[Age over 89]",
    "date": "[Date]",
    "other": "[Identifier]",
}

# Tokens that never identify a person on their own (titles, particles, initials' dots).
_WEAK_TOKENS = frozenset(
    {
        "de",
        "da",
        "del",
        "della",
        "di",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "du",
        "dos",
        "das",
        "bin",
        "bint",
        "ibn",
        "al",
        "el",
        "st",
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "jr",
        "sr",
    }
)
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


def name_tokens(text: str) -> list[str]:
    """The case-folded tokens of a name that can identify it alone (skip particles)."""
    return [
        t
        for t in (m.group().casefold() for m in _TOKEN.finditer(text))
        if len(t) > 1 and t not in _WEAK_TOKENS
    ]


def fold(text: str) -> str:
    """A key for comparing names: case-folded, possessive and punctuation removed."""
    text = re.sub(r"['’]s$", "", text.strip())
    return " ".join(m.group().casefold() for m in _TOKEN.finditer(text))


class Labeller:
    """Hands out labels; people and workplaces are numbered by first appearance."""

    def __init__(self, client_label: str, session_dates: Sequence[date]) -> None:
        self.client = f"[{client_label}]"
        self._sessions = sorted(set(session_dates))
        self._people: dict[str, str] = {}  # full key or single token -> label
        self._known: set[str] = set()  # labels of the client and the partners
        self._relatives: dict[str, str] = {}  # "priya lindqvist" -> "[Person 3]"
        self._workplaces: dict[str, str] = {}
        self._workplace_links: dict[str, str] = {}  # short form key -> full name
        self._person_count = 0
        self._workplace_count = 0

    def fixed(self, kind: str) -> str:
        return _FIXED.get(kind, "[Identifier]")

    def register_person(self, name: str, label: str) -> None:
        """Tie a known name (client, partner) and its tokens to ``label``."""
        self._known.add(label)
        key = fold(name)
        if key:
            self._people.setdefault(key, label)
        for token in name_tokens(name):
            self._people.setdefault(token, label)

    def person(self, name: str) -> str:
        """The label of another person: a surname or first name alone maps to the full name."""
        key = fold(name)
        if key in self._people:
            return self._people[key]
        tokens = name_tokens(name)
        for token in tokens:
            if token in self._people:
                label = self._people[token]
                break
        else:
            self._person_count += 1
            label = f"[Person {self._person_count}]"
        if key:
            self._people[key] = label
        for token in tokens:
            self._people.setdefault(token, label)
        return label

    def is_known(self, label: str) -> bool:
        """Whether ``label`` is the client's or a partner's."""
        return label in self._known

    def relative(self, name: str) -> str:
        """The label of someone who shares a known person's surname ("Priya Lindqvist").

        Never a known person's label: the known surname alone keeps its owner's label, but
        the other tokens ("priya") point to this new person from now on.
        """
        key = fold(name)
        if key in self._relatives:
            return self._relatives[key]
        found = self._people.get(key)
        if found is not None and found not in self._known:
            label = found
        else:
            tokens = name_tokens(name)
            other = next(
                (
                    self._people[t]
                    for t in tokens
                    if t in self._people and self._people[t] not in self._known
                ),
                None,
            )
            if other is None:
                self._person_count += 1
                other = f"[Person {self._person_count}]"
            label = other
            if key:
                self._people.setdefault(key, label)
            for token in tokens:
                self._people.setdefault(token, label)
        self._relatives[key] = label
        return label

    def link_workplace(self, short: str, full: str) -> None:
        """Make a short form ("Velvet Lounge") take the label of the full name."""
        key, target = _workplace_key(short), _workplace_key(full)
        # "Velvet Fox" of "The Velvet Fox" is the same key: linking it would loop.
        if key and key != target:
            self._workplace_links.setdefault(key, full)

    def workplace(self, name: str) -> str:
        """The label of a workplace; its distinctive word alone ("Bramblecote") maps to it."""
        key = _workplace_key(name)
        if key in self._workplace_links and key not in self._workplaces:
            linked = self.workplace(self._workplace_links[key])
            self._workplaces[key] = linked
            return linked
        if key in self._workplaces:
            return self._workplaces[key]
        ordinary = wordlists.ordinary_or_org_suffix()
        tokens = [t for t in name_tokens(name) if len(t) >= 4 and t not in ordinary]
        label = next((self._workplaces[t] for t in tokens if t in self._workplaces), None)
        if label is None:
            self._workplace_count += 1
            label = f"[Workplace {self._workplace_count}]"
        self._workplaces[key] = label
        for token in tokens:
            self._workplaces.setdefault(token, label)
        return label

    def date(self, when: date | None, month_day: tuple[int, int] | None = None) -> str:
        """``[Session N]`` when the date is a session date (1-based, sorted), else ``[Date]``."""
        if when is not None and when in self._sessions:
            return f"[Session {self._sessions.index(when) + 1}]"
        if when is None and month_day is not None:
            hits = [i for i, d in enumerate(self._sessions) if (d.month, d.day) == month_day]
            if len(hits) == 1:
                return f"[Session {hits[0] + 1}]"
        return "[Date]"

    def label(self, kind: str, text: str) -> str:
        if kind in ("name", "alias"):
            return self.person(text)
        if kind == "employer":
            return self.workplace(text)
        return self.fixed(kind)


def _workplace_key(name: str) -> str:
    """A workplace's name folded, without a leading "the": "The Velvet Fox" = "Velvet Fox"."""
    return fold(re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE))
