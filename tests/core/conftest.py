"""Shared fixtures for the core tests: a cheap KDF policy, a vault path in a fresh folder, a
created and unlocked journal, and a helper that fills a journal with a little fictional
content. Every vault made here uses ``KdfPolicy.testing()``; the standard KDF is never run.

All people, codes and details are fictional.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from casenotes.core.domain import (
    Case,
    ClientType,
    ExportLogEntry,
    Goal,
    Identifiers,
    Member,
    Note,
    NoteTemplate,
)
from casenotes.core.journal import CreatedVault, Journal
from casenotes.core.prompts.model import PromptCustomisation
from casenotes.core.store.records import ENCRYPTED_TABLES
from casenotes.core.vault.kdf import KdfPolicy

# Fictional test passphrases (not secrets). Both score 4 with zxcvbn.
PASSPHRASE = "Otter lantern quarry 58 mosaic drift"
NEW_PASSPHRASE = "Harbour velvet ninety-3 kettle spruce"
TEMPLATE_KEY = bytes(range(0x80, 0xA0))  # the template vault's recovery key


@pytest.fixture
def policy() -> KdfPolicy:
    return KdfPolicy.testing()


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def new_passphrase() -> str:
    return NEW_PASSPHRASE


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    """Where the vault goes: a folder that does not exist yet, so Casenotes creates it 0700."""
    return tmp_path / "vaultdir" / "test.vault"


@pytest.fixture
def make_journal(policy: KdfPolicy, passphrase: str) -> Iterator[Callable[[Path], CreatedVault]]:
    """Create further vaults (another vault for cross-vault tests); all are locked at the end."""
    created: list[CreatedVault] = []

    def make(path: Path) -> CreatedVault:
        vault = Journal.create(path, passphrase, policy)
        created.append(vault)
        return vault

    yield make
    for vault in created:
        vault.journal.lock()


@pytest.fixture
def created(make_journal: Callable[[Path], CreatedVault], vault_path: Path) -> CreatedVault:
    return make_journal(vault_path)


@pytest.fixture
def journal(created: CreatedVault) -> Journal:
    """A freshly created vault, unlocked, with no cases."""
    return created.journal


@pytest.fixture
def recovery_key(created: CreatedVault) -> str:
    return created.recovery_key


@dataclass
class Filled:
    """What ``fill`` wrote, as returned by the journal."""

    couple: Case
    solo: Case
    soap: Note  # signed, with one addendum
    dap: Note  # unsigned, saved twice (two revisions)
    solo_note: Note  # unsigned
    goal: Goal
    export: ExportLogEntry
    notes: list[Note] = field(default_factory=list)


def fill(journal: Journal) -> Filled:
    """Two cases, three notes (one signed with an addendum), a goal and an export log entry."""
    couple = journal.save_case(
        Case(
            code="CPL-07",
            display_name="Rowan & Kit",
            client_types=[ClientType.COUPLE, ClientType.CLIENT_OF_SEX_WORKERS],
            tags=["agreements", "non-monogamy"],
            pronouns="they/them",
            intake_date=date(2024, 3, 1),
            identifiers=Identifiers(names=["Rowan Pell", "Kit Amaro"], phones=["555-0144"]),
            members=[
                Member("Partner A", "Rowan", "they/them"),
                Member("Partner B", "Kit", "he/him"),
            ],
        )
    )
    solo = journal.save_case(
        Case(
            code="SW-12",
            display_name="Juno",
            client_types=[ClientType.CURRENT_SEX_WORKER],
            tags=["workplace-safety"],
            identifiers=Identifiers(handles=["@juno_fictional"], places=["Harbourside"]),
        )
    )
    goal = journal.save_goal(Goal(case_id=couple.id, text="Write a shared agreement together"))
    soap = journal.save_note(
        Note(
            case_id=couple.id,
            session_date=date(2024, 3, 8),
            template=NoteTemplate.SOAP,
            sections={
                "subjective": "Both describe the visits as a need for novelty, not a secret.",
                "objective": "Relaxed, took turns; humour between them.",
                "assessment": "The agreement, not the visits, is where the strain sits.",
                "plan": "Each drafts what a good agreement would protect.",
            },
            tags=["agreements"],
            reflection={"need_met": "novelty", "systemic_function": "keeps distance manageable"},
            goal_ids=[goal.id],
        )
    )
    soap = journal.sign_note(soap.id)
    journal.add_addendum(soap.id, "Addendum: Kit asked to move the next session a week.")
    dap = journal.save_note(
        Note(
            case_id=couple.id,
            session_date=date(2024, 3, 15),
            template=NoteTemplate.DAP,
            sections={"data": "Compared drafts of the agreement.", "assessment": "", "plan": ""},
        )
    )
    dap = journal.save_note(
        replace(
            dap,
            sections={
                "data": "Compared drafts of the agreement.",
                "assessment": "Curious rather than defended today.",
                "plan": "Bring one line each that felt hard to write.",
            },
        )
    )
    solo_note = journal.save_note(
        Note(
            case_id=solo.id,
            session_date=date(2024, 4, 2),
            sections={"body": "Talked through screening clients and a new booking platform."},
            tags=["workplace-safety"],
        )
    )
    export = ExportLogEntry(
        case_id=couple.id,
        exported_at=datetime(2024, 4, 3, 10, 0, tzinfo=UTC),
        kind="summary",
        format="md",
        sessions="1-2",
        content_sha256=hashlib.sha256(b"summary").hexdigest(),
    )
    journal.log_export(export)
    # A goal entered in the wrong case, deleted early with a reason: the destruction log.
    wrong = journal.save_goal(Goal(case_id=solo.id, text="A goal entered in the wrong case"))
    journal.delete_goal(wrong.id, reason="Entered in the wrong case")
    journal.save_prompt_customisations(
        [
            PromptCustomisation(
                "relationship_agreement", text="What have Rowan and Kit agreed, and how?"
            )
        ]
    )
    signed = journal.get_note(soap.id)
    assert signed is not None
    return Filled(couple, solo, signed, dap, solo_note, goal, export, [signed, dap, solo_note])


@pytest.fixture
def filled(journal: Journal) -> Filled:
    return fill(journal)


# ---- a filled vault made once per session, copied for each test that alters the file ------


@dataclass(frozen=True)
class Template:
    """A filled, locked vault file (``fill``'s content) to copy, and what is in it."""

    path: Path
    filled: Filled
    recovery_key: str
    ids: dict[str, list[str]]  # every row id of every encrypted table, as stored


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    path = tmp_path_factory.mktemp("template") / "vaultdir" / "template.vault"
    # A fixed recovery key keeps tests that mistype it deterministic (a random key could, once
    # in 65536 runs, still pass its checksum after the edit).
    vault = Journal.create(path, PASSPHRASE, KdfPolicy.testing(), recovery_key=TEMPLATE_KEY)
    try:
        filled = fill(vault.journal)
    finally:
        vault.journal.lock()
    assert sorted(os.listdir(path.parent)) == [path.name]  # closed cleanly: no -wal
    raw = RawVault(path)
    ids = {
        table: sorted(r[0] for r in raw.query(f"SELECT id FROM {table}"))
        for table in ENCRYPTED_TABLES
    }
    return Template(path, filled, vault.recovery_key, ids)


@pytest.fixture
def vault_copy(template: Template, vault_path: Path) -> Path:
    """A private copy of the template vault at ``vault_path`` (folder 0700, file 0600)."""
    vault_path.parent.mkdir(mode=0o700)
    shutil.copyfile(template.path, vault_path)
    os.chmod(vault_path, 0o600)
    return vault_path


# ---- the vault file as an attacker with write access sees it ----------------------------


class RawVault:
    """Plain sqlite3 on a vault file, bypassing Casenotes (used while the vault is locked)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def query(self, statement: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with closing(sqlite3.connect(self.path)) as connection:
            return connection.execute(statement, params).fetchall()

    def execute(self, *statements: tuple[str, tuple[object, ...]]) -> None:
        """Run statements in one transaction, as a direct edit of the file would."""
        with closing(sqlite3.connect(self.path)) as connection:
            for statement, params in statements:
                connection.execute(statement, params)
            connection.commit()

    def get(self, table: str, column: str, row_id: str) -> bytes:
        rows = self.query(f"SELECT {column} FROM {table} WHERE id = ?", (row_id,))
        assert len(rows) == 1
        value = rows[0][0]
        assert isinstance(value, bytes)
        return value

    def set(self, table: str, column: str, row_id: str, value: object) -> None:
        self.execute((f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, row_id)))

    def flip(self, table: str, column: str, row_id: str, position: int) -> None:
        """Flip the lowest bit of one byte of a stored value."""
        value = bytearray(self.get(table, column, row_id))
        value[position] ^= 0x01
        self.set(table, column, row_id, bytes(value))

    def header(self, column: str) -> object:
        return self.query(f"SELECT {column} FROM vault_header")[0][0]

    def set_header(self, column: str, value: object) -> None:
        self.execute((f"UPDATE vault_header SET {column} = ?", (value,)))

    def flip_header(self, column: str, position: int) -> None:
        value = self.header(column)
        assert isinstance(value, bytes)
        flipped = bytearray(value)
        flipped[position] ^= 0x01
        self.set_header(column, bytes(flipped))


@pytest.fixture
def raw_vault(vault_path: Path) -> RawVault:
    return RawVault(vault_path)


@pytest.fixture
def raw_of() -> Callable[[Path], RawVault]:
    """``RawVault`` for another vault file."""
    return RawVault


def folder_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path (so the set of files too)."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def digest() -> Callable[[Path], dict[str, str]]:
    return folder_digest


@pytest.fixture
def fill_journal() -> Callable[[Journal], Filled]:
    """``fill`` as a fixture, for tests that fill a second journal."""
    return fill
