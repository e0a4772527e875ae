"""casenotes.core.store.pinned_schema: a vault's schema must be exactly its revision's.

The exploit from the audit: a trigger planted in the file silently undid every later edit,
and verify still said the vault was intact. Every planted or changed schema object is now
refused when the vault is opened (before its records are read) and at unlock, and named by
verify. The expected schema is derived from the migrations, never listed here."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from casenotes.core.journal import Journal
from casenotes.core.store import pinned_schema
from casenotes.core.store.database import make_engine
from casenotes.core.store.pinned_schema import (
    SchemaMismatchError,
    compare,
    derive_snapshot,
    expected_snapshot,
    normalise_sql,
    schema_problems,
    shipped_snapshots,
    shown,
    snapshot,
    snapshot_from_json,
    snapshot_to_json,
)
from casenotes.core.store.records import Base
from casenotes.core.store.schema import HEAD_REVISION, KNOWN_REVISIONS, upgrade_to_head
from casenotes.core.vault.kdf import KdfPolicy

if TYPE_CHECKING:
    from tests.core.conftest import RawVault, Template

Digest = Callable[[Path], dict[str, str]]

# The audit's exploit: every later edit of a note's text is put back as it was.
UNDO_TRIGGER = (
    "CREATE TRIGGER keep_old AFTER UPDATE OF sections_enc ON notes "
    "BEGIN UPDATE notes SET sections_enc = old.sections_enc WHERE id = new.id; END"
)

# (what is planted, the clause naming it)
PLANTED = {
    "trigger": (UNDO_TRIGGER, "contains an unexpected trigger 'keep_old' on table 'notes'"),
    "insert-trigger": (
        "CREATE TRIGGER Swallow BEFORE INSERT ON cases BEGIN SELECT RAISE(IGNORE); END",
        "contains an unexpected trigger 'Swallow' on table 'cases'",
    ),
    "view": (
        "CREATE VIEW overview AS SELECT id FROM cases",
        "contains an unexpected view 'overview'",
    ),
    "table": (
        "CREATE TABLE shadow (id TEXT PRIMARY KEY, body TEXT)",
        "contains an unexpected table 'shadow'",
    ),
    "index": (
        "CREATE INDEX ix_probe ON cases (code_enc)",
        "contains an unexpected index 'ix_probe' on table 'cases'",
    ),
    "column": (
        "ALTER TABLE notes ADD COLUMN plain_text TEXT",
        "has an unexpected column 'plain_text' in table 'notes'",
    ),
    "dropped-index": (
        "DROP INDEX ix_notes_case_id",
        "is missing the index 'ix_notes_case_id' on table 'notes'",
    ),
    "analyze": ("ANALYZE", "contains an unexpected table 'sqlite_stat1'"),
}


def _plant(raw_vault: RawVault, statement: str) -> None:
    raw_vault.execute((statement, ()))


def _rewrite_schema(raw_vault: RawVault, table: str, old: str, new: str) -> None:
    """Change a table's definition in place, as a file editor can (writable_schema)."""
    raw_vault.execute(
        ("PRAGMA writable_schema = ON", ()),
        ("UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE name = ?", (old, new, table)),
    )


def test_every_known_revision_has_a_derived_schema() -> None:
    tables = {
        rev: {o.name for o in expected_snapshot(rev).values() if o.type == "table"}
        for rev in KNOWN_REVISIONS
    }
    assert tables[HEAD_REVISION] == {t.name for t in Base.metadata.sorted_tables} | {
        "alembic_version"
    }
    assert "prompt_customisations" in tables["0002"] - tables["0001"]
    assert expected_snapshot(HEAD_REVISION) is expected_snapshot(HEAD_REVISION)  # cached


def test_the_shipped_snapshots_are_what_the_migrations_create() -> None:
    """pinned_schemas.json (tools/pin_schema.py) is a cache of the derivation, never a second
    source of truth: every entry must equal a fresh run of the migrations."""
    shipped = shipped_snapshots()
    # A revision added later may be missing (it is then derived at run time, a little slower
    # on the first open of a process, until tools/pin_schema.py is run): never a wrong one.
    assert set(shipped) <= set(KNOWN_REVISIONS)
    assert {"0001", "0002"} <= set(shipped)
    for revision, objects in shipped.items():
        assert objects == derive_snapshot(revision), revision
        assert snapshot_from_json(snapshot_to_json(objects)) == objects


def test_a_revision_not_shipped_is_derived(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pinned_schema, "SHIPPED", tmp_path / "absent.json")
    shipped_snapshots.cache_clear()
    expected_snapshot.cache_clear()
    try:
        assert shipped_snapshots() == {}
        assert expected_snapshot(HEAD_REVISION) == derive_snapshot(HEAD_REVISION)
    finally:
        monkeypatch.undo()
        shipped_snapshots.cache_clear()
        expected_snapshot.cache_clear()


def test_opening_a_vault_needs_no_alembic(template: Template) -> None:
    """The shipped snapshot keeps the first open of a process quick: Alembic (about 100 ms
    to import) is only needed when a vault has to be migrated."""
    if HEAD_REVISION not in shipped_snapshots():
        pytest.skip(
            f"revision {HEAD_REVISION} is derived at run time until tools/pin_schema.py is run"
        )
    code = (
        "import sys; from pathlib import Path; from casenotes.core.journal import Journal; "
        "from casenotes.core.vault.kdf import KdfPolicy; "
        "Journal.open(Path(sys.argv[1]), KdfPolicy.testing()); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(template.path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip() == "[]"


def test_an_untouched_vault_matches(template: Template) -> None:
    with closing(sqlite3.connect(template.path)) as connection:
        assert schema_problems(connection) == []
        assert compare(expected_snapshot(HEAD_REVISION), snapshot(connection)) == []


@pytest.mark.parametrize("kind", PLANTED)
def test_a_planted_object_is_refused_on_open(
    kind: str, raw_vault: RawVault, vault_copy: Path, policy: KdfPolicy, digest: Digest
) -> None:
    statement, clause = PLANTED[kind]
    _plant(raw_vault, statement)
    before = digest(vault_copy.parent)
    with pytest.raises(SchemaMismatchError) as refused:
        Journal.open(vault_copy, policy)
    assert refused.value.problems == [clause]
    assert str(refused.value).startswith(
        f"The vault {clause}. It may have been tampered with; it was not opened."
    )
    assert digest(vault_copy.parent) == before  # nothing was written


@pytest.mark.parametrize(
    ("table", "old", "new", "clause"),
    [
        (
            "notes",
            "meta_enc BLOB NOT NULL",
            "meta_enc TEXT NOT NULL",
            "has a changed column 'meta_enc' in table 'notes' (declared 'TEXT', not null 1, "
            "primary key 0)",
        ),
        (
            "cases",
            "code_enc BLOB NOT NULL",
            "code_enc BLOB",
            "has a changed column 'code_enc' in table 'cases' (declared 'BLOB', not null 0, "
            "primary key 0)",
        ),
        (
            "notes",
            "ON DELETE CASCADE",
            "ON DELETE SET NULL",
            "has a changed definition of the table 'notes'",
        ),
        (
            "cases",
            "code_enc BLOB NOT NULL",
            "code_enc BLOB NOT NULL CHECK (length(code_enc) > 0)",
            "has a changed definition of the table 'cases'",
        ),
        (
            "cases",
            "code_enc BLOB NOT NULL",
            "code_enc BLOB NOT NULL COLLATE NOCASE",
            "has a changed definition of the table 'cases'",
        ),
        (
            "vault_header",
            ", \n\tCONSTRAINT one_header CHECK (magic = 'casenotes-vault')",
            "",
            "has a changed definition of the table 'vault_header'",
        ),
    ],
)
def test_a_changed_definition_is_refused(
    table: str,
    old: str,
    new: str,
    clause: str,
    raw_vault: RawVault,
    vault_copy: Path,
    policy: KdfPolicy,
) -> None:
    sql = raw_vault.query("SELECT sql FROM sqlite_master WHERE name = ?", (table,))[0][0]
    assert isinstance(sql, str) and old in sql
    _rewrite_schema(raw_vault, table, old, new)
    with pytest.raises(SchemaMismatchError) as refused:
        Journal.open(vault_copy, policy)
    assert refused.value.problems == [clause]


def test_quoting_case_and_whitespace_are_not_differences(
    raw_vault: RawVault, vault_copy: Path, policy: KdfPolicy, passphrase: str
) -> None:
    # What another SQLite build (or a rename) may write for the very same table.
    _rewrite_schema(raw_vault, "cases", "CREATE TABLE cases (", 'create   table "Cases"\n(')
    _rewrite_schema(raw_vault, "cases", "code_enc BLOB", "[code_enc]  blob")
    journal = Journal.open(vault_copy, policy)
    journal.unlock(passphrase)
    try:
        assert journal.verify().intact
    finally:
        journal.lock()


def test_the_same_table_spelt_by_other_ddl_still_matches(
    raw_vault: RawVault, vault_copy: Path, policy: KdfPolicy
) -> None:
    """Columns, keys and indexes are compared as PRAGMA output: a vault whose tables were
    created by another SQLAlchemy version's DDL (here: the primary key as a column
    constraint, no constraint names) is not mistaken for a tampered one."""
    raw_vault.execute(
        ("PRAGMA writable_schema = ON", ()),
        (
            "UPDATE sqlite_master SET sql = ? WHERE name = 'cases'",
            (
                "CREATE TABLE cases (id VARCHAR(36) NOT NULL PRIMARY KEY, code_enc BLOB NOT NULL, "
                "profile_enc BLOB NOT NULL)",
            ),
        ),
    )
    Journal.open(vault_copy, policy)


def test_normalise_sql() -> None:
    assert normalise_sql('CREATE  TABLE "a b" (\n  x  INT -- note\n, y /* c */ TEXT)') == (
        "create",
        "table",
        "a b",
        "(",
        "x",
        "int",
        ",",
        "y",
        "text",
        ")",
    )
    assert normalise_sql("CHECK (m = 'Casenotes')") != normalise_sql("CHECK (m = 'casenotes')")
    assert normalise_sql(None) == ()


def test_a_name_is_shown_safely() -> None:
    assert shown("x\n\x1b[2J") == "x\\x{a}\\x{1b}[2J"
    assert shown("\udcff") == "\\x{dcff}"
    assert len(shown("n" * 500)) == 80


def test_a_trigger_planted_after_open_is_refused_at_unlock(
    raw_vault: RawVault, vault_copy: Path, policy: KdfPolicy, passphrase: str
) -> None:
    journal = Journal.open(vault_copy, policy)  # the unlock window is up
    _plant(raw_vault, UNDO_TRIGGER)
    with pytest.raises(SchemaMismatchError, match="trigger 'keep_old' on table 'notes'"):
        journal.unlock(passphrase)
    assert not journal.is_unlocked
    journal.lock()


def test_verify_names_a_trigger_planted_while_unlocked(
    raw_vault: RawVault, vault_copy: Path, policy: KdfPolicy, passphrase: str
) -> None:
    journal = Journal.open(vault_copy, policy)
    journal.unlock(passphrase)
    try:
        _plant(raw_vault, UNDO_TRIGGER)
        report = journal.verify()
    finally:
        journal.lock()
    assert report.schema == [
        "The vault contains an unexpected trigger 'keep_old' on table 'notes'."
    ]
    assert not report.intact


def test_an_older_revision_is_held_to_its_own_schema(
    raw_vault: RawVault, vault_copy: Path, policy: KdfPolicy, passphrase: str, template: Template
) -> None:
    # A vault as revision 0001 left it (no prompt customisations, no manifest, format 1)
    # opens, and migrates.
    raw_vault.execute(
        ("DROP TABLE process_notes", ()),
        ("DROP TABLE destruction_log", ()),
        ("DROP TABLE prompt_customisations", ()),
        ("DROP TABLE vault_manifest", ()),
        ("UPDATE vault_header SET format_version = 1", ()),
        ("UPDATE alembic_version SET version_num = '0001'", ()),
    )
    journal = Journal.open(vault_copy, policy)
    journal.unlock(passphrase)
    try:
        assert journal.verify().intact
    finally:
        journal.lock()
    # ... but a table of a later revision in a 0001 vault is not 0001's schema.
    other = vault_copy.with_name("other.vault")
    shutil.copyfile(template.path, other)
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("DROP TABLE process_notes")
        connection.execute("DROP TABLE destruction_log")
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
        connection.execute("UPDATE vault_header SET format_version = 1")
        connection.commit()
    with pytest.raises(SchemaMismatchError, match="unexpected table 'prompt_customisations'"):
        Journal.open(other, policy)


def test_a_new_vault_matches_its_revision(tmp_path: Path) -> None:
    path = tmp_path / "fresh.vault"
    engine = make_engine(path)
    try:
        upgrade_to_head(engine)
        with engine.connect() as connection:
            driver = connection.connection.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            assert schema_problems(driver) == []
    finally:
        engine.dispose()
