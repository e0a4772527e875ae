"""Shared material for the command-line tests: fixed passphrases, a small interchange document
with rare marker strings, and helpers to look inside a vault.

The people and details here are fictional. ``CLIENT_NAME`` and ``NOTE_MARKER`` are stored
encrypted in ``filled_vault``; they must never appear in anything a failing command prints.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy

# Fixed test passphrases (not secrets); both score 4 with zxcvbn.
PASSPHRASE = "lantern orchard velvet canyon 4182"
NEW_PASSPHRASE = "quiet harbour pebble mosaic 7306"
WEAK_PASSPHRASE = "password1"

CLIENT_NAME = "Quillon Marrowfield"
NOTE_MARKER = "Thistlewood-7731"
MARKERS = (CLIENT_NAME, "Quillon", "Marrowfield", NOTE_MARKER, "Thistlewood")

RECOVERY_KEY_RE = re.compile(r"\b[A-Z2-7]{5}(?:-[A-Z2-7]{5}){10}\b")

ENV_NAMES = (
    "CASENOTES_PASSPHRASE",
    "CASENOTES_NEW_PASSPHRASE",
    "CASENOTES_RECOVERY_KEY",
    "CASENOTES_VAULT",
)


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    def __str__(self) -> str:  # shown by pytest when an assertion about a result fails
        return f"exit {self.code}\n--- stdout\n{self.out}--- stderr\n{self.err}"


#: The ``run`` fixture: ``run("verify", "--vault", path)`` → Result.
Run = Callable[..., Result]


def search(run: Run, query: str, *argv: str | Path) -> Result:
    """``casenotes search`` with the query piped in on standard input (never in argv)."""
    import io
    from unittest import mock

    with mock.patch("sys.stdin", io.StringIO(query + "\n")):
        return run("search", *argv)


@dataclass(frozen=True)
class NewVault:
    path: Path
    recovery_key: str
    init: Result


def assert_one_error_line(result: Result, code: int = 1) -> str:
    """A failing command: the exit code, and exactly one stderr line, ``casenotes: …``."""
    assert result.code == code, result
    lines = result.err_lines
    assert len(lines) == 1, result
    assert lines[0].startswith("casenotes: "), result
    assert "Traceback" not in result.err
    return lines[0]


def assert_no_client_data(text: str) -> None:
    for marker in MARKERS:
        assert marker not in text


SAMPLE_CASES = 2
SAMPLE_NOTES = 3

_SAMPLE: dict[str, Any] = {
    "format": "casenotes",
    "version": 1,
    "cases": [
        {
            "code": "C-101",
            "display_name": CLIENT_NAME,
            "client_types": ["current_sex_worker"],
            "tags": ["workplace safety"],
            "status": "active",
            "identifiers": {"names": [CLIENT_NAME], "places": ["Harrowgate Quay"]},
            "created_at": "2024-03-01T09:00:00+00:00",
            "updated_at": "2024-03-08T10:00:00+00:00",
            "goals": [
                {
                    "text": "Set screening steps that feel workable",
                    "status": "open",
                    "created_at": "2024-03-01T09:30:00+00:00",
                    "updated_at": "2024-03-01T09:30:00+00:00",
                }
            ],
            "notes": [
                {
                    "session_date": "2024-03-01",
                    "duration_minutes": 50,
                    "template": "soap",
                    "sections": {
                        "subjective": f"Talked about the new booking rules. {NOTE_MARKER}.",
                        "plan": "Revisit screening next week.",
                    },
                    "tags": ["intake"],
                    "goal_refs": [0],
                    "created_at": "2024-03-01T10:00:00+00:00",
                    "updated_at": "2024-03-01T10:05:00+00:00",
                },
                {
                    "session_date": "2024-03-08",
                    "template": "free",
                    "sections": {"body": "Quieter week; the tidewater walk helped."},
                    "created_at": "2024-03-08T10:00:00+00:00",
                    "updated_at": "2024-03-08T10:00:00+00:00",
                },
            ],
        },
        {
            "code": "C-102",
            "display_name": "Partners K. and L.",
            "client_types": ["couple"],
            "created_at": "2024-04-02T09:00:00+00:00",
            "updated_at": "2024-04-02T09:00:00+00:00",
            "notes": [
                {
                    "session_date": "2024-04-02",
                    "sections": {"body": "Agreement review: what each wants kept open."},
                    "created_at": "2024-04-02T11:00:00+00:00",
                    "updated_at": "2024-04-02T11:00:00+00:00",
                }
            ],
        },
    ],
}


def sample_document() -> dict[str, Any]:
    """A small valid interchange document (a fresh copy): 2 cases, 3 notes, the markers."""
    return copy.deepcopy(_SAMPLE)


def counts(path: Path, passphrase: str = PASSPHRASE) -> tuple[int, int]:
    """(cases, notes) in a vault, read through the journal."""
    journal = Journal.open(path, KdfPolicy.testing())
    journal.unlock(passphrase)
    try:
        return journal.case_count(), journal.note_count()
    finally:
        journal.lock()


def file_digest(path: Path) -> str:
    """SHA-256 of a vault file and its -wal, if any: unchanged means nothing was written."""
    digest = hashlib.sha256(path.read_bytes())
    wal = Path(f"{path}-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()
