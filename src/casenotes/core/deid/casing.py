"""Letter case restored before the layers look: notes typed in capitals or all in lower case.

The lexicon tells names from words by their capitals, and the date patterns know months by
theirs. A note typed in capitals ("PT SEEN WITH PARTNER HOPE AT ...") would otherwise have
every word flagged, and one typed in lower case none. Each such line gets a *shadow* of the
same length in ordinary case: English words in lower case, calendar words, acronyms and
unknown words capitalised the way prose writes them. The layers read the shadow; offsets are
unchanged, so every finding points at the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from casenotes.core.deid import wordlists
from casenotes.core.deid.text_utils import STREET_WORDS, TOWN_PREFIXES

# A line is "in capitals" when nearly all its cased letters are upper case, and "in lower
# case" when it has none; short lines (headings, "S:") are left as typed.
_MIN_WORDS = 3
_UPPER_SHARE = 0.75
_MIN_WORDS_LOWER = 3
_LOWER_TOLERANCE = 0.1
_TOKEN = re.compile(r"[^\W_](?:[^\W_]|['’\-.](?=[^\W_]))*")
_HAS_DIGIT = re.compile(r"\d")
# Ordinals, times and units keep lower-case letters: "12TH" is "12th", "9AM" is "9am".
_NUMBER_WORD = re.compile(r"\d+(?:st|nd|rd|th|am|pm|s|mg|ml|kg|h|hrs?|mins?|yo|yrs?)", re.I)
_CALENDAR_WORDS = (
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday"
    " friday saturday sunday mon tue tues wed thu thur thurs fri sat sun christmas xmas"
    " easter thanksgiving halloween hanukkah chanukah diwali eid ramadan passover juneteenth"
    " valentine valentine's valentine’s nye nowruz holi"
)
# Words that read as a person's name right after them: "her friend HOPE", "MS GRACE".
_NAME_CUES = frozenset(
    {
        *("mr", "mrs", "ms", "mx", "miss", "dr", "friend", "partner", "wife", "husband"),
        *("girlfriend", "boyfriend", "sister", "brother", "mother", "father", "mum", "mom"),
        *("dad", "daughter", "son", "cousin", "aunt", "uncle", "niece", "nephew", "ex"),
        *("boss", "manager", "colleague", "coworker", "roommate", "flatmate", "housemate"),
        *("named", "called", "nicknamed", "client", "regular", "metamour", "lover"),
        *("hi", "hey", "dear", "thanks", "landlord", "landlady", "neighbour", "neighbor"),
        *("grandma", "grandpa", "granddaughter", "grandson", "stepdaughter", "stepson"),
        *("fiancé", "fiancée", "fiance", "fiancee", "spouse", "sibling", "child", "kid"),
        *("baby", "teacher", "mentor", "sponsor", "supervisor", "lawyer", "solicitor"),
        *("nanny", "sitter", "babysitter", "driver", "agent", "booker", "provider"),
        *("escort", "worker", "companion", "date", "mama", "papa", "auntie", "aunty"),
        *("nan", "nana", "nanna", "gran", "granny", "grandad", "granddad", "grandmother"),
        *("interpreter", "translator", "advocate", "caseworker", "counsellor", "counselor"),
        *("officer", "detective", "constable", "pastor", "imam", "rabbi", "priest"),
        *("grandfather", "stepmum", "stepmom", "stepdad", "nani", "nanu", "dadi", "koro"),
        *("kuia", "whaea", "tia", "tio", "abuela", "abuelo", "oma", "opa", "kids", "sons"),
        *("children", "daughters", "twins", "bubbe", "zayde", "tita", "tito", "lola", "lolo"),
    }
)
_TITLE_CUES = frozenset({"mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sr", "fr", "rev"})
_PLACE_CUES = frozenset(
    {"in", "to", "from", "near", "outside", "around", "visiting", "via", "towards", "toward"}
)
# Reporting verbs after a first name that is also a word: "HOPE CALLED", "will said".
_PERSON_VERBS = frozenset(
    {
        *("said", "says", "called", "texted", "told", "asked", "came", "left", "wants"),
        *("wanted", "reported", "reports", "arrived", "thinks", "thought", "knows", "knew"),
        *("agreed", "emailed", "messaged", "rang", "phoned", "visited", "works", "worked"),
        *("lives", "moved", "booked", "cancelled", "canceled", "found", "feels", "felt"),
    }
)


# Calendar words that are also everyday words ("she may", "sat down", "a march").
_AMBIGUOUS_CALENDAR = frozenset(
    ["may", "march", "mar", "sat", "sun", "wed", "mon", "fri", "jan", "dec", "sept"]
)
_DATE_CUES = frozenset(
    {
        *("on", "last", "next", "this", "in", "since", "until", "till", "by", "early"),
        *("late", "mid", "of", "every", "from", "during", "through", "before", "after"),
    }
)
# Words after "may" the verb: "this may be hard", "that may help".
_AFTER_MAY_THE_VERB = frozenset(
    {
        *("be", "have", "not", "need", "want", "help", "feel", "seem", "come", "go", "take"),
        *("get", "also", "well", "still", "just", "never", "already", "find", "make", "look"),
        *("work", "mean", "change", "happen", "or", "hurt", "know", "try", "ask", "call"),
    }
)
_DAY_NUMBER = re.compile(r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?", re.I)
_COUNTED = frozenset(
    {
        *("times", "more", "hours", "minutes", "mins", "days", "weeks", "months", "years"),
        *("people", "of", "or", "to", "x", "and", "drinks", "hrs"),
    }
)
_ORDINAL = re.compile(r"\d{1,2}(?:st|nd|rd|th)", re.I)


@cache
def _calendar() -> frozenset[str]:
    return frozenset(_CALENDAR_WORDS.split())


@cache
def _canonical_allowed() -> dict[str, str]:
    """Allow-listed terms by their folded form, in the case the list gives ("CBT", "OnlyFans")."""
    from importlib.resources import files

    out: dict[str, str] = {}
    english = wordlists.english()
    for name in ("allow.txt", "common-proper.txt", "field-vocabulary.txt"):
        resource = files("casenotes.resources").joinpath("deid", name)
        if not resource.is_file():
            continue
        for line in resource.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            # "WAS" the acronym is "was" the word in a line of capitals.
            usable = line and not line.startswith("#") and " " not in line
            if usable and line.casefold() not in english:
                out.setdefault(line.casefold(), line)
    return out


_WORDISH = re.compile(r"[^\W\d_]{2,}")


def _line_mode(line: str) -> str | None:
    """ "upper" for a line in capitals, "lower" for one in lower case, else None.

    Judged by words, not letters, so an email address or a drug name in ordinary case does
    not hide a line otherwise typed in capitals.
    """
    words = _WORDISH.findall(line)
    if len(words) < _MIN_WORDS:
        return None
    upper = sum(1 for w in words if w.isupper())
    if upper >= _UPPER_SHARE * len(words):
        return "upper"
    mixed = sum(1 for w in words if not w.islower())
    if len(words) < _MIN_WORDS_LOWER or mixed > _LOWER_TOLERANCE * len(words):
        return None
    # Ordinary prose has few capitals too; typed in lower case, its sentences open in it.
    starts = [m.group(1) for m in _SENTENCE_OPENING.finditer(line)]
    lower_starts = sum(1 for w in starts if w.islower())
    return "lower" if starts and lower_starts >= 0.8 * len(starts) else None


# A bullet or a dash before the first word does not hide a sentence's opening.
_SENTENCE_OPENING = re.compile(r"(?:^[ \t]*(?:[-–—*•>#]+[ \t]*)?|[.!?]\s+)[\"“'‘(\[]?([^\W\d_]+)")


def _short_lines_follow(lines: list[str], modes: list[str | None]) -> list[str | None]:
    """A greeting or sign-off too short to judge ("hey priyanka,") takes the case of the
    note around it, when every line long enough to judge was typed in that one case."""
    judged = {
        m for line, m in zip(lines, modes, strict=True) if len(_WORDISH.findall(line)) >= _MIN_WORDS
    }
    if len(judged) != 1 or None in judged:
        return modes
    (mode,) = judged
    out: list[str | None] = []
    for line, m in zip(lines, modes, strict=True):
        words = _WORDISH.findall(line)
        fits = all(w.isupper() if mode == "upper" else w.islower() for w in words)
        out.append(mode if m is None and words and fits else m)
    return out


def _title(token: str) -> str:
    """ "okonkwo-bright" → "Okonkwo-Bright", "o'neil" → "O'Neil"; length never changes."""
    out = []
    start = True
    for i, ch in enumerate(token):
        if ch.isalpha():
            changed = ch.upper() if start else ch.lower()
            out.append(changed if len(changed) == 1 else ch)
            start = False
        else:
            out.append(ch)
            # "O'Neil" yes, the possessive in "Amber's" no.
            rest = token[i + 1 :]
            start = ch == "-" or (ch in "'’" and len(rest) > 2 and rest.isalpha())
    return "".join(out)


def _lower(token: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in token)


def _upper(token: str) -> str:
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in token)


def _cased(
    token: str,
    prev: str,
    nxt: str,
    after: str,
    known: frozenset[str],
    shouting: bool,
    foreign: bool = False,
) -> str:
    folded = token.casefold()
    if _HAS_DIGIT.search(token):
        return _lower(token) if _NUMBER_WORD.fullmatch(token) else _upper(token)
    canonical = _canonical_allowed().get(folded)
    if canonical is not None and len(canonical) == len(token):
        return canonical
    if folded in known or folded.removesuffix("'s").removesuffix("’s") in known:
        return _title(token)  # "NACHO'S" is the known "Nacho"'s
    if folded == "i":
        return "I"
    if folded in _calendar():
        if folded == "may" and nxt in _AFTER_MAY_THE_VERB:
            return _lower(token)  # "this may be hard", "the day after may help"
        if folded not in _AMBIGUOUS_CALENDAR or prev in _DATE_CUES or _ORDINAL.fullmatch(nxt):
            return _title(token)
        # "2 march", "jan 9": a day number beside it makes it a date; "may 4 times" stays.
        if _DAY_NUMBER.fullmatch(prev) or (_DAY_NUMBER.fullmatch(nxt) and after not in _COUNTED):
            return _title(token)
        return _lower(token)
    english = wordlists.english()
    base = folded.rstrip("s") if folded.endswith(("'s", "’s")) else folded
    base = base.removesuffix("'").removesuffix("’")
    # "co-op", "co-worker": a word the dictionary spells without its hyphen.
    if folded in english or base in english or ("-" in base and base.replace("-", "") in english):
        if prev in _TITLE_CUES and token.isalpha():
            return _title(token)  # "DR BERG", "MS MERCY"
        if (
            base in wordlists.first_names()
            and nxt == "and"
            and (after in wordlists.first_names() or _unknown_word(after))
        ):
            return _title(token)  # "TOM AND LUISA"
        if prev in _PLACE_CUES and base in wordlists.places():
            return _title(token)  # "FOLLOWED HER TO PAISLEY"
        if base in wordlists.first_names() and base != folded and nxt in _NAME_CUES:
            return _title(token)  # "AMBER'S DAD"
        if (
            base in wordlists.first_names()
            and base not in _NAME_CUES
            and (prev in _NAME_CUES or nxt in _PERSON_VERBS or _unknown_word(nxt))
        ):
            return _title(token)  # "her friend HOPE", "HOPE CALLED", "dale pritchard"
        return _lower(token)
    if "-" in folded and all(p in english for p in folded.split("-") if p):
        return _lower(token)
    if token.isupper() and len(token) <= 3:
        # A short word in capitals is an acronym the lists do not know ("PT", "DX", "HX"),
        # unless it is a first name ("ZOE", "IAN") or something cues a name before it.
        is_name = len(token) == 3 and folded in wordlists.first_names()
        return _title(token) if is_name or prev in _NAME_CUES else token
    if foreign and not _name_in_foreign_line(folded, prev):
        return _lower(token)  # "TRABAJAMOS LA RABIA": words of another language, not names
    return _title(token)


def _name_in_foreign_line(folded: str, prev: str) -> bool:
    return (
        folded in wordlists.first_names()
        or folded in wordlists.places()
        or prev in _NAME_CUES
        or prev in _TITLE_CUES
        or prev in _FOREIGN_CUES
        or prev in wordlists.first_names()
    )


# Words of other languages after which a name or a place comes: "SU AMIGA KETEVAN",
# "EN BENIMACLET", "EM GRAÇA", "CHEZ NADIA".
_FOREIGN_CUES = frozenset(
    {
        *("en", "em", "à", "chez", "bei", "aus", "nach", "desde", "hacia", "cerca", "près"),
        *("amiga", "amigo", "amie", "ami", "compañera", "compañero", "companheira", "colega"),
        *("hermana", "hermano", "irmã", "irmão", "soeur", "sœur", "frère", "madre", "padre"),
        *("mãe", "pai", "mère", "père", "hija", "hijo", "filha", "filho", "fille", "fils"),
        *("tía", "tío", "tia", "tio", "tante", "oncle", "prima", "primo", "cousine", "cousin"),
        *("marido", "esposa", "esposo", "mari", "femme", "novio", "novia", "namorado"),
        *("namorada", "copain", "copine", "freund", "freundin", "schwester", "bruder"),
        *("mutter", "vater", "tochter", "sohn", "señor", "señora", "senhor", "senhora"),
        *("doña", "don", "dona", "madame", "monsieur", "herr", "frau", "llamada", "llamado"),
        *("chamada", "chamado", "appelée", "appelé", "nome", "nombre", "nom", "barrio"),
        *("bairro", "quartier", "calle", "rua", "rue", "straße", "strasse"),
    }
)


# A re-cased line is in another language when its small words are that language's:
# then an unknown word is a word of that language, not a name. ("de", "la" and "a" are
# left out: they sit inside English notes' names too, "Ana de la Cruz".)
_FOREIGN_FUNCTION_WORDS = frozenset(
    {
        *("el", "los", "las", "del", "que", "en", "con", "por", "para", "una", "su", "sus"),
        *("es", "muy", "pero", "como", "también", "tambien", "le", "les", "des", "du", "et"),
        *("est", "une", "pour", "avec", "dans", "qui", "pas", "sur", "elle", "il", "ils"),
        *("os", "do", "da", "dos", "das", "em", "no", "na", "com", "não", "nao", "um"),
        *("uma", "ela", "ele", "der", "die", "das", "und", "ist", "nicht", "mit", "ein"),
        *("eine", "zu", "den", "dem", "sie", "er", "auf", "für", "het", "een", "van"),
        *("niet", "met", "op", "zij", "hij", "voor", "al", "lo", "se", "ha", "hay", "son"),
        *("sa", "ses", "au", "aux", "ce", "cette", "mais", "ou", "où", "sont", "ao", "nos"),
        *("pela", "pelo", "mais", "mas", "ich", "wir", "auch", "nach", "bei", "zum", "zur"),
    }
)
_ENGLISH_FUNCTION_WORDS = frozenset(
    {
        *("the", "and", "of", "to", "in", "is", "was", "with", "for", "on", "at", "she"),
        *("he", "they", "her", "his", "their", "it", "that", "this", "from", "by", "but"),
        *("not", "has", "have", "had", "are", "were", "be", "been", "will", "would", "an"),
    }
)


def _foreign(line: str) -> bool:
    words = [w.casefold() for w in _TOKEN.findall(line)]
    theirs = sum(1 for w in words if w in _FOREIGN_FUNCTION_WORDS)
    ours = sum(1 for w in words if w in _ENGLISH_FUNCTION_WORDS)
    return theirs >= 2 and theirs > 2 * ours


def _surname_after_titled_name(prev2: str, prev: str, token: str) -> bool:
    return (
        prev2 in _TITLE_CUES
        and token.isalpha()
        and (prev in wordlists.first_names() or _unknown_word(prev))
        and token.casefold() not in _NOT_SURNAME
    )


# Words that follow "Dr Anna" in a sentence and are not her surname.
_NOT_SURNAME = frozenset(
    {
        *("and", "or", "but", "at", "in", "on", "for", "from", "to", "with", "by", "is", "was"),
        *("said", "says", "will", "who", "has", "had", "thinks", "called", "the", "a", "of"),
        *("about", "again", "today", "today's", "reading", "wrote", "sent", "asked", "agreed"),
    }
)


def _unknown_word(word: str) -> bool:
    """A word no list knows ("pritchard"): a surname after a first name, most often."""
    return (
        len(word) > 2
        and word.isalpha()
        and word not in wordlists.english()
        and word not in wordlists.allowed()
        and word not in _calendar()
    )


def shadow(text: str, known: Iterable[str] = ()) -> str:
    """``text`` with each line in capitals or in lower case restored to ordinary case.

    ``known`` holds the case's known name tokens (folded): they are capitalised as names even
    when they are also words ("HOPE", "hope"). The result has exactly the length of ``text``.
    """
    known_set = frozenset(k.casefold() for k in known)
    lines = text.splitlines(keepends=True)
    modes = [_line_mode(line) for line in lines]
    if not any(modes):
        return text
    modes = _short_lines_follow(lines, modes)
    out: list[str] = []
    for line, mode in zip(lines, modes, strict=True):
        if mode is None:
            out.append(line)
            continue
        tokens = list(_TOKEN.finditer(line))
        foreign = _foreign(line)
        pieces: list[str] = []
        pos = 0
        for i, m in enumerate(tokens):
            token = m.group()
            pieces.append(line[pos : m.start()])
            pos = m.end()
            # Only words in the line's own case are re-cased: an "I", an acronym or a name
            # already capitalised in a lower-case line is signal to keep.
            if (token.isupper() if mode == "upper" else token == _lower(token)) is False:
                pieces.append(token)
                continue
            prev = tokens[i - 1].group().casefold() if i else ""
            nxt = tokens[i + 1].group().casefold() if i + 1 < len(tokens) else ""
            after = tokens[i + 2].group().casefold() if i + 2 < len(tokens) else ""
            prev2 = tokens[i - 2].group().casefold() if i > 1 else ""
            cased = _cased(token, prev, nxt, after, known_set, mode == "upper", foreign)
            if cased == _lower(token) and _surname_after_titled_name(prev2, prev, token):
                cased = _title(token)  # "DR ANNA BERG": the word after a titled first name
            pieces.append(cased)
        pieces.append(line[pos:])
        out.append(
            _prefixed_towns(
                _names_after_cues(_places_of_several_words(_names_before_suffixes("".join(pieces))))
            )
        )
    result = "".join(out)
    return result if len(result) == len(text) else text


# Words that never belong to a venue's or a street's name before its last word.
# "walked down manners street", "lives off grant road": where a street's name starts.
_PATH_PREPOSITIONS = (
    *("off", "down", "up", "along", "past", "across", "around", "behind", "opposite"),
    *("towards", "toward", "into", "onto", "via", "beyond", "under", "over", "through"),
)
_NOT_NAME_WORDS = frozenset(
    {
        *("a", "an", "the", "at", "in", "on", "to", "from", "for", "with", "by", "of", "and"),
        *("or", "her", "his", "their", "my", "our", "your", "its", "this", "that", "these"),
        *("local", "usual", "same", "other", "new", "old", "nearest", "big", "small", "nice"),
        *("good", "every", "another", "which", "some", "any", "no", "one", "two", "near"),
        *("is", "was", "were", "are", "be", "been", "has", "had", "have", "works", "worked"),
        *("she", "he", "they", "we", "i", "you", "it", "who", "also", "still", "just"),
        *_PATH_PREPOSITIONS,
    }
)
# "a dirt road", "the bus station", "the city centre", "the health centre": words that alone
# before a street's or a building's last word say what kind it is, not which ("Canton Health
# Centre" is named by "Canton").
_KIND_OF_PLACE = frozenset(
    {
        *("back", "ring", "dirt", "side", "busy", "quiet", "long", "wrong", "open"),
        *("main", "toll", "slip", "rocky", "gravel"),
        *("bus", "train", "police", "petrol", "gas", "fire", "railway", "coach", "tube"),
        *("metro", "subway", "taxi", "health", "community", "medical", "shopping", "leisure"),
        *("sports", "job", "city", "town", "village", "youth", "drop-in", "day", "walk-in"),
        *("sexual", "mental", "family", "primary", "care", "crisis", "support"),
    }
)
# The last words that such a kind word describes ("the bus station", "the family court"); a
# venue's own word ("Gas City Inn", "Town Beach") keeps its name.
_FACILITY_WORDS = frozenset(
    {
        *("station", "centre", "center", "hall", "court", "road", "clinic", "office", "stop"),
        *("depot", "rank", "service", "services", "team", "unit", "practice", "surgery"),
        *("shop", "store", "health", "lane", "track", "park", "terminal", "hospital"),
    }
)
# "and sometimes street near the port": how often, never which street.
_ADVERBS = frozenset(
    {"sometimes", "always", "often", "mostly", "usually", "never", "only", "even", "mainly"}
)
# Words that make what follows a description rather than a name.
_DESCRIBING = frozenset(
    {
        *("a", "an", "her", "his", "their", "my", "our", "your", "its", "this", "that"),
        *("these", "those", "some", "any", "no", "every", "another", "which", "local"),
        *("usual", "same", "other", "new", "old", "nearest", "big", "small", "nice", "good"),
        *("one", "two", "each", "whose", "what", "more", "less", "most", "such", "own"),
    }
)
_SHORT_CAPS_BEFORE = re.compile(r"(?<![\w'’])([A-Z]{2,3})[ \t]+$")
_CLAUSE_OPENERS = frozenset('—–-:;(,"“')
_CUES_BEFORE_NAME = frozenset(
    {"at", "the", "in", "on", "from", "near", "to", "for", "with", "of", "by", "outside"}
    | set(_PATH_PREPOSITIONS)
)
# Whole words only: the "ko" of "Eko" is no word of its own.
_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z][a-z'’\-]*(?![\w])")
_LOWER_WORD_OR_SUFFIX = re.compile(r"(?<![\w'’])(?:[a-z][a-z'’\-]*|[A-Z][a-z]{1,3})(?![\w])")
_SHORT_STREET_WORDS = frozenset({"st", "rd", "ave", "ln", "blvd", "hwy", "tce", "cres", "pde"})
_AFTER_STREET_END = re.compile(
    r"[ \t]*(?:[,.;:)+|&\n]|$|(?:near|by|in|and|at|off|between|across|opposite|w|with|bridge"
    r"|area|corner|end|side|station|stop)\b)"
)


def _names_before_suffixes(line: str) -> str:
    """ "at the lantern quay hotel" → "at the Lantern Quay Hotel": in a re-cased line, the
    words before a workplace's or street's last word are its name, as capitals would show."""
    suffixes = wordlists.org_or_place_suffixes()
    # A street's short word the re-casing took for a name ("on high st" → "high St") still
    # ends one where the street's name would end: not before a saint's name ("st David's")
    # or a noun ("anxiety st goals", short-term).
    words = [
        w
        for w in _LOWER_WORD_OR_SUFFIX.finditer(line)
        if w.group()[0].islower()
        or (
            w.group().casefold() in _SHORT_STREET_WORDS
            and _AFTER_STREET_END.match(line, w.end()) is not None
        )
    ]
    chars = list(line)
    for k, m in enumerate(words):
        if m.group().casefold() not in suffixes or k == 0:
            continue
        j = k - 1
        run: list[re.Match[str]] = []
        after_name = False  # the run follows a capitalised word: "Eko palms hotel"
        while j >= 0 and len(run) < 4:
            gap = line[words[j].end() : words[j + 1].start()]
            if not gap.strip(" \t") and words[j].group() in _NOT_NAME_WORDS:
                break
            if gap.strip(" \t") or "\n" in gap:
                # A capitalised name or a house number: "Eko palms hotel", "1837 se stark st";
                # or punctuation that opens a clause, as a heading's dash or colon does:
                # "intake — kestrel bay university".
                last = gap.strip(" \t")[-1:]
                after_name = (
                    last.isupper()
                    or last.isdigit()
                    or gap.strip(" \t")[:1].isupper()
                    or (bool(run) and last in _CLAUSE_OPENERS)
                )
                break
            run.append(words[j])
            j -= 1
        # Only where a name stands: "at the lantern quay hotel", not "a strong peer network".
        # "Sun city": right after a capitalised word the last word alone joins the name.
        # Two or more words before the suffix name it unless an article or a possessive
        # makes them a description: "bank is lone star mutual", not "a strong peer network".
        before = words[j].group() if j >= 0 else ""
        named = run and (
            j < 0
            or before in _CUES_BEFORE_NAME
            or (len(run) >= 2 and before not in _DESCRIBING)
            # "avoiding princes avenue": a road's word names it after any verb.
            or (
                m.group() in STREET_WORDS
                and before not in _DESCRIBING
                and not any(w.group() in _ADVERBS for w in run)
            )
        )
        generic = (
            not after_name
            and m.group() in _FACILITY_WORDS
            and all(w.group() in _KIND_OF_PLACE for w in run)
        )
        if not (after_name or named) or (run and generic):
            continue
        for w in [*run, m]:
            chars[w.start()] = chars[w.start()].upper()
        # "EKO palms hotel": a short word kept in capitals just before is the name's too.
        short = _SHORT_CAPS_BEFORE.search(line, 0, (run[-1] if run else m).start())
        if short is not None:
            for at in range(short.start(1) + 1, short.end(1)):
                chars[at] = chars[at].lower()
    return "".join(chars)


_PLACE_WORDS = re.compile(r"[a-z]+(?:[ \-][a-z]+){1,2}")


def _places_of_several_words(line: str) -> str:
    """ "grand rapids", "sun city": a town of two or three everyday words, capitalised
    where the gazetteer knows it (in a re-cased line the capitals that told it are gone)."""
    places = wordlists.places()
    chars = list(line)
    words = list(re.finditer(r"(?<![\w'’])[a-z]+(?!\w)", line))
    for i in range(len(words)):
        for n in (3, 2):
            if i + n > len(words):
                continue
            start, end = words[i].start(), words[i + n - 1].end()
            phrase = line[start:end]
            if not _PLACE_WORDS.fullmatch(phrase) or phrase not in places:
                continue
            for w in words[i : i + n]:
                chars[w.start()] = chars[w.start()].upper()
            break
    return "".join(chars)


# "HIS FIRST NAME IS LEE", "she goes by ruby": the word after is a name, whatever it means.
_NAMED = re.compile(
    r"\b(?:name\s+(?:is|was)|names?\s*:|goes\s+by|went\s+by|known\s+as|calls\s+herself"
    r"|calls\s+himself|calls\s+themselves)\s+([a-z][a-z'’\-]+)"
)


_NOT_A_NAME = frozenset(
    {
        *("a", "an", "the", "her", "his", "their", "not", "unknown", "and", "but", "or"),
        *("she", "he", "they", "which", "who", "that", "so", "because", "at", "on", "in"),
        *("for", "with", "to", "from", "was", "is", "now", "then", "too", "also"),
    }
)
_NEXT_WORD = re.compile(r"[ \t]+([a-z][a-z'’\-]+)")


def names_after_cues(text: str) -> Iterator[tuple[int, int]]:
    """A name typed in lower case after a cue that says it is one ("goes by vi")."""
    english, first = wordlists.english(), wordlists.first_names()
    for m in _NAMED.finditer(text):
        word = m.group(1)
        if word in _NOT_A_NAME or word in _TITLE_CUES:
            continue
        # "time goes by slowly", "goes by mum": an everyday word there is no name.
        if word in english and word not in first:
            continue
        yield m.start(1), m.end(1)


def _names_after_cues(line: str) -> str:
    """The word after the cue is a name, and the next one too unless it is plainly not part
    of it: "her stage name is velvet rose and" → "Velvet Rose"."""
    chars = list(line)
    for m in _NAMED.finditer(line):
        if m.group(1) in _NOT_A_NAME:
            continue
        chars[m.start(1)] = chars[m.start(1)].upper()
        nxt = _NEXT_WORD.match(line, m.end(1))
        if nxt is not None and nxt.group(1) not in _NOT_A_NAME:
            chars[nxt.start(1)] = chars[nxt.start(1)].upper()
    return "".join(chars)


# "moved to fort morgan", "her mom in mount sterling": a town's prefix after a word of place
# starts a name whatever the next word means. Prefixes of direction ("north", "east") are left
# out: "in north wing" names no town.
_PREFIXED_TOWN = re.compile(
    r"(?<![\w'’])(?:in|from|to|near|outside|visiting|around|nr)[ \t]+"
    rf"(?P<prefix>{'|'.join(sorted(TOWN_PREFIXES))})[ \t]+"
    r"(?P<name>[A-Za-z][a-z'’\-]+)(?![\w'’])"
)


def prefixed_towns(text: str) -> Iterator[tuple[int, int, int]]:
    """A town's prefix and name after a word of place ("to fort brannock"): where the prefix
    starts, where the name starts and where it ends."""
    for m in _PREFIXED_TOWN.finditer(text):
        name = m.group("name").casefold()
        if name in _NOT_NAME_WORDS or name in _NOT_A_NAME or name in _KIND_OF_PLACE:
            continue
        yield m.start("prefix"), m.start("name"), m.end("name")


def _prefixed_towns(line: str) -> str:
    chars = list(line)
    for start, name, _ in prefixed_towns(line):
        chars[start] = chars[start].upper()
        chars[name] = chars[name].upper()
    return "".join(chars)
