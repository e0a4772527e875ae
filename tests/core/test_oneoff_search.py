"""The command line's one-off search (``search_vault``): read-only, without the Journal facade,
and with the hits the window would show after an unlock, damage left out and reported as
every other read reports it. (Its speed is measured in benchmarks/bench_peers.py.)"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

from casenotes.core.demo import generate_demo
from casenotes.core.journal import Journal
from casenotes.core.oneoff_search import search_vault
from casenotes.core.search import SearchHit, SearchIndex
from casenotes.core.vault.errors import (
    NotAVaultError,
    TamperedRecordError,
    VaultInUseError,
    WrongPassphraseError,
)
from casenotes.core.vault.kdf import KdfPolicy

# One letter, words, a prefix, words in an addendum and in process notes, non-ASCII, inner
# punctuation, words that match nothing, digits: the one-off index holds only the notes
# that can match.
QUERIES = (
    "b",
    "boundaries",
    "partner agr",
    "stigma",
    "kingfisher",
    "heron",
    "é",
    "don't",
    "x y z",
    "rest money",
    "sleep",
    "2024",
    "Boundaries STIGMA",
)
GOLDEN_V1 = Path(__file__).resolve().parents[1] / "data" / "golden-v1.vault"


def _demo(journal: Journal) -> None:
    """Demo notes, a trashed case, a trashed note, an addendum and an odd tag."""
    journal.import_bundles(generate_demo(cases=8, notes=90, seed=5))
    cases = journal.list_cases()
    journal.trash_case(cases[0].id)
    busiest = max(cases[1:], key=lambda c: len(journal.notes_for_case(c.id)))
    notes = journal.notes_for_case(busiest.id)
    journal.trash_note(notes[0].id)
    signed = next(n for n in notes[1:] if n.signed_at is not None)
    journal.add_addendum(signed.id, "An addendum about a kingfisher.")
    unsigned = next(n for n in notes[1:] if n.signed_at is None)
    journal.save_note(replace(unsigned, tags=["\ufdd0odd", "rest"]))
    # Free process notes: found by the one-off search too, and said to be there.
    journal.save_process_notes(
        replace(journal.process_notes(signed.id), text="A heron of calm in the room.")
    )


def _search(
    path: Path, passphrase: str, policy: KdfPolicy, query: str, **options: object
) -> list[SearchHit]:
    hits = search_vault(path, lambda: passphrase, query, policy=policy, **options)  # type: ignore[arg-type]
    assert hits is not None
    return hits


def _folder_state(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_the_hits_are_those_of_an_unlocked_journal(
    journal: Journal, policy: KdfPolicy, passphrase: str
) -> None:
    _demo(journal)
    journal.build_index(prefixes=False)
    expected = {query: journal.search(query, limit=500, mark=("<", ">")) for query in QUERIES}
    assert expected["kingfisher"] and expected["boundaries"]
    assert [h.in_process_notes for h in expected["heron"]] == [True]
    path = journal.path
    journal.lock()
    for query in QUERIES:
        assert (
            _search(path, passphrase, policy, query, limit=500, mark=("<", ">")) == expected[query]
        ), query


def test_the_limit_and_the_marks_are_kept(
    journal: Journal, policy: KdfPolicy, passphrase: str
) -> None:
    _demo(journal)
    path = journal.path
    journal.lock()
    hits = _search(path, passphrase, policy, "boundaries", limit=3, mark=("", ""))
    assert len(hits) == 3
    assert all("boundaries" in hit.snippet.lower() and "[" not in hit.snippet for hit in hits)


def test_nothing_is_written_and_the_passphrase_is_asked_after_inspection(
    journal: Journal, policy: KdfPolicy, passphrase: str, tmp_path: Path
) -> None:
    _demo(journal)
    path = journal.path
    journal.lock()
    before = _folder_state(path.parent)
    assert _search(path, passphrase, policy, "stigma")
    assert _folder_state(path.parent) == before
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(before)

    stranger = tmp_path / "notes.txt"
    stranger.write_text("not a vault\n")
    asked: list[bool] = []

    def ask() -> str:
        asked.append(True)
        return passphrase

    with pytest.raises(NotAVaultError):
        search_vault(stranger, ask, "stigma", policy=policy)
    assert asked == []


def test_a_wrong_passphrase_is_refused(journal: Journal, policy: KdfPolicy) -> None:
    path = journal.path
    journal.lock()
    with pytest.raises(WrongPassphraseError):
        search_vault(path, lambda: "not the passphrase at all", "x", policy=policy)


def test_a_vault_unlocked_elsewhere_is_refused(
    journal: Journal, policy: KdfPolicy, passphrase: str
) -> None:
    with pytest.raises(VaultInUseError):
        search_vault(journal.path, lambda: passphrase, "x", policy=policy)


def test_damage_is_left_out_and_reported(
    journal: Journal, policy: KdfPolicy, passphrase: str
) -> None:
    _demo(journal)
    hits = journal.search("boundaries", limit=500)
    assert len(hits) >= 2
    flipped, moved = hits[0].note_id, hits[1].note_id
    addendum_note = journal.search("kingfisher")[0].note_id
    path = journal.path
    journal.lock()
    with closing(sqlite3.connect(path)) as raw:
        blob = raw.execute("SELECT sections_enc FROM notes WHERE id = ?", (flipped,)).fetchone()[0]
        raw.execute(
            "UPDATE notes SET sections_enc = ? WHERE id = ?",
            (blob[:20] + bytes([blob[20] ^ 1]) + blob[21:], flipped),
        )
        raw.execute(
            "UPDATE notes SET meta_enc = (SELECT meta_enc FROM notes WHERE id = ?) WHERE id = ?",
            (flipped, moved),
        )
        raw.execute("UPDATE addenda SET addendum_enc = x'00' WHERE note_id = ?", (addendum_note,))
        raw.commit()
    damaged: list[TamperedRecordError] = []
    found = _search(path, passphrase, policy, "boundaries", limit=500, damaged=damaged)
    assert {hit.note_id for hit in found} == {hit.note_id for hit in hits} - {flipped, moved}
    assert not _search(path, passphrase, policy, "kingfisher")
    assert sorted((e.table, e.column) for e in damaged) == [
        ("addenda", "addendum_enc"),
        ("notes", "meta_enc"),
        ("notes", "sections_enc"),
    ]


def test_a_vault_that_needs_migrating_is_left_to_the_ordinary_path(tmp_path: Path) -> None:
    folder = tmp_path / "golden"
    folder.mkdir(mode=0o700)
    copy = folder / "golden-v1.vault"
    shutil.copyfile(GOLDEN_V1, copy)
    os.chmod(copy, 0o600)
    asked: list[bool] = []
    assert (
        search_vault(
            copy,
            lambda: asked.append(True) or "",
            "novelty",  # type: ignore[func-returns-value]
            policy=KdfPolicy.testing(),
        )
        is None
    )
    assert asked == []


def test_damaged_process_notes_are_reported_and_their_note_still_found(
    journal: Journal, policy: KdfPolicy, passphrase: str
) -> None:
    _demo(journal)
    journal.build_index(prefixes=False)
    path = journal.path
    expected = journal.search("boundaries", limit=500)
    journal.lock()
    with closing(sqlite3.connect(path)) as raw:
        row = raw.execute("SELECT id, note_id FROM process_notes LIMIT 1").fetchone()
        assert row is not None, "the demo writes process notes"
        raw.execute("UPDATE process_notes SET process_enc = x'00' WHERE id = ?", (row[0],))
        raw.commit()
    damaged: list[TamperedRecordError] = []
    found = _search(path, passphrase, policy, "boundaries", limit=500, damaged=damaged)
    assert [(e.table, e.column) for e in damaged] == [("process_notes", "process_enc")]
    # The notes are all still there; only a match in that reflection could be lost.
    assert {hit.note_id for hit in expected} - {hit.note_id for hit in found} <= {row[1]}


def test_an_sqlite_that_refuses_the_totals_gets_every_note_indexed(
    journal: Journal, policy: KdfPolicy, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's defensive mode forbids writing FTS5's own tables: the one-off search then
    indexes every note, with the same hits."""
    _demo(journal)
    journal.build_index(prefixes=False)
    expected = journal.search("boundaries", limit=500)
    path = journal.path
    journal.lock()

    def refuse(self: SearchIndex, notes: int, tokens: object) -> None:
        raise sqlite3.OperationalError("table note_fts_data may not be modified")

    monkeypatch.setattr(SearchIndex, "add_unindexed", refuse)
    assert _search(path, passphrase, policy, "boundaries", limit=500) == expected
