"""What a note records: a session, or one of the non-session notes a case also keeps.

A consultation record (a question taken to a supervisor or colleague, by role, and what was
advised) and a contact note (a phone call, email or letter) are signed like session notes but
are not sessions: they take no session number and do not move the last-session date.
The kind lives in the note's sealed metadata (``kind``, written only when not a session), so
every note written before it existed reads as a session.
"""

from __future__ import annotations

from enum import StrEnum

from casenotes.core.domain.templates import NoteTemplate


class NoteKind(StrEnum):
    SESSION = "session"
    CONSULTATION = "consultation"
    CONTACT = "contact"


class ContactChannel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"


CHANNEL_LABELS: dict[ContactChannel, str] = {
    ContactChannel.PHONE: "Phone call",
    ContactChannel.EMAIL: "Email",
    ContactChannel.LETTER: "Letter",
}

#: The template a new note of each non-session kind starts from.
KIND_TEMPLATES: dict[NoteKind, NoteTemplate] = {
    NoteKind.CONSULTATION: NoteTemplate.CONSULTATION,
    NoteKind.CONTACT: NoteTemplate.CONTACT,
}


def kind_label(kind: NoteKind, channel: ContactChannel | None) -> str:
    """How a list or a record marks the note: "" for a session, else "Consultation" or the
    contact's channel ("Phone call", "Email", "Letter"; "Contact" when none was given)."""
    if kind is NoteKind.SESSION:
        return ""
    if kind is NoteKind.CONSULTATION:
        return "Consultation"
    return CHANNEL_LABELS[channel] if channel is not None else "Contact"
