"""Layer 1: the case's known identifiers, expanded to the variants notes actually contain.

All literal variants go into ONE case-insensitive alternation, compiled once per
``Deidentifier``, so matching stays linear in the length of the text. Phones are compared
as digit strings; long name tokens also match with a one-letter typo, found through a
deletion index rather than per-token regexes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from casenotes.core.deid import wordlists
from casenotes.core.deid.labels import Labeller
from casenotes.core.deid.spans import Finding
from casenotes.core.deid.text_utils import is_sentence_start
from casenotes.core.domain import Identifiers, Member

_BOUNDARY_BEFORE = r"(?<![\w@])"
_BOUNDARY_AFTER = r"(?![\w@]|[.\-]\w)"
_PHONE_RUN = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().\-]{5,22}\d(?!\w)")
_LONG_WORD = re.compile(r"(?<!\w)[^\W\d_]{5,}(?!\w)")
_URL_LIKE = re.compile(r"^(?:https?://|www\.)|^[\w-]+(?:\.[\w-]+)+(?:/\S*)?$")
_EMAIL_LIKE = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_ID_LIKE = re.compile(r"^(?=(?:\D*\d){4})[\w\-/ ]+$")
_MIN_TYPO_LENGTH = 6
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@dataclass(frozen=True, slots=True)
class _Variant:
    kind: str
    label: str | None
    risky: bool  # an ordinary English word: must look like a name where it stands
    certain: bool = True


def _tokens(value: str) -> list[str]:
    return [t.strip(".,") for t in value.split() if t.strip(".,")]


def _classify_other(value: str) -> str:
    if _EMAIL_LIKE.match(value):
        return "email"
    if _URL_LIKE.match(value) and "." in value:
        return "url"
    if _ID_LIKE.match(value):
        return "id"
    return "other"


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class IdentifierMatcher:
    """Matches one case's known identifiers in any text."""

    def __init__(self, identifiers: Identifiers, members: Sequence[Member], labels: Labeller):
        self._variants: dict[str, _Variant] = {}
        self._typo_index: dict[str, tuple[str, _Variant]] = {}
        english = wordlists.english()

        # Partners first, so their names keep their own labels.
        for member in members:
            if member.name.strip():
                label = f"[{member.label.strip() or 'Partner'}]"
                labels.register_person(member.name, label)
                self._add_name(member.name, "name", label, english)
        for kind, values in (("name", identifiers.names), ("alias", identifiers.aliases)):
            for value in values:
                if value.strip():
                    labels.register_person(value, labels.client)
                    self._add_name(value, kind, labels.client, english)
        for handle in identifiers.handles:
            bare = handle.strip().lstrip("@")
            if bare:
                variant = _Variant("handle", None, risky=bare.casefold() in english)
                self._add(bare, variant)
                self._add("@" + bare, _Variant("handle", None, risky=False))
        for email in identifiers.emails:
            email = email.strip()
            if email:
                self._add(email, _Variant("email", None, risky=False))
                if "@" in email:
                    local, _, domain = email.partition("@")
                    spoken = f"{local} at {domain.replace('.', ' dot ')}"
                    self._add(spoken, _Variant("email", None, risky=False))
        for kind, values in (("place", identifiers.places), ("employer", identifiers.employers)):
            for value in values:
                self._add_organisation(value, kind, english)
        for value in identifiers.other:
            value = value.strip()
            if value:
                self._add(value, _Variant(_classify_other(value), None, risky=False))
                if value.casefold().startswith(("http://", "https://")):
                    self._add(value.split("://", 1)[1], _Variant("url", None, risky=False))

        self._phones = {
            d for d in (re.sub(r"\D", "", p) for p in identifiers.phones) if len(d) >= 7
        }
        self._phones |= {d[1:] for d in self._phones if len(d) == 11 and d.startswith("1")}
        self._regex = self._compile()

    # -- building -------------------------------------------------------------------------

    def _add(self, text: str, variant: _Variant) -> None:
        key = text.casefold()
        existing = self._variants.get(key)
        # A name beats a place or employer of the same spelling; certain beats uncertain.
        if existing is None or (existing.kind not in ("name", "alias") and variant.label):
            self._variants[key] = variant

    def _add_name(self, name: str, kind: str, label: str, english: frozenset[str]) -> None:
        name = " ".join(name.split())
        self._add(name, _Variant(kind, label, risky=False))
        tokens = [t for t in _tokens(name) if t.casefold() not in _NAME_SUFFIXES]
        if len(tokens) == 1:
            # A single-word name or alias that is also a word ("Hope", "Honey").
            self._variants[name.casefold()] = _Variant(
                kind, label, risky=name.casefold() in english
            )
        parts = set(tokens)
        for token in tokens:
            if "-" in token:
                parts.update(
                    p for p in token.split("-") if len(p) >= 4 or p.casefold() not in english
                )
        for part in parts:
            folded = part.casefold()
            if len(folded) < 2 or re.fullmatch(r"\w\.?", part):
                continue
            self._add(part, _Variant("name", label, risky=folded in english))
            if len(folded) >= _MIN_TYPO_LENGTH and folded not in english:
                typo = _Variant("name", label, risky=False, certain=False)
                self._typo_index.setdefault(folded, (folded, typo))
                for deletion in _deletions(folded):
                    self._typo_index.setdefault(deletion, (folded, typo))

    def _add_organisation(self, value: str, kind: str, english: frozenset[str]) -> None:
        value = " ".join(value.split())
        if not value:
            return
        self._add(value, _Variant(kind, None, risky=False))
        if value.casefold().startswith("the "):
            self._add(value[4:], _Variant(kind, None, risky=False))
        tokens = _tokens(value)
        if len(tokens) > 1:
            # The distinctive word alone ("Bramblecote" of "Bramblecote Insurance Group").
            suffixes = wordlists.org_suffixes() | wordlists.place_suffixes()
            for token in tokens:
                folded = token.casefold()
                if len(folded) >= 4 and folded not in english and folded not in suffixes:
                    self._add(token, _Variant(kind, None, risky=False, certain=False))

    def _compile(self) -> re.Pattern[str] | None:
        if not self._variants:
            return None
        pieces = []
        for key in sorted(self._variants, key=len, reverse=True):
            piece = re.escape(key)
            piece = re.sub(r"(?:\\ )+", r"\\s+", piece)  # tolerate line breaks inside names
            # Scripts written without spaces (Chinese, Japanese, Thai) have no word edges.
            before = "" if _UNSPACED.match(key[0]) else _BOUNDARY_BEFORE
            after = "" if _UNSPACED.match(key[-1]) else _BOUNDARY_AFTER
            pieces.append(before + piece + after)
        return re.compile("|".join(pieces), re.IGNORECASE)

    # -- matching -------------------------------------------------------------------------

    def find(self, text: str) -> Iterator[Finding]:
        yield from self._find_literals(text)
        if self._phones:
            yield from self._find_phones(text)
        if self._typo_index:
            yield from self._find_typos(text)

    def _find_literals(self, text: str) -> Iterator[Finding]:
        if self._regex is None:
            return
        for match in self._regex.finditer(text):
            found = match.group()
            variant = self._variants.get(" ".join(found.split()).casefold())
            if variant is None:
                continue
            certain = variant.certain
            # "Hope" the client, not "stubborn hope": a word must be capitalised, or stand
            # where the writer skipped capitals anyway (start of a line or bullet).
            if variant.risky and found[0].islower():
                if not is_sentence_start(text, match.start()):
                    continue
                certain = False
            yield Finding(
                match.start(), match.end(), variant.kind, "identifier", certain, variant.label
            )

    def _find_phones(self, text: str) -> Iterator[Finding]:
        for match in _PHONE_RUN.finditer(text):
            run = match.group()
            start, end = match.start(), match.end()
            if run.startswith("(") and ")" not in run[1:5]:
                start += 1
            digits = re.sub(r"\D", "", run)
            if any(digits == p or (len(p) >= 10 and digits.endswith(p)) for p in self._phones):
                yield Finding(start, end, "phone", "identifier")

    def _find_typos(self, text: str) -> Iterator[Finding]:
        english = wordlists.english()
        for match in _LONG_WORD.finditer(text):
            word = match.group().casefold()
            if word in english or word in self._variants:
                continue
            hit = self._typo_index.get(word)
            if hit is None:
                for deletion in _deletions(word):
                    hit = self._typo_index.get(deletion)
                    if hit is not None:
                        break
            if hit is None:
                continue
            target, variant = hit
            if _edit_distance_at_most_one(word, target):
                yield Finding(
                    match.start(), match.end(), variant.kind, "identifier", False, variant.label
                )


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        # An adjacent transposition is one slip of the finger too.
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(shorter) and shorter[i] == longer[i]:
        i += 1
    return shorter[i:] == longer[i + 1 :]
