"""The records a practitioner keeps. Timestamps are timezone-aware UTC; dates are plain dates."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from casenotes.core.domain.client_types import ClientType
from casenotes.core.domain.note_kinds import ContactChannel, NoteKind, kind_label
from casenotes.core.domain.templates import NoteTemplate

# JSON-compatible structured value (reflection answers and similar).
JSONValue = Any

#: The longest session a note records, in minutes (a day): the journal refuses more, and the
#: interchange format shares the bound, so everything the vault accepts can be exported.
MAX_DURATION_MINUTES = 1440

IDENTIFIER_KINDS: tuple[str, ...] = (
    "names",
    "aliases",
    "handles",
    "phones",
    "emails",
    "places",
    "employers",
    "other",
)


def new_id() -> str:
    """A random UUID as the vault stores it: lowercase, 36 characters."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


class CaseStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class SessionFormat(StrEnum):
    IN_PERSON = "in_person"
    TELEHEALTH = "telehealth"
    PHONE = "phone"


class GoalStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    MET = "met"
    REVISED = "revised"
    SET_ASIDE = "set_aside"


class Attendance(StrEnum):
    """Who was in the room. In couples work it decides what may be shared (the secrets
    policy): an individual session with one partner is marked wherever it goes."""

    PARTNER_A = "partner_a"
    PARTNER_B = "partner_b"
    BOTH = "both"
    CLIENT = "client"
    CLIENT_WITH_PARTNER = "client_with_partner"
    OTHERS = "others"


COUPLE_ATTENDANCE: tuple[Attendance, ...] = (
    Attendance.BOTH,
    Attendance.PARTNER_A,
    Attendance.PARTNER_B,
)
INDIVIDUAL_ATTENDANCE: tuple[Attendance, ...] = (
    Attendance.CLIENT,
    Attendance.CLIENT_WITH_PARTNER,
    Attendance.OTHERS,
)
# An individual session of one partner of a couple.
ONE_PARTNER: frozenset[Attendance] = frozenset({Attendance.PARTNER_A, Attendance.PARTNER_B})

# How the window and a consultation summary name these, in one place.
SESSION_FORMAT_LABELS: dict[SessionFormat, str] = {
    SessionFormat.IN_PERSON: "In person",
    SessionFormat.TELEHEALTH: "Telehealth",
    SessionFormat.PHONE: "Phone",
}
ATTENDANCE_LABELS: dict[Attendance, str] = {
    Attendance.PARTNER_A: "Partner A alone",
    Attendance.PARTNER_B: "Partner B alone",
    Attendance.BOTH: "Both partners",
    Attendance.CLIENT: "Client",
    Attendance.CLIENT_WITH_PARTNER: "Client with a partner",
    Attendance.OTHERS: "Client with others",
}
GOAL_STATUS_LABELS: dict[GoalStatus, str] = {
    GoalStatus.OPEN: "Open",
    GoalStatus.IN_PROGRESS: "In progress",
    GoalStatus.MET: "Met",
    GoalStatus.REVISED: "Revised",
    GoalStatus.SET_ASIDE: "Set aside",
}


@dataclass(slots=True)
class Identifiers:
    """What the practitioner knows identifies the client; feeds de-identification."""

    names: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    employers: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[str]]:
        return {kind: list(getattr(self, kind)) for kind in IDENTIFIER_KINDS}

    @classmethod
    def from_dict(cls, data: dict[str, list[str]]) -> Identifiers:
        return cls(**{kind: list(data.get(kind, [])) for kind in IDENTIFIER_KINDS})


@dataclass(slots=True)
class Member:
    """A person within a couple case, e.g. label "Partner A"."""

    label: str
    name: str = ""
    pronouns: str = ""


@dataclass(slots=True)
class Case:
    code: str
    display_name: str
    id: str = field(default_factory=new_id)
    client_types: list[ClientType] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    status: CaseStatus = CaseStatus.ACTIVE
    pronouns: str = ""
    intake_date: date | None = None
    # For a consultation summary's age range by decade; a year, never a full date of birth.
    birth_year: int | None = None
    presenting_concerns: str = ""  # in the practitioner's words, as agreed at intake
    identifiers: Identifiers = field(default_factory=Identifiers)
    members: list[Member] = field(default_factory=list)
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    deleted_at: datetime | None = None  # set when moved to the trash


@dataclass(slots=True)
class GoalChange:
    """One entry in a goal's history: what it was changed to, and when."""

    at: datetime
    status: GoalStatus
    text: str


@dataclass(frozen=True, slots=True)
class ClinicianProfile:
    """Who signs notes: kept in the (sealed) settings, and copied into each note when it is
    signed, so a later change of name or licence does not rewrite what was signed."""

    name: str = ""
    credentials: str = ""  # e.g. "MA, LMFT"
    licence: str = ""  # licence number, as the licensing board gives it

    def is_empty(self) -> bool:
        return not (self.name.strip() or self.credentials.strip() or self.licence.strip())


@dataclass(slots=True)
class Goal:
    case_id: str
    text: str
    id: str = field(default_factory=new_id)
    status: GoalStatus = GoalStatus.OPEN
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    history: list[GoalChange] = field(default_factory=list)
    deleted_at: datetime | None = None  # in the trash since then


@dataclass(slots=True)
class Addendum:
    note_id: str
    text: str
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utc_now)


@dataclass(slots=True)
class Note:
    case_id: str
    session_date: date
    id: str = field(default_factory=new_id)
    duration_minutes: int = 50
    format: SessionFormat = SessionFormat.IN_PERSON
    template: NoteTemplate = NoteTemplate.FREE
    sections: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    # The reflection answers of this session's process notes (ProcessNotes.reflection),
    # carried with the note for the editor, the chart and summaries. Not part of the
    # progress note: stored in the process-notes record and outside the signature (hash
    # version 2). A records export leaves it out unless the practitioner asks for it.
    reflection: dict[str, JSONValue] = field(default_factory=dict)
    goal_ids: list[str] = field(default_factory=list)
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    signed_at: datetime | None = None
    content_hash: str | None = None
    addenda: list[Addendum] = field(default_factory=list)
    deleted_at: datetime | None = None
    # Who attended; None where it was not recorded (every note written before it existed).
    attendance: Attendance | None = None
    # The clinician profile as it was when the note was signed; None when none was set.
    signed_by: ClinicianProfile | None = None
    # Which content the signature hash covers: 1 for notes signed before format 3 (the
    # reflection was inside the note then), 2 for notes signed before the note's kind was
    # signed too, 3 since. Only meaningful once signed.
    hash_version: int = 3
    # A hash-version-1 signed note only: the reflection as it was signed, kept unchanged so
    # the old signature still verifies. Never shown or exported as part of the record.
    signed_reflection: dict[str, JSONValue] | None = None
    # A session, or a non-session note (consultation record, contact): those are signed like
    # notes but take no session number. ``channel`` is a contact's; ``export_log_id`` is the
    # export-log entry of the summary a consultation record refers to, when one was sent.
    kind: NoteKind = NoteKind.SESSION
    channel: ContactChannel | None = None
    export_log_id: str | None = None

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_session(self) -> bool:
        return self.kind is NoteKind.SESSION

    @property
    def kind_label(self) -> str:
        """ "" for a session, else "Consultation", "Phone call", "Email" or "Letter"."""
        return kind_label(self.kind, self.channel)

    def text(self) -> str:
        """All section text, in template order where known, for search and display."""
        return "\n\n".join(value for value in self.sections.values() if value)


HASH_VERSION = 3  # what sign_note uses now
HASH_VERSIONS: tuple[int, ...] = (1, 2, 3)


def signature_matches(note: Note) -> bool:
    """Whether a signed note's content still matches its signature hash (of its version)."""
    return note.content_hash == note_content_hash(note, note.hash_version)


def note_content_hash(note: Note, version: int = HASH_VERSION) -> str:
    """SHA-256 over the signed content, so a signed note's integrity can be re-checked.

    Version 3 covers the progress note with what kind of note it is: its kind, a contact's
    channel and a consultation record's link to the summary that was sent. Version 2 (notes
    signed before that) covers the progress note without those. Version 1 (notes signed
    before vault format 3) also covered the reflection: for those, ``note.signed_reflection``
    is hashed in its place (falling back to ``note.reflection`` where the note was never
    split, e.g. a format 1 interchange file)."""
    content: dict[str, Any] = {
        "session_date": note.session_date.isoformat(),
        "duration_minutes": note.duration_minutes,
        "format": note.format.value,
        "template": note.template.value,
        "sections": note.sections,
        "tags": note.tags,
    }
    if version == 1:
        content["reflection"] = (
            note.signed_reflection if note.signed_reflection is not None else note.reflection
        )
    elif version in (2, 3):
        if note.attendance is not None:  # only when recorded: older notes hash as before
            content["attendance"] = note.attendance.value
        if version == 3:
            # Always the kind, so a version 3 hash never equals a version 2 one; the channel
            # and the link only when set.
            content["kind"] = note.kind.value
            if note.channel is not None:
                content["channel"] = note.channel.value
            if note.export_log_id is not None:
                content["export_log_id"] = note.export_log_id
    else:
        raise ValueError(f"unknown note hash version {version}")
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class ProcessNotes:
    """The practitioner's private layer of a session, kept apart from the progress note:
    the systemic-function reflection and the clinician self-check (prompt answers, keyed by
    prompt id as ``prompts.answers`` describes) and free process-notes text.

    Sealed in its own record linked to the note; never covered by the note's signature, so
    it stays editable after signing. Records exports leave it out unless asked;
    ``export-json`` and ``tools/recover.py`` carry it (they are backups)."""

    note_id: str
    reflection: dict[str, JSONValue] = field(default_factory=dict)
    text: str = ""
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)

    def is_empty(self) -> bool:
        return not self.reflection and not self.text.strip()


@dataclass(slots=True)
class NoteRevision:
    """A saved state of an unsigned note that can be brought back."""

    note_id: str
    saved_at: datetime
    session_date: date
    duration_minutes: int
    format: SessionFormat
    template: NoteTemplate
    sections: dict[str, str]
    tags: list[str]
    reflection: dict[str, JSONValue]
    id: str = field(default_factory=new_id)
    goal_ids: list[str] = field(default_factory=list)  # the goals this state worked on

    @classmethod
    def of(cls, note: Note, saved_at: datetime | None = None) -> NoteRevision:
        return cls(
            note_id=note.id,
            saved_at=saved_at or utc_now(),
            session_date=note.session_date,
            duration_minutes=note.duration_minutes,
            format=note.format,
            template=note.template,
            sections=dict(note.sections),
            tags=list(note.tags),
            reflection=json.loads(json.dumps(note.reflection)),
            goal_ids=list(note.goal_ids),
        )


@dataclass(slots=True)
class ExportLogEntry:
    """A record that something left the vault: when, what, and a hash of what was written."""

    case_id: str | None
    exported_at: datetime
    kind: str  # e.g. "summary", "interchange"
    format: str  # e.g. "md", "txt", "pdf", "json"
    sessions: str = ""
    content_sha256: str = ""
    # A summary's answer to "did the client consent?": "yes", "no", "not_asked"; "" where
    # it was never asked (other exports, entries written before the question existed).
    consent: str = ""
    id: str = field(default_factory=new_id)
    # The accounting of disclosures: to whom it went, by role (never a name, e.g.
    # "Peer consultation group"), and why. "" where not given (and in older entries).
    recipient_role: str = ""
    purpose: str = ""


@dataclass(slots=True)
class DestructionLogEntry:
    """A record deleted for good: what kind ("case", "note", "goal"), which record (its
    random id), when, why, and the retention date it was deleted before (None when it was
    not early). Never any of its content."""

    kind: str
    record_id: str
    deleted_at: datetime
    reason: str = ""
    retained_until: date | None = None
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Settings:
    auto_lock_minutes: int = 5
    lock_on_minimise: bool = False
    privacy_mode_at_start: bool = False
    theme: str = "system"  # system, light, dark
    font_size: int = 0  # points; 0 follows the system
    backups_keep: int = 10
    last_case_id: str | None = None
    last_note_id: str | None = None
    # The practitioner's country (ISO 3166 code) for reading phone numbers; "" follows the
    # system locale.
    phone_region: str = ""
    # The practitioner's own terms that summaries never redact, one per entry.
    never_redact: list[str] = field(default_factory=list)
    # The clinician profile (ClinicianProfile): shown on signatures and records.
    clinician_name: str = ""
    clinician_credentials: str = ""
    clinician_licence: str = ""
    # Keep records for this many years after the last contact (the case's retention date).
    retention_years: int = 7

    def clinician(self) -> ClinicianProfile:
        return ClinicianProfile(
            self.clinician_name.strip(),
            self.clinician_credentials.strip(),
            self.clinician_licence.strip(),
        )


@dataclass(slots=True)
class CaseBundle:
    """A case with everything under it: the unit of import, export and demo generation."""

    case: Case
    goals: list[Goal] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # each with its addenda
    revisions: dict[str, list[NoteRevision]] = field(default_factory=dict)  # by note id
    # By note id. Each note's ``reflection`` mirrors its process notes' reflection; this
    # carries the rest (the free text, the times).
    process_notes: dict[str, ProcessNotes] = field(default_factory=dict)
