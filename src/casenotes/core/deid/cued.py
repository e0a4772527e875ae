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

from casenotes.core.deid import casing, wordlists
from casenotes.core.deid.shouted import find_shouted_places
from casenotes.core.deid.spans import Finding

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
# What follows a naming verb but is never the name itself.
_NOT_NAMES = frozenset(
    {
        *("her", "him", "them", "me", "us", "it", "this", "that", "a", "an", "the", "his"),
        *("their", "my", "our", "your", "back", "again", "out", "up", "off", "every", "each"),
        *("daily", "weekly", "often", "sometimes", "regularly", "now", "then", "and", "or"),
        *("but", "so", "when", "if", "to", "in", "on", "at", "for", "with", "from", "by"),
        *("mother", "father", "mum", "mom", "dad", "sister", "brother", "wife", "husband"),
        *("partner", "friend", "boss", "doctor", "gp", "police", "work", "home", "ahead"),
        *("herself", "himself", "themselves", "myself", "she", "he", "they", "i", "we"),
        *("escort", "dancer", "stripper", "nurse", "carer", "cleaner", "teacher", "driver"),
        *("receptionist", "manager", "model", "cam", "sex", "independent", "full", "part"),
        *("once", "twice", "late", "early", "tomorrow", "today", "tonight", "yesterday"),
        *("mr", "mrs", "ms", "mx", "miss", "dr", "prof", "into", "since", "within", "only"),
        *("men", "women", "people", "porn", "monday", "tuesday", "wednesday"),
        *("thursday", "friday", "saturday", "sunday", "not", "no", "just", "also", "still"),
        # Words someone is called that name nobody ("called me names"); endearments that are
        # also working names ("Honey", "Baby") are left to be found.
        *("names", "hun", "darling", "sweetheart", "crazy", "stupid", "selfish", "lazy"),
        *("known", "which", "where", "who", "whom", "whose", "cops", "police", "ambulance"),
    }
)
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
    yield from _signatures(seen)
    yield from _person_appositives(seen)
    yield from _called_the(seen, original)
    yield from _lower_case_in_prose(seen, original)
    yield from _named_before_venue_words(seen, original)
    yield from _speakers(seen)
    yield from _self_introductions(original)
    yield from _landmarks(original)
    yield from _districts(seen, original)
    yield from _saints(seen)
    yield from _heading_places(seen, original)
    yield from _labelled_places(original)
    # "moving to port townsend with Odalys": typed in lower case in a line that is not.
    for start, _, end in casing.prefixed_towns(original):
        yield Finding(start, end, "place", "lexicon", False)
    yield from _before_real_name(seen)
    yield from _owners_of_names(seen)
    yield from _events_after_time(seen, original)
    yield from _lower_venues(seen, original)
    yield from find_shouted_places(original)
    for text in (seen, original) if original != seen else (seen,):
        yield from _towns_after_places(text)
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
    if len(words) > 3 or first in ("a", "an") or (first in _NOT_NAMES and first != "the"):
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
        if head in _NOT_NAMES or (len(words) == 1 and words[0].casefold() == "the"):
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
        if first in _NOT_NAMES and first != "the":
            continue
        if phrase.casefold() in ("the", "the club", "the bar") or _VENUE_BEFORE.search(phrase):
            continue  # "a studio, the professional dungeon" describes, it does not name
        yield Finding(m.start("span"), m.end("span"), "employer", "lexicon", False)


# "from Ballinacurra, Limerick", "in Kings Heath, Birmingham": the town after a place name,
# even when the town is also a word.
_TOWN_AFTER_PLACE = re.compile(
    r"\b(?i:from|in|near|to|outside|around|of|at)\s+[A-Z][\w'’ -]+?,\s+"
    r"(?P<town>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)(?![\w'’-])"
)


def _towns_after_places(seen: str) -> Iterator[Finding]:
    from casenotes.core.deid import wordlists

    for m in _TOWN_AFTER_PLACE.finditer(seen):
        town = m.group("town")
        if town.isupper() and (
            m.group().split()[1].casefold() == "the" or town.casefold() in wordlists.english()
        ):
            continue  # in capitals, "TO THE BUILDING, MOST" names no town
        yield from _town_at(m.start("town"), town)


# "DAP note — Cairns", "Telehealth note — Anchorage / Kim": a heading names where the
# session was, after a dash, even when the town's name is also a word.
_HEADING_PLACE = re.compile(
    r"(?m)^[^\n]{2,60}?\s[—–-]\s(?P<town>[^\W\d_][\w'’.-]+(?:[ \t][^\W\d_][\w'’.-]+){0,2})"
    r"[ \t]*(?=[/|,(]|$)"
)


# "Joint session 3, Bray.", "Intake — phone, Cork": a heading line that ends with its town.
_HEADING_COMMA_PLACE = re.compile(
    r"(?im)^[ \t]*(?P<head>[^\n,.;:]{0,40}?\b(?:session|note|notes|intake|review|visit|call"
    r"|contact|appointment|appt|supervision|soap|dap|birp|girp|letter|summary|assessment"
    r"|report|meeting|consult|consultation|check-in|follow-up|discharge|referral)\b[^\n,.;:]{0,20}"
    r"),[ \t]+(?P<town>[^\W\d_][\w'’.-]*?(?:[ \t][^\W\d_][\w'’.-]*?){0,2}?)"
    r"[ \t]*(?:\.?[ \t]*$|\.[ \t])"
)


def _heading_places(seen: str, original: str) -> Iterator[Finding]:
    # A heading in capitals is read as typed: the shadow may have lowered a town that is
    # also a word ("CAIRNS").
    heads = [m for text in {seen, original} for m in _HEADING_PLACE.finditer(text)]
    heads += [m for text in {seen, original} for m in _HEADING_COMMA_PLACE.finditer(text)]
    for m in heads:
        # In lower case only where the whole heading is: "dap note — cairns".
        if m.group("town")[:1].isupper() or m.group().islower():
            yield from _town_at(m.start("town"), m.group("town").rstrip("."))


# "Location: Hood River;", "- suburb: ashgrove": a form's field for where someone lives or
# works holds a place, whatever its words mean elsewhere.
_LABELLED_PLACE = re.compile(
    r"(?im)^[ \t]*(?:[-*•>][ \t]*)?(?:location|town|city|suburb|neighbou?rhood|district"
    r"|village|borough|hometown|home[ \t]+town|lives[ \t]+in|based[ \t]+in)[ \t]*:[ \t]*"
    r"(?P<place>[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){0,2}?)[ \t]*(?=[;,(/|\n]|\.(?:\s|$)|$)"
)
_NOT_LABELLED_PLACES = frozenset(
    {
        *("unknown", "none", "n/a", "na", "home", "same", "various", "varies", "online"),
        *("private", "confidential", "withheld", "declined", "tbc", "tbd", "not", "no"),
        *("urban", "rural", "local", "city", "town", "indoor", "outdoor", "street", "remote"),
        *("in", "telehealth", "video", "phone", "office", "clinic", "zoom", "virtual", "my"),
        *("our", "practice", "room", "inner", "see", "as", "same", "her", "his", "their"),
    }
)


def _labelled_places(original: str) -> Iterator[Finding]:
    for m in _LABELLED_PLACE.finditer(original):
        place = m.group("place")
        if place.split()[0].casefold().rstrip(".") in _NOT_LABELLED_PLACES:
            continue
        yield Finding(m.start("place"), m.end("place"), "place", "lexicon", True)


def _town_at(start: int, phrase: str) -> Iterator[Finding]:
    """The town of the gazetteer that ``phrase`` (written from ``start``) opens with, if any."""
    from casenotes.core.deid import wordlists

    words = list(re.finditer(r"\S+", phrase))
    n = wordlists.place_words([w.group() for w in words])
    if n:
        yield Finding(start, start + words[n - 1].end(), "place", "lexicon", False)


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
        if words[0].casefold() in _NOT_NAMES or _bare(words[0].casefold()) in _PERSON_NOUNS:
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
        if folded in _NOT_NAMES or _bare(folded) in _PERSON_NOUNS or folded in _ROLE_WORDS:
            continue
        # Capitals make even an everyday word a name here ("Seraph's ad number").
        if not word[:1].isupper() and folded in english and folded not in wordlists.first_names():
            continue
        if _DETERMINER_BEFORE.search(seen, max(0, m.start() - 8), m.start()):
            continue
        yield Finding(m.start("span"), m.end("span"), "name", "lexicon", False)


# "a call from the nandino inn", "at the brisco motel": a venue typed in lower case, named by a
# word no dictionary knows, in a line whose other capitals keep it from being re-cased.
_LOWER_VENUE = re.compile(
    r"(?<![\w'’-])(?P<span>(?P<w>[a-z][a-z'’-]{2,})\s+(?:inn|motel|hotel|lodge|suites|tavern"
    r"|saloon|lounge|grill|diner|cafe|café|spa|salon|studio|club))(?![\w'’-])"
)


def _lower_venues(seen: str, original: str) -> Iterator[Finding]:
    english = wordlists.english()
    for m in _LOWER_VENUE.finditer(original):
        if m["w"] in english or m["w"] in wordlists.allowed():
            continue
        if seen[m.start("span") : m.end("span")] != original[m.start("span") : m.end("span")]:
            continue  # the shadow re-cased it: the lexicon reads it there
        yield Finding(m.start("span"), m.end("span"), "employer", "lexicon", False)


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


# "St Alder's", "ST BRIDGET'S": a hospital, school or church by its saint.
_SAINT = re.compile(
    r"\b(?:St|ST|Saint|SAINT)\.?\s+[A-Z][\w-]+['’][sS]\b(?!\s+(?i:day|eve|night|feast))"
)


def _saints(seen: str) -> Iterator[Finding]:
    for m in _SAINT.finditer(seen):
        yield Finding(m.start(), m.end(), "employer", "lexicon", False)


# A letter's or an email's sign-off, in any language ("Warmly,", "Um abraço,", "Ngā mihi,"),
# then the writer's name on the next line.
_SIGN_OFF = re.compile(
    r"(?m)^[ \t]*[^\W\d_][^\n,]{0,24},[ \t]*\n[ \t]*"
    r"(?P<name>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2})(?=[ \t]*(?:\(|,|$|\n))"
)
_NOT_SIGN_OFF = frozenset(
    {"s", "o", "a", "p", "plan", "note", "notes", "re", "dear", "hi", "hello", "subject"}
)


_SIGN_OFF_LOWER = re.compile(
    r"(?m)^[ \t]*[^\W\d_][^\n,]{0,24},[ \t]*\n[ \t]*"
    r"(?P<name>[a-z][\w'’-]+)(?=[ \t]*(?:\(|,|$|\n))"
)


# "— Fern", "-- Kit" on a line of its own: a message signed after a dash.
_DASH_SIGN_OFF = re.compile(
    r"(?m)^[ \t]*(?:—|–|--?)[ \t]*(?P<name>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?)[ \t]*$"
)
_NOT_DASH_SIGN_OFF = frozenset(
    {"end", "ends", "done", "thanks", "cheers", "later", "signed", "sent", "note", "nb", "ps"}
)


def _signatures(seen: str) -> Iterator[Finding]:
    from casenotes.core.deid import wordlists

    for m in _DASH_SIGN_OFF.finditer(seen):
        first = m.group("name").split()[0].casefold()
        if first not in _NOT_DASH_SIGN_OFF and first not in _NOT_NAMES:
            yield Finding(m.start("name"), m.end("name"), "name", "lexicon", False)

    for m in _SIGN_OFF_LOWER.finditer(seen):
        opening = seen[m.start() : m.start("name")].strip().rstrip(",").strip()
        name = m.group("name")
        if len(opening.split()) <= 3 and name in wordlists.first_names():
            yield Finding(m.start("name"), m.end("name"), "name", "lexicon", False)
    for m in _SIGN_OFF.finditer(seen):
        opening = seen[m.start() : m.start("name")].strip().rstrip(",").strip()
        if len(opening.split()) > 3 or opening.casefold() in _NOT_SIGN_OFF:
            continue
        first = m.group("name").split()[0].casefold()
        if first in _NOT_NAMES:
            continue
        yield Finding(m.start("name"), m.end("name"), "name", "lexicon", False)


# "her former pimp, florin, outside", "A SENSUAL MASSEUSE, JADE, AT": a first name in commas
# right after a word for a person.
_PERSON_APPOSITIVE = re.compile(r"\b(?P<noun>[A-Za-z][\w-]*?)s?,[ \t]+(?P<name>[A-Za-z][\w'’-]+),")


def _person_appositives(seen: str) -> Iterator[Finding]:
    from casenotes.core.deid import wordlists

    for m in _PERSON_APPOSITIVE.finditer(seen):
        if _bare(m.group("noun").casefold()) not in _PERSON_NOUNS:
            continue
        word = m.group("name").casefold()
        if word in _NOT_NAMES or word in _NOT_NAMING_WORDS:
            continue
        unknown = (
            word.isalpha() and word not in wordlists.english() and word not in wordlists.allowed()
        )
        if word in wordlists.first_names() or unknown:
            yield Finding(m.start("name"), m.end("name"), "name", "lexicon", False)


_NOT_NAMING_WORDS = frozenset(
    {"however", "though", "too", "again", "say", "apparently", "perhaps", "maybe", "instead"}
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
        if head.casefold() in _NOT_NAMES or words == ["the"]:
            continue
        yield Finding(start, end, "employer", "lexicon", False)


# "a dungeon near the Meadows", "lives off the Strand": a district by its capitalised name.
_DISTRICT = re.compile(
    r"\b(?:near|in|around|by|off|behind|outside|past|up|down|along|round|on|at)\s+the\s+"
    r"(?P<span>[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*)?)(?![\w'’-])"
)


def _districts(seen: str, original: str) -> Iterator[Finding]:
    from casenotes.core.deid import wordlists

    allowed = wordlists.allowed()
    for m in _DISTRICT.finditer(seen):
        start, end = m.span("span")
        if original[start:end].isupper() or not original[start].isupper():
            continue
        phrase = m.group("span")
        if phrase.casefold() in allowed or phrase.split()[0].casefold() in _NOT_DISTRICTS:
            continue
        yield Finding(start, end, "place", "lexicon", False)


# Capitalised after "in the" without being a place: documents, seasons, institutions.
_NOT_DISTRICTS = frozenset(
    {
        *("bible", "quran", "koran", "torah", "internet", "web", "news", "uk", "us", "usa"),
        *("states", "army", "navy", "police", "government", "church", "state", "city"),
        *("council", "court", "house", "senate", "parliament", "nhs", "moment", "end"),
        *("past", "future", "morning", "evening", "night", "room", "session", "plan"),
        *("first", "second", "last", "next", "same", "other", "new", "old", "weekend"),
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december", "christmas", "easter", "day"),
        *("time", "start", "top", "bottom", "beginning", "middle", "weekend", "phone"),
    }
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
    from casenotes.core.deid import wordlists

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
            and word not in _NOT_NAMES
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
            and word not in _NOT_NAMES
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


# "Seen North East Valley rooms", "dinner at the Canton restaurant", "her old Five Points
# address": capitalised words mid-sentence before a word for a venue or a place.
_BEFORE_VENUE_WORD = re.compile(
    r"(?<=[a-z,;/] )(?P<span>(?:[A-Z][a-z][\w'’-]*\s+){0,2}[A-Z][a-z][\w'’-]*)\s+"
    r"(?:rooms?|restaurant|address|flat|flats|estate|branch|office|club|bar|pub|hotel|motel"
    r"|studio|parlou?r|market|area|neighbourhood|neighborhood|suburb|district|campus"
    r"|surgery|station|clinic|centre|center|practice|pharmacy)\b"
)


def _named_before_venue_words(seen: str, original: str) -> Iterator[Finding]:
    from casenotes.core.deid import wordlists

    allowed = wordlists.allowed()
    for m in _BEFORE_VENUE_WORD.finditer(seen):
        start, end = m.span("span")
        if not original[start].isupper() or original[start:end].isupper():
            continue
        words = m.group("span").split()
        if any(w.casefold() in allowed or w.casefold() in _NOT_DISTRICTS for w in words):
            continue
        yield Finding(start, end, "place", "lexicon", False)


# A message transcript: "> Sapphire: depends what time", "[21:40] Jojo: ok".
_SPEAKER = re.compile(
    r"(?m)^[ \t]*(?P<quoted>>[ \t]*)?(?:\[?\d{1,2}[:.]\d{2}\]?[ \t]*)?"
    r"(?P<name>[A-Z][\w'’-]+(?:[ \t][A-Z][\w'’-]+)?):[ \t]"
)
_NOT_SPEAKERS = frozenset(
    {
        *("plan", "note", "notes", "risk", "goals", "goal", "s", "o", "a", "p", "d", "b", "i"),
        *("r", "g", "subjective", "objective", "assessment", "intervention", "response"),
        *("data", "behaviour", "behavior", "client", "therapist", "me", "t", "c", "q"),
        *("update", "summary", "next", "admin", "contact", "mood", "sleep", "safety"),
        *("history", "context", "today", "issues", "do", "re", "subject", "from", "to"),
        *("cc", "date", "time", "tel", "phone", "email", "address", "dob", "name", "age"),
        *("presenting", "problem", "diagnosis", "medication", "meds", "referral", "reason"),
        *("session", "attendees", "present", "location", "follow", "followup", "outcome"),
        *("action", "actions", "task", "tasks", "homework", "focus", "theme", "themes"),
        *("strengths", "concerns", "concern", "supervision", "question", "answer", "x"),
        *("pt", "cl", "th", "dx", "hx", "rx", "tx", "sx", "fx", "mse", "warning", "self"),
        *("od", "temat", "von", "an", "betreff", "de", "para", "asunto", "objet", "aan"),
        *("onderwerp", "assunto", "oggetto", "da", "a", "ämne", "från", "till", "emne"),
    }
)


# A message log with the time after the sender: "deano 21:15: ill park up", "Mia 9.02pm:".
_SPEAKER_THEN_TIME = re.compile(
    r"(?m)^[ \t]*(?:>[ \t]*)?(?P<name>[^\W\d_][\w'’-]*)[ \t]+\[?\d{1,2}[:.]\d{2}"
    r"(?:[ \t]*(?i:am|pm))?\]?[ \t]*:"
)


# Words a diary line opens with before a time: "Call-back 10:30:", "Phoned 9.15:".
_DIARY_WORDS = frozenset(
    {
        *("call", "called", "phoned", "rang", "callback", "voicemail", "vm", "text", "sms"),
        *("email", "session", "appt", "appointment", "arrived", "left", "seen", "dna", "msg"),
        *("message", "received", "sent", "reply", "replied", "started", "ended", "end", "start"),
    }
)


_FAMILY_WORDS = frozenset(
    {*("mam", "nan", "nana", "gran", "granny", "sis", "bro", "babe", "hun", "bestie", "boss")}
)


def _speakers(seen: str) -> Iterator[Finding]:
    """Speakers of a pasted message thread: marked as quoted ("> Name:"), a label that
    speaks on two lines or more, or a sender with the time after the name."""
    initials: set[str] = set()
    for m in _SPEAKER_THEN_TIME.finditer(seen):
        name = m.group("name").casefold()
        if len(name) == 1:
            # "B 9:02am: passed!": an initial signs a message only with its time; a note's
            # "B:" or "S:" heading has none.
            if m.group("name").isupper() and name != "i":
                initials.add(m.group("name"))
                yield Finding(m.start("name"), m.end("name"), "alias", "lexicon", False)
            continue
        if (
            name not in _NOT_SPEAKERS
            and name not in _DIARY_WORDS
            and name not in _NOT_NAMES
            and name not in _FAMILY_WORDS
            and "-" not in name
        ):
            yield Finding(m.start("name"), m.end("name"), "alias", "lexicon", False)
    found = [
        m
        for m in _SPEAKER.finditer(seen)
        if m.group("name").split()[0].casefold() not in _NOT_SPEAKERS
    ]
    counts: dict[str, int] = {}
    for m in found:
        counts[m.group("name")] = counts.get(m.group("name"), 0) + 1
    for m in found:
        if m.group("quoted") or counts[m.group("name")] >= 2:
            yield Finding(m.start("name"), m.end("name"), "alias", "lexicon", False)
    for letter in initials:
        # The same initial labelling its other lines ("B: ty!!") or greeted ("huge, B.").
        for m in re.finditer(
            rf"(?m)^[ \t]*(?:>[ \t]*)?({letter}):|, ({letter})\.?(?=[!?.]?(?:\s|$))", seen
        ):
            group = 1 if m.group(1) else 2
            yield Finding(m.start(group), m.end(group), "alias", "lexicon", False)


# A message that opens by saying who sends it: "hi its jade from the agency", "'It's Mercy,
# call me'". Only at a message's start (a quotation mark, a line, or a greeting) and only a
# first name, so that "it's fine" and "this is hard" stay.
_SELF_INTRODUCTION = re.compile(
    r"\b(?:it'?s|it’s|its|this\s+is|ur|your|it\s+is)[ \t]+(?P<name>[A-Za-z][a-z'’-]+)"
    r"(?=[ \t]*(?:[,.!?—–)\"”]|$|\(|-[ \t]|\b(?:here|from|again|x+|xo+|lol|babe|hun)\b))",
    re.IGNORECASE | re.MULTILINE,
)
# What opens the message before it: the line's start, a quotation mark, or a greeting.
_MESSAGE_OPENS = re.compile(
    r"(?:^|[\"“‘'>:][ \t]*|\b(?:hi|hey|hiya|heya|hello|hullo|babe|hun|hon|yo|ok|okay)\b"
    r"[,!. \t]*)$",
    re.IGNORECASE | re.MULTILINE,
)
_STRONG_AFTER_NAME = re.compile(
    r"[ \t]+(?:here|from|again|x+|xo+|lol)\b|[ \t]*[.!]?[ \t]*[\"”]|[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_NOT_INTRODUCED = frozenset(
    {*("done", "true", "us", "mad", "all", "so", "just", "not", "ok", "okay", "over", "me")}
)


def _self_introductions(original: str) -> Iterator[Finding]:
    from casenotes.core.deid import wordlists

    first_names = wordlists.first_names()
    english = wordlists.english()
    for m in _SELF_INTRODUCTION.finditer(original):
        if not _MESSAGE_OPENS.search(original, max(0, m.start() - 24), m.start()):
            continue
        word = m.group("name")
        folded = word.casefold()
        if folded not in first_names or folded in _NOT_INTRODUCED or folded in _NOT_NAMES:
            continue
        # "It's hope, she said": a first name that is also a word needs more than a comma
        # after it ("its mercy x", "it's jade from the agency").
        strong = _STRONG_AFTER_NAME.match(original, m.end("name")) or (
            word[:1].isupper() and original[m.end("name") : m.end("name") + 1] in (".", "!")
        )
        if folded in english and not strong:
            continue
        yield Finding(m.start("name"), m.end("name"), "name", "lexicon", False)


# "a cafe across from the Quarry", "lives opposite the Mill", "the workers at the red door"
# excepted: a capitalised name after "the" and a word of where, in the middle of a sentence.
_LANDMARK = re.compile(
    r"\b(?:across\s+from|opposite|behind|beside|past|next\s+to|outside|near|round|around"
    r"|by|at|in|into|inside|under|above|out\s+of)\s+the\s+"
    r"(?P<name>[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*){0,2})(?![\w'’-])"
)


def _landmarks(original: str) -> Iterator[Finding]:
    from casenotes.core.deid import wordlists

    allowed = wordlists.allowed()
    for m in _LANDMARK.finditer(original):
        words = m.group("name").split()
        if any(w.casefold() in allowed or w.casefold() in _NOT_LANDMARKS for w in words):
            continue
        yield Finding(m.start("name"), m.end("name"), "place", "lexicon", False)


# Capitalised words after "in the" that name no place: calendar words, the parts of a
# document, and institutions no one could be found by.
_NOT_LANDMARKS = frozenset(
    {
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december", "monday", "tuesday", "wednesday"),
        *("thursday", "friday", "saturday", "sunday", "spring", "summer", "autumn", "winter"),
        *("plan", "notes", "note", "assessment", "summary", "section", "form", "letter"),
        *("past", "future", "present", "end", "beginning", "middle", "moment", "first", "last"),
        *("police", "court", "council", "state", "government", "army", "navy", "church"),
        *("internet", "web", "news", "press", "bible", "quran", "torah", "lord", "god"),
        *("us", "uk", "eu", "usa", "west", "east", "north", "south", "midwest", "north-east"),
    }
)
