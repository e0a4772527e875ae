"""Core benchmark against the performance budget in DESIGN.md.

Builds (or reuses) a demo vault of N notes in M cases with the standard KDF parameters and
prints one figure per line. Timing belongs here, never in unit tests.

    python benchmarks/bench_core.py [--notes 10000] [--cases 300] [--out bench-out]

``--notes 100000`` measures the same at 100,000 notes (building that vault takes a while).
The format 2 figures: saving with and without the manifest's bookkeeping (the two kinds of
save interleaved, so a busy machine slows both alike), verify (every envelope and the
manifest), and re-keying the whole vault. Re-keying runs last: it also rebuilds the manifest
that the saves without bookkeeping left stale.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from casenotes.core import journal as journal_module
from casenotes.core.demo import generate_demo
from casenotes.core.domain import Note, NoteTemplate
from casenotes.core.journal import Journal
from casenotes.core.store import vault_file as vault_file_module
from casenotes.core.vault import header as header_module
from casenotes.core.vault.kdf import KdfParams, KdfPolicy, derive_kek

PASSPHRASE = "benchmark passphrase: quiet harbour lantern 2041"
QUERIES = [
    "boundaries",
    "agreement",
    "disclosure",
    "stigma",
    "sleep",
    "screening",
    "rent",
    "jealousy",
    "burn",
    "consent",
    "values",
    "curious",
    "partner agreement",
    "work safety",
    "grief",
    "money",
    "family",
    "bound",
    "rest",
    "trust",
]
BIG_CASE_NOTES = 200


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def build(path: Path, notes: int, cases: int) -> None:
    started = time.perf_counter()
    created = Journal.create(path, PASSPHRASE, KdfPolicy.standard())
    journal = created.journal
    bundles = generate_demo(cases=cases - 1, notes=notes - BIG_CASE_NOTES, seed=7)
    big = generate_demo(cases=1, notes=BIG_CASE_NOTES, seed=8)[0]
    big = replace(big, case=replace(big.case, code="C-BIG"))
    journal.import_bundles([*bundles, big])
    journal.lock()
    print(
        f"build: {notes} notes in {cases} cases written in "
        f"{time.perf_counter() - started:.1f} s ({path.stat().st_size / 1e6:.1f} MB)"
    )


def peak_mb() -> int:
    """The process's peak resident memory so far, in MB (it only grows)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def children_peak_mb() -> int:
    """The largest peak resident memory of the child processes ended so far, in MB: the
    key-derivation helper's, where the key is derived in one (0 where none ran)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()

    args.out.mkdir(exist_ok=True)
    path = args.out / f"bench-{args.notes}-{args.cases}.vault"
    if not path.exists():
        build(path, args.notes, args.cases)
    print(f"vault: {path} ({path.stat().st_size / 1e6:.1f} MB)")

    # Time the KDF inside the real unlock, so "beyond the KDF" is exact, not a difference
    # between two noisy runs.
    kdf_times: list[float] = []

    def timed_kdf(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
        t0 = time.perf_counter()
        try:
            return derive_kek(passphrase, salt, params)
        finally:
            kdf_times.append(time.perf_counter() - t0)

    header_module.derive_kek = timed_kdf  # type: ignore[assignment]

    # The pinned schema, checked at open and again at unlock (a revision missing from
    # pinned_schemas.json is derived on the first check, which imports Alembic).
    pin_times: list[float] = []

    def timed_pin(check: Callable[..., None]) -> Callable[..., None]:
        def run(*args: object, **kwargs: object) -> None:
            t0 = time.perf_counter()
            try:
                check(*args, **kwargs)
            finally:
                pin_times.append(time.perf_counter() - t0)

        return run

    vault_file_module.require_pinned_schema = timed_pin(vault_file_module.require_pinned_schema)
    journal_module.require_pinned_schema = timed_pin(journal_module.require_pinned_schema)
    started = time.perf_counter()
    # As the window does it: unlock, then the day's backup on a worker, off the waiting path.
    journal = Journal.open(path)
    journal.unlock(PASSPHRASE, daily_backup=False)
    unlocked = time.perf_counter()
    peak_unlocked = peak_mb()
    kdf = kdf_times[-1]
    params = journal.header.kdf_params
    print(
        f"kdf (argon2id {params.memory_kib} KiB, {params.iterations} it, "
        f"{params.lanes} lanes): {ms(kdf)}"
    )
    cases = journal.list_cases()
    listed = time.perf_counter()
    journal.build_index()
    ready = time.perf_counter()
    print(f"unlock beyond kdf (open, unwrap, connect): {ms(unlocked - started - kdf)}")
    print(
        f"  of which the pinned schema (at open + at unlock): "
        f"{' + '.join(ms(t) for t in pin_times)}"
    )
    print(f"case list ({len(cases)} cases): {ms(listed - unlocked)}")
    print(f"peak resident memory by the end of the unlock (the kdf's 256 MiB): {peak_unlocked} MB")
    print(f"peak resident memory of the key-derivation helper process: {children_peak_mb()} MB")
    print(f"search index build ({journal.note_count()} notes): {ms(ready - listed)}")
    print(f"open-to-ready after kdf (unlock + case list + index): {ms(ready - started - kdf)}")
    print(f"peak resident memory by search ready: {peak_mb()} MB")

    timings = []
    for _ in range(3):
        for query in QUERIES:
            t0 = time.perf_counter()
            journal.search(query)
            timings.append(time.perf_counter() - t0)
    print(f"search p50: {ms(statistics.median(timings))}")
    print(f"search p95: {ms(percentile(timings, 0.95))}")

    big = next(c for c in cases if c.code == "C-BIG")
    t0 = time.perf_counter()
    big_notes = journal.notes_for_case(big.id)
    print(f"open a case of {len(big_notes)} notes: {ms(time.perf_counter() - t0)}")

    drafts = [n for n in big_notes if not n.is_signed][:20] or [
        journal.save_note(
            Note(
                case_id=big.id,
                session_date=date(2026, 1, 5),
                template=NoteTemplate.FREE,
                sections={"body": "draft"},
            )
        )
    ]
    saves = []
    for i in range(args.saves):
        note = drafts[i % len(drafts)]
        key = next(iter(note.sections), "body")
        edited = replace(
            note,
            sections={
                **note.sections,
                key: note.sections.get(key, "") + f" Follow-up thought {i}.",
            },
        )
        t0 = time.perf_counter()
        drafts[i % len(drafts)] = journal.save_note(edited)
        saves.append(time.perf_counter() - t0)
    print(f"save note p50 (incl. fsync): {ms(statistics.median(saves))}")
    print(f"save note p95 (incl. fsync): {ms(percentile(saves, 0.95))}")

    t0 = time.perf_counter()
    report = journal.verify()
    print(
        f"verify ({report.records_checked} records, every envelope and the manifest): "
        f"{ms(time.perf_counter() - t0)}, intact: {report.intact}"
    )

    # The manifest's cost per save: the same saves with and without its bookkeeping,
    # interleaved. Without it the manifest goes stale; the re-key below rebuilds it.
    real_track = journal_module.track
    timed: dict[bool, list[float]] = {True: [], False: []}
    for i in range(args.saves * 2):
        with_manifest = i % 2 == 0
        journal_module.track = (
            real_track
            if with_manifest
            # type: ignore[assignment]
            else (lambda session, tracker: session)
        )
        note = drafts[i % len(drafts)]
        key = next(iter(note.sections), "body")
        edited = replace(
            note,
            sections={**note.sections, key: note.sections.get(key, "") + f" Second thought {i}."},
        )
        t0 = time.perf_counter()
        drafts[i % len(drafts)] = journal.save_note(edited)
        timed[with_manifest].append(time.perf_counter() - t0)
    journal_module.track = real_track  # type: ignore[assignment]
    for with_manifest, label in ((True, "with manifest"), (False, "without manifest")):
        values = timed[with_manifest]
        print(
            f"save note {label}: p50 {ms(statistics.median(values))}, "
            f"p95 {ms(percentile(values, 0.95))}"
        )

    print(f"peak resident memory before the re-key: {peak_mb()} MB")
    reports: list[float] = []
    t0 = time.perf_counter()
    result = journal.rekey(
        PASSPHRASE, progress=lambda done, total: reports.append(time.perf_counter())
    )
    elapsed = time.perf_counter() - t0
    print(
        f"re-key, all of it ({result.records} records; the passphrase checked and the new "
        f"slot wrapped: 2 argon2id runs; checkpoint): {elapsed:.2f} s"
    )
    print(
        f"re-key, re-sealing every field (first to last of {len(reports)} progress "
        f"reports): {reports[-1] - reports[0]:.2f} s"
    )
    report = journal.verify()
    print(f"verify after re-key: intact: {report.intact}")

    with tempfile.TemporaryDirectory(dir=args.out) as scratch:
        t0 = time.perf_counter()
        backup = journal.backup_now(Path(scratch) / "bench-backup.vault")
        elapsed = time.perf_counter() - t0
        print(
            f"backup (online backup API, integrity check, fsync): {ms(elapsed)}, "
            f"{backup.stat().st_size / 1e6:.1f} MB"
        )

    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak resident memory: {rss_kib / 1024:.0f} MB")
    journal.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
