"""The one pass at unlock (index_pass.py, run by ``Journal.build_index``): the same notes and
text as indexing every note read the ordinary way, the last-session dates from the same pass,
and damage reported as every other read reports it. (Its speed is measured in
benchmarks/bench_core.py.)"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casenotes.core.demo import generate_demo
from casenotes.core.domain import Note
from casenotes.core.index_pass import (
    ADDENDUM_ROWS,
    CASE_ROWS,
    INDEX_BATCH,
    PROCESS_ROWS,
    Prefilter,
    addenda_texts,
    ascii_tokens,
    case_states,
    index_batches,
    json_field,
    process_texts,
)
from casenotes.core.journal import Journal
from casenotes.core.search import SearchIndex
from casenotes.core.vault.errors import TamperedRecordError
from casenotes.core.vault.kdf import KdfPolicy

ROWS = """
SELECT m.note_id, m.case_id, m.case_code, m.session_date, f.sections, f.tags, f.addenda,
       f.reflection
FROM note_meta AS m JOIN note_fts AS f ON f.rowid = m.doc ORDER BY m.note_id
"""


def _rows(index: SearchIndex) -> list[tuple[object, ...]]:
    conn = index._conn
    assert conn is not None
    return conn.execute(ROWS).fetchall()


def _reference_dates(notes: list[Note]) -> dict[str, date]:
    latest: dict[str, date] = {}
    for note in notes:
        if note.deleted_at is None and (
            note.case_id not in latest or note.session_date > latest[note.case_id]
        ):
            latest[note.case_id] = note.session_date
    return latest


def _demo(journal: Journal) -> None:
    journal.import_bundles(generate_demo(cases=8, notes=90, seed=5))
    cases = journal.list_cases()
    journal.trash_case(cases[0].id)  # its notes leave the index but still count for dates
    busiest = max(cases[1:], key=lambda c: len(journal.notes_for_case(c.id)))
    notes = journal.notes_for_case(busiest.id)
    journal.trash_note(notes[0].id)
    signed = next(n for n in notes[1:] if n.signed_at is not None)
    journal.add_addendum(signed.id, "An addendum about a kingfisher.")
    unsigned = next(n for n in notes[1:] if n.signed_at is None)
    journal.save_note(replace(unsigned, tags=["\ufdd0odd", "rest"]))


def test_the_pass_indexes_what_the_ordinary_reads_give(journal: Journal) -> None:
    _demo(journal)
    dates: dict[str, date] = {}
    index = journal.build_index(last_sessions=dates)
    notes = journal.all_notes()
    live = {c.id: c.code for c in journal.list_cases()}
    with SearchIndex() as reference:
        reference.add_notes(
            (n, live[n.case_id]) for n in notes if n.case_id in live and n.deleted_at is None
        )
        assert _rows(index) == _rows(reference)
        assert len(index) == len(reference) > 0
    assert dates == _reference_dates(notes)
    assert journal.search("kingfisher")
    assert journal.damaged == []
    # The pass opens the reflections too: the demo's reflections have text to find.
    assert any(row[7] for row in _rows(index))


def test_the_pass_finds_text_in_a_reflection(journal: Journal) -> None:
    _demo(journal)
    live = {c.id for c in journal.list_cases()}
    note = next(
        n
        for n in journal.all_notes()
        if n.case_id in live and n.signed_at is None and n.deleted_at is None
    )
    journal.save_note(
        replace(
            note, reflection={**note.reflection, "notes": {"custom-prompt": "a heron by the canal"}}
        )
    )
    journal.build_index()  # the pass at unlock, not the update on save
    assert [h.note_id for h in journal.search("heron canal")] == [note.id]


def test_damage_is_reported_per_record_and_the_rest_indexed(
    journal: Journal, policy: KdfPolicy, passphrase: str
) -> None:
    _demo(journal)
    path: Path = journal.path
    live = {c.id for c in journal.list_cases()}
    notes = [n for n in journal.all_notes() if n.case_id in live and n.deleted_at is None]
    flipped, moved, victim = notes[0], notes[1], notes[2]
    journal.lock()
    with closing(sqlite3.connect(path)) as raw:
        blob = raw.execute("SELECT sections_enc FROM notes WHERE id = ?", (flipped.id,)).fetchone()[
            0
        ]
        raw.execute(
            "UPDATE notes SET sections_enc = ? WHERE id = ?",
            (blob[:20] + bytes([blob[20] ^ 1]) + blob[21:], flipped.id),
        )
        # A whole envelope moved to another row fails on its AAD.
        raw.execute(
            "UPDATE notes SET meta_enc = (SELECT meta_enc FROM notes WHERE id = ?) WHERE id = ?",
            (victim.id, moved.id),
        )
        raw.commit()
    again = Journal.open(path, policy)
    again.unlock(passphrase, daily_backup=False)
    try:
        index = again.build_index()
        assert sorted((e.table, e.row_id) for e in again.damaged) == sorted(
            [("notes", flipped.id), ("notes", moved.id)]
        )
        indexed = {row[0] for row in _rows(index)}
        assert flipped.id not in indexed and moved.id not in indexed
        assert len(indexed) == len(notes) - 2
    finally:
        again.lock()


def test_an_index_without_prefixes_finds_the_same(journal: Journal) -> None:
    _demo(journal)
    queries = ("b", "bo", "boundaries", "partner agr", "stigma", "kingfisher", "é")
    full = journal.build_index()
    expected = [full.search(query, limit=500) for query in queries]
    assert any(expected)
    lean = journal.build_index(prefixes=False)  # replaces (and closes) the full one
    assert [lean.search(query, limit=500) for query in queries] == expected


# ---- the one-off search's prefilter ----------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_tokens_counts_as_the_index_tokenizes(text: str) -> None:
    with SearchIndex(prefixes=False) as index:
        index.fill([[("n", "c", "C-1", "2024-01-01", text, "", "", "")]])
        conn = index._conn
        assert conn is not None
        block = conn.execute("SELECT block FROM note_fts_data WHERE id = 1").fetchone()[0]
    # The averages record: the row count, then each column's token total (all below 128).
    assert block[1] == ascii_tokens(text)


def test_the_prefilter_keeps_every_note_holding_a_word_and_counts_the_rest() -> None:
    prefilter = Prefilter.for_query("Partner  AGR")
    assert prefilter is not None
    assert prefilter.words == ["partner", "agr"]
    assert prefilter.keep(("talked about the agreement", "", "", ""))
    assert prefilter.keep(("", "partnership", "", ""))
    assert prefilter.keep(("café, no word asked for", "", "", ""))  # not ASCII: the index judges
    assert not prefilter.keep(("rest and money", "sleep", "", "a b"))
    assert (prefilter.notes, prefilter.tokens) == (1, [3, 1, 0, 2])
    assert Prefilter.for_query("é") is None
    assert Prefilter.for_query(" -- ") is None


def test_the_prefilter_counts_the_same_across_many_notes() -> None:
    """The tokens of notes left out are counted a column of many notes at a time: the same
    totals as note by note, across more notes than one count takes."""
    prefilter = Prefilter.for_query("kingfisher")
    assert prefilter is not None
    notes = [
        (f"note {n}: rest, money-{n}", "", "a" * (n % 3), "x.y" if n % 2 else "")
        for n in range(2 * INDEX_BATCH + 7)
    ]
    assert not any(prefilter.keep(columns) for columns in notes)
    assert prefilter.notes == len(notes)
    assert prefilter.tokens == [
        sum(ascii_tokens(columns[i]) for columns in notes) for i in range(4)
    ]


@pytest.mark.parametrize(
    "text", ['{"a":[1,2.5,null,true]}', ' {"a":1}', '{"a":1} ', "12", '"x"', "[]", " \n 7 "]
)
def test_json_fields_read_as_json_loads_reads_them(text: str) -> None:
    assert json_field(text, "notes", "n", "meta_enc") == json.loads(text)


@pytest.mark.parametrize("text", ["", "{", '{"a":1}x', "1 2", "\ufeff{}", "[1,]", "nul"])
def test_json_fields_json_loads_refuses_are_damage(text: str) -> None:
    with pytest.raises(TamperedRecordError) as caught:
        json_field(text, "notes", "n", "meta_enc")
    assert (caught.value.table, caught.value.column) == ("notes", "meta_enc")


def test_a_one_off_index_of_candidates_ranks_as_the_whole(journal: Journal) -> None:
    """Only the notes that can match, plus the totals of the rest: the same hits and scores
    as the index of every note, and most notes left out."""
    journal.import_bundles(generate_demo(cases=6, notes=80, seed=9))
    whole = journal.build_index(prefixes=False)
    unlocked = journal._open
    assert unlocked is not None
    with closing(sqlite3.connect(journal.path)) as connection:
        cases = connection.execute(CASE_ROWS).fetchall()
        live = {
            case_id: code
            for case_id, (code, trashed) in case_states(cases, unlocked.cipher, _fail).items()
            if not trashed
        }
        addenda = addenda_texts(connection.execute(ADDENDUM_ROWS), unlocked.cipher, _fail)
        reflections = process_texts(connection.execute(PROCESS_ROWS), unlocked.cipher, _fail)
        for query in ("boundaries", "rest money", "stigma", "partner agr", "sleep", "zzz"):
            prefilter = Prefilter.for_query(query)
            assert prefilter is not None
            with SearchIndex(prefixes=False) as part:
                part.fill(
                    index_batches(
                        connection,
                        unlocked.cipher,
                        live,
                        addenda,
                        reflections,
                        {},
                        _fail,
                        prefilter,
                    )
                )
                assert prefilter.notes > len(whole) // 3, query
                part.add_unindexed(prefilter.notes, prefilter.tokens)
                assert part.search(query, limit=500) == whole.search(query, limit=500), query


def _fail(error: TamperedRecordError) -> None:
    raise AssertionError(error)
