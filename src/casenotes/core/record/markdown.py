"""The case record as Markdown: the file the practitioner asked for, and the text the PDF
is laid out from.

Content (anything written about the client) is escaped with the summaries' escaping, so a
Markdown reader shows it as written, with no link, image, HTML or heading it did not have.
Each line break in a note stays a line break. Dates are written the same way whatever the
system's language ("7 Mar 2025"), times in UTC, so the record reads the same everywhere.

The document's top-level headings are its parts (the cover with the case details, the
sessions, goals, non-session notes, disclosures): the PDF starts each on a new page.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from casenotes.core.export.markdown import escape
from casenotes.core.record.model import (
    PROCESS_NOTES_WARNING,
    CaseRecord,
    Disclosure,
    NonSessionEntry,
    RecordAddendum,
    RecordGoal,
    RecordSession,
    Section,
    Signature,
)

CONFIDENTIAL = "Confidential"
TITLE = "Case record"
NOTE_TITLE = "Session note"
DRAFT = "DRAFT"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def moment(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return f"{day(value.date())}, {value:%H:%M} UTC"


def text_block(text: str) -> str:
    """Escaped text whose line breaks stay line breaks (a backslash before the newline is
    a hard break in CommonMark) and whose blank lines stay paragraph breaks."""
    paragraphs = [p for p in _paragraphs(text) if p]
    return "\n\n".join("\\\n".join(escape(line) for line in lines) for lines in paragraphs)


def _paragraphs(text: str) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if line:
            out[-1].append(line)
        elif out[-1]:
            out.append([])
    return out


def inline(text: str) -> str:
    """Escaped text on one line (a label, a tag, a goal in a list)."""
    return escape(" ".join(text.split()), at_line_start=False)


class _Out:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, block: str) -> None:
        if block.strip():
            self.parts.append(block.rstrip())

    def heading(self, level: int, text: str) -> None:
        self.parts.append(f"{'#' * level} {inline(text)}")

    def items(self, lines: Sequence[str]) -> None:
        if lines:
            self.parts.append("\n".join(f"- {line}" for line in lines))

    def text(self) -> str:
        return "\n\n".join(self.parts) + "\n"


def contents_lines(record: CaseRecord) -> list[str]:
    """What the record holds, one line each, for its cover (already Markdown)."""
    lines: list[str] = []
    if record.options.note_id is not None:
        lines.append("One session note, with its signature and addenda")
    elif record.sessions:
        range_words = (
            f"Sessions {record.first_number}–{record.last_number} of {record.total_sessions}"
        )
        if record.options.by_date:
            span = " to ".join(
                d
                for d in (
                    day(record.options.from_date) or "the first",
                    day(record.options.to_date) or "the last",
                )
            )
            range_words += f" (sessions dated {span})"
        lines.append(f"{range_words}, in date order, each with its signature and addenda")
    else:
        lines.append(f"No session in the range asked for (the case has {record.total_sessions})")
    drafts = sum(1 for s in record.sessions if s.is_draft)
    if drafts:
        lines.append(f"Unsigned drafts: included and marked {DRAFT} ({drafts})")
    elif record.drafts_left_out:
        lines.append(f"Unsigned drafts: left out ({record.drafts_left_out})")
    else:
        lines.append("Unsigned drafts: none in this range")
    individual = record.one_partner_sessions
    if individual:
        which = ", ".join(f"{x.number} ({x.attended.lower()})" for x in individual)
        lines.append(
            f"Individual sessions with one partner: session"
            f"{'s' if len(individual) > 1 else ''} {which}. Check the couple's "
            "agreement about what is shared before releasing these"
        )
    lines.append(
        "Process notes: **included** (see the warning)"
        if record.includes_process_notes
        else "Process notes: left out"
    )
    if record.options.note_id is None:
        lines.append(f"Goals with their history ({len(record.goals)})")
        if record.non_session:
            lines.append(f"Non-session notes ({len(record.non_session)})")
        lines.append(
            f"Accounting of disclosures ({len(record.disclosures)} "
            f"entr{'y' if len(record.disclosures) == 1 else 'ies'})"
        )
    return lines


def render_record(record: CaseRecord) -> str:
    out = _Out()
    single = record.options.note_id is not None
    out.add(f"**{CONFIDENTIAL.upper()}** · clinical record, produced at the clinician's request")
    title = NOTE_TITLE if single else TITLE
    out.heading(1, f"{title}: {record.case.code}")
    clinician = record.clinician.signature_name()
    cover = [
        f"Client: {inline(record.case.display_name)}",
        f"Clinician: {inline(clinician) if clinician else 'not recorded'}",
    ]
    if record.clinician.licence.strip():
        cover.append(f"Licence: {inline(record.clinician.licence)}")
    cover.append(f"Produced: {moment(record.produced_at)}")
    out.items(cover)
    out.add("This record contains:")
    out.items(contents_lines(record))
    if record.includes_process_notes:
        out.add(f"> **Warning.** {PROCESS_NOTES_WARNING}")
    if not single:
        _case_details(out, record)
    if not single:  # one note follows its short cover on the same page
        out.heading(1, "Sessions")
    if not record.sessions:
        out.add("No session note in this record.")
    for session in record.sessions:
        _session(out, session, single=single)
    if single:
        return out.text()
    out.heading(1, "Goals")
    if not record.goals:
        out.add("No goals recorded.")
    for goal in record.goals:
        _goal(out, goal)
    if record.non_session:
        out.heading(1, "Non-session notes")
        for entry in record.non_session:
            _non_session(out, entry)
    out.heading(1, "Accounting of disclosures")
    out.add(
        "Every export of this case's content recorded in the vault's export log, oldest "
        "first (this record is logged once it is written)."
    )
    if not record.disclosures:
        out.add("No disclosures recorded.")
    out.items([_disclosure(d) for d in record.disclosures])
    return out.text()


def _case_details(out: _Out, record: CaseRecord) -> None:
    case = record.case
    out.heading(2, "Case details")  # on the cover page
    lines = [
        f"Case code: {inline(case.code)}",
        f"Name: {inline(case.display_name)}",
        f"Status: {case.status}",
    ]
    if case.client_types:
        lines.append(f"Client type: {inline(', '.join(case.client_types))}")
    if case.pronouns.strip():
        lines.append(f"Pronouns: {inline(case.pronouns)}")
    if case.intake_date is not None:
        lines.append(f"Intake: {day(case.intake_date)}")
    lines += [f"{inline(m.label)}: {inline(m.text)}" for m in case.members if m.text.strip()]
    if case.tags:
        lines.append(f"Tags: {inline(', '.join(case.tags))}")
    out.items(lines)
    if case.presenting_concerns.strip():
        out.heading(3, "Presenting concerns")
        out.add(text_block(case.presenting_concerns))


def _session(out: _Out, session: RecordSession, *, single: bool) -> None:
    mark = " · individual session" if session.one_partner else ""
    mark += f" · {DRAFT} (unsigned)" if session.is_draft else ""
    out.heading(
        2, f"Session {session.number} · {day(session.session_date)} · {session.template}{mark}"
    )
    facts = [f"{session.duration_minutes} min", session.format]
    if session.attended:
        facts.append(f"Attended: {session.attended}")
    out.add(inline(" · ".join(facts)))
    if session.tags:
        out.add(f"Tags: {inline(', '.join(session.tags))}")
    if session.goals:
        out.add("Goals worked on:")
        out.items([inline(g) for g in session.goals])
    if session.is_draft:
        out.add(f"**{DRAFT}: this note is not signed.** It may still change.")
    _sections(out, session.sections, level=3)
    if session.signature is not None:
        out.add(_signature(session.signature))
    _addenda(out, session.addenda)
    if session.process_notes:
        out.heading(3, "Process notes (the clinician's own, kept apart from the record)")
        _sections(out, session.process_notes, level=4)


def _sections(out: _Out, sections: Sequence[Section], *, level: int) -> None:
    for section in sections:
        out.heading(level, section.label)
        out.add(text_block(section.text) if section.text.strip() else "(empty)")


def _signature(signature: Signature) -> str:
    who = signature.clinician.signature_name() or "the clinician (no profile recorded)"
    check = (
        "matches the signed content"
        if signature.matches
        else "DOES NOT MATCH the content: the note changed after signing"
    )
    return (
        f"**Signed** by {inline(who)} on {moment(signature.signed_at)}.\\\n"
        f"Content fingerprint (SHA-256): {signature.fingerprint or 'none'} ({check})."
    )


def _addenda(out: _Out, addenda: Sequence[RecordAddendum]) -> None:
    if not addenda:
        return
    out.heading(3, "Addenda")
    for addendum in addenda:
        out.add(f"*Added {moment(addendum.added_at)}:*")
        out.add(text_block(addendum.text))


def _goal(out: _Out, goal: RecordGoal) -> None:
    out.add(f"**{inline(goal.text)}**\\\nStatus: {goal.status} · set {day(goal.created_at.date())}")
    out.items(
        [f"{moment(change.at)}: {change.status} — {inline(change.text)}" for change in goal.history]
    )


def _non_session(out: _Out, entry: NonSessionEntry) -> None:
    # Unsigned (only when drafts were asked for): marked as a draft session is.
    mark = f" · {DRAFT} (unsigned)" if entry.signature is None else ""
    out.heading(2, f"{entry.kind} · {day(entry.on)}{mark}")
    if entry.signature is None:
        out.add(f"**{DRAFT}: this note is not signed.** It may still change.")
    _sections(out, entry.sections, level=3)
    if entry.signature is not None:
        out.add(_signature(entry.signature))
    _addenda(out, entry.addenda)


def _disclosure(entry: Disclosure) -> str:
    parts = [moment(entry.at), inline(entry.what), entry.format.upper()]
    if entry.sessions:
        parts.append(f"sessions {inline(entry.sessions.replace('-', '–'))}")
    if entry.recipient:
        parts.append(f"to {inline(entry.recipient)}")
    if entry.purpose:
        parts.append(f"for {inline(entry.purpose)}")
    if entry.consent:
        parts.append(f"client consented: {entry.consent}")
    if entry.sha256:
        parts.append(f"SHA-256 {entry.sha256}")
    return " · ".join(parts)
