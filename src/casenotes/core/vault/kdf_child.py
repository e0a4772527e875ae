"""What runs inside the key-derivation helper process: one Argon2id derivation, then exit.

``kdf_process`` starts it with ``python -I -c`` and the parent's import path as arguments
(paths only, never a secret). It reads one request from stdin (the parameters, the salt and
the normalised passphrase), writes the 32-byte key to stdout and exits, so Argon2id's memory
(256 MiB with the vault's parameters) belongs to a process that holds nothing else and is
gone a moment later. Argon2id itself is here too (``argon2id``), for both sides: ``kdf``
calls it when it derives in its own process. Only ``os``, ``struct``, ``sys``, the core-dump
guard and argon2-cffi are imported: the helper starts while the window starts.
"""

from __future__ import annotations

import os
import struct
import sys
from typing import BinaryIO

KEY_LENGTH = 32
ARGON2_VERSION = 0x13  # RFC 9106's only version; named so a library default cannot move it

# memory KiB, iterations, lanes, salt length, secret length: a fixed head, then the two blobs
REQUEST_HEAD = struct.Struct("!IIIHI")
MAX_SALT = 1024
MAX_SECRET = 1 << 16  # a passphrase of 64 KiB is far beyond any typed one
ANSWER_OK = b"\x00"
ANSWER_FAILED = b"\x01"

BOOTSTRAP = (
    "import sys;sys.path[:]=sys.argv[1:];from casenotes.core.vault.kdf_child import main;main()"
)


def encode_request(
    memory_kib: int, iterations: int, lanes: int, salt: bytes, secret: bytes
) -> bytearray:
    """The request as sent down the pipe; the caller zeroes it once it is written."""
    head = REQUEST_HEAD.pack(memory_kib, iterations, lanes, len(salt), len(secret))
    return bytearray(head) + salt + secret


def argon2id(secret: bytes, salt: bytes, memory_kib: int, iterations: int, lanes: int) -> bytes:
    """Argon2id (RFC 9106, version 0x13), 32 bytes, no secret key and no associated data.
    argon2-cffi computes the lanes on as many threads, which gives the same key as a
    one-thread Argon2id (tests/core/vault/test_kdf.py compares them) in about half the time
    on two cores; the call releases the GIL."""
    from argon2.low_level import Type, hash_secret_raw  # first use: lean start

    return hash_secret_raw(
        secret,
        salt,
        time_cost=iterations,
        memory_cost=memory_kib,
        parallelism=lanes,
        hash_len=KEY_LENGTH,
        type=Type.ID,
        version=ARGON2_VERSION,
    )


def _read_exactly(reader: BinaryIO, size: int) -> bytes:
    data = reader.read(size)
    if data is None or len(data) != size:
        raise EOFError("the request ended early")
    return data


def answer(reader: BinaryIO, writer: BinaryIO) -> int:
    """Read one request, write the key (or a failure naming only the error's kind), and
    return the exit status. A parent that closes the pipe without asking gets nothing."""
    # argon2-cffi (about 40 ms of CPU) is imported while waiting, not once asked: imported
    # once asked, the window's unlock was the slower in 7 of 8 alternated pairs with main.
    import argon2.low_level  # noqa: F401

    try:
        head = _read_exactly(reader, REQUEST_HEAD.size)
    except EOFError:
        return 0  # the parent went away or never needed a key
    memory_kib, iterations, lanes, salt_length, secret_length = REQUEST_HEAD.unpack(head)
    if salt_length > MAX_SALT or secret_length > MAX_SECRET:
        writer.write(ANSWER_FAILED + b"RequestTooLarge")
        writer.flush()
        return 1
    try:
        salt = _read_exactly(reader, salt_length)
        secret = _read_exactly(reader, secret_length)
    except EOFError:
        return 1
    try:
        key = argon2id(secret, salt, memory_kib, iterations, lanes)
    except Exception as exc:  # its kind only: argon2's messages never hold the secret, but
        # nothing of the request goes back
        writer.write(ANSWER_FAILED + type(exc).__name__.encode("ascii", "replace"))
        writer.flush()
        return 1
    writer.write(ANSWER_OK + key)
    writer.flush()
    return 0


def main() -> None:
    """The helper process: no core dump of it either, then one answer, then gone at once
    (``os._exit``: the interpreter's own shutdown would keep the parent waiting)."""
    from casenotes.core.process_hardening import disable_core_dumps

    disable_core_dumps()
    status = answer(sys.stdin.buffer, sys.stdout.buffer)
    os._exit(status)
