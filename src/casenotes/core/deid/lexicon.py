"""Layer 3, the default-deny lexicon: capitalised words that are not ordinary English.

A run of capitalised words is one candidate (a full name, an organisation, a place). It
is flagged when it holds a word that is neither ordinary English nor on the allow-list,
or when its context says "name" (a title, a relation word, a credential), "workplace"
(an organisation suffix) or "place" (a place suffix, "in ...", a ZIP after it). Findings
with little evidence are ``certain=False`` so the review dialog marks them for a look.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace

from casenotes.core.deid import wordlists
from casenotes.core.deid.spans import Finding
from casenotes.core.deid.text_utils import STREET_WORDS, is_sentence_start, previous_word
from casenotes.core.domain.calendar import ENGLISH_MONTHS, ENGLISH_WEEKDAYS

# Upper-case and title-case letters of every script Python knows (Latin, Greek, Cyrillic…).
_UPPER = "".join(
    re.escape(chr(c))
    for c in range(min(sys.maxunicode, 0xFFFF) + 1)
    if chr(c).isupper() or chr(c).istitle()
)
_CAPWORD = rf"[{_UPPER}][^\W_]*(?:['’\-][^\W\d_]+)*"
_PARTICLES = r"(?:of|de|del|della|da|di|do|dos|das|van|von|der|den|la|le|du|bin|bint|ibn|al|el|y)"
# An apostrophe before a capital joins it to a word ("O'Neil", "don'T") only after a letter;
# after a space it opens a quotation: "a woman, 'Yildiz', whom he met".
CAP_RUN = re.compile(
    rf"[{_UPPER}](?<![\w@./-][{_UPPER}])(?<!\w['’][{_UPPER}])[^\W_]*(?:['’\-][^\W\d_]+)*"
    rf"(?:(?:[ \t]+|[ \t]*\n[ \t]*|[ \t]*&[ \t]*|[ \t]+{_PARTICLES}[ \t]+){_CAPWORD})*"
)
_PARTICLE_WORDS = re.compile(_PARTICLES)
_TOKEN = re.compile(rf"{_CAPWORD}|&|{_PARTICLES}")
# Each pattern opens with a character class, not a lookbehind, so the regex engine can skip
# ahead quickly; the lookbehind right after it checks the character before the match.
INITIALS = re.compile(
    r"[A-Z](?<![\w.][A-Z])\.(?:[ \t]?[A-Z]\.){1,2}(?![\w.])"
    r"|[A-Z](?<![\w.][A-Z])\.(?=[,\"”]|\s+[a-z])"
)
_NOT_INITIALS = frozenset(
    {
        "U.S.",
        "U.K.",
        "P.O.",
        "A.M.",
        "P.M.",
        "D.C.",
        "E.U.",
        "B.A.",
        "M.A.",
        "R.N.",
        "N.B.",
        "P.S.",
        "U.N.",
        "I.D.",
    }
)
TITLED = re.compile(
    rf"\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Professor|Rev|Reverend|Pastor|Rabbi|Imam|Judge|Officer"
    rf"|Detective|Sgt|Sergeant|Coach|Auntie|Aunty|Aunt|Uncle|Nana|Grandma|Grandpa|Sister"
    rf"|Brother|Father|Mme|Mlle|Herr|Frau|Sra|Srta|Señora|Señor|Senhora|Senhor|Signora"
    rf"|Dhr|Mevr|Mw|Pani|Dott)\.?[ \t]+(?P<span>{_CAPWORD}(?:[ \t]+{_CAPWORD})?)"
    # "M. Sow", "Sr. Ruiz", "Fr. Lang": a short title of another language, with its point.
    rf"|\b(?:M|Sr|Fr|Hr|Mr)\.[ \t]+(?P<span2>{_CAPWORD}(?:[ \t]+{_CAPWORD})?)"
)
LOWER_HANDLE = re.compile(r"(?<![\w@.'’/-])[a-z][a-z0-9_]{7,}(?![\w@'’-]|\.\w)")
CODED_HANDLE = re.compile(
    r"(?<![\w@./-])(?<!\w['’])(?=[a-z0-9_]*[a-z])(?:[a-z0-9]+_[a-z0-9_]+|[a-z]{3,}\d{2,})"
    r"(?![\w@'’-]|\.\w)"
)
_POSSESSIVE = re.compile(r"['’]s?$")

_CALENDAR = frozenset(
    [
        *ENGLISH_MONTHS,
        *ENGLISH_WEEKDAYS,
        *(f"{day}s" for day in ENGLISH_WEEKDAYS),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"),
        *("thanksgiving", "easter", "christmas", "xmas", "halloween", "hanukkah", "chanukah"),
        *("diwali", "eid", "ramadan", "passover", "juneteenth", "valentine", "valentine's"),
        *("new", "year's", "eve"),
    ]
)
TITLES = frozenset(
    (
        *("mr", "mrs", "ms", "mx", "miss", "dr", "prof", "professor", "rev", "reverend"),
        *("pastor", "rabbi", "imam", "judge", "officer", "detective", "sgt", "sergeant"),
        *("coach", "auntie", "aunty", "aunt", "uncle", "nana", "grandma", "grandpa"),
        *("sister", "brother", "father", "mother", "st", "mme", "mlle", "herr", "frau"),
        *("sra", "srta", "señora", "señor", "senhora", "senhor", "signora", "dhr", "mevr"),
        *("mw", "pani", "dott", "m", "sr", "fr", "hr"),
    )
)
RELATIONS = frozenset(
    [
        "partner",
        "wife",
        "husband",
        "spouse",
        "girlfriend",
        "boyfriend",
        "fiancé",
        "fiancée",
        "fiance",
        "fiancee",
        "ex",
        "sister",
        "brother",
        "sibling",
        "mother",
        "father",
        "mum",
        "mom",
        "mam",
        "dad",
        "daughter",
        "son",
        "child",
        "kid",
        "niece",
        "nephew",
        "aunt",
        "uncle",
        "cousin",
        "grandmother",
        "grandfather",
        "nan",
        "nanna",
        "gran",
        "granny",
        "grandad",
        "granddad",
        "grandma",
        "grandpa",
        "granddaughter",
        "grandson",
        "aunty",
        "auntie",
        "nana",
        "nani",
        "nanu",
        "dadi",
        "koro",
        "kuia",
        "whaea",
        "abuela",
        "abuelo",
        "oma",
        "opa",
        "nain",
        "taid",
        "mam-gu",
        "tad-cu",
        "babcia",
        "dziadek",
        "nonna",
        "nonno",
        "avó",
        "avô",
        "mamie",
        "papi",
        "kids",
        "children",
        "sons",
        "daughters",
        "twins",
        "stepmother",
        "stepfather",
        "stepdaughter",
        "stepson",
        "friend",
        "bestie",
        "roommate",
        "flatmate",
        "housemate",
        "colleague",
        "coworker",
        "co-worker",
        "boss",
        "manager",
        "supervisor",
        "sponsor",
        "sitter",
        "babysitter",
        "nanny",
        "attorney",
        "lawyer",
        "solicitor",
        "accountant",
        "adviser",
        "advisor",
        "therapist",
        "psychiatrist",
        "doctor",
        "nurse",
        "caseworker",
        "neighbour",
        "neighbor",
        "landlord",
        "landlady",
        "metamour",
        "lover",
        "mentor",
        "teacher",
        "classmate",
        "pastor",
        "priest",
        "assistant",
        "driver",
        "cousin's",
        "named",
        "called",
        "nicknamed",
        "stepsister",
        "stepbrother",
        "twin",
        "baby",
        "toddler",
        "teen",
        "teenager",
        "widow",
        "widower",
        "ex-wife",
        "ex-husband",
        "ex-partner",
        "ex-girlfriend",
        "ex-boyfriend",
        "in-law",
        "mother-in-law",
        "father-in-law",
        "sister-in-law",
        "brother-in-law",
        "dom",
        "domme",
        "sub",
        "pimp",
        "agent",
        "booker",
        "receptionist",
        "bartender",
        "bouncer",
        # People who serve or look after someone, named after a comma: "the moderator, Quill".
        # (Roles that are also verbs or everyday nouns, "cleaner", "host", "volunteer", are
        # left out: "the cleaner rose early".)
        *("moderator", "doorman", "concierge", "dispatcher", "caretaker", "janitor"),
        *("housekeeper", "bodyguard", "realtor", "tutor", "stylist", "hairdresser", "barber"),
        *("midwife", "doula", "chaplain", "vicar", "rabbi", "imam", "coordinator", "advocate"),
        *("dentist", "pharmacist", "counsellor", "counselor", "psychologist", "photographer"),
        # People in the work, named by the client: "a long-standing provider, 'Jade'".
        "provider",
        "escort",
        "worker",
        "regular",
        "companion",
        "client",
        "date",
        # Greetings and sign-offs in letters and messages: "Hi Hunter," "Dear Grace,".
        "hi",
        "hello",
        "hey",
        "dear",
        "thanks",
        "cheers",
    ]
)
_GREETINGS = frozenset({"hi", "hello", "hey", "dear", "thanks", "cheers", "morning", "evening"})
CREDENTIALS = re.compile(
    r"^,?\s*(?:NP|MD|DO|PA|RN|LCSW|LMFT|LPC|LMHC|PsyD|PhD|MSW|APRN|PMHNP"
    r"|DDS|DMD|Esq|CNM|LICSW|LCPC|LPCC|MFT|CST|Jr|Sr)\b\.?"
)
_LEGAL_NAME_AFTER = re.compile(
    r"^\s*\((?:legal|chart|birth|given|real|full|preferred)\s+name|^\s*\(goes\s+by"
)
_PERSON_VERB_AFTER = re.compile(
    r"^(?:['’]s\s+\w+|\s+(?:and|&)\s+[A-Z]|\s+(?:reports|reported|said|says|asked|asks"
    r"|arrived|attended|described|describes|noticed|noted|feels|felt|wants|wanted|came|comes"
    r"|continues|continued|presented|presents|shared|shares|identified|disclosed|agreed"
    r"|declined|denied|denies|returned|cancelled|canceled|texted|called|emailed|found|finds"
    r"|told|tells|knows|knew|thinks|thought|worries|worried|expressed|explained|stated"
    r"|states|brought|joined|left|moved|lives|works|worked|started|stopped|met|sees|saw"
    r"|seems|seemed|appeared|appears|became|cried|laughed|smiled|spoke|talked|wrote"
    r"|requested|missed|prefers|preferred|needs|needed|plans|planned|hopes|hoped|tried"
    r"|tries|chose|decided|admitted|acknowledged|mentioned|recalled|remembered|reflected"
    r"|reacted|responded|replied|blamed|accused|refused|threatened|insisted|admits|admitted"
    r"|was|is|has|had|will\s+\w+|would|could|may\s+\w+)\b)"
)
_WHO_AFTER = re.compile(r"^,?\s+(?:who|whom|whose)\b")
_ZIP_AFTER = re.compile(
    r"^,?\s+(?:\d{5}(?:-\d{4})?(?!\d)|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"
    r"|[A-Z]\d[A-Z]\s?\d[A-Z]\d\b)"
)
_PLACE_BEFORE = frozenset(
    {
        "in",
        "near",
        "outside",
        "around",
        "visiting",
        "across",
        "throughout",
        "toward",
        "towards",
        "between",
        "from",
    }
)
_PLACE_BEFORE_PAIR = re.compile(
    r"\b(?:moved|move|moving|moves|went|go|going|goes|drove|drive|drives|driving|flew|fly"
    r"|flies|flying|trip|trips|back|return(?:s|ed|ing)?|head(?:s|ed|ing)?|settl(?:e|ed|ing)"
    r"|holiday(?:s|ed|ing)?|travel(?:l?ed|ling|s)?|relocat(?:ed|ing|e)|commut(?:e|es|ed|ing)"
    r"|lives|live|living|lived|based|raised|born|grew\s+up|stays|stayed|staying|home"
    r"|follow(?:s|ed|ing)?\s+(?:me|her|him|them|us)|walk(?:s|ed|ing)?|chas(?:e|es|ed|ing)"
    r"\s+(?:me|her|him|them|us))"
    r"(?:\s+(?:out|down|up|over|back|away|home))?\s+(?:to|in|at|up\s+in)\s*$",
    re.IGNORECASE,
)
_WORKPLACE_BEFORE = frozenset({"at", "for", "with"})
_STREET_BEFORE = frozenset({"on", "off", "along", "onto"})
# What stands before "on Yew", "off Stark": a home, a venue, living or moving somewhere. "We
# worked on Boundaries", "focused on Sleep" name no street.
STREET_CONTEXT = re.compile(
    r"\b(?i:lives?|living|lived|stays?|staying|stayed|house|home|flat|apartment|place|shop"
    r"|store|bar|cafe|café|pub|balcony|corner|motel|hotel|room|rooms|studio|salon|spa|club"
    r"|parlou?r|street-based|strip|parked|walked|walks|drove|drives|moved|address|tap|diner"
    r"|grill|lounge|market|stand|cart|drop-in|massage|wellness|centre|center)\b[^.;:\n]{0,30}$"
    # or a venue's capitalised name right before: "the Saguaro Spur on Central"
    r"|[^.!?\n\s][ \t]+[A-Z][\w'’&-]+[ \t]+(?:on|off|along|onto)[ \t]+$"
)
# What people are "on" that is no street: platforms, benefits, medicines, days, and the words
# of notes seen on the sets ("cheating on God", a sugar site, a visa's stamp, Orthodox Christmas).
ON_SOMETHING = re.compile(
    r"\b(?i:zoom|twitter|facebook|instagram|snapchat|tiktok|youtube|reddit|discord|signal"
    r"|telegram|whatsapp|teams|skype|facetime|tinder|grindr|hinge|bumble|medicaid|medicare"
    r"|universal\s+credit|benefits?|disability|probation|parole|bail|prep|suboxone"
    r"|methadone|call|duty|shift|leave|time|board|track|hold|top|fire|air|stage|tour|camera"
    r"|record|paper|purpose|demand|average|behalf|site|line|screen|video|speaker"
    r"|christmas|easter|thanksgiving|halloween|valentine|god|seeking|stamp|orthodox)\b"
)
# The same in French, Spanish, Portuguese and Italian, with an article or without: "à
# l'Ariane", "au Plateau", "en el Plan", "na Mouraria", "no Chiado". (German is left out: it
# capitalises every noun after "in der".)
_PLACE_BEFORE_ROMANCE = re.compile(
    r"(?<![\w'’])(?:à|au|aux|dans|vers|en|na|no|nas|nos|em|hacia|desde|nel|nella|al|allo"
    r"|alla|ai|agli|alle|nello|dal|dalla)"
    r"(?:\s+(?:la|le|les|el|los|las|o|os|a|as|il|lo)\s+|\s+l['’]|\s+|\s*l['’])$"
)


def _base(token: str) -> str:
    return _POSSESSIVE.sub("", token).casefold()


def is_ordinary(token: str) -> bool:
    """An ordinary English word, a calendar word, or an allow-listed term (any part of it)."""
    english, allowed = wordlists.english(), wordlists.allowed()
    folded = token.casefold()
    if folded in allowed or folded in english or folded in _CALENDAR:
        return True
    base = _base(token)
    if base in allowed or base in english or base in _CALENDAR:
        return True
    if token.isupper() and 2 <= len(token) < 4:
        return True  # acronyms: CBT, PHQ, SAA (longer ones are in the allow list)
    if _ACRONYM_PLURAL.fullmatch(token):
        return True  # "DMs", "GPs", "STIs"
    if _CONTRACTION.fullmatch(folded):
        return True  # "I'm", "I'd", "She'll", "Don't" — not "O'Neil"
    for prefix in ("re", "un", "pre", "mis", "non", "over", "out", "co", "self-"):
        rest = base[len(prefix) :]
        if base.startswith(prefix) and len(rest) >= 4 and _plain_or_inflected(rest, english):
            return True  # "Rebooked", "Unsent"
    parts = [p for p in re.split(r"[-'’]", base) if p]
    if len(parts) > 1 and all(len(p) <= 2 or p in english or p in allowed for p in parts):
        return not (len(parts[0]) == 1 and len(parts) == 2)  # O'Neil is a name
    for suffix in ("s", "es", "ed", "ing", "ly", "er", "ers", "ness", "ism"):
        if base.endswith(suffix) and base[: -len(suffix)] in english:
            return True
    return False


_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,5}s")
# Not "'s": "Idil's" is a name's possessive, and "She's" is ordinary through its base anyway.
_CONTRACTION = re.compile(r"[^\W\d_]+['’](?:m|d|ll|ve|re|t)")


def _plain_or_inflected(word: str, english: frozenset[str]) -> bool:
    if word in english:
        return True
    return any(
        word.endswith(suffix) and word[: -len(suffix)] in english
        for suffix in ("s", "es", "ed", "d", "ing", "ly", "er", "ers")
    )


def _is_first_name(token: str) -> bool:
    return _base(token) in wordlists.first_names()


class TokenCache:
    """Memoised word tests for one ``Deidentifier``.

    The keys are words of client text, so the cache belongs to the engine instance and is
    dropped with it: nothing of a note outlives the engine in a process-wide cache.
    """

    __slots__ = ("__weakref__", "_first", "_ordinary")

    def __init__(self) -> None:
        self._ordinary: dict[str, bool] = {}
        self._first: dict[str, bool] = {}

    def ordinary(self, token: str) -> bool:
        hit = self._ordinary.get(token)
        if hit is None:
            hit = self._ordinary[token] = is_ordinary(token)
        return hit

    def first_name(self, token: str) -> bool:
        hit = self._first.get(token)
        if hit is None:
            hit = self._first[token] = _is_first_name(token)
        return hit

    def clear(self) -> None:
        self._ordinary.clear()
        self._first.clear()


def _classify(
    text: str, start: int, end: int, tokens: list[str], memo: TokenCache
) -> tuple[str, bool] | None:
    """(kind, strong evidence) for a capitalised run with an unknown word, by its context."""
    last = _base(tokens[-1])
    first = _base(tokens[0])
    if len(tokens) >= 2 and _is_org_suffix(last):
        return "employer", True
    if len(tokens) >= 2 and (
        last in wordlists.place_suffixes() or first in wordlists.place_prefixes()
    ):
        return "place", True
    after = text[end : end + 16]
    if _ZIP_AFTER.match(after):
        return "place", True
    named = any(memo.first_name(t) for t in tokens)
    before = text[max(0, start - 40) : start]
    prev = previous_word(text, start)
    if len(tokens) >= 2 and first in _ORG_PREFIXES:
        return "employer", True  # "Club Cerise", "Hotel Miramar"
    if not named and _in_gazetteer(text[start:end]):
        return "place", True
    if not named and (
        prev in _PLACE_BEFORE
        or _PLACE_BEFORE_PAIR.search(before)
        or _PLACE_BEFORE_ROMANCE.search(before)
    ):
        return "place", False
    if not named and prev in _WORKPLACE_BEFORE and re.search(r"\bat\s+(?:the\s+)?$", before):
        return "employer", False
    return None


def find_lexical(text: str, memo: TokenCache | None = None) -> Iterator[Finding]:
    """Lexicon findings; ``memo`` (the engine's own cache) saves re-testing words."""
    yield from _find_runs(text, memo if memo is not None else TokenCache())
    yield from _find_titled(text)
    yield from _find_initials(text)
    yield from _find_lower_handles(text)
    yield from _find_lower_first_names(text, memo if memo is not None else TokenCache())


def _run_tokens(run: str, offset: int) -> list[tuple[int, int, str]]:
    return [(offset + m.start(), offset + m.end(), m.group()) for m in _TOKEN.finditer(run)]


# After an elided article or preposition in lower case a name begins: "originaire
# d'Ajaccio", "habite à l'Ariane", "dell'Orto" (CAP_RUN leaves a capital after a letter and
# an apostrophe to the word before it, as in "O'Neil").
_ELIDED_RUN = re.compile(
    rf"(?<![\w'’])(?:[dlnjmst]|qu|dell|all|nell|sull|dall)['’](?P<run>{_CAPWORD}"
    rf"(?:[ \t]+{_CAPWORD})*)"
)


def _cap_runs(text: str) -> Iterator[tuple[int, int, str]]:
    for match in CAP_RUN.finditer(text):
        yield match.start(), match.end(), match.group()
    if "'" in text or "’" in text:
        for match in _ELIDED_RUN.finditer(text):
            yield match.start("run"), match.end("run"), match.group("run")


def _find_runs(text: str, memo: TokenCache) -> Iterator[Finding]:
    for start, end, run in _cap_runs(text):
        tokens = _run_tokens(run, start)
        if len(tokens) >= 2 and _in_gazetteer(run):
            # "Sun City", "May Pen": a town whose words would otherwise split the run.
            yield Finding(start, end, "place", "lexicon", True)
            continue
        if len(tokens) >= 2 and _acronym_led_workplace(text, start, tokens):
            # "works at UZ Gent", "employed by AZ Delta": a workplace named by its initials
            # and its town; the acronym would otherwise split the run in two.
            yield Finding(start, end, "employer", "lexicon", True)
            continue
        # Split the run at allow-listed terms and calendar words: "CBT Ivy" is not one name.
        segment: list[tuple[int, int, str]] = []
        for tok in tokens:
            word = tok[2]
            breaker = _breaks_run(word)
            if breaker and segment and _surname_after_first_name(segment[-1][2], word, memo):
                breaker = False  # "Maya Gottman", "Grace Satir": a person, not the model
            if breaker:
                yield from _judge_segment(text, segment, memo)
                segment = []
            else:
                segment.append(tok)
        yield from _judge_segment(text, segment, memo)


_WORK_CUE_BEFORE = re.compile(
    r"\b(?i:works?|worked|working|job|employed|placement|shifts?)\s+(?i:at|for|by|with)\s+$"
)


def _acronym_led_workplace(text: str, start: int, tokens: list[tuple[int, int, str]]) -> bool:
    first = tokens[0][2]
    return (
        first.isupper()
        and 2 <= len(first) < 4
        and not tokens[-1][2].isupper()
        and _base(tokens[-1][2]) not in _CALENDAR
        and _WORK_CUE_BEFORE.search(text[max(0, start - 24) : start]) is not None
    )


def _eponym(word: str) -> bool:
    """An allow-listed name of a model's author ("Gottman"): a surname beside a first name."""
    folded = _base(word)
    return (
        not word.isupper()
        and folded in wordlists.allowed()
        and folded not in wordlists.english()
        and folded not in _CALENDAR
    )


def _surname_after_first_name(before: str, word: str, memo: TokenCache) -> bool:
    """An allow-listed eponym ("Gottman", "Satir") right after a first name is a surname."""
    return (
        not word.isupper()
        and _base(word).rstrip(".") not in _CALENDAR | _NAME_SUFFIXES
        and not CREDENTIALS.match(word)
        and not _POSSESSIVE.search(before)
        and memo.first_name(before)
    )


_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _breaks_run(word: str) -> bool:
    """Allow-listed terms, calendar words and acronyms end a name: "CBT Ivy" is two things.

    Organisation suffixes ("LLP", "Inc") do not: they belong to the name before them.
    """
    if word == "&" or _PARTICLE_WORDS.fullmatch(word):
        return False
    folded = word.casefold()
    if folded in wordlists.org_suffixes():
        return False
    if folded in wordlists.allowed() and folded not in wordlists.english():
        return True
    # Short capitals are acronyms ("CBT", "STI"); longer ones are a name or a heading in
    # capitals ("KAVIN SELVARAJAH" on a letterhead) and are judged like any other word.
    return _base(word) in _CALENDAR or (word.isupper() and 2 <= len(word) < 4)


def _judge_segment(
    text: str, segment: list[tuple[int, int, str]], memo: TokenCache
) -> Iterator[Finding]:
    # Connectors never start or end a name.
    while segment and (segment[0][2] == "&" or _PARTICLE_WORDS.fullmatch(segment[0][2])):
        segment = segment[1:]
    while segment and (segment[-1][2] == "&" or _PARTICLE_WORDS.fullmatch(segment[-1][2])):
        segment = segment[:-1]
    # A greeting is not part of the name: "Thanks Frank," "Hi Hunter," (the name stays, and
    # the greeting before it is what marks it as a name).
    while len(segment) > 1 and segment[0][2].casefold() in _GREETINGS:
        segment = segment[1:]
    # A title is not part of the name: "Judge Marlowe" keeps "Judge".
    while len(segment) > 1 and segment[0][2].rstrip(".").casefold() in TITLES:
        segment = segment[1:]
    if not segment:
        return
    words = [t[2] for t in segment if t[2] != "&"]
    named = any(memo.first_name(w) for w in words)
    unknown = [
        (not memo.ordinary(w) or (named and _eponym(w))) and len(_base(w)) > 1 for w in words
    ]
    sentence_initial = is_sentence_start(text, segment[0][0])
    # "Today Oksana said": an ordinary word opening a sentence is not part of the name.
    # A first name opening the sentence stays: "Rose Whitfield called".
    if (
        sentence_initial
        and len(segment) > 1
        and not unknown[0]
        and any(unknown[1:])
        and not (memo.first_name(words[0]) and _base(words[0]) not in RELATIONS)
    ):
        segment = segment[1:]
        words, unknown = words[1:], unknown[1:]
        sentence_initial = False
        while segment and segment[0][2] == "&":
            segment = segment[1:]
    elif (
        sentence_initial
        and len(segment) > 2
        and _base(words[-1]) in STREET_WORDS
        and not memo.first_name(words[0])
        and _base(words[0]) not in _SENTENCE_OPENERS
    ):
        # "Avoiding Princes Avenue at night": the verb opening the sentence is not the
        # street's; what follows it is read as if mid-sentence.
        segment = segment[1:]
        words, unknown = words[1:], unknown[1:]
        sentence_initial = False
    start = segment[0][0]
    end = segment[-1][1]
    last = segment[-1][2]
    possessive = _POSSESSIVE.search(last)
    if possessive and last[-2:] in ("'s", "’s"):
        end -= 2
    elif last.endswith(("'", "’")):
        end -= 1
    if end <= start:
        return
    tokens = words
    if any(unknown):
        kind_info = _classify(text, start, end, tokens, memo)
        if kind_info is not None:
            kind, strong = kind_info
            yield Finding(start, end, kind, "lexicon", strong or not sentence_initial)
            return
        evidence = (
            not sentence_initial
            or len(tokens) > 1
            or any(memo.first_name(t) for t in tokens)
            or _name_context(text, start, end)
        )
        yield Finding(start, end, "name", "lexicon", evidence)
        return
    # Only ordinary words: flag when the context says name, workplace or place.
    # "her partner, Wren, who": a capitalised word right after a relation word is a name.
    if _name_context(text, start, end) and (
        not sentence_initial or any(memo.first_name(t) for t in tokens[:1])
    ):
        yield Finding(start, end, "name", "lexicon", True)
        return
    after = text[end : end + 40]
    if len(tokens) <= 2 and _LEGAL_NAME_AFTER.match(after):
        yield Finding(start, end, "name", "lexicon", True)  # "Pet (chart name ...)"
        return
    if len(tokens) == 1 and memo.first_name(tokens[0]) and _quoted(text, start, end):
        # 'one of them, "Lily", told him': a first name in quotation marks is a name.
        yield Finding(start, end, "name", "lexicon", False)
        return
    if len(tokens) == 1 and memo.first_name(tokens[0]) and _base(tokens[0]) not in _CALENDAR:
        # A first name that is also a word ("Grace", "Chase"): mid-sentence capitals, or a
        # sentence that goes on like a report about a person ("Chase arrived early").
        if not sentence_initial or _PERSON_VERB_AFTER.match(after):
            yield Finding(start, end, "name", "lexicon", False)
        return
    if not sentence_initial:
        # Ordinary words capitalised mid-sentence where a place or workplace stands: "grew
        # up in Reading", "a flat in Plateau", "works at Velvet Anchor", "Club Cerise".
        prev = previous_word(text, start)
        wide = text[max(0, start - 40) : start]
        if _in_gazetteer(text[start:end]) and (
            prev in _PLACE_BEFORE or _PLACE_BEFORE_PAIR.search(wide)
        ):
            yield Finding(start, end, "place", "lexicon", True)
            return
        if len(tokens) >= 2 and _base(tokens[0]) in _ORG_PREFIXES:
            yield Finding(start, end, "employer", "lexicon", False)
            return
        if (
            prev in _PLACE_BEFORE
            or _PLACE_BEFORE_PAIR.search(wide)
            or _PLACE_BEFORE_ROMANCE.search(wide)
        ):
            yield Finding(start, end, "place", "lexicon", False)
            return
        if prev == "at" or re.search(r"\b(?:works?|worked|working|job)\s+(?:at|for)\s+$", wide):
            yield Finding(start, end, "employer", "lexicon", False)
            return
        if (
            prev in _STREET_BEFORE
            and STREET_CONTEXT.search(wide)
            and not ON_SOMETHING.search(text, start, end)
            and not _is_org_suffix(tokens[-1])
            and all(len(t) >= 3 and t[1:].isalpha() and t[1:].islower() for t in tokens)
        ):
            # "the balcony on Yew", "lives off Stark", "worked on Pacific": a street named by
            # its own word, without "Street" after it.
            yield Finding(start, end, "place", "lexicon", False)
            return
    if _before_known_town(text, end):
        # "Hackney, London", "Ponsonby, Auckland": a district named before its city.
        yield Finding(start, end, "place", "lexicon", False)
        return
    if (
        len(tokens) >= 2
        and _is_org_suffix(tokens[-1])
        and _base(tokens[0]) not in _SENTENCE_OPENERS
    ):
        # A heading's workplace: "Intake. Harbour Light Counselling, Auckland".
        yield Finding(start, end, "employer", "lexicon", not sentence_initial)
        return
    if (
        len(tokens) >= 2
        and _opens_bracket(text, start)
        and (_is_org_suffix(tokens[-1]) or _base(tokens[-1]) in wordlists.place_suffixes())
    ):
        # "(Jade Garden Therapies, Splott)": a bracket opens a list, not a sentence.
        kind = "employer" if _is_org_suffix(tokens[-1]) else "place"
        yield Finding(start, end, kind, "lexicon", False)
        return
    if len(tokens) >= 2 and _opens_bracket(text, start) and text[end : end + 1] == ")":
        # "a brothel in Northbridge (The Silver Key)": a name in brackets, for a look.
        yield Finding(start, end, "employer", "lexicon", False)
        return
    if len(tokens) >= 2 and _base(tokens[0]) in RELATIONS and memo.first_name(tokens[1]):
        # "Client Jasmine", "Partner Grace": a role, then the person's name.
        yield Finding(segment[1][0], end, "name", "lexicon", True)
        return
    if sentence_initial or len(tokens) < 2:
        return
    lastf = _base(tokens[-1])
    before = text[max(0, start - 12) : start]
    if _is_org_suffix(lastf):
        yield Finding(start, end, "employer", "lexicon", False)
    elif lastf in wordlists.place_suffixes() or _base(tokens[0]) in wordlists.place_prefixes():
        yield Finding(start, end, "place", "lexicon", False)
    elif re.search(r"\b(?:at|from|to|for)\s+the\s+$", before):
        yield Finding(start, end, "employer", "lexicon", False)
    elif memo.first_name(tokens[0]) and len(tokens) <= 3:
        yield Finding(start, end, "name", "lexicon", False)


# First words that make a capitalised sequence a workplace or venue: "Club Cerise".
_ORG_PREFIXES = frozenset(
    {
        *("club", "hotel", "café", "cafe", "bar", "casa", "villa", "maison", "chez", "salon"),
        *("studio", "spa", "hostel", "motel", "restaurant", "sauna", "clinic", "studios"),
    }
)


def _is_org_suffix(word: str) -> bool:
    """A workplace's last word, singular or plural: "Therapies", "Escorts", "Saunas"."""
    folded = _base(word)
    suffixes = wordlists.org_suffixes()
    if folded in suffixes:
        return True
    if folded.endswith("ies") and folded[:-3] + "y" in suffixes:
        return True
    return folded.endswith("s") and folded[:-1] in suffixes


# Words that open ordinary sentences: a capitalised run starting with one is prose, not a name.
_SENTENCE_OPENERS = frozenset(
    {
        *("the", "a", "an", "this", "that", "these", "those", "her", "his", "their", "our"),
        *("my", "your", "its", "she", "he", "they", "we", "i", "you", "it", "there", "here"),
        *("no", "not", "all", "some", "any", "each", "every", "both", "many", "most", "much"),
        *("other", "another", "such", "what", "which", "who", "when", "where", "why", "how"),
        *("if", "as", "at", "in", "on", "for", "with", "from", "to", "by", "of", "and", "but"),
        *("or", "so", "then", "also", "good", "new", "next", "last", "first", "local", "same"),
    }
)
_TOWN_AFTER = re.compile(r",\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")


def _before_known_town(text: str, end: int) -> bool:
    match = _TOWN_AFTER.match(text, end)
    return match is not None and _in_gazetteer(match.group(1))


def _quoted(text: str, start: int, end: int) -> bool:
    return text[start - 1 : start] in ('"', "“", "'", "‘") and text[end : end + 1] in (
        '"',
        "”",
        "'",
        "’",
    )


def _opens_bracket(text: str, start: int) -> bool:
    return text[max(0, start - 2) : start].rstrip(" ").endswith(("(", "["))


def _in_gazetteer(name: str) -> bool:
    folded = _POSSESSIVE.sub("", name).casefold()
    return folded in wordlists.places()


# "this is Mark from the agency", "the girls called him Dollar", "my name is Hope".
_INTRODUCED = re.compile(
    r"(?i:\bthis\s+is|\bname\s+(?:is|was)|\bname['’]s|\bi\s+am|\bi['’]m|\bcalled"
    r"|\bcalls|\bcall|\bnamed|\bnicknamed|\bdubbed)\s+(?:(?i:him|her|them|me|himself"
    r"|herself|themselves)\s+)?[\"“'‘]?$"
)


def _name_context(text: str, start: int, end: int) -> bool:
    """A relation word before ("her partner, Wren"), an introduction ("this is Mark"), a
    credential or "who" after."""
    prev = previous_word(text, start)
    if prev in RELATIONS and re.search(r"[^\W\d_]\W{0,3}$", text[max(0, start - 4) : start]):
        return True
    if _INTRODUCED.search(text[max(0, start - 40) : start]):
        return True
    after = text[end : end + 12]
    return bool(CREDENTIALS.match(after) or _WHO_AFTER.match(after))


def _find_titled(text: str) -> Iterator[Finding]:
    for match in TITLED.finditer(text):
        group = "span" if match.group("span") else "span2"
        start, end = match.span(group)
        words = match.group(group).split()
        # "Dr. Okafor" yes; "Father Christmas" or "Sister Act" less so: ask for a look.
        kept = [w for w in words if _base(w) not in _CALENDAR]
        if kept:
            if words[-1].endswith(("'s", "’s")):
                end -= 2
            yield Finding(start, end, "name", "lexicon", True)


def _find_initials(text: str) -> Iterator[Finding]:
    for match in INITIALS.finditer(text):
        found = match.group().strip()
        if found.replace(" ", "") in _NOT_INITIALS:
            continue
        end = match.start() + len(match.group().rstrip())
        yield Finding(match.start(), end, "name", "lexicon", len(found) > 2)


def _compound(word: str) -> bool:
    """A first name run together with a word or name: "celesterook", "percyplays".

    Two ordinary words run together ("whiteboard", "takedown") are usually a word the
    dictionary lacks, so at least one part must be a name that is not also a word.
    """
    english, names = wordlists.english(), wordlists.first_names()
    for i in range(3, len(word) - 2):
        head, tail = word[:i], word[i:]
        if head in _PREFIXES:
            continue
        head_name = head in names and head not in english
        tail_name = tail in names and tail not in english
        if (head_name and (tail in english or tail in names)) or (
            tail_name and len(tail) >= 4 and head in english
        ):
            return True
    return False


_PREFIXES = frozenset(
    [
        "psycho",
        "geo",
        "non",
        "inter",
        "sub",
        "over",
        "under",
        "self",
        "pre",
        "post",
        "anti",
        "hyper",
        "hypo",
        "multi",
        "counter",
        "out",
        "up",
        "down",
        "super",
        "trans",
        "intra",
        "extra",
        "micro",
        "macro",
        "mis",
        "dis",
        "semi",
        "poly",
        "mono",
        "bio",
        "neuro",
        "socio",
        "homo",
        "hetero",
        "pan",
        "demi",
        "cyber",
        "tele",
    ]
)


def _find_lower_handles(text: str) -> Iterator[Finding]:
    english = wordlists.english()
    allowed = wordlists.allowed()
    for match in LOWER_HANDLE.finditer(text):
        word = match.group()
        if word in english or word in allowed or not word.isalpha():
            continue
        if any(
            word.endswith(s) and word[: -len(s)] in english
            for s in ("s", "es", "d", "ed", "ing", "ly", "r", "er", "ers", "ness")
        ):
            continue
        if _compound(word):
            yield Finding(match.start(), match.end(), "handle", "lexicon", False)
    for match in CODED_HANDLE.finditer(text):
        yield Finding(match.start(), match.end(), "handle", "lexicon", False)


LOWER_WORD = re.compile(r"(?<![\w@.'’/-])[a-z]{3,}(?![\w@'’/-])")


def _find_lower_first_names(text: str, memo: TokenCache) -> Iterator[Finding]:
    """A first name typed in lower case, as in a quoted text message ("dont contact me again
    kevin"), when it is no English word: flagged for a look, never certain."""
    for match in LOWER_WORD.finditer(text):
        word = match.group()
        if memo.first_name(word) and not memo.ordinary(word) and word not in RELATIONS:
            yield Finding(match.start(), match.end(), "name", "lexicon", False)
    # "flatmate lily-rose, friend ade": a first name typed in lower case right after a
    # relation word is a name even when it is also a word.
    for match in _RELATION_THEN_WORD.finditer(text):
        word = match.group(2)
        parts = word.split("-")
        if (
            match.group(1).casefold() in RELATIONS
            and word not in _NOT_NAME_AFTER_RELATION
            and all(memo.first_name(p) for p in parts)
        ):
            yield Finding(match.start(2), match.end(2), "name", "lexicon", False)


# A relation word, then (looked at without consuming it, so pairs overlap) the next word.
_RELATION_THEN_WORD = re.compile(
    r"(?<![\w'’-])([A-Za-z][a-z-]+)(?=[ \t]+([a-z]{2,}(?:-[a-z]{2,})?)(?![\w'’@-]))"
)
# Words that follow "friend", "partner"... in ordinary prose: "her friend will", "a date
# night". Never taken for a name.
_NOT_NAME_AFTER_RELATION = frozenset(
    {
        *("will", "may", "can", "said", "says", "and", "or", "but", "who", "is", "was", "has"),
        *("had", "did", "does", "would", "could", "should", "might", "must", "night", "day"),
        *("group", "network", "circle", "support", "work", "time", "visit", "visits", "too"),
        *("of", "in", "at", "on", "to", "from", "with", "for", "by", "about", "as", "then"),
        *("again", "also", "still", "just", "now", "today", "there", "here", "before"),
        *("after", "since", "nearby", "later", "first", "last", "next", "once", "always"),
    }
)


_JOINABLE = {
    "name": "name",
    "alias": "name",
    "employer": "employer",
    "place": "place",
    "address": "address",
}


def join_adjacent(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """Join neighbours of one kind separated only by spaces: "Ivy" + "Dellacroce-Smith"."""
    out: list[Finding] = []
    for f in findings:
        if out:
            prev = out[-1]
            gap = text[prev.end : f.start]
            same = _JOINABLE.get(prev.kind) is not None and (
                _JOINABLE.get(prev.kind) == _JOINABLE.get(f.kind)
            )
            if same and (
                (gap.strip(" \t") == "" and gap) or (prev.kind == "address" and gap in (", ", ","))
            ):
                label = prev.label if prev.label is not None else f.label
                source = prev.source if prev.source != "lexicon" else f.source
                out[-1] = replace(
                    prev, end=f.end, label=label, source=source, certain=prev.certain and f.certain
                )
                continue
        out.append(f)
    return out
