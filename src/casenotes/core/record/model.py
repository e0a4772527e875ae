"""A case record as handed over on request: plain, typed, in the order it is read.

Built from the journal by :mod:`casenotes.core.record.builder`, written by
:mod:`casenotes.core.record.markdown` (and, through Qt, as a PDF by the ui layer). Every
field holds text as written: escaping is the writer's business.

Some parts have a place here before the journal stores them (the clinician profile,
non-session notes, a disclosure's recipient and purpose): they are empty until then, and
the writer leaves an empty part out rather than printing a blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

PROCESS_NOTES_WARNING = (
    "This record includes process notes: the clinician's own reflections on the work, kept "
    "apart from the progress notes. They were included at the clinician's choice; they are "
    "usually not part of a record released on request."
)


class RecordError(ValueError):
    """A record that cannot be made as asked (a range that does not fit the case). The
    message names numbers and dates only, never client text."""


@dataclass(frozen=True, slots=True)
class RecordOptions:
    """What goes into the record. A range is given by session number (1 = the first live
    session in date order) or by session date, not both; none means every session."""

    first_session: int | None = None
    last_session: int | None = None
    from_date: date | None = None
    to_date: date | None = None
    include_drafts: bool = False
    include_process_notes: bool = False
    # One note only (the note editor's "Export this note as PDF…"): the range is ignored.
    note_id: str | None = None

    @property
    def by_number(self) -> bool:
        return self.first_session is not None or self.last_session is not None

    @property
    def by_date(self) -> bool:
        return self.from_date is not None or self.to_date is not None


@dataclass(frozen=True, slots=True)
class Release:
    """What the export log records about this release, for the accounting of disclosures:
    to whom by role (never a name), why, and whether the client authorised it ("yes", "no",
    "not_asked"; "" where nobody was asked, e.g. a single note from the editor)."""

    recipient_role: str = ""
    purpose: str = ""
    consent: str = ""


@dataclass(frozen=True, slots=True)
class Clinician:
    """Who signs: name, credentials and licence number, as the clinician profile gives them."""

    name: str = ""
    credentials: str = ""
    licence: str = ""

    @property
    def known(self) -> bool:
        return bool(self.name.strip())

    def signature_name(self) -> str:
        """ "Name, credentials", or "" when no name is recorded."""
        if not self.known:
            return ""
        credentials = self.credentials.strip()
        return f"{self.name.strip()}, {credentials}" if credentials else self.name.strip()


@dataclass(frozen=True, slots=True)
class Section:
    """A labelled piece of text: a template section, a process-notes answer."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Signature:
    signed_at: datetime
    fingerprint: str  # the SHA-256 stored when the note was signed
    matches: bool  # the note's content still gives that fingerprint
    clinician: Clinician = field(default_factory=Clinician)


@dataclass(frozen=True, slots=True)
class RecordAddendum:
    added_at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class RecordSession:
    """One session note. ``number`` counts every live session of the case in date order, so
    it is the number the window shows, whatever range or drafts the record leaves out."""

    number: int
    note_id: str
    session_date: date
    duration_minutes: int
    format: str  # "In person", "Telehealth", "Phone"
    template: str  # the template's name, e.g. "SOAP"
    sections: tuple[Section, ...]
    tags: tuple[str, ...] = ()
    attended: str = ""  # who attended, in words; "" where not recorded
    # An individual session with one partner of a couple: marked wherever it goes, since
    # the couple's agreement about secrets decides what may be shared from it.
    one_partner: bool = False
    goals: tuple[str, ...] = ()  # the texts of the goals the note worked on
    signature: Signature | None = None  # None: an unsigned draft
    addenda: tuple[RecordAddendum, ...] = ()
    process_notes: tuple[Section, ...] = ()  # empty unless asked for

    @property
    def is_draft(self) -> bool:
        return self.signature is None


@dataclass(frozen=True, slots=True)
class RecordGoalChange:
    at: datetime
    status: str
    text: str


@dataclass(frozen=True, slots=True)
class RecordGoal:
    text: str
    status: str
    created_at: datetime
    history: tuple[RecordGoalChange, ...] = ()


@dataclass(frozen=True, slots=True)
class NonSessionEntry:
    """A consultation, a phone call, an email or a letter: dated, in words, maybe signed."""

    kind: str  # in words: "Consultation", "Phone call", "Email", "Letter"
    on: date
    sections: tuple[Section, ...]
    signature: Signature | None = None
    addenda: tuple[RecordAddendum, ...] = ()


@dataclass(frozen=True, slots=True)
class Disclosure:
    """One export-log entry for the case: the accounting of disclosures."""

    at: datetime
    what: str  # in words: "Consultation summary", "Case record" …
    format: str
    sessions: str = ""
    sha256: str = ""
    consent: str = ""  # in words; "" where never asked
    recipient: str = ""  # by role, e.g. "Peer consultant"
    purpose: str = ""


@dataclass(frozen=True, slots=True)
class CaseDetails:
    code: str
    display_name: str
    status: str
    client_types: tuple[str, ...] = ()
    pronouns: str = ""
    intake_date: date | None = None
    presenting_concerns: str = ""
    members: tuple[Section, ...] = ()  # label → "name (pronouns)"
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseRecord:
    case: CaseDetails
    produced_at: datetime
    options: RecordOptions
    sessions: tuple[RecordSession, ...]
    total_sessions: int  # live sessions in the case, drafts included
    clinician: Clinician = field(default_factory=Clinician)
    goals: tuple[RecordGoal, ...] = ()
    non_session: tuple[NonSessionEntry, ...] = ()
    disclosures: tuple[Disclosure, ...] = ()
    drafts_left_out: int = 0  # unsigned drafts in the range, left out as asked

    @property
    def first_number(self) -> int:
        return self.sessions[0].number if self.sessions else 0

    @property
    def last_number(self) -> int:
        return self.sessions[-1].number if self.sessions else 0

    @property
    def sessions_label(self) -> str:
        """ "3-8" as the export log writes a range; "" for no session."""
        if not self.sessions:
            return ""
        first, last = self.first_number, self.last_number
        return str(first) if first == last else f"{first}-{last}"

    @property
    def one_partner_sessions(self) -> tuple[RecordSession, ...]:
        return tuple(s for s in self.sessions if s.one_partner)

    @property
    def includes_process_notes(self) -> bool:
        return self.options.include_process_notes
