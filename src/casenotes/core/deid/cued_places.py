"""Places and venues that only their context gives away: a town after a place or in a
heading, a form's field for where, a district after "the", a landmark, a saint's hospital, a
venue typed in lower case, capitalised words before a word for a venue.

Every finder reads the original text or its re-cased shadow and yields guesses
(``certain=False``) except where a form's label says outright what the field holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from casenotes.core.deid import wordlists
from casenotes.core.deid.lexicon import ON_SOMETHING
from casenotes.core.deid.spans import Finding
from casenotes.core.deid.text_utils import literal_windows, scan

# "from Ballinacurra, Limerick", "in Kings Heath, Birmingham": the town after a place name,
# even when the town is also a word.
_TOWN_AFTER_PLACE = re.compile(
    r"\b(?i:from|in|near|to|outside|around|of|at)\s+[A-Z][\w'’ -]+?,\s+"
    r"(?P<town>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)(?![\w'’-])"
)


def towns_after_places(seen: str) -> Iterator[Finding]:
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


def heading_places(seen: str, original: str) -> Iterator[Finding]:
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


def labelled_places(original: str) -> Iterator[Finding]:
    for m in _LABELLED_PLACE.finditer(original):
        place = m.group("place")
        if place.split()[0].casefold().rstrip(".") in _NOT_LABELLED_PLACES:
            continue
        yield Finding(m.start("place"), m.end("place"), "place", "lexicon", True)


# "stripping in HFX", "moved back to pdx": a city's short form after a word of place.
_ABBREVIATED_TOWN = re.compile(
    r"\b(?i:in|to|from|near|around|outside|round|via|visiting|leaving|left|towards?)[ \t]+"
    r"(?P<town>[A-Za-z]{2,7})(?![\w'’-]|[ \t]+(?i:care|team|services?|plan|meeting|review)\b)"
)


def abbreviated_towns(original: str) -> Iterator[Finding]:
    # Only around the short forms themselves: the words of place before them are everywhere.
    where = literal_windows(original.lower(), _abbreviations(), 12, 12)
    for m in scan(_ABBREVIATED_TOWN, original, where):
        town = m.group("town")
        # Typed as a word in a sentence ("Sea"), a short form is a word, not a city.
        if town[0].isupper() and not town.isupper():
            continue
        if town.casefold() in wordlists.place_abbreviations():
            yield Finding(m.start("town"), m.end("town"), "place", "lexicon", False)


# What comes right after a street named by one word: the clause ends, or a place or time
# follows ("on main near the park").
STREET_ENDS = (
    r"(?=[ \t]*(?:[,.;:+()|\n]|$)|[ \t]+(?:near|by|and|&|\+|in|at|between|across|past|on|is"
    r"|was|for|every|w|with|since|till|until)\b)"
)
# "the parlour on main.", "the flat off foster near the park": a street named by one word in
# lower case after a home or a venue, where the word ends the clause or a place follows.
_LOWER_STREET = re.compile(
    r"\b(?:on|off|along|onto)[ \t]+(?P<street>[a-z][a-z'’-]{2,})"
    rf"{STREET_ENDS}",
    re.MULTILINE,
)
# What a home or venue is "on" that is no street: times, files, a pause.
NOT_STREETS = frozenset(
    {
        *("weekends", "weekdays", "weeknights", "nights", "days", "mornings", "evenings"),
        *("mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays"),
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "weekend"),
        *("today", "tonight", "tomorrow", "again", "it", "them", "him", "her", "me", "us"),
        *("this", "that", "the", "and", "foot", "meds", "file", "hand", "there", "here"),
        *("arrival", "sight", "request", "repeat", "pause", "mute", "ice", "edge", "point"),
        *("break", "lunch", "holiday", "holidays", "vacation", "sick", "offer", "sale"),
        *("loan", "trial", "credit", "tick", "tap", "weekly", "monthly", "nightly", "daily"),
        *("check-in", "check-ins", "standby", "rotation", "contract", "payroll", "commission"),
        *("retainer", "notice", "furlough", "strike", "pension", "welfare", "tips", "salary"),
        *("payday", "rota", "lates", "earlies", "antidepressants", "medication", "insulin"),
        *("speakerphone", "loudspeaker", "facetime", "repeat", "autopilot", "empty", "tour"),
        *("rent", "lease", "hire", "show", "display", "view", "airbnb", "approval"),
    }
)


# A home or venue right before, with at most its own name's words between and no verb: "the
# parlour on main", "a massage place on speedway". After a verb ("lives on cigarettes",
# "moved on quickly") the word is as often no street.
_VENUE_RIGHT_BEFORE = re.compile(
    r"\b(?:house|home|flat|apartment|place|shop|store|bar|cafe|café|pub|motel|hotel|room|rooms"
    r"|studio|salon|spa|club|parlou?r|diner|grill|lounge|market|stand|cart|drop-in|massage"
    r"|centre|center|clinic|office|corner|sauna|brothel|tap|taproom|inn|tavern)"
    r"(?:[ \t]+(?!(?:is|was|are|were|be|been|has|had)\b)[a-z'’&-]+){0,3}[ \t]+$"
)


@cache
def _abbreviations() -> tuple[str, ...]:
    return tuple(sorted(wordlists.place_abbreviations()))


def lower_streets(seen: str) -> Iterator[Finding]:
    for m in _LOWER_STREET.finditer(seen):
        word = m.group("street")
        if word in NOT_STREETS or ON_SOMETHING.fullmatch(word) or word.endswith("ly"):
            continue
        if not _VENUE_RIGHT_BEFORE.search(seen, max(0, m.start() - 60), m.start()):
            continue
        yield Finding(m.start("street"), m.end("street"), "place", "lexicon", False)


# "lives in Third Ward", "sister in fifth ward": a city's ward by its number (a hospital's
# ward has an article: "on the third ward").
_NUMBERED_WARD = re.compile(
    r"(?<![\w'’-])(?P<span>(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    r"|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|\d{1,2}(?:st|nd|rd|th))\s+(?i:ward))(?![\w'’-]|\s+(?i:rounds?|staff|nurses?|sister)\b)"
)
# Words before a hospital's ward: "admitted to second ward", "on the third ward".
_HOSPITAL_WARD_BEFORE = re.compile(
    r"(?i:\b(?:admitted|transferred|moved|discharged|returned|back|sent)\s+(?:to|from|on)"
    r"|\bon|\bthe|\ba)\s+$"
)


def numbered_wards(original: str) -> Iterator[Finding]:
    for m in scan(_NUMBERED_WARD, original, literal_windows(original.lower(), ("ward",), 20, 10)):
        typed = m.group("span")
        # "Fifth Ward", "the Ninth Ward": a city's ward has its capitals; in a note typed
        # in one case, only where nothing makes it a hospital's.
        if typed.istitle() or (
            (typed.islower() or typed.isupper())
            and not _HOSPITAL_WARD_BEFORE.search(original, max(0, m.start() - 24), m.start())
        ):
            yield Finding(*m.span("span"), "place", "lexicon", False)


# "3/4 - Al again (Al, 71), houma": a dated heading whose last item is a town of the
# gazetteer, in any case (a town that is also a word only with its capital, in prose).
_HEADING_END_TOWN = re.compile(
    r"(?m)^(?P<head>[^\n,]*\d[^\n]{0,70}?),[ \t]*(?P<town>[^\W\d_][\w'’.-]*"
    r"(?:[ \t]+[^\W\d_][\w'’.-]*){0,2}?)[ \t]*\.?[ \t]*$"
)


def heading_end_towns(original: str) -> Iterator[Finding]:
    english = wordlists.english()
    allowed = wordlists.allowed()
    for m in _HEADING_END_TOWN.finditer(original):
        town = m.group("town")
        words = town.split()
        if wordlists.place_words(words) != len(words):
            continue
        ordinary = any(w.casefold() in english or w.casefold() in allowed for w in words)
        if ordinary and not (town[0].isupper() and not town.isupper()):
            continue  # "…, reading": a word unless its capital says otherwise
        yield Finding(*m.span("town"), "place", "lexicon", False)


def _town_at(start: int, phrase: str) -> Iterator[Finding]:
    """The town of the gazetteer that ``phrase`` (written from ``start``) opens with, if any."""
    words = list(re.finditer(r"\S+", phrase))
    n = wordlists.place_words([w.group() for w in words])
    if n:
        yield Finding(start, start + words[n - 1].end(), "place", "lexicon", False)


# "a call from the nandino inn", "at the brisco motel": a venue typed in lower case, named by a
# word no dictionary knows, in a line whose other capitals keep it from being re-cased.
_LOWER_VENUE = re.compile(
    r"(?<![\w'’-])(?P<span>(?P<w>[a-z][a-z'’-]{2,})\s+(?:inn|motel|hotel|lodge|suites|tavern"
    r"|saloon|lounge|grill|diner|cafe|café|spa|salon|studio|club))(?![\w'’-])"
)


# "two nights a week at club valentine", "AT CHEZ MARIELLE": a venue's word, then a name.
_VENUE_THEN_NAME = re.compile(
    r"\b(?i:at|from|to|in|for|outside|near)\s+(?P<span>(?i:club|hotel|casa|villa|chez|salon|studio|sauna|motel|maison"
    r"|bar|café|cafe)\s+(?P<w>[A-Za-z][a-z'’-]{2,}|[A-Z][A-Z'’-]{2,}))(?![\w'’-])"
)


def lower_venues(seen: str, original: str) -> Iterator[Finding]:
    english = wordlists.english()
    for m in _LOWER_VENUE.finditer(original):
        if m["w"] in english or m["w"] in wordlists.allowed():
            continue
        if seen[m.start("span") : m.end("span")] != original[m.start("span") : m.end("span")]:
            continue  # the shadow re-cased it: the lexicon reads it there
        yield Finding(m.start("span"), m.end("span"), "employer", "lexicon", False)
    where = literal_windows(original.lower(), _VENUE_WORDS, 12, 40)
    for m in scan(_VENUE_THEN_NAME, original, where):
        span = m.group("span")
        if not (span.islower() or span.isupper()):
            continue  # with capitals as typed, the lexicon reads "Club Cerise"
        word = m["w"].casefold()
        unknown = word not in english and word not in wordlists.allowed()
        if word in _NOT_VENUE_NAMES:
            continue
        if unknown or word in wordlists.first_names():
            yield Finding(m.start("span"), m.end("span"), "employer", "lexicon", False)


_VENUE_WORDS = (
    *("club", "hotel", "casa", "villa", "chez", "salon", "studio", "sauna", "motel", "maison"),
    *("bar", "café", "cafe"),
)
# First names that are also what follows a venue's word in a sentence ("spa day").
_NOT_VENUE_NAMES = frozenset(
    {"day", "night", "nights", "days", "will", "may", "june", "august", "mitzvah"}
)


# "St Alder's", "ST BRIDGET'S": a hospital, school or church by its saint.
_SAINT = re.compile(
    r"\b(?:St|ST|Saint|SAINT)\.?\s+[A-Z][\w-]+['’][sS]\b(?!\s+(?i:day|eve|night|feast))"
)


def saints(seen: str) -> Iterator[Finding]:
    for m in _SAINT.finditer(seen):
        yield Finding(m.start(), m.end(), "employer", "lexicon", False)


# "a dungeon near the Meadows", "lives off the Strand": a district by its capitalised name.
_DISTRICT = re.compile(
    r"\b(?:near|in|around|by|off|behind|outside|past|up|down|along|round|on|at)\s+the\s+"
    r"(?P<span>[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*)?)(?![\w'’-])"
)


def districts(seen: str, original: str) -> Iterator[Finding]:
    allowed = wordlists.allowed()
    for m in _DISTRICT.finditer(seen):
        start, end = m.span("span")
        if original[start:end].isupper() or not original[start].isupper():
            continue
        phrase = m.group("span")
        if phrase.casefold() in allowed or phrase.split()[0].casefold() in _NOT_DISTRICTS:
            continue
        yield Finding(start, end, "place", "lexicon", False)


# "a condo in gurney area", "from the gorge area", "near the jade district": a neighbourhood
# named before "area", "district" or "quarter", in any case.
_NAMED_AREA = re.compile(
    r"\b(?i:in|near|around|from|round|outside|across|through|thru|\+|the)[ \t]+(?:(?i:the)[ \t]+)?"
    r"(?P<span>[A-Za-z][A-Za-z'’-]+(?:[ \t]+[A-Za-z][A-Za-z'’-]+)?)[ \t]+"
    r"(?i:area|district|quarter)(?![\w'’-])"
)
# Words for a kind of space that the dictionary lacks; any everyday word says which part or
# kind is meant too ("the thigh area", "the arts district"), checked in ``named_areas``.
_NOT_NAMED_AREAS = frozenset({"vip", "red-light", "grey-area"})


def named_areas(seen: str) -> Iterator[Finding]:
    english = wordlists.english()
    where = literal_windows(seen.lower(), ("area", "district", "quarter"), 60, 10)
    for m in scan(_NAMED_AREA, seen, where):
        words = m.group("span").casefold().split()
        if any(w in _NOT_NAMED_AREAS for w in words) or words[0] in wordlists.allowed():
            continue
        if m.group("span")[0].isupper() and not m.group("span").isupper():
            continue  # capitalised in prose: the lexicon and the districts above see it
        # An everyday word says which part or kind ("the thigh area", "the arts district").
        if any(w in english for w in words):
            continue
        yield Finding(*m.span("span"), "place", "lexicon", False)


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


# "Seen North East Valley rooms", "dinner at the Canton restaurant", "her old Five Points
# address": capitalised words mid-sentence before a word for a venue or a place.
_BEFORE_VENUE_WORD = re.compile(
    r"(?<=[a-z,;/] )(?P<span>(?:[A-Z][a-z][\w'’-]*\s+){0,2}[A-Z][a-z][\w'’-]*)\s+"
    r"(?:rooms?|restaurant|address|flat|flats|estate|branch|office|club|bar|pub|hotel|motel"
    r"|studio|parlou?r|market|area|neighbourhood|neighborhood|suburb|district|campus"
    r"|surgery|station|clinic|centre|center|practice|pharmacy)\b"
)


def named_before_venue_words(seen: str, original: str) -> Iterator[Finding]:
    allowed = wordlists.allowed()
    for m in _BEFORE_VENUE_WORD.finditer(seen):
        start, end = m.span("span")
        if not original[start].isupper() or original[start:end].isupper():
            continue
        words = m.group("span").split()
        if any(w.casefold() in allowed or w.casefold() in _NOT_DISTRICTS for w in words):
            continue
        yield Finding(start, end, "place", "lexicon", False)


# "a cafe across from the Quarry", "lives opposite the Mill", "the workers at the red door"
# excepted: a capitalised name after "the" and a word of where, in the middle of a sentence.
_LANDMARK = re.compile(
    r"\b(?:across\s+from|opposite|behind|beside|past|next\s+to|outside|near|round|around"
    r"|by|at|in|into|inside|under|above|out\s+of)\s+the\s+"
    r"(?P<name>[A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*){0,2})(?![\w'’-])"
)


def landmarks(original: str) -> Iterator[Finding]:
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
