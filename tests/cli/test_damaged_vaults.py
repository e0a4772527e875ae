"""The command line on vaults edited outside Casenotes: a planted schema object is named by
``verify`` (exit 1) and refused by every other command; one damaged cell of any type is named
by table, row and column, and search and export-json carry on with everything else."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from .support import NewVault, Run, assert_no_client_data, assert_one_error_line

UNDO_TRIGGER = (
    "CREATE TRIGGER keep_old AFTER UPDATE OF sections_enc ON notes "
    "BEGIN UPDATE notes SET sections_enc = old.sections_enc WHERE id = new.id; END"
)

PLANTED = {
    "trigger": (UNDO_TRIGGER, "contains an unexpected trigger 'keep_old' on table 'notes'"),
    "view": ("CREATE VIEW v AS SELECT id FROM notes", "contains an unexpected view 'v'"),
    "table": ("CREATE TABLE extra (x)", "contains an unexpected table 'extra'"),
    "index": (
        "CREATE INDEX ix_x ON goals (goal_enc)",
        "contains an unexpected index 'ix_x' on table 'goals'",
    ),
    "column": (
        "ALTER TABLE cases ADD COLUMN name TEXT",
        "has an unexpected column 'name' in table 'cases'",
    ),
}


def _execute(vault: Path, statement: str, params: tuple[object, ...] = ()) -> None:
    connection = sqlite3.connect(vault)
    try:
        connection.execute(statement, params)
        connection.commit()
    finally:
        connection.close()


def _first_id(vault: Path, table: str) -> str:
    connection = sqlite3.connect(vault)
    try:
        return str(connection.execute(f"SELECT id FROM {table} ORDER BY id LIMIT 1").fetchone()[0])
    finally:
        connection.close()


@pytest.mark.parametrize("kind", PLANTED)
def test_verify_names_a_planted_schema_object(run: Run, filled_vault: NewVault, kind: str) -> None:
    statement, clause = PLANTED[kind]
    _execute(filled_vault.path, statement)
    result = run("verify", "--vault", filled_vault.path)
    assert result.code == 1, result
    assert result.out.splitlines() == [f"schema: The vault {clause}."]
    line = assert_one_error_line(result)
    assert "1 schema difference" in line and "not opened" in line


def test_other_commands_refuse_a_vault_with_a_planted_trigger(
    run: Run, filled_vault: NewVault, tmp_path: Path
) -> None:
    _execute(filled_vault.path, UNDO_TRIGGER)
    query = tmp_path / "query.txt"
    query.write_text("week\n", encoding="utf-8")
    for argv in (("search", "--query-file", query), ("export-json", "-o", tmp_path / "out.json")):
        result = run(*argv, "--vault", filled_vault.path)
        line = assert_one_error_line(result)
        assert line == (
            "casenotes: The vault contains an unexpected trigger 'keep_old' on table 'notes'. "
            "It may have been tampered with; it was not opened. 'casenotes verify' lists "
            "every difference."
        )
    assert not (tmp_path / "out.json").exists()


CELLS = [
    ("cases", "profile_enc"),
    ("cases", "code_enc"),
    ("notes", "sections_enc"),
    ("notes", "meta_enc"),
    ("goals", "goal_enc"),
]
VALUES = {
    "non-utf8-text": ("CAST(x'fffe' AS TEXT)", "holds TEXT, not a BLOB envelope"),
    "integer": ("7", "holds INTEGER, not a BLOB envelope"),
    "real": ("0.5", "holds REAL, not a BLOB envelope"),
    "short-blob": ("x'0102'", "failed authentication"),
}


@pytest.mark.parametrize("kind", VALUES)
@pytest.mark.parametrize(("table", "column"), CELLS, ids=[f"{t}.{c}" for t, c in CELLS])
def test_one_damaged_cell_is_named_and_the_rest_stays_usable(
    run: Run,
    filled_vault: NewVault,
    tmp_path: Path,
    table: str,
    column: str,
    kind: str,
) -> None:
    expression, reason = VALUES[kind]
    vault = filled_vault.path
    row_id = _first_id(vault, table)
    _execute(vault, f"UPDATE {table} SET {column} = {expression} WHERE id = ?", (row_id,))

    verified = run("verify", "--vault", vault)
    assert verified.code == 1, verified
    lines = verified.out.splitlines()
    assert lines[0] == f"{table} {row_id}: {column} {reason}"
    # The format-2 manifest sees the altered cell too, by its table.
    assert all(line.startswith(f"manifest: {table}: ") for line in lines[1:])
    assert "1 damaged record" in assert_one_error_line(verified)

    query = vault.parent / "query.txt"
    query.write_text("week\n", encoding="utf-8")
    searched = run("search", "--query-file", query, "--json", "--vault", vault)
    assert searched.code == 0, searched
    json.loads(searched.out)

    target = tmp_path / "rescue.json"
    exported = run("export-json", "-o", target, "--vault", vault)
    assert exported.code == 1, exported
    problems = [line for line in exported.err_lines if line.startswith("casenotes: ")]
    assert len(problems) == 1 and "1 damaged record" in problems[0]
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["cases"]  # the other case at least
    for result in (verified, searched, exported):
        assert "unexpected error" not in result.err
        assert_no_client_data(result.err)
    assert_no_client_data(verified.out)
