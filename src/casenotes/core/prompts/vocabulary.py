"""Words the practice does not use about its clients: stigmatising names for sex workers and
their clients, and terms that pathologise sexual behaviour.

Used to check the shipped prompts, the practitioner's own prompts and the UI's strings. The
clinician self-check deliberately names "victimhood", "deviance", "exploitation" and
"entitlement" as assumptions to notice, so those are not listed here.
"""

from __future__ import annotations

import re

STIGMATISING_TERMS: tuple[str, ...] = (
    # Names for sex workers
    "prostitute",
    "prostitutes",
    "prostitution",
    "prostituted",
    "hooker",
    "hookers",
    "whore",
    "whores",
    "harlot",
    "harlots",
    "streetwalker",
    "streetwalkers",
    "call girl",
    "call girls",
    "working girl",
    "working girls",
    "rent boy",
    "rent boys",
    "lady of the night",
    "ladies of the night",
    "fallen woman",
    "fallen women",
    "selling her body",
    "selling his body",
    "selling their body",
    "selling their bodies",
    "slut",
    "sluts",
    # Names for clients of sex workers
    "john",
    "johns",
    "punter",
    "punters",
    # Slurs
    "tranny",
    "trannies",
    "shemale",
    "shemales",
    # Pathologising terms
    "sex addict",
    "sex addicts",
    "sex addiction",
    "porn addict",
    "porn addicts",
    "porn addiction",
    "addict",
    "addicts",
    "addicted",
    "addiction",
    "deviant",
    "deviants",
    "pervert",
    "perverts",
    "perversion",
    "hypersexual",
    "hypersexuality",
    "nymphomaniac",
    "nymphomania",
    "promiscuous",
    "promiscuity",
    "compulsive",
    "compulsivity",
    "relapse",
    "relapsed",
    "relapses",
    "acting out",
    "victim",
    "victims",
)


def _normalise(text: str) -> str:
    return re.sub(r"[\s\-]+", " ", text.strip().lower())


def _term_pattern(term: str) -> str:
    # Words of a phrase may be split by any whitespace (line breaks too) or a hyphen.
    return r"[\s\-]+".join(re.escape(word) for word in term.split())


_BY_NORMAL = {_normalise(term): term for term in STIGMATISING_TERMS}
_PATTERN = re.compile(
    r"(?<!\w)(?:"
    + "|".join(_term_pattern(t) for t in sorted(STIGMATISING_TERMS, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)


def find_stigmatising(text: str) -> list[str]:
    """The stigmatising terms in ``text`` (whole words, any case, phrases across line
    breaks), each once, as listed in :data:`STIGMATISING_TERMS`, in order of appearance."""
    found: list[str] = []
    for match in _PATTERN.finditer(text):
        term = _BY_NORMAL[_normalise(match.group(0))]
        if term not in found:
            found.append(term)
    return found
