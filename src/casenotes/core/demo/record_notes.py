"""What a demo case's record holds besides its session notes' text: who attended each session,
and a few non-session notes (consultation records, phone calls, emails, letters).

Drawn from a generator seeded with the case's own id (itself drawn from the demo's seed), so
the main stream, and with it every other record of a demo vault, stays as it was, and the same
seed still gives the same vault.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

from casenotes.core.domain import (
    KIND_TEMPLATES,
    Attendance,
    ContactChannel,
    Note,
    NoteKind,
    note_content_hash,
)

# How often someone else is in the room, or a partner of a couple comes alone.
OTHER_ATTENDANCE_CHANCE = 0.15
# A case needs this many notes before one of them becomes a non-session note.
MIN_NOTES_FOR_OTHERS = 6

# The kinds handed out in turn across a demo's cases, so each appears in a vault of a few cases.
OTHER_KINDS: tuple[tuple[NoteKind, ContactChannel | None], ...] = (
    (NoteKind.CONSULTATION, None),
    (NoteKind.CONTACT, ContactChannel.PHONE),
    (NoteKind.CONTACT, ContactChannel.EMAIL),
    (NoteKind.CONTACT, ContactChannel.LETTER),
)

CONSULTATION_QUESTIONS: tuple[str, ...] = (
    "How to pace work on the relationship agreement when the partners want different speeds.",
    "Whether my questions about {their} work hours were curiosity or worry of my own.",
    "How to hold the secrets policy when one partner asks to speak alone.",
    "Whether to suggest a referral for the legal question {first} raised, or wait to be asked.",
    "How to keep the goal collaborative when {first} asks me to set it.",
)
CONSULTED_ROLES: tuple[str, ...] = (
    "Clinical supervisor",
    "Peer consultation group",
    "Colleague in sexual-health practice",
    "Legal adviser of the professional association",
)
CONSULTATION_ADVICE: tuple[str, ...] = (
    "Name the difference in pace openly and let the couple set the order. I will bring it up "
    "next session.",
    "Check the assumption against what {first} has said, and ask rather than guess. Noted for "
    "my own self-check.",
    "Restate the secrets policy before any individual session. Planned for the next joint session.",
    "Offer the information and leave the choice with {first}. Will mention it once.",
    "Offer two or three options and ask which fits. Agreed to try it.",
)
CONTACT_TEXTS: dict[ContactChannel, tuple[str, ...]] = {
    ContactChannel.PHONE: (
        "{first} rang to move next week's session to {weekday}; agreed.",
        "Returned a call from {first} about the fee for a longer session; explained the rate.",
        "{first} phoned to say {their} schedule changed; the session stays by video.",
    ),
    ContactChannel.EMAIL: (
        "{first} emailed to ask for a receipt for the last month; sent it the same day.",
        "Email from {first} asking whether a session can be by phone while travelling; said yes.",
        "Sent {first} the list of local sexual-health clinics asked for in session.",
    ),
    ContactChannel.LETTER: (
        "Letter to confirm the end of the current block of sessions, as agreed, with the offer "
        "to come back at any time.",
        "Letter confirming attendance dates, at {first}'s request, for {their} own records.",
    ),
}


def attendance(rng: random.Random, couple: bool) -> Attendance:
    """Who attended a session: mostly the usual people, now and then someone else."""
    if couple:
        if rng.random() < OTHER_ATTENDANCE_CHANCE:
            return rng.choice((Attendance.PARTNER_A, Attendance.PARTNER_B))
        return Attendance.BOTH
    if rng.random() < OTHER_ATTENDANCE_CHANCE:
        return rng.choice((Attendance.CLIENT_WITH_PARTNER, Attendance.OTHERS))
    return Attendance.CLIENT


def other_note(
    rng: random.Random,
    note: Note,
    kind: NoteKind,
    channel: ContactChannel | None,
    ctx: dict[str, Any],
) -> Note:
    """``note`` turned into a non-session note of ``kind`` (same id, date and signing state):
    a consultation record or a contact, with no session details, reflection or goals."""
    words = {**ctx, "weekday": ctx.get("weekday") or "Monday"}
    if kind is NoteKind.CONSULTATION:
        sections = {
            "question": rng.choice(CONSULTATION_QUESTIONS).format_map(words),
            "consulted": rng.choice(CONSULTED_ROLES),
            "advice": rng.choice(CONSULTATION_ADVICE).format_map(words),
        }
    else:
        assert channel is not None  # a demo contact always has one
        sections = {"text": rng.choice(CONTACT_TEXTS[channel]).format_map(words)}
    other = replace(
        note,
        template=KIND_TEMPLATES[kind],
        sections=sections,
        kind=kind,
        channel=channel,
        duration_minutes=0 if kind is NoteKind.CONTACT else 30,
        tags=[],
        reflection={},
        goal_ids=[],
        attendance=None,
        addenda=[],
    )
    if other.is_signed:
        other.content_hash = note_content_hash(other)
    return other
