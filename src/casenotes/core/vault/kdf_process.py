"""The key-derivation helper process, from the side that asks for a key.

Argon2id with the vault's parameters takes 256 MiB for about a second. In the window's own
process that came on top of the interpreter, Qt and the journal (about 140 MB), a peak near
400 MB; in a process of its own it comes on top of a bare interpreter. So ``derive`` sends
the salt, the parameters and the normalised passphrase down a pipe to a helper (never on its
command line, in its environment or on disk) and reads the 32-byte key back; the helper then
exits (``kdf_child``). Starting an interpreter takes a few tens of milliseconds, so a helper
is started ahead (``prestart``: when a vault is opened, after a wrong passphrase, while the
unlock page waits) and waits on its pipe. It ends when it has answered, or when this process
closes the pipe (exits, or ``discard``). Keys and passphrases are never logged.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import subprocess
import sys
import threading
from typing import IO

from casenotes.core.vault import kdf
from casenotes.core.vault.kdf import KdfParams, KdfPolicy
from casenotes.core.vault.kdf_child import (
    ANSWER_OK,
    BOOTSTRAP,
    KEY_LENGTH,
    MAX_SALT,
    MAX_SECRET,
    encode_request,
)

SECRET_ENV_PREFIX = "CASENOTES_"
_PACKAGE_ROOT = os.path.dirname(  # the folder that holds casenotes/
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
)


class KdfHelperError(Exception):
    """The helper could not be started or gave no key. The message names what happened and
    never holds a secret; the caller derives the key in its own process instead."""


def helper_command() -> list[str]:
    """The helper's command line: this interpreter, and paths (no secret).

    -I: the helper reads no PYTHON* variable, no user site and not the current folder; -S:
    no site module either (its .pth files took most of the helper's start). It imports from
    this process's path instead, given as its arguments, with the folder this package is in
    first (an editable install finds it through a .pth hook)."""
    return [sys.executable, "-I", "-S", "-c", BOOTSTRAP, _PACKAGE_ROOT, *sys.path]


class _Helper:
    """One helper process: started, then asked once."""

    def __init__(self) -> None:
        if not sys.executable:
            raise KdfHelperError("the key derivation helper cannot start (no interpreter path)")
        command = helper_command()
        # The command line's secrets may be in this process's environment
        # (CASENOTES_PASSPHRASE and the like): the helper's is without them.
        environment = {
            name: value
            for name, value in os.environ.items()
            if not name.upper().startswith(SECRET_ENV_PREFIX)
        }
        try:
            self.process = subprocess.Popen(
                command,
                env=environment,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                bufsize=0,  # unbuffered: no copy of the request in a writer's buffer
                close_fds=True,
            )
        except (OSError, ValueError) as exc:
            raise KdfHelperError(
                f"the key derivation helper could not be started ({exc.__class__.__name__})"
            ) from None

    def running(self) -> bool:
        return self.process.poll() is None

    def ask(self, secret: bytes, salt: bytes, params: KdfParams) -> bytes:
        if len(secret) > MAX_SECRET or len(salt) > MAX_SALT:
            self.close()
            raise KdfHelperError("the passphrase or salt is too long for the key derivation helper")
        request = encode_request(params.memory_kib, params.iterations, params.lanes, salt, secret)
        process = self.process
        assert process.stdin is not None and process.stdout is not None
        try:
            try:
                _write_all(process.stdin, request)
                process.stdin.close()
            finally:
                request[:] = bytes(len(request))  # the passphrase's copy, zeroed
            answer = process.stdout.read()  # to the end: the key, then the helper exits
        except OSError as exc:
            self.close()
            raise KdfHelperError(
                f"the key derivation helper stopped answering ({exc.__class__.__name__})"
            ) from None
        status = self._reap()
        if status != 0 or len(answer) != 1 + KEY_LENGTH or answer[:1] != ANSWER_OK:
            raise KdfHelperError(
                f"the key derivation helper ended without a key (exit status {status})"
            )
        return bytes(answer[1:])

    def _reap(self) -> int:
        process = self.process
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        return process.wait()

    def close(self) -> None:
        """End the helper: it is waiting on its pipe, so this is immediate."""
        if self.running():
            with contextlib.suppress(OSError):
                self.process.kill()
        self._reap()


def _write_all(stream: IO[bytes], data: bytearray) -> None:
    # A raw pipe may take part of a write; the request is a few hundred bytes, so in practice
    # one call, but a short write must not lose the rest.
    with memoryview(data) as whole:
        done = 0
        while done < len(whole):
            done += stream.write(whole[done:])


_lock = threading.Lock()
_waiting: _Helper | None = None
_disabled = False


def available() -> bool:
    """Whether derivations go to a helper process: not in a frozen bundle, whose executable
    is the app itself and runs no ``-c``, nor after ``disable()``."""
    return not _disabled and not getattr(sys, "frozen", False)


def wanted(params: KdfParams) -> bool:
    """Whether a derivation with these parameters would use a helper."""
    return params.memory_kib >= kdf.HELPER_MIN_MEMORY_KIB and available()


def wanted_by(policy: KdfPolicy) -> bool:
    """Whether every vault this policy opens derives its key in a helper (the standard one)."""
    return wanted(KdfParams(policy.min_memory_kib, policy.min_iterations, 1))


def prestart() -> None:
    """Start a helper now, unless one is already waiting, so that the next derivation does
    not wait for an interpreter to start. A helper that cannot start is left to ``derive``,
    which says so and derives in this process."""
    global _waiting
    if not available():
        return
    with _lock:
        if _waiting is not None and _waiting.running():
            return
        stale, _waiting = _waiting, None
        if stale is not None:
            stale.close()
        with contextlib.suppress(KdfHelperError):
            _waiting = _Helper()


def derive(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id of ``secret`` in a helper process (the waiting one, else a new one)."""
    global _waiting
    with _lock:
        helper, _waiting = _waiting, None
    if helper is None or not helper.running():
        if helper is not None:
            helper.close()
        helper = _Helper()
    try:
        return helper.ask(secret, salt, params)
    finally:
        helper.close()


def discard() -> None:
    """End a waiting helper (at exit, and for tests)."""
    global _waiting
    with _lock:
        helper, _waiting = _waiting, None
    if helper is not None:
        helper.close()


def disable() -> None:
    """Derive in this process from now on (for tests of the fallback and for measuring)."""
    global _disabled
    _disabled = True
    discard()


def enable() -> None:
    global _disabled
    _disabled = False


atexit.register(discard)
