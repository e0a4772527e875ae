"""Who writes and who sends a message (core.deid.cued_messages)."""

from __future__ import annotations

import pytest

from casenotes.core.deid import Deidentifier, Identifiers, casing, cued


def _found(text: str) -> set[tuple[str, str]]:
    seen = casing.shadow(text)
    return {(f.kind, text[f.start : f.end]) for f in cued.find_cued(text, seen)}


def test_a_message_signed_after_a_dash() -> None:
    out = Deidentifier(Identifiers.from_dict({})).redact("Call me back on the duty phone.\n— Fern")
    assert out.text.endswith("— [Person 1]")


def test_a_dash_line_that_signs_nothing_stays() -> None:
    text = "Call me back on the duty phone.\n— End"
    assert Deidentifier(Identifiers.from_dict({})).redact(text).text == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('Text at 2am: "hi its jade from the agency, can u do thurs"', "jade"),
        ('She read out "its mercy x call me" and cried.', "mercy"),
        ('Voicemail: "Hello, it\'s Dolly. Ring me back."', "Dolly"),
    ],
)
def test_a_message_that_says_who_sends_it(text: str, name: str) -> None:
    assert ("name", name) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        'He said "it\'s fine, really" and left.',
        '"this is hard," she said.',
        '"its done, x"',
        "It's hope, she said. 'It's Grace, not luck,' she wrote: it's joy.",
        "Mum 21:15: are you coming home",
    ],
)
def test_a_message_that_opens_with_no_name_keeps_its_words(text: str) -> None:
    assert not any(kind in ("name", "alias") for kind, _ in _found(text))


def test_a_sender_with_the_time_after_the_name() -> None:
    text = "Messages she showed me:\ndeano 21:15: ill park up\nCall-back 10:30: spoke 12 min"
    assert _found(text) & {("alias", "deano")} and ("alias", "Call-back") not in _found(text)


def test_an_initial_that_signs_messages_with_a_time() -> None:
    log = "B 9:02am: passed!\nme: That's huge, B.\nB: ty!! taking a break\n"
    found = [(kind, text) for kind, text in _found(log)]
    assert found == [("alias", "B")]
    out = Deidentifier(Identifiers()).redact(log).text
    assert "B" not in out.replace("[", "").replace("]", "")


def test_a_note_s_letter_headings_are_no_initials() -> None:
    assert not _found("B: calm, engaged.\nI: CBT for sleep.\nR: B: noted.\nP: next week")
