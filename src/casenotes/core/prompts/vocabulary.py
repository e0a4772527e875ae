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


# Framings the prompts never use, though each word is ordinary on its own:
# - a disclosure told as something that "came to light" (it casts the behaviour as a secret
#   exposed, and the person as caught out);
# - a return to sex work told as a relapse, lapse or slip (it casts the work as an illness
#   or an addiction; going back to the work is a neutral option the client weighs).
_REVEALED = re.compile(
    r"(?<!\w)(?:came|come|comes|coming|brought|bring|brings)[\s\-]+to[\s\-]+"
    r"light(?!\w)",
    re.IGNORECASE,
)
_LAPSE_WORDS = (
    r"(?:re)?lapse[sd]?|(?:re)?lapsing|slip(?:s|ped|ping)?[\s\-]+back|"
    r"(?:fell|fall(?:s|ing)?)[\s\-]+back|back[\s\-]*slid(?:e|es|ing)?|"
    r"backsliding|setback"
)
_SEX_WORK_WORDS = (
    r"sex[\s\-]+work(?:er|ers|ing)?|the[\s\-]+work|escorting|selling[\s\-]+sex|"
    r"the[\s\-]+industry|working[\s\-]+again|going[\s\-]+back|return(?:s|ed|ing)?"
)
_WINDOW = r"[^.;!?]{0,80}?"
_LAPSE_OF_SEX_WORK = re.compile(
    rf"(?<!\w)(?:(?:{_LAPSE_WORDS})(?!\w){_WINDOW}(?<!\w)(?:{_SEX_WORK_WORDS})"
    rf"|(?:{_SEX_WORK_WORDS})(?!\w){_WINDOW}(?<!\w)(?:{_LAPSE_WORDS}))(?!\w)",
    re.IGNORECASE,
)

REVEALED_FRAMING = "came to light"
LAPSE_FRAMING = "relapse (of sex work)"


def find_framing(text: str) -> list[str]:
    """Framings a prompt must not use: :data:`REVEALED_FRAMING` ("came to light" and its
    forms) and :data:`LAPSE_FRAMING` (a relapse, lapse, slip or setback said of sex work or of
    going back to it, within one sentence). Each found framing once."""
    found: list[str] = []
    if _REVEALED.search(text):
        found.append(REVEALED_FRAMING)
    if _LAPSE_OF_SEX_WORK.search(text):
        found.append(LAPSE_FRAMING)
    return found
