"""Unlock to search ready, against the physical floor measured in the same run.

    python benchmarks/bench_ready.py [--notes 10000] [--cases 300] [--rounds 5] [--before]

Each round, in alternating order:

* **casenotes**: unlock (the Argon2id time is taken out, as in bench_core), the case list, and
  ``Journal.build_index(last_sessions=...)``: the one pass that opens every note's metadata
  and sections (AES-GCM with the AAD checks), fills the index and gives the last-session dates.
* **floor**: the least any implementation has to do: AES-GCM-decrypt the same fields of
  every note (metadata and sections, and the process notes that hold the reflection), with nonces,
  ciphertexts and AADs prepared beforehand, outside the timing, then a raw FTS5 fill (one
  executemany in one transaction) of the same text into the same FTS5 table.
* **before** (with ``--before``): what the window did until now: every note read the ORM
  way for the dates, then again for the index.

Prints min / median / max of each, the ratio casenotes ÷ floor per round (min / median /
max), the cost per note (to compare 10k with 100k), the pass's CPU time (the whole
process's, and the calling thread's alone: they differ when part of the pass runs on another
thread), the garbage collector's time and longest pause during the pass, and search p50 / p95
(bench_core's queries, three times).
Uses (or builds) the vault of bench_core.py.
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import statistics
import sys
import time
from contextlib import closing
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_core
from sqlalchemy.orm import Session

from casenotes.core.journal import Journal
from casenotes.core.search import SearchIndex
from casenotes.core.vault import header as header_module
from casenotes.core.vault.envelope import NONCE_LENGTH, field_aad
from casenotes.core.vault.kdf import KdfParams, derive_kek


def spread(values: list[float], unit: str = "s", scale: float = 1.0) -> str:
    return (
        " / ".join(
            f"{v * scale:.3f}" for v in (min(values), statistics.median(values), max(values))
        )
        + f" {unit}"
    )


class GcWatch:
    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._t0 = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._t0 = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._t0)


def casenotes_ready(
    journal: Journal, kdf_times: list[float], watch: GcWatch, cpu: list[tuple[float, float]]
) -> tuple[float, dict[str, date]]:
    """The time beyond the KDF; ``cpu`` gets the pass's CPU seconds: the whole process's, and
    the calling thread's alone (the rest ran on other threads)."""
    journal.lock()
    gc.collect()
    watch.pauses.clear()
    gc.callbacks.append(watch)
    try:
        t0 = time.perf_counter()
        journal.unlock(bench_core.PASSPHRASE, daily_backup=False)
        journal.list_cases()
        dates: dict[str, date] = {}
        process0, thread0 = time.process_time(), time.thread_time()
        journal.build_index(last_sessions=dates)
        cpu.append((time.process_time() - process0, time.thread_time() - thread0))
        elapsed = time.perf_counter() - t0 - kdf_times[-1]
    finally:
        gc.callbacks.remove(watch)
    return elapsed, dates


def floor_inputs(
    journal: Journal,
) -> tuple[list[tuple[bytes, bytes, bytes]], list[tuple[int, str, str, str]]]:
    """What the floor needs, prepared outside its timing: (nonce, ciphertext, aad) of every
    note's meta and sections and of every process notes record (where the reflection lives),
    and the indexed text exactly as the index holds it."""
    unlocked = journal._open
    assert unlocked is not None
    vault_id = unlocked.keys.vault_id
    index = unlocked.index
    assert index is not None and index._conn is not None
    texts = index._conn.execute(
        "SELECT rowid, sections, tags, addenda, reflection FROM note_fts"
    ).fetchall()
    fields = []
    with closing(sqlite3.connect(journal.path)) as raw:
        for row_id, case_id, meta, sections in raw.execute(
            "SELECT id, case_id, meta_enc, sections_enc FROM notes"
        ):
            for column, blob in (("meta_enc", meta), ("sections_enc", sections)):
                aad = field_aad(vault_id, "notes", column, row_id, {"case_id": case_id})
                fields.append((blob[1 : 1 + NONCE_LENGTH], blob[1 + NONCE_LENGTH :], aad))
        for row_id, note_id, blob in raw.execute(
            "SELECT id, note_id, process_enc FROM process_notes"
        ):
            aad = field_aad(vault_id, "process_notes", "process_enc", row_id, {"note_id": note_id})
            fields.append((blob[1 : 1 + NONCE_LENGTH], blob[1 + NONCE_LENGTH :], aad))
    return fields, texts


def floor(
    journal: Journal,
    fields: list[tuple[bytes, bytes, bytes]],
    texts: list[tuple[int, str, str, str]],
) -> float:
    unlocked = journal._open
    assert unlocked is not None
    aead = unlocked.keys.field_aead
    gc.collect()
    target = SearchIndex()  # the same FTS5 table, empty
    conn = target._conn
    assert conn is not None
    t0 = time.perf_counter()
    for nonce, ciphertext, aad in fields:
        aead.decrypt(nonce, ciphertext, aad)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO note_fts (rowid, sections, tags, addenda, reflection) VALUES (?, ?, ?, ?, ?)",
        texts,
    )
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    target.close()
    return elapsed


def before(journal: Journal) -> float:
    """The two passes the window made until now: all_notes() for the dates, then the index
    from every note built through the ORM (reflections included)."""
    unlocked = journal._open
    assert unlocked is not None
    gc.collect()
    t0 = time.perf_counter()
    latest: dict[str, date] = {}
    for note in journal.all_notes():
        if note.deleted_at is None and note.session_date > latest.get(note.case_id, date.min):
            latest[note.case_id] = note.session_date
    live = {c.id: c.code for c in journal.list_cases()}
    index = SearchIndex()
    with Session(unlocked.engine) as session:
        index.add_notes(
            (n, live[n.case_id])
            for n in journal._stream_notes(unlocked, session)
            if n.case_id in live and n.deleted_at is None
        )
    elapsed = time.perf_counter() - t0
    index.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    args = parser.parse_args()

    args.out.mkdir(exist_ok=True)
    path = args.out / f"bench-{args.notes}-{args.cases}.vault"
    if not path.exists():
        bench_core.build(path, args.notes, args.cases)

    kdf_times: list[float] = []

    def timed_kdf(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
        t0 = time.perf_counter()
        try:
            return derive_kek(passphrase, salt, params)
        finally:
            kdf_times.append(time.perf_counter() - t0)

    header_module.derive_kek = timed_kdf  # type: ignore[assignment]
    journal = Journal.open(path)
    journal.unlock(bench_core.PASSPHRASE, daily_backup=False)
    journal.list_cases()
    journal.build_index()
    notes = len(journal.build_index())
    fields, texts = floor_inputs(journal)

    watch = GcWatch()
    ours: list[float] = []
    floors: list[float] = []
    befores: list[float] = []
    ratios: list[float] = []
    gc_total: list[float] = []
    gc_longest: list[float] = []
    cpu: list[tuple[float, float]] = []
    for round_ in range(args.rounds):
        first_ours = round_ % 2 == 0
        if not first_ours:
            floors.append(floor(journal, fields, texts))
        elapsed, _ = casenotes_ready(journal, kdf_times, watch, cpu)
        ours.append(elapsed)
        gc_total.append(sum(watch.pauses))
        gc_longest.append(max(watch.pauses, default=0.0))
        if first_ours:
            floors.append(floor(journal, fields, texts))
        ratios.append(ours[-1] / floors[-1])
        if args.before:
            befores.append(before(journal))

    print(f"vault: {path}: {notes} notes indexed; {args.rounds} rounds, alternated")
    print(
        f"unlock to search ready beyond the KDF (unlock, case list, the one pass with the "
        f"dates), min / median / max: {spread(ours)}"
    )
    print(
        f"physical floor (AES-GCM of meta, sections and process notes, raw FTS5 fill of "
        f"the same text): "
        f"{spread(floors)}"
    )
    print(f"ratio casenotes / floor, per round: {spread(ratios, unit='x')}")
    per_note = [t / notes * 1e6 for t in ours]
    print(
        f"per note: casenotes {spread(per_note, unit='µs')}; floor "
        f"{spread([t / notes * 1e6 for t in floors], unit='µs')}"
    )
    print(
        f"CPU of the pass (build_index): whole process {spread([c[0] for c in cpu])}; "
        f"the calling thread {spread([c[1] for c in cpu])}"
    )
    print(
        f"garbage collection during the pass: total {spread(gc_total, 'ms', 1000)}, "
        f"longest pause {spread(gc_longest, 'ms', 1000)}"
    )
    timings: list[float] = []
    for _ in range(3):
        for query in bench_core.QUERIES:
            t0 = time.perf_counter()
            journal.search(query)
            timings.append(time.perf_counter() - t0)
    print(
        f"search p50 / p95 ({len(timings)} searches, snippets included): "
        f"{statistics.median(timings) * 1000:.1f} / "
        f"{bench_core.percentile(timings, 0.95) * 1000:.1f} ms"
    )
    if befores:
        print(
            f"before (all_notes for the dates, then the ORM index build): {spread(befores)}; "
            f"before / casenotes: {statistics.median(befores) / statistics.median(ours):.2f}x"
        )
    journal.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
