"""Privacy mode's masks: what the window shows instead of the identifiers a case knows.

While the practitioner shares the screen, every surface shows a case's known identifiers
(its identifiers record, its partners' names, the words of its display name) as the labels
the de-identifier gives them ("[Client]", "[Partner A]", "[Place]", "[Phone]"). Only the
de-identifier's known-identifier layer is used: it is exact about what the case knows, and
fast enough to run on every row that is painted. The case code stays: privacy mode shows
codes.

Masking is for display only. Nothing masked is ever handed back to be saved: the window
keeps the real text in its editors and shows a masked copy beside (or instead of) them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from casenotes.core.deid import Deidentifier, Span, apply_spans
from casenotes.core.deid.labels import partner_label
from casenotes.core.domain import Case, Goal, GoalChange, Identifiers
from casenotes.core.export.summary import display_name_words
from casenotes.core.prompts.course import CaseCourse
from casenotes.core.search.index import SNIPPET_ELLIPSIS as SNIPPET_CUT

Mask = Callable[[str], str]
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def privacy_identifiers(case: Case) -> Identifiers:
    """The case's identifiers with its display name and that name's words added as names.

    Unlike a summary's, the code is not added: privacy mode shows codes.
    """
    values = case.identifiers.as_dict()
    display = " ".join(case.display_name.split())
    words = display_name_words(display)
    # "Valentin & Oskar" as one name would take one partner's label for both: its words
    # alone give each partner their own.
    whole = [display] if display and len(words) <= 1 else []
    for name in whole + words:
        if name not in values["names"]:
            values["names"].append(name)
    return Identifiers.from_dict(values)


def _fingerprint(case: Case) -> tuple[object, ...]:
    """What the masker of a case is built from: a new one is needed when any of it changes."""
    return (
        case.display_name,
        tuple(tuple(values) for values in case.identifiers.as_dict().values()),
        tuple((m.label, m.name) for m in case.members),
    )


class CaseMasker:
    """Masks the identifiers one case knows, in any text shown for that case."""

    def __init__(self, case: Case) -> None:
        identifiers = privacy_identifiers(case)
        self._engine = Deidentifier(identifiers, members=case.members)
        self._residue, self._labels = self._residue_of(identifiers, case)
        # Whole values (not their words) and phone digits, for a snippet cut inside one.
        self._whole = [
            (folded, label) for folded, label in self._labels.items() if len(folded) >= 3
        ]
        phones = [d for d in (re.sub(r"\D", "", p) for p in identifiers.phones) if d]
        # Each known phone as written and as dialled at home too: "+44 7700 900148" is
        # "07700 900148". Worked out once: a snippet's edges are checked on every keystroke.
        self._phone_forms = frozenset(
            form
            for phone in phones
            for form in (phone, *(p + phone[i:] for i in (1, 2, 3) for p in ("", "0")))
        )

    def __call__(self, text: str) -> str:
        return self.mask(text)

    def mask(self, text: str) -> str:
        if not text or text.isspace():
            return text
        return apply_spans(text, self._spans(text))

    def _spans(self, text: str) -> list[Span]:
        """The known-identifier layer's spans, and every other place a known value or name
        word stands in any case: the matcher leaves a known name that is also a word
        ("Sunny", "Hope") where it reads as the word; on a shared screen it is hidden all
        the same."""
        spans = sorted(self._engine.find_known(text), key=lambda s: s.start)
        if self._residue is None:
            return spans
        extra = [
            Span(
                m.start(),
                m.end(),
                "name",
                m.group(),
                self._labels.get(m.group().casefold(), "[Hidden]"),
            )
            for m in self._residue.finditer(text)
            if not any(s.start < m.end() and m.start() < s.end for s in spans)
        ]
        return sorted([*spans, *extra], key=lambda s: s.start)

    def _residue_of(
        self, identifiers: Identifiers, case: Case
    ) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        """Every known value and name word, in any case, with the label it gets."""
        labels: dict[str, str] = {}
        values = identifiers.as_dict()
        for kind in ("names", "aliases", "handles", "places", "employers", "emails", "other"):
            for value in values[kind]:
                value = " ".join(value.split())
                if len(value) < 3:
                    continue
                found = self._engine.find_known(value)
                label = found[0].replacement if found else "[Hidden]"
                labels.setdefault(value.casefold(), label)
                if kind in ("names", "aliases"):
                    for word in _WORD.findall(value):
                        if len(word) >= 3:
                            labels.setdefault(word.casefold(), label)
        for member in case.members:
            for word in _WORD.findall(member.name):
                if len(word) >= 3:
                    labels.setdefault(word.casefold(), partner_label(0, member.label))
        if not labels:
            return None, labels
        alternatives = sorted(labels, key=len, reverse=True)
        pattern = "|".join(re.escape(a) for a in alternatives)
        # Not inside a label already shown ("[Partner A]") nor inside a longer word.
        regex = re.compile(rf"(?<![\w\[@.])(?:{pattern})(?![\w\]]|@\w)", re.IGNORECASE)
        return regex, labels

    def mask_marked(self, text: str, start: str, end: str) -> str:
        """Mask text that carries highlight marks (a search snippet).

        The marks are taken out before matching (a mark inside a name would hide the name
        from the matcher) and put back where they still fall between words; a label that
        replaced a highlighted name is highlighted whole.
        """
        plain: list[str] = []
        marks: dict[int, list[str]] = {}  # position in the plain text -> marks there
        for char in text:
            if char in (start, end):
                marks.setdefault(len(plain), []).append(char)
            else:
                plain.append(char)
        clean = "".join(plain)
        cut = self._cut_edges(clean)
        if not marks and not cut:
            return self.mask(clean)
        spans = _merge(clean, self._spans(clean), cut)
        out: list[str] = []
        pos = 0
        for span in spans:
            if span.start < pos:
                continue
            out.append(_with_marks(clean, pos, span.start, marks))
            at_start = marks.get(span.start, [])
            out.extend(m for m in at_start if m == end)  # a highlight closing just before
            inside = any(span.start < at < span.end for at in marks)
            if inside or start in at_start:
                # A highlight that began or ran inside the name covers the whole label.
                out.append(f"{start}{span.replacement}{end}")
            else:
                out.append(span.replacement)
            pos = span.end
        out.append(_with_marks(clean, pos, len(clean), marks, final=True))
        return _balance("".join(out), start, end)

    def _cut_edges(self, text: str) -> list[Span]:
        """A snippet cut inside a known value leaves a piece no matcher knows ("…555 0148",
        "TAMSIN15…"): the words at a cut edge that end (or begin) a known value are hidden."""
        found: list[Span] = []
        if text.startswith(SNIPPET_CUT):
            words = [m.span() for m in _NON_SPACE.finditer(text, len(SNIPPET_CUT))]
            for k in range(min(len(words), _EDGE_WORDS), 0, -1):
                a, b = words[0][0], words[k - 1][1]
                b = a + len(_EDGE_PUNCTUATION.sub("", text[a:b]))
                label = self._part_of_known(text[a:b], ending=True)
                if label is not None:
                    found.append(Span(a, b, "other", text[a:b], label))
                    break
        if text.endswith(SNIPPET_CUT):
            words = [m.span() for m in _NON_SPACE.finditer(text, 0, len(text) - len(SNIPPET_CUT))]
            for k in range(min(len(words), _EDGE_WORDS), 0, -1):
                a, b = words[-k][0], words[-1][1]
                a = b - len(_LEAD_PUNCTUATION.sub("", text[a:b]))
                label = self._part_of_known(text[a:b], ending=False)
                if label is not None:
                    if not found or found[0].end <= a:
                        found.append(Span(a, b, "other", text[a:b], label))
                    break
        return found

    def _part_of_known(self, piece: str, *, ending: bool) -> str | None:
        """The label of a known value that ``piece`` ends (or begins) but is not whole."""
        folded = " ".join(piece.split()).casefold()
        if len(folded.replace(" ", "")) < 3:
            return None
        for value, label in self._whole:
            if len(value) > len(folded) and (
                value.endswith(folded) if ending else value.startswith(folded)
            ):
                return label
        digits = re.sub(r"\D", "", piece)
        if len(digits) < 3 or re.search(r"[^\d\s().+/-]", piece):
            return None
        if any(
            len(form) > len(digits)
            and (form.endswith(digits) if ending else form.startswith(digits))
            for form in self._phone_forms
        ):
            return "[Phone]"
        return None

    def mask_goal(self, goal: Goal) -> Goal:
        return replace(
            goal,
            text=self.mask(goal.text),
            history=[GoalChange(c.at, c.status, self.mask(c.text)) for c in goal.history],
        )

    def mask_course(self, course: CaseCourse | None) -> CaseCourse | None:
        """The course with goal texts and need labels masked (a need can be the
        practitioner's own words)."""
        if course is None:
            return None
        need = {label: self.mask(label) for label in course.need_labels}
        sessions = tuple(
            replace(s, needs=tuple(need.get(n, self.mask(n)) for n in s.needs))
            for s in course.sessions
        )
        goals = tuple(replace(g, text=self.mask(g.text)) for g in course.goals)
        return CaseCourse(
            sessions=sessions,
            goals=goals,
            need_labels=tuple(need[label] for label in course.need_labels),
        )


def _with_marks(
    text: str, a: int, b: int, marks: dict[int, list[str]], *, final: bool = False
) -> str:
    """``text[a:b]`` with the marks that stand at positions a..b (b only at the very end)."""
    out: list[str] = []
    for i in range(a, b + (1 if final else 0)):
        out.extend(marks.get(i, ()))
        if i < b:
            out.append(text[i])
    return "".join(out)


def _balance(text: str, start: str, end: str) -> str:
    """Drop marks left unpaired once a label swallowed their partner."""
    out: list[str] = []
    open_at: int | None = None
    for char in text:
        if char == start:
            if open_at is not None:
                continue
            open_at = len(out)
        elif char == end:
            if open_at is None:
                continue
            open_at = None
        out.append(char)
    if open_at is not None:
        del out[open_at]
    return "".join(out)


_NON_SPACE = re.compile(r"\S+")
_EDGE_PUNCTUATION = re.compile(r"[^\w@]+$")  # what ends a cut piece: "org>", "0105”"
_LEAD_PUNCTUATION = re.compile(r"^[^\w@]+")  # what opens one: "[jess.", "(0113"
_EDGE_WORDS = 12  # the longest known value a cut edge is compared with, in words


def _merge(text: str, spans: list[Span], edges: list[Span]) -> list[Span]:
    """``spans`` and the cut ``edges``, in order; an edge takes in the spans it overlaps
    ("Tamsin" of "Tamsin.ember@example…" goes with the rest of the address)."""
    if not edges:
        return spans
    kept = list(spans)
    grown: list[Span] = []
    for edge in edges:
        inside = [s for s in kept if s.start < edge.end and edge.start < s.end]
        start = min([edge.start, *(s.start for s in inside)])
        end = max([edge.end, *(s.end for s in inside)])
        kept = [s for s in kept if s not in inside]
        grown.append(Span(start, end, edge.kind, text[start:end], edge.replacement))
    return sorted([*kept, *grown], key=lambda s: s.start)


class PrivacyMasks:
    """One masker per case, kept while the case's identifiers stay the same.

    Holds decrypted identifiers: the window drops it with the workspace on lock.
    """

    def __init__(self) -> None:
        self._cache: dict[str, tuple[tuple[object, ...], CaseMasker]] = {}

    def for_case(self, case: Case) -> CaseMasker:
        key = _fingerprint(case)
        cached = self._cache.get(case.id)
        if cached is not None and cached[0] == key:
            return cached[1]
        masker = CaseMasker(case)
        self._cache[case.id] = (key, masker)
        return masker

    def mask(self, case: Case | None, text: str) -> str:
        if case is None:
            return text
        return self.for_case(case).mask(text)

    def clear(self) -> None:
        self._cache.clear()


__all__ = ["CaseMasker", "Mask", "PrivacyMasks", "privacy_identifiers"]


_CODE_WORD = re.compile(r"[^\W\d_]+")


def code_looks_like_a_name(code: str) -> bool:
    """Whether a case code reads like a person's name ("Maria Lopez", "Rowan"): codes are
    what privacy mode shows, so the practitioner is gently told. Two or more capitalised words
    (not abbreviations such as "CPL"), or a lone first name that is not an ordinary word."""
    from casenotes.core.deid.wordlists import english, first_names

    words = _CODE_WORD.findall(code)
    if any(ch.isdigit() for ch in code) and len(words) < 2:
        return False  # "SW-12", "C-001": a code, however its letters read
    capitalised = [w for w in words if len(w) > 1 and w[0].isupper() and not w.isupper()]
    if len(capitalised) >= 2:
        return True
    if len(words) == 1:
        word = words[0].casefold()
        return word in first_names() and word not in english()
    return False
