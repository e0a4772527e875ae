"""Details that identify without a name: exact ages, and things marked "for a look".

A reader who knows the community can find a client from "the only trans woman doing
pro-domme work in town", "named in the local paper after the raid", or a bail hearing.
None of these is a name, so no word list catches them; each is found by its shape and
marked *for a look*, with the reason, so the practitioner decides. Exact ages become
decades ("58" → "[50s]"): the age still informs, the person is harder to pick out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import replace

from casenotes.core.deid.spans import Finding, cut_out
from casenotes.core.deid.text_utils import literal_windows, scan

# (label, reason, pattern). Patterns run case-insensitively on the re-cased text.
_LOOKS: tuple[tuple[str, str, str], ...] = (
    (
        "[Legal proceeding]",
        "a legal proceeding can be looked up",
        r"\b(?:bail|custody|court|immigration|deportation|asylum|sentencing|parole|probation"
        r"|tribunal|magistrates['’]?|crown\s+court|family\s+court|criminal)\s+"
        r"(?:hearings?|dates?|case|cases|appearances?|orders?|reviews?|officers?|trial|record)\b"
        r"|\b(?:restraining|protection|protective|non-molestation|no-contact)\s+order\b"
        r"|\b(?:was|were|got|been|being)\s+(?:arrested|charged|convicted|sentenced|indicted"
        r"|prosecuted|cautioned|deported|detained|summonsed|cited)\b"
        r"(?:\s+(?:for|with|under)\s+[^.;,:\n]{1,40}?(?=[.;,:\n]|$))?"
        r"|\b(?:police|immigration|ICE)\s+raids?\b|\bthe\s+(?:[\w-]+\s+){0,2}raid\b",
    ),
    (
        "[Media coverage]",
        "media coverage can be searched",
        r"\b(?:named|pictured|identified|featured|mentioned|quoted|shown|outed)\s+"
        r"(?:in|on|by)\s+(?:the\s+|a\s+)?(?:local\s+|national\s+)?(?:paper|papers|news|press"
        r"|newspaper|tabloids?|article|website|blog|tv|radio)\b"
        r"|\b(?:in|on|made)\s+the\s+(?:local\s+|national\s+)?(?:news|papers|headlines)\b"
        r"|\bwent\s+viral\b"
        r"|\b(?:news|newspaper|tv|television|radio|podcast)\s+(?:story|article|report|interview"
        r"|segment|coverage|feature)\b",
    ),
    (
        "[Unique role]",
        "a unique role in a small community points to one person",
        r"\bthe\s+only\s+(?!one\b|time\b|thing\b|way\b|person\s+(?:she|he|they)\b)"
        r"[^.;:,()\n]{3,70}?(?=[.;:,()\n]|\s+(?:and|but|who|which|so|because)\b|$)"
        r"|\bone\s+of\s+(?:only\s+)?(?:two|three|a\s+handful\s+of|the\s+few)\s+"
        r"[^.;:,()\n]{3,60}?(?=[.;:,()\n]|\s+(?:and|but|who|which|so)\b|$)",
    ),
    (
        "[Distinction]",
        "a named distinction can be looked up",
        r"\bthe\s+(?:(?:19|20)\d\d\s+)?(?:[\w-]+\s+){0,3}?(?:champion|medallist|medalist"
        r"|olympian|finalist|record[- ]holder|prize[- ]winner|award[- ]winner)\b"
        r"|\b(?:won|winning|awarded)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}?(?:award|prize|medal"
        r"|title|championship|cup|trophy)\b",
    ),
    (
        "[Health detail]",
        "a health status narrows who this is",
        r"\bHIV[- ]?(?:positive|\+)|\bliving\s+with\s+HIV\b"
        r"|\b(?:\d{1,2}|[a-z]+)\s+weeks\s+pregnant\b",
    ),
    (
        "[Child's detail]",
        "a child's school or year narrows who the family is",
        r"\b(?:her|his|their|my|our)\s+(?:\w+\s+)?(?:son|daughter|child|kid|boy|girl|children"
        r"|kids)(?:['’]s)?\s+(?:school|class|teacher|nursery|primary|college)\b"
        r"|\b(?:in|starts?|started|starting|into)\s+(?:year|grade|yr)\s+\d{1,2}\b",
    ),
)
_COMPILED = tuple((label, reason, re.compile(p, re.IGNORECASE)) for label, reason, p in _LOOKS)

_YOUNG = r"(?:1\d|[2-8]\d)"
# Exact ages under 90 in the forms notes use; "PHQ-9, 12" and "session 14" are not ages.
_AGES = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"(?<![\w.])(?P<n>{_YOUNG})(?:\s*|-)(?:years?|yrs?|y/?o)(?:[-\s]old)?(?!\w)",
        rf"\baged?\s*:?\s+(?P<n>{_YOUNG})(?![\w%]|[.,]\d|\s*(?:%|minutes|mins|hours|kg|mg))",
        rf"\b(?:turns|turned|turning)\s+(?P<n>{_YOUNG})(?![\w%]|[.,]\d)"
        r"(?!\s+(?:minutes|mins|out|of|up|around|down)\b)",
        rf"\b(?P<n>{_YOUNG})(?:st|nd|rd|th)\s+birthday\b",
    )
)
# "Bill Osei (31, sous-chef)", "Dana, 34, a nurse": a name, then the age.
_AGE_AFTER_NAME = re.compile(
    rf"\b[A-Z][a-z]+(?:\s+[A-Z][\w'’-]+)?\s*(?:\((?P<a>{_YOUNG})[,)]|,\s(?P<b>{_YOUNG}),\s)"
)


def find_ages(text: str) -> Iterator[Finding]:
    """Exact ages under 90, each labelled with its decade ("[30s]")."""
    for i, regex in enumerate(_AGES):
        for m in regex.finditer(text):
            # "a 45-year-old" becomes "a [40s]"; "aged 31" becomes "aged [30s]".
            start, end = m.span() if i == 0 else m.span("n")
            yield _age(m.group("n"), start, end)
    for m in _AGE_AFTER_NAME.finditer(text):
        group = "a" if m.group("a") else "b"
        start, end = m.span(group)
        yield _age(m.group(group), start, end)


def _age(number: str, start: int, end: int) -> Finding:
    decade = int(number) // 10 * 10
    return Finding(start, end, "age", "pattern", True, label=f"[{decade}s]")


# Words one of which each look needs (lower case): the looks run only around them.
_LOOK_NEEDLES: dict[str, tuple[str, ...]] = {
    "[Legal proceeding]": (
        *("hearing", "date", "case", "appearance", "order", "review", "officer", "trial"),
        *("record", "arrest", "charged", "convicted", "sentenced", "indicted", "prosecuted"),
        *("cautioned", "deported", "detained", "summons", "cited", "raid"),
    ),
    "[Media coverage]": (
        *("paper", "news", "press", "tabloid", "article", "website", "blog", "tv", "radio"),
        *("headline", "viral", "podcast", "story", "report", "interview", "segment"),
    ),
    "[Unique role]": ("only",),
    "[Distinction]": (
        *("champion", "medal", "olympian", "finalist", "record", "winner", "won", "award"),
    ),
    "[Health detail]": ("hiv", "pregnant"),
    "[Child's detail]": ("son", "daughter", "child", "kid", "boy", "girl", "year", "grade", "yr"),
}


def find_looks(text: str) -> Iterator[Finding]:
    """Quasi-identifiers: never certain, each with its reason."""
    folded = text.lower()
    for label, reason, regex in _COMPILED:
        if len(folded) == len(text):
            where = literal_windows(folded, _LOOK_NEEDLES[label], 120, 90)
        else:
            where = [(0, len(text))]
        for m in scan(regex, text, where):
            start, end = m.span()
            while end > start and text[end - 1] in " \t,.;:":
                end -= 1
            if end > start:
                yield Finding(start, end, "other", "pattern", False, label=label, reason=reason)


def fit_between(text: str, looks: Sequence[Finding], kept: Sequence[Finding]) -> list[Finding]:
    """The parts of each look that no other finding covers.

    A look never swallows a name or a place inside it: restoring "the only trans woman
    doing pro-domme work in [City]" must not bring the city back.
    """
    out: list[Finding] = []
    starts = [f.start for f in kept]  # kept: sorted, non-overlapping
    for look in looks:
        pieces = [(look.start, look.end)]
        i = max(0, bisect_right(starts, look.start) - 1)
        while i < len(kept) and kept[i].start < look.end:
            f = kept[i]
            if look.start < f.end:
                pieces = cut_out(pieces, f.start, f.end)
            i += 1
        for a, b in pieces:
            while a < b and not text[a].isalnum():
                a += 1
            while b > a and not text[b - 1].isalnum():
                b -= 1
            if sum(c.isalpha() for c in text[a:b]) >= 4:
                out.append(replace(look, start=a, end=b))
    return out
