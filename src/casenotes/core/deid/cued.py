"""Names that only their context gives away: nicknames, working names and venues.

A regular the client calls "the Dentist", a friend "Peaches", a bouncer "Tank", a brothel
"The Palms": each is an ordinary word, so no word list can tell it is a name. The sentence
can. A short phrase in quotation marks right after a word for a person ("her friend",
"a regular", "known to her only as") names that person; a phrase after a word for a venue
("a licensed brothel, The Palms", "an agency called Silk & Sable") names the venue.

Everything here is a guess (``certain=False``): the review shows it, and the field's own
vocabulary and the prompts' labels still win over it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from casenotes.core.deid import casing, cued_messages, cued_places, wordlists
from casenotes.core.deid.lexicon import RELATIONS, TITLES
from casenotes.core.deid.not_names import NOT_NAMES
from casenotes.core.deid.shouted import find_shouted_places
from casenotes.core.deid.spans import Finding
from casenotes.core.deid.text_utils import literal_windows, scan
from casenotes.core.domain.calendar import ENGLISH_MONTHS, ENGLISH_WEEKDAYS

# Words for a person whom a note may name by a nickname.
_PERSON_NOUNS = frozenset(
    {
        *("regular", "regulars", "client", "sub", "dom", "domme", "slave"),
        *("friend", "bestie", "mate", "bouncer", "security", "worker", "provider", "escort"),
        *("girl", "woman", "man", "guy", "lady", "bloke", "dude", "ex", "partner", "lover"),
        *("boyfriend", "girlfriend", "flatmate", "roommate", "housemate", "colleague"),
        *("coworker", "co-worker", "manager", "boss", "madam", "maid", "receptionist"),
        *("driver", "dealer", "landlord", "landlady", "booker", "photographer", "daddy"),
        *("patron", "customer", "sister", "brother", "cousin", "neighbour"),
        *("neighbor", "admin", "pimp", "agent", "dancer", "stripper", "performer"),
        *("someone", "person", "fan", "follower", "subscriber", "companion", "masseuse"),
        *("masseur", "interpreter", "translator", "advocate", "caseworker", "owner"),
        *("cliente", "clienta", "amiga", "amigo", "compañera", "compañero", "jefe", "jefa"),
        *("dueño", "dueña", "ami", "amie", "copine", "copain", "kunde", "freundin", "freund"),
        *("kollegin", "kollege", "colega", "vizinha", "vizinho", "namorado", "namorada"),
        *("sw", "peer", "colleagues", "friends", "housemates", "metamour", "crush"),
        *("moderator", "mod", "host", "hostess", "doorman", "concierge", "dispatcher"),
    }
)
# Verbs and phrases that name what follows: "calls him", "known as", "goes by".
_NAMING = re.compile(
    r"(?:\bcall(?:s|ed|ing)?(?:\s+(?:only|her|him|them|herself|himself|themselves)){0,2}"
    r"|\bknown(?:\s+to\s+(?:her|him|them|me|us))?(?:\s+only)?\s+as|\bnicknamed"
    r"|\b(?:an?|the|one|some|this|that)\s+(?:[\w'’-]+\s+){0,2}?named"
    r"|\bgoes\s+by|\bwent\s+by|\bgo\s+by|\ba\.?k\.?a\.?|\bdubbed|\bonly\s+as"
    r"|\bworks?\s+as|\bworked\s+as|\bworking\s+as|\bbilled\s+as|\blisted\s+as"
    r"|\badvertises\s+as|\bprofile\s+as|\bunder\s+the\s+names?|\bnames?\s*(?:is|was|:)?"
    r"|\bsigns?\s+(?:off\s+)?as)\s*,?\s*$",
    re.IGNORECASE,
)
# Words for a venue or an agency, whose name may follow: "a brothel, The Palms".
_VENUE_NOUNS = frozenset(
    {
        *("brothel", "club", "parlour", "parlor", "agency", "bar", "studio", "sauna", "spa"),
        *("venue", "lounge", "dungeon", "pub", "hotel", "motel", "salon", "bathhouse"),
        *("house", "flat", "apartment", "place", "joint", "gym", "church", "cafe", "café"),
        *("restaurant", "shop", "store", "company", "firm", "bank", "employer", "clinic"),
        *("practice", "surgery", "school", "college", "receipt", "card", "site", "website"),
        *("platform", "service", "business", "outfit", "chain", "franchise", "hostel"),
    }
)
_VENUE_BEFORE = re.compile(
    r"(?:^|\W)(" + "|".join(sorted(_VENUE_NOUNS, key=len, reverse=True)) + r")s?"
    r"(?:\s+(?:called|named|known\s+as))?\s*,?\s*(?:from\s+|at\s+)?$",
    re.IGNORECASE,
)
# A short phrase in quotation marks: one to four words.
_QUOTED = re.compile(
    r"[\"“]((?:the\s+|The\s+|THE\s+)?[^\W\d_][\w'’.&-]*(?:\s+(?:&\s+)?[^\W\d_][\w'’.&-]*){0,3})[\"”]"
)
# The same in single quotation marks ('Auntie B', ‘Trouble’), which open after a space or a
# bracket and close before one, so an apostrophe ("she's", "O'Neil") opens nothing.
_SINGLE_QUOTED = re.compile(
    r"(?<![\w'’])['‘]((?:the\s+|The\s+|THE\s+)?[^\W\d_][\w.&-]*(?:[’'][a-z]+)?"
    r"(?:\s+(?:&\s+)?[^\W\d_][\w.&-]*){0,3})['’](?![\w'’])"
)
# Speech or a thing rather than a name: 'he said "fine"', 'calls it "the life"'.
_NOT_NAMING_BEFORE = re.compile(
    r"\b(?:said|says|say|saying|told|tells|asked|asks|texted|wrote|writes|replied|replies"
    r"|yelled|shouted|answered|answers|messaged|describes?|described|calls?\s+(?:it|this|that"
    r"|these|those)|called\s+(?:it|this|that)|it|this|that|as\s+if|like|word|words|term"
    r"|terms|phrase|label|labels|mean|means|meant)\s*,?\s*(?:[\w'’-]+\s+){0,1}$"
    r"|\bwhat\s+[\w'’]+\s+(?:calls?|called)\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# After a naming verb: one capitalised word, or "the" and one ("only the Professor").
_NAME_AFTER = re.compile(
    r"\s+((?:[Tt]he\s+|THE\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*)?)(?![\w'’-])"
)
_NAME_AFTER_CAPS = re.compile(r"\s+((?:THE\s+)?[A-Z][A-Z'’-]+)(?![\w'’-])")
# "(Puppy, real name unknown)": a nickname given beside a note that the real one is not known.
_REAL_NAME_AFTER = re.compile(
    r"^\s*[,(]?\s*(?:real\s+name|not\s+(?:her|his|their)\s+real)", re.IGNORECASE
)
# After a quotation, a word that carries the sentence on (not "and", "but"…, which may
# join a second thing said).
_CLAUSE_GOES_ON = re.compile(
    r"\s+(?!(?i:and|but|or|then|so|because|when|to|as|if|she|he|they|i|we)\b)[^\W\d_]"
)
_WINDOW = 60
_MAX_WORDS_BACK = 5


# Titles that make a quoted phrase a persona: "Miss Birch", "Mistress Vex", "Lady Lark".
_PERSONA_TITLE = re.compile(
    r"(?i:miss|mistress|madame?|lady|lord|master|sir|dr|mr|mrs|ms|princess|prince|goddess"
    r"|queen|king|daddy|mama|mommy|mummy|baby|auntie|aunty|uncle|captain|duchess|countess)"
    r"\.?\s+\S"
)


def find_cued(original: str, seen: str) -> Iterator[Finding]:
    """Nicknames and venue names that their sentence marks.

    ``seen`` is the re-cased shadow of ``original``. The venue and naming-verb patterns also
    read the original where it differs: in a line of capitals the capitals are the signal
    ("BROTHEL, THE PALMS"), and in one of lower case "silk & sable" is still a name.
    """
    yield from _quoted_names(original, seen)
    yield from cued_messages.signatures(seen)
    yield from _person_appositives(seen, original)
    yield from _names_after_kin(original)
    yield from _called_the(seen, original)
    yield from _lower_case_in_prose(seen, original)
    yield from cued_places.named_before_venue_words(seen, original)
    yield from cued_messages.speakers(seen)
    yield from cued_messages.self_introductions(original)
    yield from cued_places.landmarks(original)
    yield from cued_places.districts(seen, original)
    yield from cued_places.saints(seen)
    yield from cued_places.heading_places(seen, original)
    yield from cued_places.labelled_places(original)
    yield from cued_places.abbreviated_towns(original)
    yield from cued_places.lower_streets(seen)
    yield from cued_places.named_areas(seen)
    yield from cued_places.numbered_wards(original)
    yield from cued_places.heading_end_towns(original)
    # "moving to port townsend with Odalys": typed in lower case in a line that is not.
    for start, _, end in casing.prefixed_towns(original):
        yield Finding(start, end, "place", "lexicon", False)
    yield from _before_real_name(seen)
    yield from _owners_of_names(seen)
    yield from _the_named_guy(original)
    yield from _person_named(original)
    # "[Client], goes by vi w clients": in a line with capitals, so never re-cased.
    for start, end in casing.names_after_cues(original):
        yield Finding(start, end, "name", "lexicon", False)
    yield from _events_after_time(seen, original)
    yield from cued_places.lower_venues(seen, original)
    yield from find_shouted_places(original)
    for text in (seen, original) if original != seen else (seen,):
        yield from cued_places.towns_after_places(text)
    for text in (seen, original) if original != seen else (seen,):
        yield from _named_after_verbs(text)
        yield from _venue_appositives(text)


def _clause_before(text: str, start: int) -> str:
    """The words before ``start`` back to the clause's start (at most a few words)."""
    head = text[max(0, start - _WINDOW) : start]
    cut = max(head.rfind(c) for c in ".!?;:\n")
    return head[cut + 1 :]


def _quoted_names(original: str, seen: str) -> Iterator[Finding]:
    quotations = [*_QUOTED.finditer(seen)]
    if "'" in seen or "‘" in seen:
        quotations += _SINGLE_QUOTED.finditer(seen)
    for m in quotations:
        before = _clause_before(seen, m.start())
        after = seen[m.end() : m.end() + 40]
        start, end = m.span(1)
        phrase = original[start:end]  # its capitals, as typed, tell a name from a phrase
        words = [w.casefold() for w in _WORD.findall(before)]
        # 'says partner "Boots" (real name …)', 'man "Big Mike" took her keys': a quotation
        # that a word for a person names and the sentence carries on from is no speech.
        if _NOT_NAMING_BEFORE.search(before) and not (
            _REAL_NAME_AFTER.match(after)
            or (_person_right_before(words) and _CLAUSE_GOES_ON.match(after))
        ):
            continue
        persona = _PERSONA_TITLE.match(phrase) is not None
        named = persona or bool(_NAMING.search(before) or _REAL_NAME_AFTER.match(after))
        venue = bool(_VENUE_BEFORE.search(before)) and not _person_right_before(words)
        lenient = named or venue or _person_right_before(words)
        if not persona and not _name_shaped(phrase, lenient=lenient):
            continue
        if venue:
            yield Finding(start, end, "employer", "lexicon", False)
        elif (
            named
            or _person_near(words)
            or _set_off(seen, start, end)
            or (
                bool(words)
                and words[-1] in ("with", "and")
                and phrase[:1].isupper()
                and not phrase.isupper()
            )
        ):
            yield Finding(start, end, "alias", "lexicon", False)


def _name_shaped(phrase: str, *, lenient: bool) -> bool:
    """A nickname is short and opens with no article or verb: "Big Tom", "the Dentist",
    "precious"; not "a stranger", "keeps making jokes" or "out of control".

    After "called" or "known as" any short phrase is the name ("the judge"); after a mere
    word for a person, several words in lower case read as a phrase being quoted.
    """
    words = phrase.split()
    first = words[0].casefold()
    if len(words) > 3 or first in ("a", "an") or (first in NOT_NAMES and first != "the"):
        return False
    if lenient or len(words) == 1:
        return True
    return phrase[:1].isupper() or (first == "the" and words[1][:1].isupper())


# Between a word for a person and the quotation: a comma, or a few words that do not
# start a clause of their own ("a new regular she likes, 'Professor'").
_CLAUSE_STARTERS = frozenset(
    {
        *("who", "whom", "which", "that", "has", "have", "had", "been", "is", "was", "are"),
        *("were", "to", "about", "of", "and", "but", "language", "words", "word", "told"),
        *("says", "said", "keeps", "wants", "thinks", "asked", "will", "would", "could"),
    }
)


def _person_near(words: list[str]) -> bool:
    for back, word in enumerate(reversed(words[-4:])):
        if word.endswith(("'s", "’s")):
            return False  # "each partner's 'red lines'": the quotation is the person's
        if _bare(word) in _PERSON_NOUNS:
            return True
        if back >= 0 and word in _CLAUSE_STARTERS:
            return False
    return False


def _set_off(seen: str, start: int, end: int) -> bool:
    """'a woman who works from a flat in Leith, "Honeysuckle", once a month': a quoted name
    in commas, capitalised in ordinary prose (a quoted goal or phrase is not)."""
    before = seen[max(0, start - 3) : start - 1].rstrip()
    after = seen[end + 1 : end + 3]
    capitalised = seen[start].isupper() and not seen[start:end].isupper()
    return before.endswith(",") and after.startswith(",") and capitalised


def _person_right_before(words: list[str]) -> bool:
    return bool(words) and _bare(words[-1]) in _PERSON_NOUNS


def _bare(word: str) -> str:
    """ "ex-regular" → "regular", "friend's" → "friend"."""
    word = word.removesuffix("'s").removesuffix("’s")
    return word.rsplit("-", 1)[-1] if "-" in word else word


# A naming verb as it opens a stretch: looked for, then the name after it is checked.
_NAMING_OPEN = re.compile(
    r"\b(?:(?:she|he|they|them|whom|who|I|we|everyone|people|someone|clients|men|mates)"
    r"\s+(?:calls|called)(?:\s+(?:only|her|him|them|me|us|you)){0,2}"
    r"|known(?:\s+to\s+(?:her|him|them))?(?:\s+only)?\s+as|nicknamed|goes\s+by"
    r"|went\s+by|a\.?k\.?a\.?|dubbed|works?\s+as|worked\s+as|working\s+as)(?=\s)",
    re.IGNORECASE,
)


def _named_after_verbs(text: str) -> Iterator[Finding]:
    """ "a regular client whom she calls only the Professor", "HE CALLS DESTINY"."""
    for m in _NAMING_OPEN.finditer(text):
        after = _NAME_AFTER.match(text, m.end())
        if after is None and text[m.start() : m.end()].isupper():
            after = _NAME_AFTER_CAPS.match(text, m.end())
        if after is None:
            continue
        phrase = after.group(1)
        words = phrase.split()
        head = words[-1].casefold() if words[0].casefold() == "the" else words[0].casefold()
        if head in NOT_NAMES or (len(words) == 1 and words[0].casefold() == "the"):
            continue
        # "works as Mango" names; "works as Uber driver" is a job: the verb needs a name-like
        # word (capitalised in ordinary prose) and nothing after it that makes it a noun phrase.
        if m.group().casefold().startswith("work") and (
            m.group().isupper() or not _alone(text, after.end())
        ):
            continue
        yield Finding(after.start(1), after.end(1), "alias", "lexicon", False)


def _alone(text: str, end: int) -> bool:
    nxt = re.match(r"\s*([\w'’-]+)?", text[end : end + 30])
    word = nxt.group(1) if nxt else None
    return word is None or not word[:1].islower() or word in _CLAUSE_WORDS


_CLAUSE_WORDS = frozenset(
    {"and", "but", "so", "at", "in", "on", "for", "with", "since", "because", "now"}
)

# "a licensed brothel, The Palms,", "an agency called Silk & Sable": the venue's own name.
_VENUE_APPOSITIVE = re.compile(
    r"\b(?i:an?|the|one|local|licensed|small|new|old|private)\s+(?:[\w'’-]+\s+)?"
    r"(?i:brothel|club|parlou?r|agency|bar|studio|sauna|spa|venue|lounge|dungeon|pub|hotel"
    r"|motel|salon|bathhouse|strip\s+joint|place|shop|caf[eé]|restaurant|rooms?|house"
    r"|premises)(?:\s*,\s*|\s+(?i:called|named|known\s+as)\s+)"
    r"(?P<span>(?:[Tt]he\s+|THE\s+)?[A-Z][\w'’-]*(?:\s+(?:&\s+)?[A-Z][\w'’-]*){0,2}"
    r"|[a-z][\w'’-]*(?:\s+&\s+[a-z][\w'’-]*))(?![\w'’-])(?=\s*(?:[,.;:()\n]|$|\s+(?i:in|on"
    r"|at|for|near|off|and|last|this|next|where|which|to|from)\b))",
)


def _venue_appositives(text: str) -> Iterator[Finding]:
    for m in _VENUE_APPOSITIVE.finditer(text):
        phrase = m.group("span")
        first = phrase.split()[0].casefold()
        if first in NOT_NAMES and first != "the":
            continue
        if phrase.casefold() in ("the", "the club", "the bar") or _VENUE_BEFORE.search(phrase):
            continue  # "a studio, the professional dungeon" describes, it does not name
        yield Finding(m.start("span"), m.end("span"), "employer", "lexicon", False)


# "moose = his sponsor from aa, real name …", "Deacon, real name unknown": a nickname
# given with a word that the real name is another.
_BEFORE_REAL_NAME = re.compile(
    r"(?m)(?:^|[\s(\[\-•*])(?P<span>[^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*)?)"
    r"(?:[ \t]*=[ \t]*(?i:his|her|their|my)[ \t][^,\n]{1,40},|[ \t]*[,(]|[ \t]+[-–—])[ \t]*"
    r"(?i:real[ \t]+name|rn:|legal[ \t]+name)\b"
)


def _before_real_name(seen: str) -> Iterator[Finding]:
    for m in _BEFORE_REAL_NAME.finditer(seen):
        start, end = m.span("span")
        words = m.group("span").split()
        if len(words) == 2 and not words[0][:1].isupper():
            start = end - len(words[1])  # "a new friend, real name …": the last word only
            words = words[1:]
        if words[0].casefold() in NOT_NAMES or _bare(words[0].casefold()) in _PERSON_NOUNS:
            continue
        # Labelled as a person like any name: the reader needs no hint that it is a nickname.
        yield Finding(start, end, "name", "lexicon", False)


# "rhodri's surname is …", "Seraph's ad number", "wade's mobile": whoever owns a surname, a
# working name or a number is a person, in any letter case. "Her mum's number", "the
# agency's e-mail" and "work's number" are not: a determiner, a word for a person, or an
# everyday word that is no first name stands there.
_OWNER_OF_NAME = re.compile(
    r"(?<![\w'’])(?P<span>[^\W\d_][\w-]*)['’]s[ \t]+(?i:(?:sur|last|real|legal|full|first"
    r"|given|middle|maiden|birth|family|work(?:ing)?|stage|scene|street)[ \t-]?name"
    r"|(?:ad|mobile|cell|phone|work|home)?[ \t]*(?:number|no\.|mob|cell|mobile|phone)"
    r"|e-?mail|ig|insta(?:gram)?|handle|profile|socials|plate|rego"
    # "neveah's mom", "tan's girlfriend": whoever has a mother or a partner is a person.
    r"|mom|mum|mam|dad|mother|father|sister|brother|son|daughter|kids|wife|husband|partner"
    r"|boyfriend|girlfriend|bf|gf|cousin|aunt|auntie|uncle|nan|gran|grandma|grandpa|grandad)\b"
)
# Words for a role, not a name, that own a mother or a number: "Pt's father", "pastor's son".
_ROLE_WORDS = frozenset(
    {
        *("pt", "pts", "client", "clients", "patient", "pastor", "priest", "vicar", "teacher"),
        *("grandmother", "grandfather", "granny", "grandma", "grandpa", "landlord", "boss"),
        *("neighbour", "neighbor", "manager", "doctor", "gp", "nurse", "lawyer", "officer"),
    }
)
_DETERMINER_BEFORE = re.compile(r"\b(?i:the|a|an|her|his|their|my|your|our|its|this|that)\s+$")


def _owners_of_names(seen: str) -> Iterator[Finding]:
    english = wordlists.english()
    for m in _OWNER_OF_NAME.finditer(seen):
        word = m.group("span")
        folded = word.casefold()
        if folded in NOT_NAMES or _bare(folded) in _PERSON_NOUNS or folded in _ROLE_WORDS:
            continue
        # Capitals make even an everyday word a name here ("Seraph's ad number").
        if not word[:1].isupper() and folded in english and folded not in wordlists.first_names():
            continue
        if _DETERMINER_BEFORE.search(seen, max(0, m.start() - 8), m.start()):
            continue
        yield Finding(m.start("span"), m.end("span"), "name", "lexicon", False)


# "rebooked for after the Regatta", "next after the Fourth", "until the Vintage Weekend.": an
# event named in capitals after a word of time dates the day. The capitals must be the
# writer's (a line in capitals or in lower case says nothing), and the name must end its
# phrase: "after the Garda raid" and "since the Victorian changes" name no event.
_EVENT_AFTER_TIME = re.compile(
    r"\b(?i:after|before|until|till|since|during|week\s+of|weekend\s+of)\s+(?P<span>the\s+"
    r"(?:[A-Z][a-z][\w'’-]*\s+){0,2}[A-Z][a-z][\w'’-]*)"
    r"(?=\s*(?:[.,;:!?)\n]|$)|\s+(?:and|or|but|when|then|so|he|she|they|we|I|is|was|in|on|at"
    r"|to|for|with|because|if|as|next|last|this)\b)"
)
# Capitalised words after "since the" that name a body, a document or a time of life.
_INSTITUTIONS = frozenset(
    {
        *("court", "council", "tribunal", "police", "government", "state", "act", "bill", "law"),
        *("board", "trust", "agency", "service", "services", "clinic", "team", "group"),
        *("session", "sessions", "review", "assessment", "hearing", "panel", "committee"),
        *("department", "ministry", "office", "centre", "center", "unit", "program", "programme"),
        *("project", "network", "collective", "union", "church", "school", "university"),
        *("hospital", "home", "house", "lord", "god", "bible", "internet", "pandemic"),
        *("lockdown", "lockdowns", "election", "war", "crown", "queen", "king", "pope", "kids"),
    }
)


def _events_after_time(seen: str, original: str) -> Iterator[Finding]:
    for m in _EVENT_AFTER_TIME.finditer(seen):
        start, end = m.span("span")
        if original[start:end] != seen[start:end]:
            continue
        if any(w.casefold() in _INSTITUTIONS for w in m["span"].split()[1:]):
            continue
        yield Finding(start, end, "date", "lexicon", False)


# "her former pimp, florin, outside", "A SENSUAL MASSEUSE, JADE, AT": a first name in commas
# right after a word for a person.
_PERSON_APPOSITIVE = re.compile(
    r"\b(?P<noun>[A-Za-z][\w-]*?)s?,[ \t]+(?P<name>[A-Za-z][\w'’-]+)"
    r"(?P<end>,|(?=[ \t]*(?:[;.)]|$|[ \t][-—–][ \t])))",
    re.MULTILINE,
)


def _person_appositives(seen: str, original: str) -> Iterator[Finding]:
    for m in _PERSON_APPOSITIVE.finditer(seen):
        noun = _bare(m.group("noun").casefold())
        if noun not in _PERSON_NOUNS and noun not in _KIN_NOUNS:
            continue
        word = m.group("name").casefold()
        if word in NOT_NAMES or word in _NOT_NAMING_WORDS or word in TITLES:
            continue
        unknown = (
            word.isalpha() and word not in wordlists.english() and word not in wordlists.allowed()
        )
        # A capitalised word set off right after a word for a person names them even when
        # it is also an everyday word ("the forum moderator, Quill."), unless it is another
        # person, a list's next item or an aside. In lower case or capitals it would as
        # often describe them ("Client, tearful,"; "HER MOTHER, CONTROLLING.").
        start, end = m.span("name")
        typed = original[start:end]
        set_off = (
            typed[:1].isupper()
            and not typed.isupper()
            and noun not in _ANYONE
            and word not in wordlists.allowed()
            and word not in _PERSON_NOUNS
            and word not in _KIN_NOUNS
            and word not in _LISTED_NOT_NAMES
            and not word.endswith("ly")
        )
        if word in wordlists.first_names() or unknown or set_off:
            yield Finding(start, end, "name", "lexicon", False)


# "safety plan: mate Beck on 0491…", "her sister Wren in Leeds": mid-sentence, a word for a
# person typed in lower case and then a capitalised word name that person, even when the
# word is also an everyday one. A title between them is not the name ("owner Mr Fairbrother").
_KIN_THEN_CAPITAL = re.compile(
    r"(?:(?<=[a-z,;:] )|(?<=\())(?P<kin>[a-z][a-z'’-]+) (?P<name>[A-Z][a-z][\w'’-]*)"
)
_TITLES_OF_RESPECT = frozenset(
    {"mama", "papa", "tita", "tito", "mbok", "alhaji", "alhaja", "hajia"}
)


def _names_after_kin(original: str) -> Iterator[Finding]:
    for m in _KIN_THEN_CAPITAL.finditer(original):
        kin = _bare(m.group("kin"))
        if kin in _NOT_KIN_HERE or kin in _ANYONE:
            continue
        if kin not in _KIN_NOUNS and kin not in _PERSON_NOUNS:
            continue
        word = m.group("name").casefold().removesuffix("'s").removesuffix("’s")
        if word in TITLES or word in _TITLES_OF_RESPECT or word in _DAYS:
            continue
        if word in wordlists.allowed() or word in NOT_NAMES:
            continue
        yield Finding(m.start("name"), m.end("name"), "name", "lexicon", False)


# Words of the lexicon's list that come before a capitalised word without naming anyone:
# "client Safety", "the date Monday".
_NOT_KIN_HERE = frozenset({"client", "date", "named", "called", "hi", "hello", "hey", "dear"})


# Kin and roles from the lexicon's list, without the greetings and naming verbs it also holds.
_KIN_NOUNS = RELATIONS - {"hi", "hello", "hey", "dear", "thanks", "cheers", "named", "called"}
_NOT_NAMING_WORDS = frozenset(
    {"however", "though", "too", "again", "say", "apparently", "perhaps", "maybe", "instead"}
)
# Words for anyone at all, after which a word set off describes rather than names
# ("a trans woman, Brazilian,").
_ANYONE = frozenset({"woman", "man", "girl", "guy", "lady", "person", "someone", "bloke", "dude"})
# What follows a word for a person in a list rather than as their name.
_LISTED_NOT_NAMES = frozenset(
    {
        *("yes", "no", "ok", "okay", "yeah", "sure", "etc", "family", "friends", "work"),
        *("church", "school", "kids", "children", "home", "money", "health", "community"),
        *("neighbours", "neighbors", "job", "housing", "mosque", "temple", "team", "group"),
        *("gym", "pets", "dog", "cat", "both", "all", "each", "either", "neither", "none"),
        *("not", "now", "then", "still", "also", "once", "twice", "today", "yesterday"),
        *("tomorrow", "here", "there", "present", "absent", "alone", "together", "later"),
        *("independent", "pending", "unknown", "unnamed", "anonymous", "deceased", "retired"),
        *("trans", "cis", "queer", "gay", "straight", "bi", "married", "single", "divorced"),
        *("separated", "widowed", "pregnant", "disabled", "autistic", "older", "younger"),
    }
)


# "a place in Leeds called the Orchid Rooms": a thing named with capitals after "called".
_CALLED_THE = re.compile(
    r"(?<=\S )(?:called|named)\s+(?P<span>(?:the\s+)?[A-Z][a-z][\w'’-]*"
    r"(?:\s+(?:&\s+)?[A-Z][a-z][\w'’-]*){0,3})(?![\w'’-])"
)


def _called_the(seen: str, original: str) -> Iterator[Finding]:
    for m in _CALLED_THE.finditer(seen):
        start, end = m.span("span")
        head_at = start + 4 if seen[start : start + 4] == "the " else start
        if original[start:end].isupper() or not original[head_at].isupper():
            continue  # in capitals or in lower case, as typed, the capitals tell nothing
        words = m.group("span").split()
        head = words[1] if words[0] == "the" and len(words) > 1 else words[0]
        if head.casefold() in NOT_NAMES or words == ["the"]:
            continue
        yield Finding(start, end, "employer", "lexicon", False)
    for m in scan(_CALLS_THEM_THE, seen, literal_windows(seen.lower(), ("call",), 2, 80)):
        word = m.group("span").casefold()
        typed = original[m.start("span") : m.end("span")]
        capitalised = typed[:1].isupper() and not typed.isupper()
        unknown = word not in wordlists.english() and word not in wordlists.allowed()
        # "calls him the Surveyor" names him; "calls him the scapegoat" describes him.
        if not (capitalised or unknown) or word in NOT_NAMES:
            continue
        yield Finding(m.start("span"), m.end("span"), "alias", "lexicon", False)


# "one regular (she calls him the Surveyor)": what someone is called, when the word ends
# the clause ("calls him the worst names" calls him nothing).
_CALLS_THEM_THE = re.compile(
    r"(?i:\b(?:call|calls|called|calling)\s+(?:him|her|them)\s+the\s+)"
    r"(?P<span>[A-Za-z][a-z'’-]{2,})(?=\s*(?:[,.;:)!?\"”]|$)"
    r"|\s+(?i:and|but|because|cos|since|who|which|bc|lol|now|behind)\b)",
    re.MULTILINE,
)


# In prose with capitals, a word left in lower case that no list knows is a name typed in
# haste: "mum in almaty", "how dariga said", "met with Dawn from the council".
_LOWER_PLACE = re.compile(
    r"\b(?:in|from|to|near|visiting|outside)\s+(?P<w>[a-z]{3,}\s[a-z]{3,}|[a-z]{4,})\b"
)
# What people do in a note typed in lower case: "kev said", "bobby took my keys".
_SPEAKS = (
    r"said|says|told|texted|asked|rang|messaged|knows|doesnt|doesn't|didnt|didn't|wants"
    r"|replied|laughed|cried|reckons"
)
_LOWER_PERSON = re.compile(rf"(?<![\w'’-])(?P<w>[a-z]{{3,}})\s+(?:{_SPEAKS}|thinks)\b")
_LOWER_WORD_NAME_ACTS = re.compile(
    rf"(?<![\w'’-])(?P<w>[a-z]{{3,}})\s+(?:{_SPEAKS}|took|drives|drove|turned\s+up"
    r"|showed\s+up|keeps|kept|picked|picks|wanted|threatened|promised|lent|owes)\b"
)
# Where a subject starts: the text's start, punctuation, or a word that joins clauses.
_CLAUSE_START_BEFORE = re.compile(
    r"(?:^|[.,;:!?\"“(\n—–-]\s*|\b(?:and|but|so|then|cos|coz|because|when|if|until|after)\s+)$"
)
# Words that are first names and also things that can "take" or "keep": "the bill", "pat".
_NOT_A_PERSON_WORD = frozenset(
    {
        *("bill", "will", "may", "june", "april", "august", "summer", "winter", "autumn"),
        *("mum", "dad", "nan", "sis", "bro", "rain", "sky", "storm", "river", "job", "work"),
        *("time", "hope", "faith", "grace", "joy", "love", "honey", "baby", "guy", "man"),
        *("lady", "boss", "sun", "star", "king", "queen", "prince", "duke", "earl", "major"),
    }
)
_NAME_FROM = re.compile(
    r"\b(?:with|to|from|by|and|asked|told|called)\s+(?P<w>[A-Z][a-z]{2,})\s+(?:from|at)\s"
)


def _lower_case_in_prose(seen: str, original: str) -> Iterator[Finding]:
    english = wordlists.english()
    allowed = wordlists.allowed()
    # The shadow capitalises a word no dictionary knows ("port Hedland"): read both.
    places = [m for text in {seen, original} for m in _LOWER_PLACE.finditer(text)]
    for m in places:
        word = m.group("w")
        if " " in word:
            # "out to port hedland": two words, a town only as a whole.
            if original[m.start("w")].islower() and word in wordlists.places():
                yield Finding(m.start("w"), m.end("w"), "place", "lexicon", False)
            word = word.split()[0]
        end = m.start("w") + len(word)
        if (
            original[m.start("w")].islower()
            and word in wordlists.places()
            and (word not in english and word not in allowed)
        ):
            yield Finding(m.start("w"), end, "place", "lexicon", False)
    for m in _LOWER_PERSON.finditer(seen):
        word = m.group("w")
        if (
            original[m.start("w")].islower()
            and word not in english
            and word not in allowed
            and word not in NOT_NAMES
            and (word in wordlists.first_names() or word.isalpha())
        ):
            yield Finding(m.start("w"), m.end("w"), "name", "lexicon", False)
    # "bobby took my car keys", "wade drives a blue ute": a first name that is also a word,
    # typed in lower case, is a person where it does what people do and nothing makes it a
    # thing ("the bill came", "her mark said").
    for m in _LOWER_WORD_NAME_ACTS.finditer(original):
        word = m.group("w")
        if (
            word in english
            and word in wordlists.first_names()
            and word not in allowed
            and word not in NOT_NAMES
            and word not in _NOT_A_PERSON_WORD
            and _CLAUSE_START_BEFORE.search(original, max(0, m.start() - 12), m.start())
        ):
            yield Finding(m.start("w"), m.end("w"), "name", "lexicon", False)
    for m in _NAME_FROM.finditer(seen):
        word = m.group("w")
        if original[m.start("w") : m.end("w")] == word and word.casefold() in (
            wordlists.first_names()
        ):
            yield Finding(m.start("w"), m.end("w"), "name", "lexicon", False)


# "be careful with that Tiger guy", "you've got the Davenport guy at 10": a capitalised word
# before a word for a man or a woman is what he or she is called, or where they are from.
_NAMED_GUY = re.compile(
    r"\b(?:that|the|this|some)[ \t]+(?P<name>[A-Z][a-z][\w'’-]*)[ \t]+"
    r"(?:guy|girl|man|woman|dude|bloke|fella|fellow|lady|client|regular|chap)s?\b"
)
_DAYS = frozenset({*ENGLISH_MONTHS, *ENGLISH_WEEKDAYS, "christmas", "easter", "weekend"})
# Services and platforms whose worker or customer is "the Uber guy", "the Tinder guy".
_NOT_NAMING_GUY = frozenset(
    {
        *("uber", "lyft", "amazon", "fedex", "ups", "dhl", "tinder", "grindr", "hinge"),
        *("bumble", "instagram", "facebook", "twitter", "reddit", "onlyfans", "craigslist"),
        *("police", "cable", "internet", "wifi", "gas", "pizza", "delivery", "ice", "cream"),
        *("other", "same", "new", "old", "first", "last", "next", "nice", "only", "one"),
    }
)


def _the_named_guy(original: str) -> Iterator[Finding]:
    for m in _NAMED_GUY.finditer(original):
        folded = m.group("name").casefold()
        if folded in _NOT_NAMING_GUY or folded in wordlists.allowed() or folded in _DAYS:
            continue
        yield Finding(m.start("name"), m.end("name"), "name", "lexicon", False)


# "sees a woman named cottonwood", "with a guy named junco", "someone he calls dragonfly":
# after someone met or spoken of, and "named" or "he calls", the next word is what they are
# called, in any case and even when it is a word. ("The client named loneliness", "a
# girlfriend named distrust": "named" is the verb there, and names no one.)
_PERSON_NAMED = re.compile(
    r"(?i:(?:(?:\b(?P<before>[a-z]+)[ \t]+)?\b(?P<det>an?|some|one|another|this|that|the|her|his"
    r"|their|my|our)[ \t]+(?:[a-z][\w-]*[ \t]+)?(?P<noun>[a-z][\w-]*)"
    r"|\b(?P<anyone>someone|somebody))"
    r"[ \t]+(?P<verb>named|nicknamed"
    r"|(?:(?:that|who|whom)[ \t]+)?(?:he|she|they|i|we)[ \t]+calls?))[ \t]+[\"“'‘]?"
    r"(?P<name>[A-Za-z][a-z'’-]+|[A-Z][A-Z'’-]+)(?![\w'’-])(?![ \t]+(?i:as)\b)"
)
# Words before "a man named" that make "named" a participle: met, seen, spoken of.
_MET_BEFORE = frozenset(
    {
        *("sees", "saw", "seeing", "seen", "met", "meets", "meeting", "booked", "books"),
        *("booking", "dating", "dated", "dates", "visits", "visited", "visiting", "knows"),
        *("knew", "texted", "texts", "messaged", "hired", "hires", "follows", "found"),
        *("with", "from", "to", "by", "about", "for", "of", "like", "and", "is", "was"),
    }
)
# What may follow "a man named" that is no name: "named after her nan", "named in the file".
_NOT_NAMED_WORDS = frozenset(
    {
        *("after", "as", "in", "on", "at", "by", "for", "from", "to", "and", "or", "but"),
        *("the", "a", "an", "her", "his", "their", "my", "our", "your", "him", "them", "it"),
        *("me", "us", "you", "who", "which", "that", "this", "only", "just", "something"),
        *("someone", "somebody", "anything", "nothing", "here", "there", "above", "below"),
        *("unknown", "redacted", "withheld", "client", "person", "two", "three", "four"),
        *("five", "several", "many", "some", "each", "every", "both", "all", "most"),
    }
)


def _person_named(original: str) -> Iterator[Finding]:
    folded_text = original.lower()
    where = literal_windows(folded_text, ("named", "calls"), 50, 30)
    for m in scan(_PERSON_NAMED, original, where):
        if m["noun"] is not None:
            if m["noun"].casefold() not in _PERSON_NOUNS:
                continue
            named = m["verb"].casefold().endswith("named")
            if named and (
                m["det"].casefold() not in ("a", "an", "some", "one", "another")
                or (m["before"] or "").casefold() not in _MET_BEFORE
            ):
                continue
        if _a_name(m["name"]):
            yield Finding(m.start("name"), m.end("name"), "name", "lexicon", False)


def _a_name(word: str) -> bool:
    folded = word.casefold()
    return not (
        folded in _NOT_NAMED_WORDS
        or folded in _DAYS
        or folded in wordlists.allowed()
        or _an_adverb(folded)
        or folded in _NOT_CALLED_WORDS
    )


def _an_adverb(folded: str) -> bool:
    """ "nightly", "happily" (not "dragonfly", "holly"): a word of the dictionary plus -ly."""
    english = wordlists.english()
    return folded.endswith("ly") and (
        folded[:-2] in english or folded[:-3] + "y" in english or folded in ("daily", "only")
    )


# What follows "a man she calls" that names no one: "calls back", "calls home".
_NOT_CALLED_WORDS = frozenset(
    {
        *("back", "home", "work", "again", "often", "sometimes", "every", "when", "if"),
        *("none", "not", "still", "also", "too", "now", "then", "up", "out", "off", "over"),
        *("mum", "mom", "dad", "everyone", "people", "nobody", "anyone", "yet", "unknown"),
        *("changed", "changes", "same", "different", "new", "old", "real", "legal"),
    }
)
