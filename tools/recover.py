#!/usr/bin/env python3
"""Recover a Casenotes vault, or a backup of one, to a plain interchange JSON file.

What this is
------------
A stand-alone reader of vault formats 1, 2 and 3 (docs/vault-format.md), kept in one file that needs
only Python 3.11+ and the ``cryptography`` package (``argon2-cffi``, when present, makes the
passphrase's key derivation faster; the key is the same). It does not import Casenotes, so it works
when the application cannot be installed, will not start, or has a bug that keeps a vault
shut. It is the promise that a practitioner is never locked out of their own records.

It writes the same interchange file as ``casenotes export-json`` (docs/interchange-format.md),
byte for byte: every case, including those in the trash, with its goals and its notes, each
note with its addenda and revisions. That file can be read by eye, kept as an archive, or
imported into a new vault with ``casenotes import``.

Usage
-----
::

    python tools/recover.py VAULT -o OUT.json                      # asks for the passphrase
    CASENOTES_PASSPHRASE='…' python tools/recover.py VAULT -o OUT.json
    python tools/recover.py VAULT -o OUT.json --recovery-key       # asks for the recovery key
    python tools/recover.py VAULT -o OUT.json --recovery-key-file KEY.txt
    python tools/recover.py VAULT -o OUT.json --recovery-key < KEY.txt

VAULT is a vault file (``casenotes.vault``) or a backup copy of one. The recovery key is never
taken from the command line: other programs on the computer can read a command line
(``ps``, ``/proc/PID/cmdline``) and the shell keeps it in its history. It is asked for without
being shown, or read from the first line of standard input (when that is not a terminal) or
of ``--recovery-key-file FILE``.

``--allow-weak-kdf`` accepts passphrase key-derivation settings below the floor Casenotes
enforces (64 MiB of memory, 2 passes). Casenotes refuses those because an attacker who can
edit the file could lower them; only use the flag for a vault you know was made that way,
such as one made by the test suite. The ceiling (4 GiB, 20 passes, 16 lanes) always applies.
The recovery key does not go through that derivation, so the settings do not matter for it.

Guarantees
----------
- A vault of format 2 has an encrypted manifest: its per-table record counts and keyed
  digests, and the SHA-256 of the recovery slot, are recomputed and compared; each
  disagreement (a record deleted, added or rolled back, commits lost with the ``-wal`` file,
  a replaced recovery slot) is one line on stderr and the exit status is 1. The records are
  still recovered.
- The vault is only read. SQLite opens it read-only (``mode=ro``), and as immutable when no
  ``-wal`` file lies beside it, so not a byte of the vault changes. When a ``-wal`` file is
  there (Casenotes is running, or was not closed cleanly) it is read too, as it may hold the
  newest records; SQLite may then create a ``-shm`` file beside the vault.
- The output is written atomically (a temporary file in the same folder, fsync, rename) with
  mode 0600, a case at a time as the vault is read, so a large vault needs little memory.
  It is NOT encrypted: keep it as safe as the notes, and delete it when done.
- A record that fails authentication (damaged, or altered outside Casenotes) is skipped and
  named, by table and id, in one line on stderr; everything else is still recovered. So is a
  record with a cell of the wrong type (TEXT, even TEXT that is not UTF-8, a number or NULL
  where an envelope belongs, a too-short blob, a damaged id); a damaged id is printed with its
  control characters escaped. A vault that Casenotes refuses because its schema was altered
  (a planted trigger, view, table, index or column) is still read: this tool only reads, so
  such objects cannot act. Goals and
  notes whose case record is unreadable (or missing) are not dropped: they are kept under a
  stand-in case whose code is ``RECOVERED-<case id>``. Casenotes' own export drops them.
- Settings and the export log are not part of the interchange format, so they are not read.

Exit status: 0 when every record was recovered; 1 on any error, or when a record could not be
recovered or needs attention (a signed note whose content no longer matches its signature
hash) — the output is still written then, with one line per such record on stderr; 2 for a
usage error. Errors are one line on stderr and never contain client data.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import contextlib
import getpass
import hashlib
import hmac
import json
import math
import os
import sqlite3
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from json.encoder import encode_basestring  # the C escaper where there is one
from pathlib import Path
from typing import Any, NoReturn

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PROG = "recover.py"
PASSPHRASE_ENV = "CASENOTES_PASSPHRASE"

# --- vault formats 1 and 2 (docs/vault-format.md) ---------------------------------------------

MAGIC = "casenotes-vault"
FORMAT_VERSION = 3  # the newest this tool reads; formats 1 and 2 are read too
OLDEST_FORMAT_VERSION = 1
KDF_NAME = "argon2id"
ID_LENGTH = 16  # vault_id and kdf_salt
KEY_LENGTH = 32  # DEK, KEK_p, KEK_r, FK and the recovery key
NONCE_LENGTH = 12
TAG_LENGTH = 16
SLOT_LENGTH = NONCE_LENGTH + KEY_LENGTH + TAG_LENGTH
PASSPHRASE_SLOT_AAD = b"casenotes/slot/passphrase/v1"
RECOVERY_SLOT_AAD = b"casenotes/slot/recovery/v1"
RECOVERY_INFO = b"casenotes/recovery/v1"
FIELD_INFO = b"casenotes/field/v1"  # HKDF info of FK, and the first bytes of every field AAD
MANIFEST_INFO = b"casenotes/manifest/v1"  # format 2: HKDF info of MK
MANIFEST_TABLE = "vault_manifest"
# Format 2: every table the manifest covers (all tables holding envelopes but its own).
MANIFEST_TABLES = (
    "addenda",
    "cases",
    "destruction_log",
    "export_log",
    "goals",
    "note_revisions",
    "notes",
    "process_notes",
    "prompt_customisations",
    "settings",
)
# Tables that came with a later format: a vault of an older one has none.
SINCE_FORMAT = {"process_notes": 3, "destruction_log": 3}
RECOVERY_CHECKSUM_LENGTH = 2
# 32-byte key ‖ 2-byte checksum = 34 bytes = 272 bits, which base32 spells in 55 characters.
RECOVERY_KEY_CHARS = 55
ENVELOPE_VERSION = 0x01
PAD_BLOCK = 64
SHORTEST_ENVELOPE = 1 + NONCE_LENGTH + PAD_BLOCK + TAG_LENGTH

# Argon2id bounds, inclusive. The floor stops a downgrade edited into the header, the ceiling
# stops a header that would make this tool allocate or compute without end.
MIN_MEMORY_KIB = 64 * 1024
MIN_ITERATIONS = 2
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_ITERATIONS = 20
MAX_LANES = 16

HEADER_COLUMNS = (
    "magic",
    "format_version",
    "vault_id",
    "kdf",
    "kdf_salt",
    "kdf_memory_kib",
    "kdf_iterations",
    "kdf_lanes",
    "passphrase_slot",
    "recovery_slot",
)

# --- interchange format 1 (docs/interchange-format.md) -----------------------------------------

INTERCHANGE_NAME = "casenotes"
INTERCHANGE_VERSION = 1
IDENTIFIER_KINDS = (
    "names",
    "aliases",
    "handles",
    "phones",
    "emails",
    "places",
    "employers",
    "other",
)
MAX_IMPORT_BYTES = 512 * 1024 * 1024  # casenotes import refuses larger files

# Why a record was skipped. Neither names anything from inside the record.
AUTH_FAILED = "could not be authenticated (damaged, or altered outside Casenotes)"
MALFORMED = "was decrypted, but its content is not in the form Casenotes writes"
MISSING = "is not in the vault (removed outside Casenotes?), yet records refer to it"


class RecoveryError(Exception):
    """Stops the recovery: its message is printed as one line and the exit status is 1."""


class UsageError(Exception):
    """A problem with the command line itself: exit status 2."""


class Unreadable(Exception):
    """One record cannot be recovered; the message says why (AUTH_FAILED or MALFORMED)."""


# --- opening the file --------------------------------------------------------------------------


def open_read_only(path: Path) -> sqlite3.Connection:
    # A vault closed cleanly has no -wal file: immutable=1 then tells SQLite the file cannot
    # change, so it takes no lock and creates no -shm file. With a -wal file, the newest
    # commits (the header included) may live only there, so SQLite must read it: read-only,
    # but not immutable.
    immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
    uri = f"{path.resolve().as_uri()}?mode=ro{immutable}"
    # isolation_level=None: no implicit transactions; the one read transaction is explicit.
    db = sqlite3.connect(uri, uri=True, isolation_level=None)
    # A TEXT value that is not UTF-8 would otherwise stop the whole table from being read;
    # surrogateescape keeps its bytes, so the AAD built from it is still the bytes stored.
    db.text_factory = lambda raw: raw.decode("utf-8", errors="surrogateescape")
    return db


def cannot_read(path: Path, exc: sqlite3.Error) -> RecoveryError:
    hint = ""
    if Path(f"{path}-wal").exists():
        hint = (
            " A -wal file lies beside it; if its folder is read-only, copy the vault and its "
            "-wal file together to a writable folder and try the copy."
        )
    return RecoveryError(f"{path} could not be read as a Casenotes vault ({exc}).{hint}")


# --- the header --------------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class Header:
    """The one row of ``vault_header``. The KDF columns are checked only when a passphrase is
    used (``kdf_settings``): the recovery key does not depend on them."""

    vault_id: bytes
    passphrase_slot: bytes
    recovery_slot: bytes
    kdf: object
    kdf_salt: object
    kdf_memory_kib: object
    kdf_iterations: object
    kdf_lanes: object
    format_version: int = OLDEST_FORMAT_VERSION


def read_header(db: sqlite3.Connection, path: Path) -> Header:
    try:
        rows = db.execute(f"SELECT {', '.join(HEADER_COLUMNS)} FROM vault_header").fetchall()
    except sqlite3.Error as exc:
        raise cannot_read(path, exc) from None
    if len(rows) != 1:
        raise RecoveryError(f"{path} is not a Casenotes vault (its header is missing).")
    row = dict(zip(HEADER_COLUMNS, rows[0], strict=True))
    # The checks of docs/vault-format.md, in its order. SQLite does not enforce column types,
    # so every value is checked before it is used.
    if row["magic"] != MAGIC:
        raise RecoveryError(f"{path} is not a Casenotes vault.")
    version = row["format_version"]
    if not _is_int(version):
        raise RecoveryError("The vault header is damaged (format version).")
    if version > FORMAT_VERSION:
        raise RecoveryError(
            f"This vault is in format {version}, written by a newer Casenotes; this tool reads "
            f"format {FORMAT_VERSION}. Use the recover.py that comes with that version."
        )
    if version < OLDEST_FORMAT_VERSION:
        raise RecoveryError("The vault header is damaged (impossible format version).")
    vault_id, pslot, rslot = row["vault_id"], row["passphrase_slot"], row["recovery_slot"]
    if not isinstance(vault_id, bytes) or len(vault_id) != ID_LENGTH:
        raise RecoveryError("The vault header is damaged (vault id).")
    if not isinstance(pslot, bytes) or not isinstance(rslot, bytes):
        raise RecoveryError("The vault header is damaged (key slots).")
    return Header(
        vault_id,
        pslot,
        rslot,
        row["kdf"],
        row["kdf_salt"],
        row["kdf_memory_kib"],
        row["kdf_iterations"],
        row["kdf_lanes"],
        version,
    )


@dataclass(frozen=True)
class KdfSettings:
    salt: bytes
    memory_kib: int
    iterations: int
    lanes: int


def kdf_settings(header: Header, allow_weak: bool) -> KdfSettings:
    if header.kdf != KDF_NAME:
        raise RecoveryError("This vault uses a key derivation this tool does not know.")
    salt = header.kdf_salt
    if not isinstance(salt, bytes) or len(salt) != ID_LENGTH:
        raise RecoveryError("The vault header is damaged (salt).")
    m, t, p = header.kdf_memory_kib, header.kdf_iterations, header.kdf_lanes
    if (
        not isinstance(m, int)
        or not isinstance(t, int)
        or not isinstance(p, int)
        or not all(_is_int(v) for v in (m, t, p))  # bool is an int subclass; not here
    ):
        raise RecoveryError("The vault header is damaged (key-derivation settings).")
    if p < 1 or t < 1 or m < 8 * p:  # not Argon2 at all
        raise RecoveryError(
            "The vault's key-derivation settings are invalid; the header was altered or damaged."
        )
    if m > MAX_MEMORY_KIB or t > MAX_ITERATIONS or p > MAX_LANES:
        raise RecoveryError(
            "The vault's key-derivation settings are larger than Casenotes "
            "allows (over 4 GiB, 20 passes or 16 lanes); the header was altered "
            "or damaged. The recovery key (--recovery-key) does not need them."
        )
    if not allow_weak and (m < MIN_MEMORY_KIB or t < MIN_ITERATIONS):
        raise RecoveryError(
            f"The vault's key-derivation settings ({m} KiB, {_count(t, 'pass', 'passes')}) are "
            "weaker than Casenotes allows, so the header may have been altered to weaken it. If "
            "you know the vault was made that way (the test suite does), pass --allow-weak-kdf."
        )
    return KdfSettings(salt, m, t, p)


# --- keys --------------------------------------------------------------------------------------


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_LENGTH, salt=salt, info=info).derive(ikm)


def passphrase_kek(passphrase: str, kdf: KdfSettings) -> bytes:
    # NFC first, so the same passphrase typed with precomposed or combining accents matches.
    try:
        secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    except UnicodeEncodeError:
        raise RecoveryError("The passphrase is not valid text (UTF-8).") from None
    try:
        # argon2-cffi (installed with Casenotes) computes the lanes on threads: the same key,
        # about twice as fast on two cores. Without it, cryptography's one-thread Argon2id.
        from argon2.low_level import Type, hash_secret_raw
    except ImportError:
        return Argon2id(
            salt=kdf.salt,
            length=KEY_LENGTH,
            iterations=kdf.iterations,
            lanes=kdf.lanes,
            memory_cost=kdf.memory_kib,
        ).derive(secret)
    return hash_secret_raw(
        secret,
        kdf.salt,
        time_cost=kdf.iterations,
        memory_cost=kdf.memory_kib,
        parallelism=kdf.lanes,
        hash_len=KEY_LENGTH,
        type=Type.ID,
        version=0x13,
    )


def parse_recovery_key(text: str) -> bytes:
    """The 32 key bytes of the text form: base32 of key ‖ SHA-256(key)[:2], in dashed groups."""
    compact = "".join(ch for ch in text if ch not in " -\t\r\n")
    # Before upper(): it folds some non-ASCII letters into ASCII ones ("ı" → "I", "ſ" → "S").
    if not compact.isascii():
        raise RecoveryError("That recovery key has characters it cannot have (only A–Z, 2–7).")
    compact = compact.upper()
    if len(compact) != RECOVERY_KEY_CHARS:
        raise RecoveryError("That recovery key has the wrong length: it is 11 groups of 5.")
    try:
        raw = base64.b32decode(compact + "=" * (-len(compact) % 8))
    except (binascii.Error, ValueError):
        raise RecoveryError(
            "That recovery key has characters it cannot have (only A–Z, 2–7)."
        ) from None
    key, checksum = raw[:KEY_LENGTH], raw[KEY_LENGTH:]
    # The last character carries 3 unused bits that b32decode ignores: insisting on the
    # canonical spelling means a mistyped last character is caught, not silently accepted.
    canonical = base64.b32encode(raw).decode("ascii").rstrip("=")
    if canonical != compact or hashlib.sha256(key).digest()[:RECOVERY_CHECKSUM_LENGTH] != checksum:
        raise RecoveryError(
            "That recovery key does not check out: a character is probably mistyped."
        )
    return key


def unwrap_dek(kek: bytes, slot: bytes, slot_aad: bytes, vault_id: bytes) -> bytes | None:
    """slot = nonce(12) ‖ AES-256-GCM(KEK, DEK, aad = slot constant ‖ vault_id); None if it
    does not open. A wrong secret and an altered slot cannot be told apart, by design."""
    if len(slot) != SLOT_LENGTH:
        return None
    try:
        return AESGCM(kek).decrypt(slot[:NONCE_LENGTH], slot[NONCE_LENGTH:], slot_aad + vault_id)
    except InvalidTag:
        return None


def dek_from_passphrase(header: Header, passphrase: str, kdf: KdfSettings) -> bytes:
    dek = unwrap_dek(
        passphrase_kek(passphrase, kdf),
        header.passphrase_slot,
        PASSPHRASE_SLOT_AAD,
        header.vault_id,
    )
    if dek is None:
        raise RecoveryError(
            "That passphrase does not open this vault. Check caps lock and try "
            "again, or use the recovery key (--recovery-key -)."
        )
    return dek


def dek_from_recovery_key(header: Header, recovery_key: str) -> bytes:
    kek = hkdf_sha256(parse_recovery_key(recovery_key), header.vault_id, RECOVERY_INFO)
    dek = unwrap_dek(kek, header.recovery_slot, RECOVERY_SLOT_AAD, header.vault_id)
    if dek is None:
        raise RecoveryError("That recovery key does not belong to this vault.")
    return dek


# --- field envelopes ---------------------------------------------------------------------------


def length_prefixed(value: bytes) -> bytes:
    """L(x): a 2-byte big-endian length, then x."""
    if len(value) > 0xFFFF:
        raise Unreadable(AUTH_FAILED)  # no real AAD part is that long
    return len(value).to_bytes(2, "big") + value


@dataclass(frozen=True)
class Row:
    """One row of a data table, as stored: nothing in it is decrypted yet."""

    table: str
    id: str
    foreign_keys: dict[str, str]  # every *_id column; NULL as "", as the AAD counts it
    envelopes: dict[str, object]  # *_enc column → stored value


class FieldOpener:
    """Opens field envelopes with FK = HKDF-SHA256(DEK, vault_id, "casenotes/field/v1")."""

    def __init__(self, vault_id: bytes, dek: bytes) -> None:
        self.vault_id = vault_id
        self.aead = AESGCM(hkdf_sha256(dek, vault_id, FIELD_INFO))
        # The AAD's head (info, vault, table, column) is the same for every row of a column:
        # encoded once a column, not once a field.
        self._heads: dict[tuple[str, str], bytes] = {}
        self._names: dict[str, bytes] = {}  # a foreign key's name, encoded

    def aad(self, row: Row, column: str) -> bytes:
        # Binding vault, table, column, row id and foreign keys means a ciphertext moved to
        # another vault, table, column or row, or re-parented by editing a *_id, fails to open.
        head = self._heads.get((row.table, column))
        if head is None:
            head = b"".join(
                [FIELD_INFO, length_prefixed(self.vault_id)]
                + [length_prefixed(_utf8(s)) for s in (row.table, column)]
            )
            self._heads[(row.table, column)] = head
        parts = [head, length_prefixed(_utf8(row.id))]
        for name in sorted(row.foreign_keys):
            encoded = self._names.get(name)
            if encoded is None:
                encoded = self._names[name] = length_prefixed(_utf8(name))
            parts.append(encoded)
            parts.append(length_prefixed(_utf8(row.foreign_keys[name])))
        return b"".join(parts)

    def open(self, row: Row, column: str) -> bytes:
        """envelope = 0x01 ‖ nonce(12) ‖ AES-256-GCM(FK, payload ‖ 0x80 ‖ 0x00…, aad)."""
        envelope = row.envelopes[column]
        # Shape first, without decrypting: the ciphertext is a whole number of 64-byte blocks.
        if (
            not isinstance(envelope, bytes)
            or len(envelope) < SHORTEST_ENVELOPE
            or (len(envelope) - 1 - NONCE_LENGTH - TAG_LENGTH) % PAD_BLOCK
            or envelope[0] != ENVELOPE_VERSION
        ):
            raise Unreadable(AUTH_FAILED)
        try:
            padded = self.aead.decrypt(
                envelope[1 : 1 + NONCE_LENGTH], envelope[1 + NONCE_LENGTH :], self.aad(row, column)
            )
        except InvalidTag:
            raise Unreadable(AUTH_FAILED) from None
        # Padding: strip the zeros, then the 0x80 marker; never more than one block of it.
        end = padded.rstrip(b"\x00")
        if not end.endswith(b"\x80") or len(padded) - len(end) >= PAD_BLOCK:
            raise Unreadable(MALFORMED)
        return end[:-1]

    def text(self, row: Row, column: str) -> str:
        try:
            return self.open(row, column).decode("utf-8")
        except UnicodeDecodeError:
            raise Unreadable(MALFORMED) from None

    def json(self, row: Row, column: str) -> Any:
        try:
            return json.loads(
                self.text(row, column), parse_constant=_refuse_constant, parse_float=_finite_float
            )
        except (ValueError, RecursionError):
            raise Unreadable(MALFORMED) from None


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogateescape")  # see open_read_only


def _refuse_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity cannot go into the output


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


# --- records -----------------------------------------------------------------------------------
#
# What follows mirrors how Casenotes turns each table's payloads (core/store/payloads.py) into
# interchange objects (core/interchange/writer.py): the same defaults, the same conversions,
# the same order. Values are otherwise passed through as stored, so that a record from a newer
# version with a value this tool does not know is still recovered.


@dataclass
class Record:
    """One decrypted row, ready for the interchange file."""

    id: str = ""
    parent_id: str = ""  # the case_id of a goal or note, the note_id of an addendum or revision
    order: tuple[Any, ...] = ()  # what Casenotes sorts these records by
    fields: dict[str, Any] = field(default_factory=dict)  # the interchange object, in order
    goal_ids: list[Any] = field(default_factory=list)  # notes and revisions: their goals
    warning: str = ""  # kept in the file, but worth a line on stderr
    # A note signed under hash version 1: the reflection its signature covered.
    signed_reflection: dict[str, Any] | None = None
    # A note's fields written last, after the process notes (its kind, channel, summary link).
    tail: dict[str, Any] = field(default_factory=dict)


def moment(value: Any) -> datetime:
    """A stored timestamp. Casenotes always stores an offset; a naive one is taken as UTC
    rather than losing the record."""
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def utc(value: datetime) -> str:
    """The writer's form of a timestamp: in UTC, ``YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00``."""
    return value.astimezone(UTC).isoformat()


def optional_utc(value: Any) -> str | None:
    return None if value is None else utc(moment(value))


def build_case(values: dict[str, Any]) -> Record:
    code, p = values["code_enc"], values["profile_enc"]
    intake = p.get("intake_date")
    identifiers = p.get("identifiers", {})
    return Record(
        order=(code,),
        fields={
            "code": code,
            "display_name": p["display_name"],
            "client_types": list(p.get("client_types", [])),
            "tags": list(p.get("tags", [])),
            "status": p.get("status", "active"),
            "pronouns": p.get("pronouns", ""),
            "intake_date": date.fromisoformat(intake).isoformat() if intake else None,
            # Written only when set, as the app's writer does (format 1 added them later).
            **({"birth_year": p["birth_year"]} if p.get("birth_year") is not None else {}),
            **(
                {"presenting_concerns": p["presenting_concerns"]}
                if p.get("presenting_concerns")
                else {}
            ),
            "identifiers": {kind: list(identifiers.get(kind, [])) for kind in IDENTIFIER_KINDS},
            "members": [
                {"label": m["label"], "name": m.get("name", ""), "pronouns": m.get("pronouns", "")}
                for m in p.get("members", [])
            ],
            "created_at": utc(moment(p["created_at"])),
            "updated_at": utc(moment(p["updated_at"])),
            "deleted_at": optional_utc(p.get("deleted_at")),
            "goals": [],  # filled in by assemble()
            "notes": [],
        },
    )


def build_goal(values: dict[str, Any]) -> Record:
    p = values["goal_enc"]
    created_at = moment(p["created_at"])
    fields = {
        "text": p["text"],
        "status": p["status"],
        "created_at": utc(created_at),
        "updated_at": utc(moment(p["updated_at"])),
        "history": [
            {"at": utc(moment(c["at"])), "status": c["status"], "text": c["text"]}
            for c in p.get("history", [])
        ],
    }
    if p.get("deleted_at"):  # a goal in the trash; written only when set, as export-json does
        fields["deleted_at"] = optional_utc(p["deleted_at"])
    return Record(order=(created_at,), fields=fields)


def note_content(p: dict[str, Any], sections: Any, reflection: Any) -> dict[str, Any]:
    """The fields a note and a revision share; a signed note's content hash covers them."""
    return {
        "session_date": date.fromisoformat(p["session_date"]).isoformat(),
        "duration_minutes": int(p["duration_minutes"]),
        "format": p["format"],
        "template": p["template"],
        "sections": dict(sections),
        "tags": list(p.get("tags", [])),
        "reflection": dict(reflection),
    }


def content_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def build_note(values: dict[str, Any]) -> Record:
    """The note's own ``reflection_enc`` is its reflection up to format 2; since format 3 it
    holds the reflection as signed under hash version 1, and ``{}`` otherwise (the live
    reflection is the process notes', put in by assemble())."""
    meta = values["meta_enc"]
    content = note_content(meta, values["sections_enc"], values["reflection_enc"])
    created_at = moment(meta["created_at"])
    signed_at, stored_hash = optional_utc(meta.get("signed_at")), meta.get("content_hash")
    hash_version = int(meta.get("hash_version", 1)) if signed_at is not None else 3
    attendance = meta.get("attendance")
    # What kind of note it is (format 3, optional keys): absent means a session.
    kind_fields = {key: meta[key] for key in ("kind", "channel", "export_log_id") if meta.get(key)}
    hashed = (
        content
        if hash_version == 1
        else {
            **{k: v for k, v in content.items() if k != "reflection"},
            **({"attendance": attendance} if attendance else {}),
            # Version 3 signs the kind (always), the channel and the summary link.
            **({"kind": meta.get("kind") or "session", **kind_fields} if hash_version == 3 else {}),
        }
    )
    warning = ""
    if signed_at is not None and stored_hash != content_hash(hashed):
        # Possible when one column of a signed note was rolled back to an older ciphertext of
        # its own (the AAD cannot tell). casenotes import refuses such a note, so say so.
        warning = (
            "is signed, but its content does not match its signature hash; it is "
            "written as stored, and casenotes import will refuse the file until it is "
            "fixed"
        )
    return Record(
        order=(date.fromisoformat(content["session_date"]), created_at),
        goal_ids=list(meta.get("goal_ids", [])),
        warning=warning,
        signed_reflection=content["reflection"] if hash_version == 1 and signed_at else None,
        tail=kind_fields,
        fields={
            **content,
            "goal_refs": [],  # filled in by assemble(), with addenda and revisions
            "created_at": utc(created_at),
            "updated_at": utc(moment(meta["updated_at"])),
            "signed_at": signed_at,
            "content_hash": stored_hash,
            "addenda": [],
            "revisions": [],
            "deleted_at": optional_utc(meta.get("deleted_at")),
            # Format 3, written only when recorded, as the app's writer does.
            **({"attendance": str(attendance)} if attendance else {}),
            **(
                {
                    "signed_by": {
                        key: str(meta["signed_by"].get(key, ""))
                        for key in ("name", "credentials", "licence")
                    }
                }
                if meta.get("signed_by")
                else {}
            ),
        },
    )


def goal_refs(goal_ids: list[Any], goal_index: dict[str, int]) -> list[int]:
    """Positions of the goals referred to; goals not in the case are left out, as are repeats."""
    refs: list[int] = []
    for goal_id in goal_ids:
        index = goal_index.get(goal_id) if isinstance(goal_id, str) else None
        if index is not None and index not in refs:
            refs.append(index)
    return refs


def build_addendum(values: dict[str, Any]) -> Record:
    p = values["addendum_enc"]
    created_at = moment(p["created_at"])
    return Record(order=(created_at,), fields={"text": p["text"], "created_at": utc(created_at)})


def build_process_notes(values: dict[str, Any]) -> Record:
    p = values["process_enc"]
    reflection = p.get("reflection", {})
    if not isinstance(reflection, dict):
        raise ValueError("expected an object")
    return Record(fields={"reflection": dict(reflection), "text": str(p.get("text", ""))})


def build_revision(values: dict[str, Any]) -> Record:
    p = values["revision_enc"]
    saved_at = moment(p["saved_at"])
    content = note_content(p, p["sections"], p.get("reflection", {}))
    return Record(
        order=(saved_at,),
        goal_ids=list(p.get("goal_ids", [])),
        fields={"saved_at": utc(saved_at), **content},
    )


@dataclass(frozen=True)
class Table:
    name: str
    parent: str  # the *_id column naming the record this one belongs to, or ""
    text_columns: tuple[str, ...]  # *_enc columns holding UTF-8 text
    json_columns: tuple[str, ...]  # *_enc columns holding UTF-8 JSON
    build: Callable[[dict[str, Any]], Record]


TABLES = (
    Table("cases", "", ("code_enc",), ("profile_enc",), build_case),
    Table("goals", "case_id", (), ("goal_enc",), build_goal),
    Table("notes", "case_id", (), ("meta_enc", "sections_enc", "reflection_enc"), build_note),
    Table("addenda", "note_id", (), ("addendum_enc",), build_addendum),
    Table("note_revisions", "note_id", (), ("revision_enc",), build_revision),
    Table("process_notes", "note_id", (), ("process_enc",), build_process_notes),
)


@dataclass(frozen=True)
class Skipped:
    table: str
    id: str
    reason: str
    at: tuple[int, int] = (0, 0)  # (table in TABLES, rowid): the order they are reported in


@dataclass
class Readout:
    """What reading the vault found besides the records: what was skipped, table problems."""

    skipped: list[Skipped] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _text_of(value: object) -> str:
    return "" if value is None else str(value)


FETCH_CHUNK = 500  # rowids a query: far below SQLite's limit on bound parameters


@dataclass
class Located:
    """Where one table's rows are, read without decrypting anything: their rowids by the
    record they belong to (a goal's or note's case, an addendum's note …), in rowid order.

    Rows are fetched by rowid, a case at a time, so at most one case's records are held in
    the clear at once (the file is written as it goes). A rowid lookup uses the table itself,
    never one of its indexes, so a damaged or planted index cannot hide a row."""

    table: Table
    index: int  # the table's place in TABLES
    columns: tuple[str, ...]  # the *_enc columns it is read with
    by_parent: dict[str, list[int]] = field(default_factory=dict)
    failed: bool = False  # a fetch failed already: said once


def locate(db: sqlite3.Connection, table: Table, index: int, readout: Readout) -> Located:
    columns = (*table.text_columns, *table.json_columns)
    located = Located(table, index, columns)
    count = 0
    try:
        names = [d[0] for d in db.execute(f'SELECT * FROM "{table.name}" LIMIT 0').description]
        missing = [c for c in ("id", *columns) if c not in names]
        if missing:
            readout.problems.append(
                f"{table.name}: the table has no column {missing[0]}; "
                "nothing in it could be recovered"
            )
            return located
        parent = f'"{table.parent}"' if table.parent in names else "NULL"
        # ORDER BY rowid is the order a plain table scan returns, which is the order Casenotes
        # reads in; its sorts are stable, so ties (equal dates) come out the same here.
        for rowid, parent_id in db.execute(
            f'SELECT rowid, {parent} FROM "{table.name}" ORDER BY rowid'
        ):
            located.by_parent.setdefault(_text_of(parent_id), []).append(rowid)
            count += 1
    except sqlite3.Error as exc:
        # A damaged database file: keep what was found before the damage.
        readout.problems.append(
            f"{table.name}: reading the table failed ({exc}) after "
            f"{_count(count, 'record', 'records')}; the rest of it "
            "could not be recovered"
        )
    return located


def fetch_rows(
    db: sqlite3.Connection,
    located: Located,
    rowids: Sequence[int],
    readout: Readout,
    *,
    raise_errors: bool = False,
) -> list[tuple[int, Row]]:
    """The rows with these rowids (given in rowid order), as stored. A read that fails is
    said once in ``readout`` and the rows read before it are kept (or, with
    ``raise_errors``, the error is raised)."""
    table = located.table
    rows: list[tuple[int, Row]] = []
    try:
        for start in range(0, len(rowids), FETCH_CHUNK):
            chunk = rowids[start : start + FETCH_CHUNK]
            marks = ", ".join("?" * len(chunk))
            cursor = db.execute(
                f'SELECT rowid, * FROM "{table.name}" WHERE rowid IN ({marks}) ORDER BY rowid',
                chunk,
            )
            names = [d[0] for d in cursor.description][1:]
            for rowid, *values in cursor:
                stored = dict(zip(names, values, strict=True))
                rows.append(
                    (
                        rowid,
                        Row(
                            table=table.name,
                            id=_text_of(stored["id"]),
                            foreign_keys={
                                n: _text_of(v) for n, v in stored.items() if n.endswith("_id")
                            },
                            envelopes={c: stored[c] for c in located.columns},
                        ),
                    )
                )
    except sqlite3.Error as exc:
        if raise_errors:
            raise
        if not located.failed:
            located.failed = True
            readout.problems.append(
                f"{table.name}: reading records failed ({exc}); some of them could not be recovered"
            )
    return rows


def decode(
    located: Located, fetched: Iterable[tuple[int, Row]], opener: FieldOpener, readout: Readout
) -> list[Record]:
    """The fetched rows decrypted into records, in rowid order; the rest are skipped."""
    table = located.table
    records: list[Record] = []
    for rowid, row in fetched:
        try:
            values: dict[str, Any] = {c: opener.text(row, c) for c in table.text_columns}
            values.update({c: opener.json(row, c) for c in table.json_columns})
            try:
                record = table.build(values)
            except (
                KeyError,
                TypeError,
                ValueError,
                AttributeError,
                IndexError,
                RecursionError,
                OverflowError,
            ):
                # Decrypted and authentic, but not the shape Casenotes writes.
                raise Unreadable(MALFORMED) from None
        except Unreadable as exc:
            readout.skipped.append(Skipped(table.name, row.id, str(exc), (located.index, rowid)))
            continue
        record.id = row.id
        record.parent_id = row.foreign_keys.get(table.parent, "")
        records.append(record)
    return records


# --- the manifest (format 2) --------------------------------------------------------------------


def cell_item(mk: bytes, table: str, row_id: str, column: str, envelope: object) -> int:
    """HMAC-SHA256(MK, L(table) ‖ L(id) ‖ L(column) ‖ envelope) as a big-endian integer."""
    stored = envelope if isinstance(envelope, bytes) else _utf8(_text_of(envelope))
    message = b"".join(
        [
            length_prefixed(_utf8(table)),
            length_prefixed(_utf8(row_id)),
            length_prefixed(_utf8(column)),
            stored,
        ]
    )
    return int.from_bytes(hmac.digest(mk, message, "sha256"), "big")


def check_manifest(
    db: sqlite3.Connection, opener: FieldOpener, header: Header, dek: bytes
) -> list[str]:
    """Recompute each table's count and sum (mod 2^256) of cell items and compare them, and the
    recovery slot's SHA-256, with the sealed manifest. One line per disagreement."""
    mk = hkdf_sha256(dek, header.vault_id, MANIFEST_INFO)
    try:
        rows = db.execute(f"SELECT id, manifest_enc FROM {MANIFEST_TABLE}").fetchall()
    except sqlite3.Error:
        return ["the manifest table is missing: deleted or rolled-back records cannot be ruled out"]
    manifest = None
    for row_id, blob in rows:
        try:
            manifest = opener.json(
                Row(MANIFEST_TABLE, _text_of(row_id), {}, {"manifest_enc": blob}), "manifest_enc"
            )
            break
        except Unreadable:
            continue
    if not isinstance(manifest, dict) or not isinstance(manifest.get("tables"), dict):
        return [
            "the manifest is missing or failed authentication: deleted or rolled-back "
            "records cannot be ruled out"
        ]
    problems = []
    for table in MANIFEST_TABLES:
        if header.format_version < SINCE_FORMAT.get(table, 0):
            continue
        count, total = 0, 0
        try:
            cursor = db.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            columns = sorted(n for n in names if n.endswith("_enc"))
            for values in cursor:
                stored = dict(zip(names, values, strict=True))
                count += 1
                for column in columns:
                    total += cell_item(mk, table, _text_of(stored["id"]), column, stored[column])
        except sqlite3.Error:
            problems.append(f"{table}: the table could not be read to check the manifest")
            continue
        want = manifest["tables"].get(table, {"count": 0, "digest": "0" * 64})
        try:
            want_count, want_digest = int(want["count"]), int(str(want["digest"]), 16)
        except (KeyError, TypeError, ValueError):
            problems.append(f"{table}: the manifest's entry is not in the form Casenotes writes")
            continue
        if count != want_count or total % (1 << 256) != want_digest:
            problems.append(
                f"{table}: {count} records, the manifest (write {manifest.get('counter')}) "
                f"holds {want_count}; records were deleted, added or rolled back outside "
                "Casenotes, or commits were lost"
            )
    if hashlib.sha256(header.recovery_slot).hexdigest() != manifest.get("recovery_slot_sha256"):
        problems.append(
            "the recovery slot is not the one this vault wrote (damaged or "
            "replaced): the recovery key will not open it"
        )
    return problems


# --- the interchange document ------------------------------------------------------------------


def _by_parent(records: Iterable[Record]) -> dict[str, list[Record]]:
    """Records grouped by parent, each group sorted as Casenotes sorts it (a stable sort)."""
    groups: dict[str, list[Record]] = {}
    for record in sorted(records, key=lambda r: r.order):
        groups.setdefault(record.parent_id, []).append(record)
    return groups


def _count(n: int, noun: str, plural: str) -> str:
    return f"{n} {noun if n == 1 else plural}"


def _counts(*items: tuple[int, str, str]) -> str:
    """The counts that are not zero, joined: "2 notes and 1 goal"."""
    return " and ".join(_count(n, noun, plural) for n, noun, plural in items if n)


def stand_in_case(case_id: str, goals: list[Record], notes: list[Record]) -> Record:
    """A case to hold goals and notes whose own case record is unreadable or missing."""
    created = [moment(r.fields["created_at"]) for r in (*goals, *notes)]
    updated = [moment(r.fields["updated_at"]) for r in (*goals, *notes)]
    return Record(
        id=case_id,
        fields={
            "code": f"RECOVERED-{case_id}",
            "display_name": f"Case record missing or unreadable (id {case_id})",
            "client_types": [],
            "tags": [],
            "status": "active",
            "pronouns": "",
            "intake_date": None,
            "identifiers": {kind: [] for kind in IDENTIFIER_KINDS},
            "members": [],
            "created_at": utc(min(created)),
            "updated_at": utc(max(updated)),
            "deleted_at": None,
            "goals": [],
            "notes": [],
        },
    )


def printable(line: str) -> str:
    """A line that stays one line on a terminal: an id that was edited into something that is
    not UTF-8, or holds control characters, has them escaped (``\\x{1b}``)."""
    return "".join(
        c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else f"\\x{{{ord(c):x}}}"
        for c in line
    )


@dataclass
class Vault:
    """The vault being recovered: where every table's rows are, and what reading found."""

    db: sqlite3.Connection
    opener: FieldOpener
    tables: dict[str, Located]
    readout: Readout

    def records(self, table: str, parent_id: str) -> list[Record]:
        """The readable records of ``table`` that belong to ``parent_id``, sorted as Casenotes
        sorts them (a stable sort of rowid order)."""
        located = self.tables.get(table)
        if located is None:  # a table of a later format than the vault's
            return []
        rowids = located.by_parent.get(parent_id, [])
        fetched = fetch_rows(self.db, located, rowids, self.readout)
        return sorted(decode(located, fetched, self.opener, self.readout), key=lambda r: r.order)

    def records_of(self, table: str, parent_ids: Iterable[str]) -> dict[str, list[Record]]:
        """``records(table, parent_id)`` for each of ``parent_ids`` (those with none left
        out), read in one pass: a case's notes' children at once, not three reads a note.
        The same records in the same order (rowid order within a parent, then the same stable
        sort); if reading fails, each parent is read on its own, as ``records`` does, so that
        damage to the file loses no more than it would there."""
        located = self.tables.get(table)
        if located is None:
            return {}
        parents = [p for p in dict.fromkeys(parent_ids) if p in located.by_parent]
        rowids = sorted(rowid for p in parents for rowid in located.by_parent[p])
        try:
            fetched = fetch_rows(self.db, located, rowids, self.readout, raise_errors=True)
        except sqlite3.Error:
            return {p: self.records(table, p) for p in parents}
        groups: dict[str, list[Record]] = {}
        for record in decode(located, fetched, self.opener, self.readout):
            groups.setdefault(record.parent_id, []).append(record)
        for group in groups.values():
            group.sort(key=lambda r: r.order)
        return groups


@dataclass
class Assembly:
    """What the document's cases say to the user once written: counts, and the lines of
    records that did not make it into the file whole (or at all)."""

    cases: int = 0
    notes: int = 0
    note_ids: set[str] = field(default_factory=set)  # every readable note, placed in a case
    visited: set[str] = field(default_factory=set)  # notes whose children were read
    # Children read whose note is unreadable: note id → (addenda, revisions, process notes).
    orphans: dict[str, list[int]] = field(default_factory=dict)
    stand_ins: dict[str, str] = field(default_factory=dict)  # case id → what its stand-in holds
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (note id, line), in order


CHILD_TABLES = ("addenda", "note_revisions", "process_notes")


def case_documents(vault: Vault, assembly: Assembly) -> Iterator[dict[str, Any]]:
    """Each case of the interchange document, one at a time: the readable cases in Casenotes'
    order, then a stand-in for each case that is unreadable or gone yet has readable goals or
    notes, in id order."""
    cases = sorted(vault.records("cases", ""), key=lambda r: r.order)
    # A case's records are under its id whatever its own case_id column; cases have no parent.
    case_ids = {case.id for case in cases}
    for case in cases:
        yield case_document(vault, assembly, case, case.id)
    pending: set[str] = set()
    for table in ("goals", "notes"):
        located = vault.tables.get(table)
        if located is not None:
            pending.update(located.by_parent)
    for case_id in sorted(pending - case_ids):
        goals, notes = vault.records("goals", case_id), vault.records("notes", case_id)
        if not goals and not notes:
            notes_children(vault, assembly, case_id)
            continue
        stand_in = stand_in_case(case_id, goals, notes)
        assembly.stand_ins[case_id] = (
            f"the stand-in case {stand_in.fields['code']} holds its "
            + _counts((len(notes), "note", "notes"), (len(goals), "goal", "goals"))
        )
        yield case_document(vault, assembly, stand_in, case_id, goals, notes)


def notes_children(vault: Vault, assembly: Assembly, case_id: str) -> None:
    """Read the children of notes under ``case_id`` that are all unreadable: an addendum of
    an unreadable note is lost, and said so; a damaged one is named."""
    located = vault.tables.get("notes")
    if located is None:
        return
    for _, row in fetch_rows(vault.db, located, located.by_parent.get(case_id, []), vault.readout):
        if row.id not in assembly.visited:
            note_children(vault, assembly, row.id, readable=False)


def note_children(
    vault: Vault,
    assembly: Assembly,
    note_id: str,
    *,
    readable: bool,
    read: dict[str, dict[str, list[Record]]] | None = None,
) -> tuple[list[Record], list[Record], Record | None]:
    """A note's addenda and revisions (sorted) and its process notes (the last readable);
    ``read``: the children already read (``Vault.records_of``), by table."""
    assembly.visited.add(note_id)
    if read is None:
        read = {table: {note_id: vault.records(table, note_id)} for table in CHILD_TABLES}
    addenda = read["addenda"].get(note_id, [])
    revisions = read["note_revisions"].get(note_id, [])
    processes = read["process_notes"].get(note_id, [])
    process = processes[-1] if processes else None
    if not readable and (addenda or revisions or process):
        assembly.orphans[note_id] = [len(addenda), len(revisions), int(process is not None)]
    return addenda, revisions, process


def case_document(
    vault: Vault,
    assembly: Assembly,
    case: Record,
    case_id: str,
    goals: list[Record] | None = None,
    notes: list[Record] | None = None,
) -> dict[str, Any]:
    goals = vault.records("goals", case_id) if goals is None else goals
    notes = vault.records("notes", case_id) if notes is None else notes
    goal_index = {goal.id: i for i, goal in enumerate(goals)}
    readable = {note.id for note in notes}
    # The children of this case's unreadable notes are read too: they are lost, and said so.
    located = vault.tables.get("notes")
    if located is not None:
        rowids = located.by_parent.get(case_id, [])
        if len(rowids) != len(notes):
            for _, row in fetch_rows(vault.db, located, rowids, vault.readout):
                if row.id not in readable and row.id not in assembly.visited:
                    note_children(vault, assembly, row.id, readable=False)
    note_documents = []
    read = {table: vault.records_of(table, (note.id for note in notes)) for table in CHILD_TABLES}
    for note in notes:
        if note.warning:
            assembly.warnings.append((note.id, note.warning))
        addenda, revisions, process = note_children(
            vault, assembly, note.id, readable=True, read=read
        )
        revision_documents = []
        for revision in revisions:
            # A revision's goal links came later in format 1: written only when there are.
            revision_refs = goal_refs(revision.goal_ids, goal_index)
            revision_documents.append(
                {**revision.fields, **({"goal_refs": revision_refs} if revision_refs else {})}
            )
        note_documents.append(
            note_document(
                note,
                process,
                {
                    "goal_refs": goal_refs(note.goal_ids, goal_index),
                    "addenda": [a.fields for a in addenda],
                    "revisions": revision_documents,
                },
            )
        )
    assembly.cases += 1
    assembly.notes += len(note_documents)
    assembly.note_ids.update(readable)
    return {**case.fields, "goals": [g.fields for g in goals], "notes": note_documents}


def report_lines(vault: Vault, assembly: Assembly) -> list[str]:
    """One line for each record that did not make it into the document whole (or at all), in
    the order of a table-by-table read: problems with tables, then the records skipped (a
    skipped case or note says what became of its goals, notes or children), then cases and
    notes that are gone yet referred to, then signed notes that need a look."""
    # Children whose note row is gone altogether were never reached through a case.
    for table in CHILD_TABLES:
        located = vault.tables.get(table)
        if located is None:
            continue
        for note_id in sorted(set(located.by_parent) - assembly.visited):
            if note_id not in assembly.note_ids:
                note_children(vault, assembly, note_id, readable=False)
    lines: dict[tuple[str, str], str] = {}  # (table, id) → its line, in the order found

    def note_line(table: str, row_id: str, reason: str) -> None:
        lines[(table, row_id)] = printable(f"{table} {row_id}: {reason}")

    skipped = sorted(vault.readout.skipped, key=lambda s: s.at)
    for s in skipped:
        note_line(s.table, s.id, f"{s.reason}; skipped")
    skipped_ids = {(s.table, s.id): s for s in skipped}
    for case_id in sorted(assembly.stand_ins):
        held = skipped_ids.get(("cases", case_id))
        reason = held.reason if held else MISSING
        note_line("cases", case_id, f"{reason}; {assembly.stand_ins[case_id]}")
    for note_id in sorted(set(assembly.orphans) - assembly.note_ids):
        addenda, revisions, process = assembly.orphans[note_id]
        lost = _counts(
            (addenda, "addendum", "addenda"),
            (revisions, "revision", "revisions"),
            (process, "process notes", "process notes"),
        )
        held = skipped_ids.get(("notes", note_id))
        if held:
            note_line("notes", note_id, f"{held.reason}; skipped, and with it its {lost}")
        else:
            note_line("notes", note_id, f"{MISSING}; its {lost} could not be recovered")
    for note_id, warning in assembly.warnings:
        note_line("notes", note_id, warning)
    return [*vault.readout.problems, *lines.values()]


def note_document(note: Record, process: Record | None, children: dict[str, Any]) -> dict[str, Any]:
    """A note as the app's writer writes it: its reflection is its process notes' (format 3),
    and what came with format 3 is written only when set."""
    fields = {**note.fields, **children}
    if process is not None:
        fields["reflection"] = process.fields["reflection"]
        if process.fields["text"]:
            fields["process_notes"] = process.fields["text"]
    if note.signed_reflection is not None and note.signed_reflection != fields["reflection"]:
        fields["signed_reflection"] = note.signed_reflection
    fields.update(note.tail)
    return fields


def _encode(text: str) -> bytes:
    # A lone surrogate (from a JSON escape, or an id that is not UTF-8) cannot be encoded;
    # it becomes "?" rather than stopping the recovery.
    return text.encode("utf-8", errors="replace")


class _NotPlainJson(Exception):
    """A value the quick indented writer leaves to ``json.dumps`` (e.g. a NaN)."""


def dumps_indented(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)``, byte for byte,
    about three times faster: Python's C encoder does not indent, so ``indent=2`` runs the
    pure-Python one (a third of this tool's time). The plain values records hold (dicts with
    string keys, lists, strings, numbers, booleans, None) are walked here with the same C
    string escaper; anything else is handed to ``json.dumps``, so the output never differs."""
    parts: list[str] = []
    try:
        _encode_indented(value, "\n", parts.append)
    except _NotPlainJson:
        return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    return "".join(parts)


def _encode_indented(value: Any, newline: str, put: Callable[[str], object]) -> None:
    # The order of the tests follows json.encoder's, so subclasses come out as there.
    if isinstance(value, str):
        put(encode_basestring(value))
    elif value is None:
        put("null")
    elif value is True:
        put("true")
    elif value is False:
        put("false")
    elif isinstance(value, int):
        put(int.__repr__(value))
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _NotPlainJson  # json.dumps raises its own ValueError for it
        put(float.__repr__(value))
    elif isinstance(value, dict):
        if not value:
            put("{}")
            return
        inner = newline + "  "
        opener = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlainJson
            if type(item) is str:  # most values: no call for them
                put(opener + encode_basestring(key) + ": " + encode_basestring(item))
            else:
                put(opener + encode_basestring(key) + ": ")
                _encode_indented(item, inner, put)
            opener = "," + inner
        put(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            put("[]")
            return
        inner = newline + "  "
        opener = "[" + inner
        for item in value:
            if type(item) is str:
                put(opener + encode_basestring(item))
            else:
                put(opener)
                _encode_indented(item, inner, put)
            opener = "," + inner
        put(newline + "]")
    else:
        raise _NotPlainJson


def serialise(cases: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """Exactly as ``casenotes export-json`` writes (``json.dumps`` with a 2-space indent,
    non-ASCII kept, then a newline), a case at a time: each case is dumped on its own and
    indented to its place, which gives the same bytes as dumping the whole document."""
    head = {"format": INTERCHANGE_NAME, "version": INTERCHANGE_VERSION}
    opening = json.dumps(head, indent=2, ensure_ascii=False)[:-2]  # without "\n}"
    first = True
    for case in cases:
        text = dumps_indented(case)
        # JSON strings hold no raw newline, so every line break is the indent's own.
        indented = "    " + text.replace("\n", "\n    ")
        yield _encode((opening + ',\n  "cases": [\n' if first else ",\n") + indented)
        first = False
    yield _encode(opening + ',\n  "cases": []\n}\n' if first else "\n  ]\n}\n")


# --- output ------------------------------------------------------------------------------------


def write_atomically(path: Path, chunks: Iterable[bytes]) -> int:
    """Either the whole new file is in place, or whatever was there before is untouched.
    Returns the bytes written."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    size = 0
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
                size += len(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)  # mkstemp already makes it 0600; this says so
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temp)
        raise
    if os.name == "posix":  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return size


# --- command line ------------------------------------------------------------------------------


def ask_secret(prompt: str, what: str, how: str) -> str:
    if not (sys.stdin is not None and sys.stdin.isatty()):
        raise RecoveryError(f"No {what} given: run this in a terminal, or {how}.")
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise RecoveryError(f"No {what} given.") from None


KEY_ON_COMMAND_LINE = (
    "the recovery key is not taken from the command line, where other programs can read it "
    "and the shell keeps it in its history; the vault was not read. Use --recovery-key alone "
    "to be asked for it, pipe it in, or use --recovery-key-file FILE"
)


def recovery_key(args: argparse.Namespace) -> str:
    """From --recovery-key-file, else a hidden prompt at a terminal, else standard input."""
    if args.recovery_key_file is not None:
        try:
            text = Path(args.recovery_key_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RecoveryError(
                f"Could not read {args.recovery_key_file} ({exc.__class__.__name__})."
            ) from None
    elif sys.stdin is not None and sys.stdin.isatty():
        return ask_secret("Recovery key: ", "recovery key", "use --recovery-key-file FILE")
    else:
        text = sys.stdin.read() if sys.stdin is not None else ""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise RecoveryError(
            "No recovery key given: run this in a terminal, pipe it in, or "
            "use --recovery-key-file FILE."
        )
    return lines[0]


def check_paths(vault: Path, output: Path) -> None:
    if not vault.exists():
        raise RecoveryError(f"There is no vault at {vault}.")
    if not vault.is_file():
        raise RecoveryError(f"{vault} is not a file.")
    target = output.resolve()
    # The output is replaced by rename: never let that be the vault or one of its companions.
    if target in {Path(f"{vault.resolve()}{s}") for s in ("", "-wal", "-shm", "-journal")} or (
        output.exists() and os.path.samefile(output, vault)
    ):
        raise UsageError("the output file must not be the vault itself")
    if output.is_dir():
        raise UsageError(f"{output} is a folder; give a file name for the output")
    if not target.parent.is_dir():
        raise RecoveryError(f"The folder for the output file does not exist: {target.parent}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Decrypt a Casenotes vault or backup to an interchange JSON file "
        "(the same file `casenotes export-json` writes), without Casenotes.",
        epilog=f"The passphrase is asked for, or read from ${PASSPHRASE_ENV}. Exit status: 0 "
        "all recovered, 1 error or some records not recovered, 2 usage error.",
    )
    parser.add_argument("vault", type=Path, metavar="VAULT", help="the vault or backup file")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT.json",
        help="the JSON file to write (NOT encrypted)",
    )
    # nargs="?": an old-style `--recovery-key KEY` is caught and refused without echoing the
    # key (argparse would print it back in "unrecognized arguments").
    parser.add_argument(
        "--recovery-key",
        nargs="?",
        const="-",
        default=None,
        metavar="-",
        help="unlock with the recovery key instead of the passphrase; it is "
        "asked for without being shown, or read from standard input",
    )
    parser.add_argument(
        "--recovery-key-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="read the recovery key from the first line of FILE",
    )
    parser.add_argument(
        "--allow-weak-kdf",
        action="store_true",
        help="accept passphrase key-derivation settings below Casenotes' floor "
        "(only for vaults known to be made that way, e.g. by tests)",
    )
    return parser


def recover(args: argparse.Namespace) -> int:
    if args.recovery_key not in (None, "-"):
        raise UsageError(KEY_ON_COMMAND_LINE)
    vault_path: Path = args.vault
    output: Path = args.output
    check_paths(vault_path, output)
    try:
        with contextlib.closing(open_read_only(vault_path)) as db:
            # One read transaction: the header and every table come from the same snapshot,
            # even if Casenotes is writing to the vault meanwhile.
            db.execute("BEGIN")
            header = read_header(db, vault_path)
            if args.recovery_key is not None or args.recovery_key_file is not None:
                dek = dek_from_recovery_key(header, recovery_key(args))
            else:
                kdf = kdf_settings(header, args.allow_weak_kdf)
                passphrase = os.environ.get(PASSPHRASE_ENV)
                if passphrase is None:
                    passphrase = ask_secret(
                        "Passphrase: ",
                        "passphrase",
                        f"set ${PASSPHRASE_ENV}, or use --recovery-key",
                    )
                dek = dek_from_passphrase(header, passphrase, kdf)
            opener = FieldOpener(header.vault_id, dek)
            readout = Readout()
            tables = {
                table.name: locate(db, table, index, readout)
                for index, table in enumerate(TABLES)
                if header.format_version >= SINCE_FORMAT.get(table.name, 0)
            }
            if header.format_version >= 2:
                readout.problems.extend(check_manifest(db, opener, header, dek))
            vault = Vault(db, opener, tables, readout)
            assembly = Assembly()
            # Written as it is read, a case at a time, inside the one read transaction.
            size = write_atomically(output, serialise(case_documents(vault, assembly)))
            lines = report_lines(vault, assembly)
    except sqlite3.Error as exc:
        raise cannot_read(vault_path, exc) from None

    for line in lines:
        print(f"{PROG}: {line}", file=sys.stderr)
    print(
        f"Recovered {_count(assembly.cases, 'case', 'cases')} with "
        f"{_count(assembly.notes, 'note', 'notes')} to {output}."
    )
    print(
        f"{PROG}: {output} is NOT encrypted: keep it as safe as the notes themselves, and "
        "delete it when you no longer need it.",
        file=sys.stderr,
    )
    if size > MAX_IMPORT_BYTES:
        print(
            f"{PROG}: the file is larger than casenotes import accepts "
            f"({MAX_IMPORT_BYTES // (1024 * 1024)} MiB); split it before importing.",
            file=sys.stderr,
        )
    if lines:
        print(
            f"{PROG}: {_count(len(lines), 'problem', 'problems')} (listed above); everything "
            "else was recovered.",
            file=sys.stderr,
        )
        return 1
    return 0


def disable_core_dumps() -> None:
    """No core dump of a process holding the data key and every note (as Casenotes itself
    does, in casenotes/core/process_hardening.py; repeated here to need nothing of it)."""
    with contextlib.suppress(ImportError, OSError, ValueError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse: 2 after a usage error, 0 after --help
        return exc.code if isinstance(exc.code, int) else 2
    try:
        return recover(args)
    except UsageError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except RecoveryError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
    except OSError as exc:
        # strerror and the file name only.
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"{PROG}: {exc.strerror or exc.__class__.__name__}{where}", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"{PROG}: cancelled; the vault was not changed.", file=sys.stderr)
    except Exception as exc:  # never a traceback, and never a message that could hold client data
        print(
            f"{PROG}: unexpected error ({exc.__class__.__name__}); the vault was not changed. "
            "Please report this.",
            file=sys.stderr,
        )
    return 1


if __name__ == "__main__":
    disable_core_dumps()
    sys.exit(main())
