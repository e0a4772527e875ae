"""Who writes and who sends: a letter's or an e-mail's sign-off, a name signed after a dash,
the labelled senders of a pasted message log, and a message that says who sends it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from casenotes.core.deid import wordlists
from casenotes.core.deid.not_names import NOT_NAMES
from casenotes.core.deid.spans import Finding

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


def signatures(seen: str) -> Iterator[Finding]:

    for m in _DASH_SIGN_OFF.finditer(seen):
        first = m.group("name").split()[0].casefold()
        if first not in _NOT_DASH_SIGN_OFF and first not in NOT_NAMES:
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
        if first in NOT_NAMES:
            continue
        yield Finding(m.start("name"), m.end("name"), "name", "lexicon", False)


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


def speakers(seen: str) -> Iterator[Finding]:
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
            and name not in NOT_NAMES
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


def self_introductions(original: str) -> Iterator[Finding]:

    first_names = wordlists.first_names()
    english = wordlists.english()
    for m in _SELF_INTRODUCTION.finditer(original):
        if not _MESSAGE_OPENS.search(original, max(0, m.start() - 24), m.start()):
            continue
        word = m.group("name")
        folded = word.casefold()
        if folded not in first_names or folded in _NOT_INTRODUCED or folded in NOT_NAMES:
            continue
        # "It's hope, she said": a first name that is also a word needs more than a comma
        # after it ("its mercy x", "it's jade from the agency").
        strong = _STRONG_AFTER_NAME.match(original, m.end("name")) or (
            word[:1].isupper() and original[m.end("name") : m.end("name") + 1] in (".", "!")
        )
        if folded in english and not strong:
            continue
        yield Finding(m.start("name"), m.end("name"), "name", "lexicon", False)
