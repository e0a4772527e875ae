"""casenotes.core.vault.kdf_child: the helper's side of the pipe, driven in this process."""

from __future__ import annotations

import io

from casenotes.core.vault.kdf import KdfParams, argon2id_raw
from casenotes.core.vault.kdf_child import (
    ANSWER_FAILED,
    ANSWER_OK,
    MAX_SECRET,
    REQUEST_HEAD,
    answer,
    encode_request,
)

SALT = bytes(range(16))
SECRET = "Café tea-kettle 42".encode()
CHEAP = KdfParams(memory_kib=64, iterations=1, lanes=1)


def _ask(request: bytes) -> tuple[int, bytes]:
    out = io.BytesIO()
    status = answer(io.BytesIO(request), out)
    return status, out.getvalue()


def test_a_request_is_answered_with_the_key() -> None:
    status, reply = _ask(bytes(encode_request(64, 1, 1, SALT, SECRET)))
    assert status == 0
    assert reply == ANSWER_OK + argon2id_raw(SECRET, SALT, CHEAP)


def test_a_closed_pipe_gets_no_answer() -> None:
    """The parent exited (or discarded the helper) before asking: nothing is written."""
    assert _ask(b"") == (0, b"")


def test_a_request_cut_short_gets_no_key() -> None:
    request = bytes(encode_request(64, 1, 1, SALT, SECRET))
    assert _ask(request[:-3]) == (1, b"")
    assert _ask(request[: REQUEST_HEAD.size - 1]) == (0, b"")


def test_an_oversized_request_is_refused_before_reading_it() -> None:
    head = REQUEST_HEAD.pack(64, 1, 1, len(SALT), MAX_SECRET + 1)
    status, reply = _ask(head)
    assert status == 1
    assert reply.startswith(ANSWER_FAILED)


def test_a_failed_derivation_names_only_the_kind_of_error() -> None:
    """Zero lanes: argon2 refuses. The answer names the error's class, and nothing of the
    request (the passphrase above all) goes back."""
    status, reply = _ask(bytes(encode_request(64, 1, 0, SALT, SECRET)))
    assert status == 1
    assert reply.startswith(ANSWER_FAILED)
    assert reply[1:].isascii() and reply[1:].decode().isidentifier()
    assert SECRET not in reply and b"tea-kettle" not in reply
