"""One damaged cell is damage to its record alone, whatever the cell holds: TEXT (UTF-8 or not),
an INTEGER, a REAL, NULL or a too-short BLOB where an envelope belongs, or a damaged id or
foreign key. ``verify`` names the table, row and column; the case list, notes, search and
export keep working for everything else.

Each test edits a private copy of the session's template vault with plain sqlite3 while the
vault is locked, as someone with write access to the file could. Columns are taken from the
records, so a table added by a later revision is covered without editing this file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.core.test_journal_tamper import everything, inventory, target_row

from casenotes.core.domain import Settings
from casenotes.core.journal import Journal
from casenotes.core.store.records import ENCRYPTED_TABLES
from casenotes.core.store.sealing import shown_id
from casenotes.core.store.verify import DamagedRecord
from casenotes.core.vault.errors import TamperedRecordError
from casenotes.core.vault.kdf import KdfPolicy

if TYPE_CHECKING:
    from tests.core.conftest import RawVault, Template

ENC_COLUMNS = [
    (table, column.key)
    for table, record in ENCRYPTED_TABLES.items()
    for column in record.__table__.columns
    if column.key.endswith("_enc")
]

# What is written (an SQL expression), and how verify names it after the column.
VALUES = {
    "non-utf8-text": ("CAST(x'fffe41' AS TEXT)", "holds TEXT, not a BLOB envelope"),
    "text": ("'not an envelope'", "holds TEXT, not a BLOB envelope"),
    "integer": ("42", "holds INTEGER, not a BLOB envelope"),
    "real": ("4.5", "holds REAL, not a BLOB envelope"),
    "short-blob": ("x'01'", "failed authentication"),
    "empty-blob": ("x''", "failed authentication"),
    "null": ("NULL", "is NULL"),
}


@pytest.fixture
def opened(vault_copy: Path, policy: KdfPolicy, passphrase: str) -> Iterator[Callable[[], Journal]]:
    journals: list[Journal] = []

    def open_() -> Journal:
        journal = Journal.open(vault_copy, policy)
        journal.unlock(passphrase)
        journals.append(journal)
        return journal

    yield open_
    for journal in journals:
        journal.lock()


def write_cell(raw_vault: RawVault, table: str, column: str, row_id: str, expression: str) -> None:
    """``UPDATE table SET column = expression``. A NULL goes around NOT NULL the way a file
    editor can: the constraint is taken out of the schema for the write, then the schema is
    put back exactly as it was, so the pinned schema still matches."""
    update = (f"UPDATE {table} SET {column} = {expression} WHERE id = ?", (row_id,))
    if expression != "NULL":
        raw_vault.execute(update)
        return
    original = raw_vault.query("SELECT sql FROM sqlite_master WHERE name = ?", (table,))[0]
    raw_vault.execute(
        ("PRAGMA writable_schema = ON", ()),
        ("UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '') WHERE name = ?", (table,)),
    )
    raw_vault.execute(update)
    raw_vault.execute(
        ("PRAGMA writable_schema = ON", ()),
        ("UPDATE sqlite_master SET sql = ? WHERE name = ?", (original[0], table)),
    )


def test_the_columns_cover_every_encrypted_table() -> None:
    assert {table for table, _ in ENC_COLUMNS} == set(ENCRYPTED_TABLES)


@pytest.mark.parametrize("kind", VALUES)
@pytest.mark.parametrize(("table", "column"), ENC_COLUMNS, ids=[f"{t}.{c}" for t, c in ENC_COLUMNS])
def test_a_cell_of_any_type_damages_that_record_only(
    table: str,
    column: str,
    kind: str,
    template: Template,
    raw_vault: RawVault,
    opened: Callable[[], Journal],
) -> None:
    expression, reason = VALUES[kind]
    row_id = target_row(template, table)
    write_cell(raw_vault, table, column, row_id, expression)
    journal = opened()  # the pinned schema still matches: the edit was to a value only

    report = journal.verify()
    assert report.damaged == [DamagedRecord(table, row_id, f"{column} {reason}")]
    assert report.schema == []
    if kind != "null":  # SQLite's own check also sees a NULL in a NOT NULL column
        assert report.integrity == []
    assert not report.intact

    # The case list, every other record, search and export: all still there.
    assert inventory(journal, template) == everything(template) - {(table, row_id)}
    if table == "settings":
        assert journal.settings() == Settings()
    assert [(e.table, e.row_id, e.column) for e in journal.damaged] == [(table, row_id, column)]
    assert [h.note_id for h in journal.search("screening")] == [template.filled.solo_note.id]
    exported = {c.case.id for c in journal.export_bundles()}
    expected_cases = set(template.ids["cases"]) - ({row_id} if table == "cases" else set())
    assert exported == expected_cases


def test_a_damaged_case_still_lists_the_others(
    template: Template, raw_vault: RawVault, opened: Callable[[], Journal]
) -> None:
    """The exploit from the audit: one non-UTF-8 cell in ``cases`` kept the window from
    opening, because listing the cases failed as a whole."""
    couple = template.filled.couple
    write_cell(raw_vault, "cases", "profile_enc", couple.id, "CAST(x'fffe' AS TEXT)")
    journal = opened()
    assert [c.code for c in journal.list_cases()] == ["SW-12"]
    with pytest.raises(TamperedRecordError) as caught:
        journal.get_case(couple.id)
    assert (caught.value.table, caught.value.row_id, caught.value.column) == (
        "cases",
        couple.id,
        "profile_enc",
    )
    assert len(journal.notes_for_case(couple.id)) == 2  # its notes are not hidden


@pytest.mark.parametrize("expression", ["CAST(x'fffe41' AS TEXT)", "x'00ff'", "'another id'"])
def test_a_damaged_id_is_damage_to_that_record(
    expression: str, template: Template, raw_vault: RawVault, opened: Callable[[], Journal]
) -> None:
    goal = template.filled.goal.id
    raw_vault.execute((f"UPDATE goals SET id = {expression} WHERE id = ?", (goal,)))
    journal = opened()
    report = journal.verify()
    assert len(report.damaged) == 1
    damaged = report.damaged[0]
    assert damaged.table == "goals"
    if expression == "'another id'":  # still UTF-8 text: the envelope no longer matches it
        assert damaged == DamagedRecord("goals", "another id", "goal_enc failed authentication")
    else:
        assert damaged.reason.startswith("id is damaged (")
        stored = b"\x00\xff" if expression == "x'00ff'" else "\udcff\udcfeA"
        assert damaged.row_id == shown_id(stored)
        assert damaged.row_id.isprintable()
    assert inventory(journal, template) == everything(template) - {("goals", goal)}
    assert journal.export_bundles()


@pytest.mark.parametrize("expression", ["CAST(x'fffe41' AS TEXT)", "x'00ff'"])
def test_a_damaged_foreign_key_is_damage_to_that_record(
    expression: str, template: Template, raw_vault: RawVault, opened: Callable[[], Journal]
) -> None:
    dap = template.filled.dap.id
    raw_vault.execute((f"UPDATE notes SET case_id = {expression} WHERE id = ?", (dap,)))
    journal = opened()
    report = journal.verify()
    assert [(d.table, d.row_id) for d in report.damaged] == [("notes", dap)]
    assert report.damaged[0].reason.startswith("case_id is damaged (")
    assert len(report.integrity) == 1 and "foreign key broken in notes" in report.integrity[0]
    assert dap not in {n.id for n in journal.all_notes()}
    assert [(e.table, e.row_id, e.column) for e in journal.damaged] == [("notes", dap, "case_id")]
    assert [h.note_id for h in journal.search("screening")] == [template.filled.solo_note.id]
    assert {c.case.id for c in journal.export_bundles()} == set(template.ids["cases"])


def test_a_null_primary_key_is_reported(
    template: Template, raw_vault: RawVault, opened: Callable[[], Journal]
) -> None:
    goal = template.filled.goal.id
    write_cell(raw_vault, "goals", "id", goal, "NULL")
    journal = opened()
    couple = template.filled.couple.id
    assert journal.goals_for_case(couple) == []
    journal.export_bundles()
    assert [(e.table, e.column) for e in journal.damaged] == [("goals", "id")]
    report = journal.verify()
    assert ("goals", "(none)", "id is NULL") in {
        (d.table, d.row_id, d.reason) for d in report.damaged
    }
