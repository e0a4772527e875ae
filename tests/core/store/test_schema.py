"""casenotes.core.store.schema and the migrations: the revisions this version knows, and the
schema's conformance to the format's rule for clear and encrypted columns (vault format v1)."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from casenotes.core.journal import Journal
from casenotes.core.store.database import make_engine
from casenotes.core.store.records import ENCRYPTED_TABLES, Base
from casenotes.core.store.schema import HEAD_REVISION, KNOWN_REVISIONS, script_revisions

if TYPE_CHECKING:
    from tests.core.conftest import Template

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
DATA_TABLES = {
    "cases",
    "notes",
    "note_revisions",
    "addenda",
    "goals",
    "export_log",
    "settings",
    "prompt_customisations",
    "process_notes",
    "destruction_log",
}


def _tables(connection: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]


def _columns(connection: sqlite3.Connection, table: str) -> list[tuple[str, str, int, int]]:
    """(name, declared type, not null, primary key) of each column."""
    return [(r[1], r[2], r[3], r[5]) for r in connection.execute(f"PRAGMA table_info({table})")]


def test_known_revisions_are_the_migration_scripts() -> None:
    assert list(KNOWN_REVISIONS) == script_revisions()
    assert HEAD_REVISION == KNOWN_REVISIONS[-1] == "0004"


def test_a_new_vault_is_at_the_head_revision(template: Template) -> None:
    with closing(sqlite3.connect(template.path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]


def test_tables_are_the_contracts(template: Template) -> None:
    with closing(sqlite3.connect(template.path)) as connection:
        assert set(_tables(connection)) == DATA_TABLES | {
            "vault_header",
            "alembic_version",
            "vault_manifest",
        }
    assert set(ENCRYPTED_TABLES) == DATA_TABLES


def test_every_data_table_has_only_id_foreign_keys_and_blobs(template: Template) -> None:
    with closing(sqlite3.connect(template.path)) as connection:
        for table in DATA_TABLES | {"vault_manifest"}:
            columns = _columns(connection, table)
            names = [c[0] for c in columns]
            assert "id" in names, table
            for name, declared, not_null, primary_key in columns:
                if name == "id":
                    assert primary_key == 1, table
                elif name.endswith("_id"):
                    assert primary_key == 0, (table, name)
                else:
                    assert name.endswith("_enc"), (table, name)
                    assert declared == "BLOB", (table, name)
                    assert not_null == 1, (table, name)
            assert any(name.endswith("_enc") for name in names), table


def test_foreign_keys_point_at_ids(template: Template) -> None:
    with closing(sqlite3.connect(template.path)) as connection:
        for table in DATA_TABLES:
            fk_columns = {c[0] for c in _columns(connection, table) if c[0].endswith("_id")}
            declared = {
                (r[3], r[2], r[4], r[6])
                for r in connection.execute(f"PRAGMA foreign_key_list({table})")
            }
            # (from, to table, to column, on delete) for every *_id column, and nothing else
            assert {d[0] for d in declared} == fk_columns, table
            for _, target, target_column, on_delete in declared:
                assert target in DATA_TABLES and target_column == "id", table
                assert on_delete == "CASCADE", table


def test_the_header_table(template: Template) -> None:
    with closing(sqlite3.connect(template.path)) as connection:
        assert [(c[0], c[1]) for c in _columns(connection, "vault_header")] == [
            ("magic", "TEXT"),
            ("format_version", "INTEGER"),
            ("vault_id", "BLOB"),
            ("kdf", "TEXT"),
            ("kdf_salt", "BLOB"),
            ("kdf_memory_kib", "INTEGER"),
            ("kdf_iterations", "INTEGER"),
            ("kdf_lanes", "INTEGER"),
            ("passphrase_slot", "BLOB"),
            ("recovery_slot", "BLOB"),
        ]
        assert connection.execute("SELECT count(*) FROM vault_header").fetchone() == (1,)
        # The primary key on the constant magic keeps it at one row.
        row = connection.execute("SELECT * FROM vault_header").fetchone()
        insert = "INSERT INTO vault_header VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(insert, row)
        # ... and the CHECK keeps any other magic out.
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(insert, ("another", *row[1:]))


def test_stored_values_follow_the_contract(template: Template) -> None:
    """Ids are lowercase v4 UUIDs; every envelope is 0x01 ‖ nonce ‖ 64·k ‖ tag."""
    checked = 0
    with closing(sqlite3.connect(template.path)) as connection:
        connection.row_factory = sqlite3.Row
        for table in DATA_TABLES:
            for row in connection.execute(f"SELECT * FROM {table}"):
                for column in row.keys():  # noqa: SIM118 (sqlite3.Row is not a mapping)
                    value = row[column]
                    if column == "id" or column.endswith("_id"):
                        assert isinstance(value, str) and len(value) == 36, (table, column)
                        assert UUID.match(value), (table, column, value)
                    else:
                        assert isinstance(value, bytes), (table, column)
                        assert value[0] == 0x01
                        assert len(value) >= 1 + 12 + 64 + 16
                        assert (len(value) - 1 - 12 - 16) % 64 == 0, (table, column, len(value))
                        checked += 1
    assert checked == sum(
        len(template.ids[table]) * sum(c.key.endswith("_enc") for c in record.__table__.columns)
        for table, record in ENCRYPTED_TABLES.items()
    )


def test_the_models_match_the_migrated_schema(template: Template) -> None:
    with closing(sqlite3.connect(template.path)) as connection:
        for table in Base.metadata.sorted_tables:
            migrated = [c[0] for c in _columns(connection, table.name)]
            assert migrated == [c.name for c in table.columns], table.name


def test_pragmas_on_a_journal_connection(journal: Journal, vault_path: Path) -> None:
    # The journal's own engine is private; a fresh engine on the same file is configured by
    # the same function, and the persistent journal_mode is the file's own.
    engine = make_engine(vault_path)
    try:
        with engine.connect() as connection:
            values = {
                name: connection.execute(text(f"PRAGMA {name}")).scalar_one()
                for name in (
                    "journal_mode",
                    "synchronous",
                    "secure_delete",
                    "foreign_keys",
                    "temp_store",
                )
            }
    finally:
        engine.dispose()
    assert values == {
        "journal_mode": "wal",
        "synchronous": 2,
        "secure_delete": 1,
        "foreign_keys": 1,
        "temp_store": 2,
    }
    with closing(sqlite3.connect(vault_path)) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_migration_that_rebuilds_a_parent_keeps_its_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite batch migrations drop and recreate tables; with foreign keys on, dropping
    ``cases`` would cascade-delete every note. upgrade_to_head turns them off for the run."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    from casenotes.core.domain import Case, Note
    from casenotes.core.store import schema
    from casenotes.core.vault.kdf import KdfPolicy

    path = tmp_path / "m.vault"
    journal = Journal.create(
        path, "a strong fictional passphrase for tests 42", KdfPolicy.testing()
    ).journal
    case = journal.save_case(Case(code="M-01", display_name="Fictional"))
    journal.save_note(
        Note(case_id=case.id, session_date=date(2025, 1, 2), sections={"body": "kept"})
    )
    journal.lock()

    def rebuild_cases(config: object, revision: str) -> None:
        connection = config.attributes["connection"]  # type: ignore[attr-defined]
        operations = Operations(MigrationContext.configure(connection))
        with operations.batch_alter_table("cases", recreate="always"):
            pass

    monkeypatch.setattr("alembic.command.upgrade", rebuild_cases)
    engine = make_engine(path)
    try:
        schema.upgrade_to_head(engine)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM notes")).scalar_one() == 1
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    finally:
        engine.dispose()
