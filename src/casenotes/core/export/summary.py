"""The consultation summary: what a peer needs to think with, and nothing that names the client.

Headings written here are fixed text; every piece of content (the question, concerns, goal
texts, excerpts, answers, and the practitioner-editable wording of prompts: prompt texts, group
names, option labels) passes through ONE ``Deidentifier`` made from the case's identifiers
(with its code and display name added), members and session dates, so labels stay
consistent across parts ("[Person 2]" is the same person in an excerpt and in the safety
section) and session dates become "[Session N]". Content is also escaped as it is composed
(``markdown.escape_with_offsets``) so Markdown shows it literally; spans point into the
escaped source. The summary never carries the case code, display name, intake date, session
dates, tags or identifiers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from casenotes.core.deid import Deidentifier, Span, apply_spans, wordlists
from casenotes.core.deid.labels import partner_label
from casenotes.core.domain import (
    ATTENDANCE_LABELS,
    CLIENT_TYPE_LABELS,
    GOAL_STATUS_LABELS,
    ONE_PARTNER,
    SESSION_FORMAT_LABELS,
    TEMPLATES,
    Case,
    ClientType,
    Goal,
    Identifiers,
    Note,
    NoteTemplate,
    SessionFormat,
)
from casenotes.core.export.markdown import escape_with_offsets
from casenotes.core.prompts import (
    Prompt,
    PromptKind,
    PromptLibrary,
    describe_answer,
    is_answered,
    note_comment,
)
from casenotes.core.prompts.course import status_on

# Sections that hold the practitioner's understanding of a session, in order of preference.
ASSESSMENT_KEYS: tuple[str, ...] = ("assessment", "response", "data", "body")
DEFAULT_EXCERPT_SESSIONS = 3

# The client's consent to the consultation, as the practitioner answers it.
CONSENT_VALUES: tuple[str, ...] = ("yes", "no", "not_asked")

NO_SESSIONS = "No sessions in this range."
NOTHING_RECORDED = "Nothing recorded."

SELF_CHECK_GROUP = "Clinician self-check"
SAFETY_HEADING = "Safety, as the client describes it"
LEGAL_HEADING = "Legal risk, as the client describes it"
# Prompt markings with a section of their own, never repeated under the reflection.
SUMMARY_SECTIONS = frozenset({"safety", "legal"})

CONTEXT_HEADING = "Context"
TRIED_HEADING = "What has been tried, and how the client responded"
FORMULATION_HEADING = "Formulation: needs and function"
# A free note has one section, the whole note: its excerpt is trimmed to what fits here (at a
# paragraph or sentence end), never pasted whole. Other sections are the chosen sections.
FREE_EXCERPT_LIMIT = 700
TRIMMED_MARK = " […]"
# What has been tried: the latest sessions with an intervention, each side trimmed.
TRIED_SESSIONS = 6
TRIED_LIMIT = 300
# Context, from the case's intake note (template sections) and choice answers.
CONTEXT_LIMIT = 300
STRUCTURE_PROMPT = "couple_structure"
ROLES_PROMPT = "couple_roles"
LEGAL_MODEL_PROMPT = "csw_legal_model"
INTERVENTION_KEYS: tuple[str, ...] = ("intervention", "interventions")
RESPONSE_KEYS: tuple[str, ...] = ("response",)
# Which partner is which, by the answer of ``couple_roles``: (partner index, fixed words).
_ROLE_WORDS: dict[str, tuple[int, str]] = {
    "a_worker": (0, "is a sex worker"),
    "b_worker": (1, "is a sex worker"),
    "a_client": (0, "is a client of sex workers"),
    "b_client": (1, "is a client of sex workers"),
}


class SummaryError(ValueError):
    """A request that cannot be summarised (unknown case, a session range that does not fit).

    Messages carry numbers and fixed words only, never client text."""


@dataclass(frozen=True, slots=True)
class SummaryRequest:
    case_id: str
    question: str = ""
    first_session: int | None = None  # 1-based, date order among the case's live notes
    last_session: int | None = None
    include_reflection: bool = False
    # Minimum necessary: the client's account of safety and of legal risk (the legal model,
    # policing, records) each leave only when the practitioner ticks them for this question.
    include_safety: bool = False
    include_legal: bool = False
    # Did the client consent to the consultation? Recorded in the export log with the file.
    consent: str = "not_asked"
    excerpts: tuple[tuple[str, str], ...] | None = None  # (note_id, section_key); None: default
    # The accounting of disclosures, for the export log: the recipient by role, and why.
    recipient_role: str = ""
    purpose: str = ""


@dataclass(frozen=True, slots=True)
class SummaryDraft:
    source: str  # the composed summary before redaction
    spans: tuple[Span, ...]  # every finding, offsets into source, sorted, non-overlapping
    deidentifier: Deidentifier
    case_id: str
    sessions: str  # e.g. "3-8", session numbers, for the export log
    session_count: int
    # The case's known identifiers (values and member names), for the review's last guard.
    known_identifiers: tuple[str, ...] = field(default=())
    consent: str = "not_asked"  # one of CONSENT_VALUES, for the export log
    recipient_role: str = ""  # for the export log, as the request gave them
    purpose: str = ""

    @property
    def text(self) -> str:
        return apply_spans(self.source, self.spans)


# ---- sessions ------------------------------------------------------------------------------


def numbered_sessions(notes: Sequence[Note]) -> list[Note]:
    """Live notes in date order (then creation order); a note's number is its index + 1."""
    # Consultation records and contacts are not sessions and take no number.
    live = [note for note in notes if note.deleted_at is None and note.is_session]
    live.sort(key=lambda n: (n.session_date, n.created_at))
    return live


def assessment_section(note: Note) -> str | None:
    """The key of the note's assessment-like section that has text, if any."""
    keys = {section.key for section in TEMPLATES[note.template]}
    for key in ASSESSMENT_KEYS:
        if key in keys and note.sections.get(key, "").strip():
            return key
    return None


def default_excerpts(notes: Sequence[Note]) -> tuple[tuple[str, str], ...]:
    """For the last (up to) three sessions given: the assessment-like section with text."""
    chosen: list[tuple[str, str]] = []
    for note in numbered_sessions(notes)[-DEFAULT_EXCERPT_SESSIONS:]:
        key = assessment_section(note)
        if key is not None:
            chosen.append((note.id, key))
    return tuple(chosen)


def select_range(
    numbered: Sequence[Note], first: int | None, last: int | None
) -> tuple[int, int, list[Note]]:
    """(first number, last number, notes) of the requested range of numbered sessions.

    An empty case gives no notes whatever the range; otherwise a range that does not fit the
    case's sessions raises :class:`SummaryError`."""
    total = len(numbered)
    if total == 0:
        return 0, 0, []
    lo = 1 if first is None else first
    hi = total if last is None else last
    if lo < 1 or hi < 1:
        raise SummaryError("session numbers start at 1")
    if lo > hi:
        raise SummaryError(f"sessions {lo}-{hi}: the first session comes after the last")
    if hi > total:
        raise SummaryError(
            f"sessions {lo}-{hi}: the case has {total} session{'s' if total != 1 else ''}"
        )
    return lo, hi, list(numbered[lo - 1 : hi])


# ---- composition ---------------------------------------------------------------------------


class _Composer:
    """Builds the source text, scanning content parts and shifting their spans."""

    def __init__(self, deid: Deidentifier) -> None:
        self._deid = deid
        self._parts: list[str] = []
        self._length = 0
        self._tail = ""
        self.spans: list[Span] = []

    def fixed(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)
        self._tail = (self._tail + text)[-2:]

    def content(self, text: str) -> None:
        """Text someone wrote: scanned for identifiers, then escaped so that Markdown shows
        it literally. Spans cover the escaped text (``span.text`` is the escaped original)."""
        offset = self._length
        at_line_start = not self._parts or self._tail.endswith("\n")
        escaped, where = escape_with_offsets(text, at_line_start=at_line_start)
        for span in self._deid.find(text):
            start, end = where[span.start], where[span.end]
            self.spans.append(
                replace(span, start=start + offset, end=end + offset, text=escaped[start:end])
            )
        self.fixed(escaped)

    def line(self, text: str = "") -> None:
        self.fixed(text + "\n")

    def heading(self, level: int, text: str, content: str | None = None) -> None:
        """A heading of fixed ``text``, then (if given) ``content`` someone wrote."""
        if self._parts and self._tail != "\n\n":
            self.fixed("\n" if self._tail.endswith("\n") else "\n\n")
        self.fixed(f"{'#' * level} {text}")
        if content is not None:
            self.content(" ".join(content.split()))
        self.fixed("\n\n")

    def paragraph(self, text: str) -> None:
        """Content as a paragraph: trailing whitespace dropped, a blank line after."""
        self.content(text.strip("\n").rstrip())
        self.fixed("\n\n")

    @property
    def source(self) -> str:
        return "".join(self._parts)


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def age_range(birth_year: int | None, on: date) -> str:
    """An age range by decade ("in their 30s"), never the year itself.

    With only the birth year known the age on ``on`` is ``on.year - birth_year`` or one less
    (the birthday may not have come yet). The lower bound is used, so the decade is never
    overstated: born late 1995 and seen in January 2025 is 29, "in their 20s". A lower bound
    of 0 (born last year) is taken as it stands.
    """
    if birth_year is None:
        return "age not recorded"
    upper = on.year - birth_year
    if upper < 0 or upper > 130:
        return "age not recorded"
    age = upper - 1 if upper >= 1 else upper
    if age < 0:
        return "age not recorded"
    if age >= 90:
        return "90 or over"
    if age < 10:
        return "under 10"
    if age < 20:
        return "in their teens"
    return f"in their {age // 10 * 10}s"


def _section_label(note: Note, key: str) -> str:
    for section in TEMPLATES[note.template]:
        if section.key == key:
            return section.label
    return key.replace("_", " ").capitalize()


def _answer_text(prompt: Prompt | None, reflection: dict[str, Any], prompt_id: str) -> str:
    """The answer in words and its comment, or "" when neither is there."""
    answer = (
        describe_answer(prompt, reflection.get(prompt_id))
        if is_answered(reflection, prompt_id)
        else ""
    )
    comment = note_comment(reflection, prompt_id).strip()
    if answer and comment:
        return f"{answer}. {comment}"
    return answer or comment


_JOINERS = frozenset({"&", "and", "+"})


def display_name_words(display_name: str) -> list[str]:
    """The words of a display name that can identify: not "&"/"and", not ordinary English."""
    english = wordlists.english()
    words: list[str] = []
    for raw in display_name.split():
        word = raw.strip(".,;:()[]\"'’")
        if (
            len(word) < 2
            or word.casefold() in _JOINERS
            or word.casefold() in english
            or not any(c.isalpha() for c in word)
        ):
            continue
        if word not in words:
            words.append(word)
    return words


def summary_identifiers(case: Case) -> Identifiers:
    """A copy of the case's identifiers with its code (as ``other``) and its display name and
    the display name's identifying words (as ``names``) added. The case is not changed."""
    values = case.identifiers.as_dict()  # fresh lists
    code = case.code.strip()
    if code and code not in values["other"]:
        values["other"].append(code)
    display = " ".join(case.display_name.split())
    for name in ([display] if display else []) + display_name_words(display):
        if name not in values["names"]:
            values["names"].append(name)
    return Identifiers.from_dict(values)


def known_identifiers(case: Case) -> tuple[str, ...]:
    """Every identifier value and member name of the case, its code and display name (and the
    display name's identifying words), each once, in order."""
    seen: dict[str, None] = {}
    for values in summary_identifiers(case).as_dict().values():
        for value in values:
            if value.strip():
                seen.setdefault(value.strip(), None)
    for member in case.members:
        if member.name.strip():
            seen.setdefault(member.name.strip(), None)
    return tuple(seen)


def build_summary(
    case: Case,
    notes: Sequence[Note],
    goals: Sequence[Goal],
    library: PromptLibrary,
    request: SummaryRequest,
    *,
    region: str | None = None,
    never_redact: Sequence[str] = (),
) -> SummaryDraft:
    """Compose the summary and find what identifies the client in it.

    ``region`` reads phone numbers written without a country code; ``never_redact`` holds
    the practitioner's own terms. The prompts' option labels are never redacted either.
    """
    if request.consent not in CONSENT_VALUES:
        raise SummaryError(f"consent is one of {', '.join(CONSENT_VALUES)}")
    numbered = numbered_sessions([n for n in notes if n.case_id == case.id])
    first, last, in_range = select_range(numbered, request.first_session, request.last_session)
    number_of = {note.id: first + i for i, note in enumerate(in_range)}
    deid = Deidentifier(
        summary_identifiers(case),
        members=case.members,
        session_dates=[note.session_date for note in numbered],
        region=region,
        allowed=[*never_redact, *_option_labels(library)],
    )
    out = _Composer(deid)
    out.heading(1, "Consultation summary")

    out.heading(2, "Question")
    out.paragraph(request.question.strip() or "No question given.")

    _client_section(out, case, in_range, library)

    out.heading(2, "Presenting concerns")
    out.paragraph(case.presenting_concerns.strip() or "Not recorded.")

    upto = numbered[:last] if in_range else []
    _context_section(out, case, upto, in_range, library, include_legal=request.include_legal)
    _course_section(out, in_range, first, last, len(numbered))
    _goals_section(
        out, goals, in_range, last_day=in_range[-1].session_date if in_range else date.today()
    )
    _tried_section(out, in_range, number_of)

    excerpts = default_excerpts(in_range) if request.excerpts is None else request.excerpts
    _excerpts_section(out, in_range, number_of, excerpts)

    if request.include_safety:
        prompts = [p for p in library.prompts if p.summary == "safety"]
        _answers_section(out, SAFETY_HEADING, prompts, in_range, number_of)

    if request.include_legal:
        prompts = [p for p in library.prompts if p.summary == "legal"]
        _answers_section(out, LEGAL_HEADING, prompts, in_range, number_of)

    if request.include_reflection:
        _formulation_section(out, library, in_range)
        _reflection_section(out, library, in_range, number_of)

    source = out.source.rstrip("\n") + "\n"
    spans = tuple(sorted(out.spans, key=lambda s: s.start))
    sessions = "" if not in_range else (f"{first}" if first == last else f"{first}-{last}")
    return SummaryDraft(
        source=source,
        spans=spans,
        deidentifier=deid,
        case_id=case.id,
        sessions=sessions,
        session_count=len(in_range),
        known_identifiers=known_identifiers(case),
        consent=request.consent,
        recipient_role=request.recipient_role.strip(),
        purpose=request.purpose.strip(),
    )


def _latest_answer(in_range: Sequence[Note], prompt_id: str) -> Any:
    """The latest answer in range to ``prompt_id`` (None when none)."""
    for note in reversed(in_range):
        if is_answered(note.reflection, prompt_id):
            return note.reflection.get(prompt_id)
    return None


def _client_section(
    out: _Composer, case: Case, in_range: Sequence[Note], library: PromptLibrary
) -> None:
    out.heading(2, "Client")
    types = [CLIENT_TYPE_LABELS[t] for t in ClientType if t in case.client_types]
    out.line(f"- Client type: {', '.join(types) if types else 'not recorded'}")
    on = in_range[-1].session_date if in_range else date.today()
    couple = ClientType.COUPLE in case.client_types or len(case.members) >= 2
    if couple:
        labels = [partner_label(i, m.label) for i, m in enumerate(case.members)] or [
            "[Partner A]",
            "[Partner B]",
        ]
        if len(labels) == 2:
            out.line(f"- Two partners, {labels[0]} and {labels[1]}")
        else:
            out.line(f"- {len(labels)} partners: {', '.join(labels)}")
        _which_partner(out, labels, _latest_answer(in_range, ROLES_PROMPT))
    out.line(f"- Age: {age_range(case.birth_year, on)}")
    out.fixed("\n")


def _which_partner(out: _Composer, labels: Sequence[str], answer: Any) -> None:
    """For a couple: which partner is the sex worker or the client, from the latest answer,
    in fixed words with the partners' labels (never their names)."""
    chosen = [str(v) for v in answer] if isinstance(answer, list) else []
    said = []
    for option_id, (index, words) in _ROLE_WORDS.items():
        if option_id in chosen and index < len(labels):
            said.append(f"{labels[index]} {words}")
    if said:
        out.line(f"- Which partner is which: {'; '.join(said)}")
    elif "neither" in chosen:
        out.line(
            "- Which partner is which: neither partner is a sex worker or a client of sex workers"
        )
    else:
        out.line("- Which partner is which: not recorded")


def trim_text(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut to at most ``limit`` characters at the end of a paragraph, else of a
    sentence, else of a word; and whether anything was left out (the caller then adds
    :data:`TRIMMED_MARK` as fixed text)."""
    text = text.strip()
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    cut = head.rfind("\n\n")
    if cut < limit // 3:
        ends = [m.end() for m in re.finditer(r"[.!?…][\"'’”)\]]?(?=\s)", head)]
        cut = ends[-1] if ends and ends[-1] >= limit // 3 else -1
    if cut < limit // 3:
        cut = head.rfind(" ")
    if cut <= 0:
        cut = limit
    return text[:cut].rstrip(), True


def _option_words(prompt: Prompt | None, answer: Any) -> str:
    return describe_answer(prompt, answer) if answer is not None else ""


def _context_section(
    out: _Composer,
    case: Case,
    upto: Sequence[Note],
    in_range: Sequence[Note],
    library: PromptLibrary,
    *,
    include_legal: bool,
) -> None:
    """Relationship structure, work context, the legal-model category and prior therapy: the
    intake note's sections (the latest intake up to the range's end) and choice answers. The
    legal model is legal risk: it appears only when legal risk is included."""
    out.heading(2, CONTEXT_HEADING)
    intake = next((n for n in reversed(upto) if n.template is NoteTemplate.INTAKE), None)

    def from_intake(key: str) -> str:
        return intake.sections.get(key, "") if intake else ""

    def item(label: str, text: str) -> None:
        out.fixed(f"- {label}: ")
        if text.strip():
            _trimmed(out, text, CONTEXT_LIMIT)
        else:
            out.fixed("not recorded")
        out.fixed("\n")

    structure = _option_words(
        library.get(STRUCTURE_PROMPT), _latest_answer(in_range, STRUCTURE_PROMPT)
    )
    relationships = from_intake("relationships")
    item("Relationship structure", structure if structure else relationships)
    item("Work context", from_intake("work"))
    if include_legal:
        item(
            "Legal model where the client works",
            _option_words(
                library.get(LEGAL_MODEL_PROMPT), _latest_answer(in_range, LEGAL_MODEL_PROMPT)
            ),
        )
    else:
        out.line("- Legal model where the client works: left out (legal risk not included)")
    item("Prior therapy", from_intake("prior_therapy"))
    out.fixed("\n")


def _tried_section(out: _Composer, in_range: Sequence[Note], number_of: dict[str, int]) -> None:
    """What was offered in session and how the client responded, from the notes' intervention
    and response sections (the latest sessions that have one), each trimmed."""
    out.heading(2, TRIED_HEADING)
    found: list[tuple[int, str, str]] = []
    for note in in_range:
        tried = next(
            (note.sections[k] for k in INTERVENTION_KEYS if note.sections.get(k, "").strip()), ""
        )
        if not tried:
            continue
        response = next(
            (note.sections[k] for k in RESPONSE_KEYS if note.sections.get(k, "").strip()), ""
        )
        found.append((number_of[note.id], tried, response))
    if not found:
        out.line(NO_SESSIONS if not in_range else NOTHING_RECORDED)
        out.fixed("\n")
        return
    for number, tried, response in found[-TRIED_SESSIONS:]:
        out.fixed(f"- Session {number}: ")
        _trimmed(out, tried, TRIED_LIMIT)
        if response:
            out.fixed(" Response: ")
            _trimmed(out, response, TRIED_LIMIT)
        out.fixed("\n")
    out.fixed("\n")


def _trimmed(out: _Composer, text: str, limit: int) -> None:
    """Content on one line, trimmed to ``limit``, with the fixed mark when trimmed."""
    kept, trimmed = trim_text(text, limit)
    out.content(" ".join(kept.split()))
    if trimmed:
        out.fixed(TRIMMED_MARK)


def _course_section(
    out: _Composer, in_range: Sequence[Note], first: int, last: int, total: int
) -> None:
    out.heading(2, "Course of treatment")
    if not in_range:
        out.line(NO_SESSIONS)
        out.fixed("\n")
        return
    count = len(in_range)
    days = (in_range[-1].session_date - in_range[0].session_date).days
    if count == 1:
        span = "1 session"
    elif days < 7:
        span = f"{count} sessions within one week"
    else:
        weeks = round(days / 7)
        span = f"{count} sessions over {_plural(weeks, 'week')}"
    out.line(f"- {span} (sessions {first} to {last} of {total} recorded)")
    formats = Counter(note.format for note in in_range)
    used = [f"{formats[f]} {SESSION_FORMAT_LABELS[f].lower()}" for f in SessionFormat if formats[f]]
    out.line(f"- Formats: {', '.join(used)}")
    individual = _individual_line(in_range, first)
    if individual:
        out.line(individual)
    out.fixed("\n")


def one_partner_sessions(
    numbered: Sequence[Note], first: int | None = None, last: int | None = None
) -> list[tuple[int, Note]]:
    """(session number, note) of the individual sessions with one partner of a couple among
    sessions ``first`` to ``last`` (1-based, of ``numbered``; all when None): what a summary
    marks, and what the window asks about before including."""
    lo = first if first is not None else 1
    hi = last if last is not None else len(numbered)
    return [
        (number, note)
        for number, note in enumerate(numbered, start=1)
        if lo <= number <= hi and note.attendance in ONE_PARTNER
    ]


def _individual_line(in_range: Sequence[Note], first: int) -> str:
    """The course line that marks individual sessions with one partner, or ""."""
    marked = [
        f"{first + i} ({ATTENDANCE_LABELS[note.attendance].lower()})"
        for i, note in enumerate(in_range)
        if note.attendance in ONE_PARTNER
    ]
    if not marked:
        return ""
    return (
        f"- Individual sessions with one partner: session{'s' if len(marked) > 1 else ''} "
        f"{', '.join(marked)}. Check the couple's agreement about what is shared before "
        "passing on anything from these sessions."
    )


def _goals_section(
    out: _Composer, goals: Sequence[Goal], in_range: Sequence[Note], *, last_day: date
) -> None:
    """Each goal that existed by ``last_day`` (the last session in range), with its status as
    of that day; goals set later are left out."""
    out.heading(2, "Goals")
    dated = [(goal, status_on(goal, last_day)) for goal in goals]
    existing = [(goal, status) for goal, status in dated if status is not None]
    if not existing:
        out.line("No goals recorded.")
        out.fixed("\n")
        return
    count = len(in_range)
    for goal, status in sorted(existing, key=lambda gs: gs[0].created_at):
        worked = sum(1 for note in in_range if goal.id in note.goal_ids)
        out.fixed("- ")
        out.content(" ".join(goal.text.split()))
        out.line(
            f" ({GOAL_STATUS_LABELS.get(status, str(status))}; worked on in "
            f"{worked} of {_plural(count, 'session')})"
        )
    out.fixed("\n")


def _excerpts_section(
    out: _Composer,
    in_range: Sequence[Note],
    number_of: dict[str, int],
    excerpts: Sequence[tuple[str, str]],
) -> None:
    out.heading(2, "Excerpts from session notes")
    by_id = {note.id: note for note in in_range}
    chosen = []
    for note_id, key in dict.fromkeys(excerpts):
        note = by_id.get(note_id)
        if note is None or not note.sections.get(key, "").strip():
            continue
        chosen.append((number_of[note_id], note, key))
    if not chosen:
        out.line(NO_SESSIONS if not in_range else "No excerpts chosen.")
        out.fixed("\n")
        return
    order = {note.id: [s.key for s in TEMPLATES[note.template]] for _, note, _ in chosen}
    chosen.sort(key=lambda c: (c[0], order[c[1].id].index(c[2]) if c[2] in order[c[1].id] else 99))
    for number, note, key in chosen:
        # A section label may be the practitioner's own: scanned like content.
        out.heading(3, f"Session {number} — ", _section_label(note, key))
        text, trimmed = note.sections[key], False
        if note.template is NoteTemplate.FREE:
            text, trimmed = trim_text(text, FREE_EXCERPT_LIMIT)
        if trimmed:
            out.content(text.strip("\n").rstrip())
            out.fixed(TRIMMED_MARK + "\n\n")
        else:
            out.paragraph(text)


def _answers_section(
    out: _Composer,
    heading: str,
    prompts: Sequence[Prompt],
    in_range: Sequence[Note],
    number_of: dict[str, int],
) -> None:
    out.heading(2, heading)
    wrote = False
    for prompt in prompts:
        answers = []
        for note in reversed(in_range):  # latest first
            text = _answer_text(prompt, note.reflection, prompt.id)
            if text.strip():
                answers.append((number_of[note.id], text))
        if not answers:
            continue
        out.heading(3, "", prompt.text)  # the practitioner may have written the prompt
        for number, text in answers:
            out.fixed(f"- Session {number}: ")
            out.content(" ".join(text.split()))
            out.fixed("\n")
        out.fixed("\n")
        wrote = True
    if not wrote:
        out.line(NOTHING_RECORDED)
        out.fixed("\n")


def _is_function(prompt: Prompt) -> bool:
    return prompt.kind is PromptKind.TEXT and (
        prompt.id.endswith("_function") or prompt.group == "Needs and function"
    )


def _formulation_section(out: _Composer, library: PromptLibrary, in_range: Sequence[Note]) -> None:
    """The needs the behaviour meets (most often named first) and the function it serves,
    from the reflection: shown only when the reflection is included."""
    out.heading(2, FORMULATION_HEADING)
    if not in_range:
        out.line(NO_SESSIONS)
        out.fixed("\n")
        return
    tally, labels = _needs_tally(library, in_range)
    out.fixed("- Needs, as the client describes them: ")
    if tally:
        for i, option_id in enumerate(tally):
            out.fixed(", " if i else "")
            out.content(labels.get(option_id, option_id))
        out.fixed("\n")
    else:
        out.line("not recorded")
    functions = [
        p for p in library.prompts if _is_function(p) and p.summary not in SUMMARY_SECTIONS
    ]
    wrote = False
    for prompt in functions:
        for note in reversed(in_range):
            text = _answer_text(prompt, note.reflection, prompt.id)
            if text.strip():
                out.fixed("- Function: ")
                out.content(" ".join(text.split()))
                out.fixed("\n")
                wrote = True
                break
    if not wrote:
        out.line("- Function: not recorded")
    out.fixed("\n")


def _needs_tally(
    library: PromptLibrary, in_range: Sequence[Note]
) -> tuple[Counter[str], dict[str, str]]:
    """How many sessions named each need (ordered most first, then in options' order), and
    each need's label."""
    needs_prompts = [p for p in library.prompts if p.chart == "needs"]
    tally: Counter[str] = Counter()
    labels: dict[str, str] = {}
    order: dict[str, int] = {}
    for prompt in needs_prompts:
        for i, option in enumerate(prompt.options):
            labels.setdefault(option.id, option.label)
            order.setdefault(option.id, len(order) + i)
    for note in in_range:
        seen: set[str] = set()
        for prompt in needs_prompts:
            value = note.reflection.get(prompt.id)
            values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
            seen.update(str(v) for v in values)
        tally.update(seen)
    ordered = Counter(dict(sorted(tally.items(), key=lambda kv: (-kv[1], order.get(kv[0], 999)))))
    return ordered, labels


def scale_trend(prompt: Prompt, in_range: Sequence[Note], number_of: dict[str, int]) -> str:
    """A scale's answers over the range, oldest first: "2 (session 1) → 4 (session 3)", with
    the direction from first to last; "" when it was never answered."""
    points = []
    for note in in_range:
        value = note.reflection.get(prompt.id)
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and is_answered(note.reflection, prompt.id)
        ):
            points.append((number_of[note.id], value))
    if not points:
        return ""
    steps = " → ".join(f"{value} (session {number})" for number, value in points)
    scale = f"on a scale of {prompt.scale_min} to {prompt.scale_max}"
    if len(points) == 1:
        return f"{steps}, {scale}"
    first, last = points[0][1], points[-1][1]
    direction = "rising" if last > first else "falling" if last < first else "level"
    return f"{steps}, {scale}: {direction}"


def _reflection_section(
    out: _Composer,
    library: PromptLibrary,
    in_range: Sequence[Note],
    number_of: dict[str, int],
) -> None:
    out.heading(2, "The practitioner's reflection on needs and function")
    if not in_range:
        out.line(NO_SESSIONS)
        out.fixed("\n")
        return
    count = len(in_range)
    self_check = [p for p in library.prompts if _is_self_check(p)]
    others = [
        p
        for p in library.prompts
        if p.chart != "needs"
        and p.summary not in SUMMARY_SECTIONS
        and not _is_self_check(p)
        and not _is_function(p)
    ]

    out.heading(3, "Needs identified")
    tally, labels = _needs_tally(library, in_range)
    if tally:
        for option_id, n in tally.items():  # already most first, then in the options' order
            out.fixed("- ")
            out.content(labels.get(option_id, option_id))
            out.line(f" ({n} of {_plural(count, 'session')})")
    else:
        out.line(NOTHING_RECORDED)
    out.fixed("\n")

    def latest(prompts: Sequence[Prompt]) -> list[tuple[Prompt, str]]:
        found = []
        for prompt in prompts:
            if prompt.kind is PromptKind.SCALE:  # a scale shows its trend over the range
                trend = scale_trend(prompt, in_range, number_of)
                comment = next(
                    (
                        note_comment(n.reflection, prompt.id).strip()
                        for n in reversed(in_range)
                        if note_comment(n.reflection, prompt.id).strip()
                    ),
                    "",
                )
                if trend or comment:
                    found.append((prompt, ". ".join(t for t in (trend, comment) if t)))
                continue
            for note in reversed(in_range):
                text = _answer_text(prompt, note.reflection, prompt.id)
                if text.strip():
                    found.append((prompt, text))
                    break
        return found

    out.heading(3, "Latest reflections")
    _latest_list(out, latest(others))
    out.heading(3, "The clinician's own reflection (self-check)")
    _latest_list(out, latest(self_check))


def _latest_list(out: _Composer, answers: Sequence[tuple[Prompt, str]]) -> None:
    if not answers:
        out.line(NOTHING_RECORDED)
    for prompt, text in answers:
        out.fixed("- ")
        out.content(" ".join(prompt.text.split()))
        out.fixed(" — ")
        out.content(" ".join(text.split()))
        out.fixed("\n")
    out.fixed("\n")


def _is_self_check(prompt: Prompt) -> bool:
    return prompt.group == SELF_CHECK_GROUP or prompt.id.startswith("self_check_")


def _option_labels(library: PromptLibrary) -> list[str]:
    return [option.label for prompt in library.prompts for option in prompt.options]


__all__ = [
    "CONSENT_VALUES",
    "SummaryDraft",
    "SummaryError",
    "SummaryRequest",
    "build_summary",
    "default_excerpts",
    "numbered_sessions",
    "scale_trend",
    "trim_text",
]
