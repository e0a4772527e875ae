"""Search at scale: the index's ranking as it is now beside the full ranking it replaced, on
the same index, query by query, alternated (so both see the same load).

    python benchmarks/bench_search.py [--notes 100000] [--cases 3000] [--repeats 5]

* **full ranking** (before): every match joined to its metadata, ranked, the best 50 kept;
* **top-k** (now): FTS5 alone keeps the best 50 (and a margin for ties), only those are
  joined; the hits are checked to be the same;
* **search()**: what the window and the command line call, snippets included; one letter
  shows the newest matching notes (``one letter`` below), which the full ranking scores all.

Prints p50 / p95 / max over bench_core's 20 queries × repeats, and the median of the one-
and two-letter queries. Uses (or builds) the vault of bench_core.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_core

from casenotes.core.journal import Journal
from casenotes.core.search.index import _RANKED, match_expression

SHORT = ["s", "b", "pa"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    args = parser.parse_args()
    args.out.mkdir(exist_ok=True)
    path = args.out / f"bench-{args.notes}-{args.cases}.vault"
    if not path.exists():
        bench_core.build(path, args.notes, args.cases)

    journal = Journal.open(path)
    journal.unlock(bench_core.PASSPHRASE, daily_backup=False)
    index = journal.build_index()
    conn = index._conn
    assert conn is not None

    def full(query: str) -> list[str]:
        rows = conn.execute(
            _RANKED.format(case_filter=""), {"match": match_expression(query), "limit": 50}
        ).fetchall()
        return [row[1] for row in rows]

    def top(query: str) -> list[str]:
        return [row[1] for row in index._top(conn, match_expression(query) or "", 50)]

    def search(query: str) -> list[str]:
        return [hit.note_id for hit in index.search(query)]

    runs: dict[str, Callable[[str], list[str]]] = {
        "full ranking (before)": full,
        "top-k (now)": top,
        "search() with snippets (now)": search,
    }
    times: dict[str, dict[str, list[float]]] = {name: {} for name in runs}
    queries = [*bench_core.QUERIES, *SHORT]
    for repeat in range(args.repeats):
        for query in queries:
            names = list(runs) if repeat % 2 == 0 else list(reversed(runs))
            for name in names:
                t0 = time.perf_counter()
                runs[name](query)
                times[name].setdefault(query, []).append(time.perf_counter() - t0)
    for query in bench_core.QUERIES:
        if top(query) != full(query):
            raise SystemExit(f"bench_search: top-k and the full ranking differ for {query!r}")

    print(f"vault: {path}: {len(index)} notes indexed; {args.repeats} repeats, alternated")
    for name in runs:
        main_queries = sorted(t for q in bench_core.QUERIES for t in times[name][q])
        p50 = statistics.median(main_queries) * 1000
        p95 = bench_core.percentile(main_queries, 0.95) * 1000
        short = ", ".join(f"{q!r} {statistics.median(times[name][q]) * 1000:.1f}" for q in SHORT)
        print(
            f"{name}: p50 {p50:.1f} / p95 {p95:.1f} / max {main_queries[-1] * 1000:.1f} ms; "
            f"one and two letters (median, ms): {short}"
        )
    journal.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
