"""Building a :class:`CaseRecord` from a case and what lies under it. Pure: no vault, no Qt.

``Journal.case_record`` reads the parts and calls :func:`build_record`; tests and the
benchmark can call it with parts of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime

from casenotes.core.domain import (
    ATTENDANCE_LABELS,
    CLIENT_TYPE_LABELS,
    GOAL_STATUS_LABELS,
    ONE_PARTNER,
    SESSION_FORMAT_LABELS,
    TEMPLATE_NAMES,
    TEMPLATES,
    Case,
    ExportLogEntry,
    Goal,
    Note,
    signature_matches,
)
from casenotes.core.domain.models import utc_now
from casenotes.core.prompts.answers import describe_answer, is_answered, note_comment
from casenotes.core.prompts.model import NOTES_KEY, PromptLibrary
from casenotes.core.record.model import (
    CaseDetails,
    CaseRecord,
    Clinician,
    Disclosure,
    NonSessionEntry,
    RecordAddendum,
    RecordError,
    RecordGoal,
    RecordGoalChange,
    RecordOptions,
    RecordSession,
    Section,
    Signature,
)

# How the record names each kind of export-log entry; an unknown kind is shown capitalised.
DISCLOSURE_KINDS: dict[str, str] = {
    "summary": "Consultation summary",
    "record": "Case record",
    "note": "Session note",
}
CONSENT_WORDS: dict[str, str] = {"yes": "Yes", "no": "No", "not_asked": "Not asked"}
# Whole-vault exports (case_id None, e.g. export-json) are backups, not disclosures of a case.

ProcessNotesOf = Callable[[Note], Sequence[Section]]


def numbered_notes(notes: Iterable[Note]) -> list[Note]:
    """Live notes in date order, then creation order: a note's session number is its
    index + 1 (the same order as the window and consultation summaries use)."""
    # Consultation records and contacts are not sessions and take no number.
    live = [note for note in notes if note.deleted_at is None and note.is_session]
    live.sort(key=lambda n: (n.session_date, n.created_at))
    return live


def select_sessions(numbered: Sequence[Note], options: RecordOptions) -> list[tuple[int, Note]]:
    """(number, note) of the sessions ``options`` asks for. A numbered range that does not
    fit the case raises :class:`RecordError`; a date range may simply hold no session."""
    pairs = list(enumerate(numbered, start=1))
    if options.note_id is not None:
        chosen = [(n, note) for n, note in pairs if note.id == options.note_id]
        if not chosen:
            raise RecordError("that note is not among the case's live sessions")
        return chosen
    if options.by_number and options.by_date:
        raise RecordError("give a range by session number or by date, not both")
    if options.by_date:
        lo_date, hi_date = options.from_date, options.to_date
        if lo_date is not None and hi_date is not None and lo_date > hi_date:
            raise RecordError(
                f"{lo_date.isoformat()} to {hi_date.isoformat()}: the first "
                "date comes after the last"
            )
        return [
            (n, note)
            for n, note in pairs
            if (lo_date is None or note.session_date >= lo_date)
            and (hi_date is None or note.session_date <= hi_date)
        ]
    total = len(pairs)
    if not options.by_number or total == 0:
        return pairs
    lo = options.first_session if options.first_session is not None else 1
    hi = options.last_session if options.last_session is not None else total
    if lo < 1 or hi < 1:
        raise RecordError("session numbers start at 1")
    if lo > hi:
        raise RecordError(f"sessions {lo}-{hi}: the first session comes after the last")
    if hi > total:
        raise RecordError(
            f"sessions {lo}-{hi}: the case has {total} session{'s' if total != 1 else ''}"
        )
    return pairs[lo - 1 : hi]


FREE_TEXT_LABEL = "Process notes"


def reflection_process_notes(
    library: PromptLibrary | None, texts: Mapping[str, str] | None = None
) -> ProcessNotesOf:
    """A session's process notes: its reflection answers, each under its prompt's text (in
    the library's order, then any answer to a prompt no longer in the library, under its
    id), then the free process-notes text in ``texts`` (by note id), where there is one."""

    def of(note: Note) -> list[Section]:
        reflection = note.reflection
        out: list[Section] = []
        seen: set[str] = set()
        prompts = library.prompts if library is not None else ()
        for prompt in prompts:
            seen.add(prompt.id)
            text = _answer(
                reflection,
                prompt.id,
                describe_answer(prompt, reflection.get(prompt.id))
                if is_answered(reflection, prompt.id)
                else "",
            )
            if text:
                out.append(Section(prompt.text, text))
        comments = reflection.get(NOTES_KEY)
        others = {k for k in reflection if isinstance(k, str)}
        if isinstance(comments, dict):
            others |= {k for k in comments if isinstance(k, str)}
        for key in sorted(others - seen - {NOTES_KEY}):
            value = reflection.get(key)
            answer = describe_answer(None, value) if is_answered(reflection, key) else ""
            text = _answer(reflection, key, answer)
            if text:
                out.append(Section(key.replace("_", " ").capitalize(), text))
        free = (texts or {}).get(note.id, "")
        if free.strip():
            out.append(Section(FREE_TEXT_LABEL, free))
        return out

    return of


def _answer(reflection: dict[str, object], prompt_id: str, answer: str) -> str:
    comment = note_comment(reflection, prompt_id).strip()
    if answer and comment:
        return f"{answer}. {comment}"
    return answer or comment


def build_record(
    case: Case,
    notes: Iterable[Note],
    goals: Iterable[Goal],
    exports: Iterable[ExportLogEntry],
    options: RecordOptions,
    *,
    library: PromptLibrary | None = None,
    clinician: Clinician | None = None,
    non_session: Iterable[NonSessionEntry] = (),
    process_notes_of: ProcessNotesOf | None = None,
    produced_at: datetime | None = None,
) -> CaseRecord:
    """The record of ``case``: its notes in date order as ``options`` asks (signed ones, and
    drafts only when asked), goals with their history, non-session notes, and every export
    of this case in the export log."""
    clinician = clinician or Clinician()
    notes, exports = list(notes), list(exports)  # each is read twice below
    goal_list = sorted(goals, key=lambda g: g.created_at)
    goal_text = {goal.id: goal.text for goal in goal_list}
    numbered = numbered_notes(n for n in notes if n.case_id == case.id)
    chosen = select_sessions(numbered, options)
    process_of = process_notes_of or reflection_process_notes(library)
    sessions: list[RecordSession] = []
    drafts_left_out = 0
    for number, note in chosen:
        if not note.is_signed and not options.include_drafts and options.note_id is None:
            drafts_left_out += 1
            continue
        sessions.append(
            _session(
                number,
                note,
                clinician,
                goal_text,
                process_of if options.include_process_notes else None,
            )
        )
    return CaseRecord(
        case=_details(case),
        produced_at=produced_at or utc_now(),
        options=options,
        sessions=tuple(sessions),
        total_sessions=len(numbered),
        clinician=clinician,
        goals=tuple(_goal(goal) for goal in goal_list) if options.note_id is None else (),
        non_session=tuple(
            sorted(
                [*non_session, *_non_session_notes(case, notes, exports, options, clinician)],
                key=lambda e: e.on,
            )
        )
        if options.note_id is None
        else (),
        disclosures=tuple(
            _disclosure(e)
            for e in sorted(exports, key=lambda e: e.exported_at)
            if e.case_id == case.id
        )
        if options.note_id is None
        else (),
        drafts_left_out=drafts_left_out,
    )


def _non_session_notes(
    case: Case,
    notes: Iterable[Note],
    exports: Iterable[ExportLogEntry],
    options: RecordOptions,
    clinician: Clinician,
) -> list[NonSessionEntry]:
    """The case's live consultation records and contact notes in the date range asked for
    (drafts only when asked), each as a :class:`NonSessionEntry` under its own heading."""
    by_id = {entry.id: entry for entry in exports}
    entries = []
    for note in notes:
        if note.case_id != case.id or note.is_session or note.deleted_at is not None:
            continue
        if not note.is_signed and not options.include_drafts:
            continue
        if options.from_date is not None and note.session_date < options.from_date:
            continue
        if options.to_date is not None and note.session_date > options.to_date:
            continue
        sections = list(_sections(note))
        sent = by_id.get(note.export_log_id) if note.export_log_id else None
        if sent is not None:
            sections.append(
                Section("Summary sent", f"{_disclosure(sent).what}, {sent.exported_at:%Y-%m-%d}")
            )
        entries.append(
            NonSessionEntry(
                kind=note.kind_label,
                on=note.session_date,
                sections=tuple(sections),
                signature=signature_of(note, clinician),
                addenda=tuple(
                    RecordAddendum(a.created_at, a.text)
                    for a in sorted(note.addenda, key=lambda a: a.created_at)
                ),
            )
        )
    return entries


def _details(case: Case) -> CaseDetails:
    members = tuple(
        Section(
            m.label, f"{m.name} ({m.pronouns})" if m.name and m.pronouns else m.name or m.pronouns
        )
        for m in case.members
    )
    return CaseDetails(
        code=case.code,
        display_name=case.display_name,
        status=case.status.value.capitalize(),
        client_types=tuple(CLIENT_TYPE_LABELS.get(t, t.value) for t in case.client_types),
        pronouns=case.pronouns,
        intake_date=case.intake_date,
        presenting_concerns=case.presenting_concerns,
        members=members,
        tags=tuple(case.tags),
    )


def signature_of(note: Note, clinician: Clinician) -> Signature | None:
    """The note's signature. The clinician is the profile stored with the note when it was
    signed; ``clinician`` (today's profile) only stands in for notes that carry none."""
    if note.signed_at is None:
        return None
    if note.signed_by is not None:
        clinician = Clinician(
            note.signed_by.name, note.signed_by.credentials, note.signed_by.licence
        )
    fingerprint = note.content_hash or ""
    return Signature(
        signed_at=note.signed_at,
        fingerprint=fingerprint,
        matches=bool(fingerprint) and signature_matches(note),
        clinician=clinician,
    )


def _sections(note: Note) -> list[Section]:
    labels = {s.key: s.label for s in TEMPLATES.get(note.template, ())}
    sections = [Section(labels[key], note.sections.get(key, "")) for key in labels]
    # A section the template no longer has (a template changed after writing) still shows.
    sections += [
        Section(key.replace("_", " ").capitalize(), text)
        for key, text in note.sections.items()
        if key not in labels and text.strip()
    ]
    return sections


def _session(
    number: int,
    note: Note,
    clinician: Clinician,
    goal_text: dict[str, str],
    process_of: ProcessNotesOf | None,
) -> RecordSession:
    sections = _sections(note)
    return RecordSession(
        number=number,
        note_id=note.id,
        session_date=note.session_date,
        duration_minutes=note.duration_minutes,
        format=SESSION_FORMAT_LABELS.get(note.format, note.format.value),
        template=TEMPLATE_NAMES.get(note.template, note.template.value),
        sections=tuple(sections),
        tags=tuple(note.tags),
        attended=ATTENDANCE_LABELS[note.attendance] if note.attendance is not None else "",
        one_partner=note.attendance in ONE_PARTNER,
        goals=tuple(goal_text[g] for g in note.goal_ids if g in goal_text),
        signature=signature_of(note, clinician),
        addenda=tuple(
            RecordAddendum(a.created_at, a.text)
            for a in sorted(note.addenda, key=lambda a: a.created_at)
        ),
        process_notes=tuple(process_of(note)) if process_of is not None else (),
    )


def _goal(goal: Goal) -> RecordGoal:
    return RecordGoal(
        text=goal.text,
        status=GOAL_STATUS_LABELS.get(goal.status, goal.status.value),
        created_at=goal.created_at,
        history=tuple(
            RecordGoalChange(c.at, GOAL_STATUS_LABELS.get(c.status, c.status.value), c.text)
            for c in goal.history
        ),
    )


def _disclosure(entry: ExportLogEntry) -> Disclosure:
    return Disclosure(
        at=entry.exported_at,
        what=DISCLOSURE_KINDS.get(entry.kind, entry.kind.capitalize()),
        format=entry.format,
        sessions=entry.sessions,
        sha256=entry.content_sha256,
        consent=CONSENT_WORDS.get(entry.consent, ""),
        recipient=entry.recipient_role,
        purpose=entry.purpose,
    )
