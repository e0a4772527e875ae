"""Layer 1: the case's known identifiers, expanded to the variants notes actually contain.

All literal variants go into ONE case-insensitive alternation, compiled once per
``Deidentifier``, so matching stays linear in the length of the text. Phones are compared
as digit strings; long name tokens also match with a one-letter typo, found through a
deletion index rather than per-token regexes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from casenotes.core.deid import wordlists
from casenotes.core.deid.labels import Labeller, fold, name_tokens, partner_label
from casenotes.core.deid.lexicon import RELATIONS
from casenotes.core.deid.spans import Finding
from casenotes.core.deid.text_utils import is_sentence_start, previous_word
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
# Words that join the parts of an organisation's name; a short form never starts or ends
# with one ("Bank of", "of the West").
_CONNECTORS = frozenset(
    {"of", "the", "and", "&", "at", "on", "in", "for", "de", "du", "la", "le", "da", "di", "y"}
)
# Endings of pet forms, dropped before looking for the rest inside a first name:
# "Goldie" -> "gold" in "marigold".
_PET_ENDINGS = ("sie", "sy", "ie", "ey", "ee", "y", "i", "o", "s")
# Family words: "her sister Lindqvist" is not the partner called Lindqvist.
FAMILY = frozenset(
    {
        *("sister", "brother", "sibling", "mother", "father", "mum", "mom", "mam", "dad"),
        *("daughter", "son", "child", "niece", "nephew", "aunt", "auntie", "aunty", "uncle"),
        *("cousin", "grandmother", "grandfather", "grandma", "grandpa", "granddaughter"),
        *("grandson", "stepmother", "stepfather", "stepdaughter", "stepson", "stepsister"),
        *("stepbrother", "twin", "mother-in-law", "father-in-law", "sister-in-law"),
        *("brother-in-law", "nana", "gran", "granny", "papa", "mama"),
    }
)
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+$")
_FAMILY_BEFORE = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)[,:]?[ \t]+$")
_SUFFIX_AFTER = re.compile(r"^,?[ \t]+(?:Sr|Jr|SR|JR)\b(?:\.(?=[ \t]*[a-z,;:)]))?")


@dataclass(frozen=True, slots=True)
class _Variant:
    kind: str
    label: str | None
    risky: bool  # an ordinary English word: must look like a name where it stands
    certain: bool = True


# Articles, prepositions and pronouns of the languages notes are written in, which are also
# short surnames or parts of names.
_LITTLE_WORDS = frozenset(
    {
        *("le", "la", "les", "de", "des", "du", "da", "do", "dos", "das", "di", "del", "el"),
        *("en", "et", "un", "une", "uno", "una", "los", "las", "lo", "al", "y", "e", "o"),
        *("die", "der", "den", "dem", "und", "van", "von", "het", "een", "ter", "ten", "op"),
        *("mai", "ma", "mon", "ton", "son", "sa", "se", "si", "ne", "na", "no", "tu", "te"),
        *("ela", "ele", "eu", "vos", "lui", "ich", "sie", "er", "es", "wir", "ihr", "ist"),
    }
)


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


_NAMED_IN_DETAIL = re.compile(
    r"\b(?:called|named|nicknamed|known\s+as|goes\s+by)\s+[\"“'‘]?(?P<name>[A-Z][\w'’-]{2,})"
)


def _plain(text: str) -> str:
    """``text`` without its accents: "juhász" -> "juhasz"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _handle_as_words(handle: str, english: frozenset[str]) -> list[str]:
    """A handle written as the words it is made of: its own separators as spaces
    ("ember.sage23" -> "ember sage23"), or, with none, two or three dictionary words of three
    letters or more ("fernlantern" -> "fern lantern")."""
    parts = [p for p in re.split(r"[._\-]+", handle) if p]
    if len(parts) >= 2:
        return [" ".join(parts)]
    word = handle.casefold()
    if not word.isalpha() or len(word) < 7:
        return []
    for i in range(3, len(word) - 2):
        head, tail = word[:i], word[i:]
        if head in english and tail in english:
            return [f"{head} {tail}"]
    for i in range(3, len(word) - 5):
        for j in range(i + 3, len(word) - 2):
            a, b, c = word[:i], word[i:j], word[j:]
            if a in english and b in english and c in english:
                return [f"{a} {b} {c}"]
    return []


def pet_form_of(alias: str, first: str) -> bool:
    """Whether ``alias`` is a short or pet form of the first name ``first``.

    "Mari" and "Goldie" of "Marigold": at least three shared leading letters, or one name
    inside the other (after dropping a pet ending: "Goldie" -> "gold").
    """
    a, n = alias.casefold(), first.casefold()
    if a == n:
        return True
    if len(a) < 3 or len(n) < 3:
        return False
    if a[:3] == n[:3] or a in n or n in a:
        return True
    return any(
        a.endswith(end) and len(a) - len(end) >= 3 and a[: -len(end)] in n for end in _PET_ENDINGS
    )


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class IdentifierMatcher:
    """Matches one case's known identifiers in any text."""

    def __init__(self, identifiers: Identifiers, members: Sequence[Member], labels: Labeller):
        self._variants: dict[str, _Variant] = {}
        self._typo_index: dict[str, tuple[str, _Variant]] = {}
        self._labels = labels
        # Known people's first names (folded) -> labels; every given name or alias token
        # of a known person; known surnames -> label (for relatives who share one).
        self._first_names: dict[str, set[str]] = {}
        self._given: set[str] = set()
        self._surnames: dict[str, str] = {}
        self._suffixed: set[str] = set()  # labels of known names that carry "Jr." etc.
        self._generic: dict[str, str] = {}  # "lounge" -> kind, for "the Lounge"
        self._org_runs: dict[str, str] = {}  # short form key -> the full name it came from
        english = wordlists.english()

        # Partners first, so their names keep their own labels.
        people: list[tuple[str, str]] = []
        for position, member in enumerate(members):
            if member.name.strip():
                label = partner_label(position, member.label)
                people.append((label, member.name))
                labels.register_person(member.name, label)
                self._add_name(member.name, "name", label, english)
                self._note_person(member.name, label, alias=False)
        # In a couple case there is no one "client": a name on the record takes the label
        # of the partner it names, or a neutral one that attributes it to neither.
        neutral = "[Partner]"  # member labels are always "[Partner X]": no clash
        for kind, values in (("name", identifiers.names), ("alias", identifiers.aliases)):
            for value in values:
                if value.strip():
                    if members:
                        label = _member_for(value, people, kind == "alias") or neutral
                    else:
                        label = labels.client
                    labels.register_person(value, label)
                    self._add_name(value, kind, label, english)
                    self._note_person(value, label, alias=kind == "alias")
        for handle in identifiers.handles:
            bare = handle.strip().lstrip("@")
            if bare:
                variant = _Variant("handle", None, risky=bare.casefold() in english)
                self._add(bare, variant)
                self._add("@" + bare, _Variant("handle", None, risky=False))
                # Said or typed as words: "fern lantern" for @fernlantern or @fern.lantern.
                for spoken in _handle_as_words(bare, english):
                    self._add(spoken, _Variant("handle", None, risky=False))
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
                # "has a greyhound called Biscuit": the name inside a detail, on its own.
                for named in _NAMED_IN_DETAIL.finditer(value):
                    word = named.group("name")
                    self._add(word, _Variant("name", None, risky=word.casefold() in english))
                if value.casefold().startswith(("http://", "https://")):
                    self._add(value.split("://", 1)[1], _Variant("url", None, risky=False))

        self._phones = {
            d for d in (re.sub(r"\D", "", p) for p in identifiers.phones) if len(d) >= 7
        }
        self._phones |= {d[1:] for d in self._phones if len(d) == 11 and d.startswith("1")}
        self._regex = self._compile()
        self._the_generic = (
            re.compile(
                r"(?<![\w@])the\s+(?P<word>"
                + "|".join(re.escape(w) for w in sorted(self._generic, key=len, reverse=True))
                + r")(?![\w@]|[.\-]\w)",
                re.IGNORECASE,
            )
            if self._generic
            else None
        )

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
        # The name run together, as in a user name or a hurried note: "valentinjuhasz".
        joined = "".join(p for t in tokens for p in re.split(r"[-'’.]", t))
        if len(tokens) >= 2 and len(joined) >= 8 and joined.isalpha():
            for variant in {joined, _plain(joined)}:
                self._add(variant, _Variant(kind, label, risky=False))
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
            # "Le", "Da", "Van": a short part of a name that is a little word of another
            # language must be capitalised to count ("le" in a note written in French).
            risky = folded in english or (len(folded) <= 3 and folded in _LITTLE_WORDS)
            self._add(part, _Variant("name", label, risky=risky))
            if len(folded) >= _MIN_TYPO_LENGTH and folded not in english:
                typo = _Variant("name", label, risky=False, certain=False)
                self._typo_index.setdefault(folded, (folded, typo))
                for deletion in _deletions(folded):
                    self._typo_index.setdefault(deletion, (folded, typo))

    def _note_person(self, name: str, label: str, *, alias: bool) -> None:
        """Remember first names, given names and surnames for the checks on relatives."""
        tokens = [t for t in _tokens(name) if t.casefold().strip(".") not in _NAME_SUFFIXES]
        folded = [t.casefold() for t in tokens]
        if len(folded) < len(_tokens(name)):
            self._suffixed.add(label)
        if not folded:
            return
        if alias:
            self._given.update(f for t in folded for f in name_tokens(t))
            return
        for first in name_tokens(folded[0]):
            self._given.add(first)
            self._first_names.setdefault(first, set()).add(label)
        for token in folded[1:]:
            for part in name_tokens(token):
                self._surnames.setdefault(part, label)
            key = fold(token)
            if key:
                self._surnames.setdefault(key, label)

    def _add_organisation(self, value: str, kind: str, english: frozenset[str]) -> None:
        value = " ".join(value.split())
        if not value:
            return
        self._add(value, _Variant(kind, None, risky=False))
        if value.casefold().startswith("the "):
            self._add(value[4:], _Variant(kind, None, risky=False))
        tokens = _tokens(value[4:] if value.casefold().startswith("the ") else value)
        if len(tokens) < 2:
            return
        suffixes = wordlists.org_or_place_suffixes()
        # Every run of two or more words: "Crimson Velvet", "Velvet Lounge".
        for i in range(len(tokens)):
            for j in range(i + 2, len(tokens) + 1):
                run = tokens[i:j]
                if run[0].casefold() in _CONNECTORS or run[-1].casefold() in _CONNECTORS:
                    continue
                short = " ".join(run)
                key = short.casefold()
                owner = self._org_runs.setdefault(key, value)
                if kind == "employer":
                    self._labels.link_workplace(short, value)
                risky = all(
                    t.casefold() in english or t.casefold() in suffixes or not t[:1].isupper()
                    for t in run
                )
                if owner.casefold() != value.casefold() and key in self._variants:
                    # Two workplaces share this short form: still found, but for a look.
                    existing = self._variants[key]
                    if existing.kind not in ("name", "alias"):
                        self._variants[key] = _Variant(kind, None, risky, certain=False)
                    continue
                self._add(short, _Variant(kind, None, risky=risky))
        # The distinctive word alone ("Bramblecote" of "Bramblecote Insurance Group").
        for token in tokens:
            folded = token.casefold()
            if len(folded) >= 4 and folded not in english and folded not in suffixes:
                if kind == "employer":
                    self._labels.link_workplace(token, value)
                self._add(token, _Variant(kind, None, risky=False, certain=False))
        # A generic last word referring back: "the Lounge" of "Crimson Velvet Lounge".
        last = tokens[-1].casefold()
        if len(last) >= 3 and (last in english or last in suffixes) and last not in _CONNECTORS:
            self._generic.setdefault(last, kind)
            if kind == "employer":
                self._labels.link_workplace(tokens[-1], value)

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
        if self._the_generic is not None:
            yield from self._find_generic(text)
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
                # "emergency contact cousin bola": a word for a relative or friend right
                # before makes the lower-case word the person on the record, for a look.
                if not (
                    is_sentence_start(text, match.start())
                    or previous_word(text, match.start()) in RELATIONS
                ):
                    continue
                certain = False
            yield Finding(
                match.start(), match.end(), variant.kind, "identifier", certain, variant.label
            )

    def _find_generic(self, text: str) -> Iterator[Finding]:
        assert self._the_generic is not None
        for match in self._the_generic.finditer(text):
            word = match.group("word")
            if word[:1].isupper():
                kind = self._generic[word.casefold()]
                yield Finding(match.start("word"), match.end(), kind, "identifier", False)

    # -- people who are not the known ones ------------------------------------------------

    def pet_form_label(self, word: str) -> str | None:
        """The label of the one known person whose first name starts with ``word`` ("Mari")."""
        folded = fold(word)
        if len(folded) < 3 or " " in folded:
            return None
        firsts = [f for f in self._first_names if f.startswith(folded) and f != folded]
        if len(firsts) != 1 or len(self._first_names[firsts[0]]) != 1:
            return None
        return next(iter(self._first_names[firsts[0]]))

    def other_person_extent(
        self, text: str, start: int, end: int, label: str
    ) -> tuple[int, int] | None:
        """The extent of a different person whose name holds a known surname, if it is one.

        "Priya Lindqvist" (another first name), "Feathersby Sr." (a suffix), "her sister
        Lindqvist" (a family word): the known surname does not make them the partner.
        """
        piece = text[start:end]
        words = [(m.start() + start, m.end() + start, m.group()) for m in _WORD.finditer(piece)]
        surname_at = [
            i
            for i, w in enumerate(words)
            if self._surnames.get(fold(w[2])) is not None and fold(w[2]) not in self._given
        ]
        if not surname_at:
            return None
        k = surname_at[0]
        new_start, new_end = start, end
        other = False
        if k > 0:
            before = words[k - 1][2]
            other = before[:1].isupper() and fold(before) not in self._given
        else:
            match = _WORD_BEFORE.search(text[max(0, start - 40) : start])
            if match is not None:
                before = match.group(1)
                if (
                    before[:1].isupper()
                    and before.casefold() in wordlists.first_names()
                    and before.casefold() not in self._given
                    and before.casefold() not in FAMILY
                ):
                    other = True
                    new_start = start - len(match.group())
        if label not in self._suffixed:
            if any(w[2].casefold() in _NAME_SUFFIXES for w in words[k + 1 :]):
                other = True
            else:
                suffix = _SUFFIX_AFTER.match(text[end : end + 8])
                if suffix is not None:
                    other = True
                    new_end = end + suffix.end()
        if not other and k == 0:
            match = _FAMILY_BEFORE.search(text[max(0, new_start - 40) : new_start])
            if match is not None and match.group(1).casefold() in FAMILY:
                other = True
        return (new_start, new_end) if other else None

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


def _member_for(value: str, people: Sequence[tuple[str, str]], alias: bool) -> str | None:
    """The label of the one partner a name or alias on the record names, else ``None``."""
    key = fold(value)
    full = {label for label, name in people if fold(name) == key}
    if len(full) == 1:
        return next(iter(full))
    tokens = name_tokens(value)
    if not tokens:
        return None
    split = [(label, name_tokens(name)) for label, name in people]
    parts = [(label, toks[0], set(toks[1:])) for label, toks in split if toks]
    stages = [
        {label for label, first, _ in parts if tokens[0] == first},
        {label for label, first, _ in parts if first in tokens},
        {label for label, _, surnames in parts if surnames & set(tokens)},
    ]
    if alias or len(tokens) == 1:
        stages.append({label for label, first, _ in parts if pet_form_of(tokens[0], first)})
    for found in stages:
        if len(found) == 1:
            return next(iter(found))
        if found:
            return None
    return None


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
