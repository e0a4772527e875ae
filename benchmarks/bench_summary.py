"""Benchmark: a de-identified consultation summary of a 200-note case (budget: under 1 s).

Builds (or reuses) a vault in bench-out/ holding one 200-note demo case. The vault uses the
TESTING KDF parameters (KdfPolicy.testing()), which only makes creating and unlocking it
quick; the figure measured here is build_summary alone, over the whole range, with every
note's assessment-like section as an excerpt and the reflection included. p50 of 5 runs.

    python benchmarks/bench_summary.py [--out bench-out]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from casenotes.core.demo import generate_demo
from casenotes.core.export import SummaryRequest, build_summary, numbered_sessions
from casenotes.core.export.summary import assessment_section
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy

PASSPHRASE = "benchmark passphrase: quiet harbour lantern 2041"
NOTES = 200
RUNS = 5
BUDGET_S = 1.0


def vault(out: Path) -> Journal:
    path = out / "summary-200.vault"
    policy = KdfPolicy.testing()
    if path.exists():
        journal = Journal.open(path, policy)
        journal.unlock(PASSPHRASE, daily_backup=False)
        return journal
    out.mkdir(parents=True, exist_ok=True)
    journal = Journal.create(path, PASSPHRASE, policy, check_strength=False).journal
    journal.import_bundles(generate_demo(cases=1, notes=NOTES, seed=11))
    return journal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    args = parser.parse_args()
    journal = vault(args.out)
    try:
        case = max(journal.list_cases(), key=lambda c: len(journal.notes_for_case(c.id)))
        started = time.perf_counter()
        notes = journal.notes_for_case(case.id)
        goals = journal.goals_for_case(case.id)
        library = journal.prompt_library()
        read_s = time.perf_counter() - started
        numbered = numbered_sessions(notes)
        excerpts = tuple(
            (n.id, key) for n in numbered if (key := assessment_section(n)) is not None
        )
        request = SummaryRequest(
            case.id, question="What might I be missing?", include_reflection=True, excerpts=excerpts
        )
        times, draft = [], None
        for _ in range(RUNS):
            t0 = time.perf_counter()
            draft = build_summary(case, notes, goals, library, request)
            times.append(time.perf_counter() - t0)
        # The worst a practitioner could ask for: every section of every note.
        everything = tuple(
            (n.id, key) for n in numbered for key, text in n.sections.items() if text.strip()
        )
        whole = SummaryRequest(
            case.id,
            question="What might I be missing?",
            include_reflection=True,
            excerpts=everything,
        )
        whole_times, whole_draft = [], None
        for _ in range(RUNS):
            t0 = time.perf_counter()
            whole_draft = build_summary(case, notes, goals, library, whole)
            whole_times.append(time.perf_counter() - t0)
    finally:
        journal.lock()
    assert draft is not None
    p50 = statistics.median(times)
    print("vault KDF: KdfPolicy.testing() (cheap parameters; not what the app uses)")
    print(
        f"case notes: {len(numbered)} live, {len(excerpts)} excerpts, "
        f"{len(draft.source):,} characters, {len(draft.spans)} findings"
    )
    print(f"read notes, goals and prompts: {read_s * 1000:.1f} ms")
    print(
        f"build_summary p50 of {RUNS}: {p50 * 1000:.1f} ms "
        f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"
    )
    print(f"budget {BUDGET_S * 1000:.0f} ms: {'OK' if p50 < BUDGET_S else 'OVER BUDGET'}")
    assert whole_draft is not None
    whole_p50 = statistics.median(whole_times)
    print(
        f"every section of every note: {len(everything)} excerpts, "
        f"{len(whole_draft.source):,} characters, {len(whole_draft.spans)} findings"
    )
    print(
        f"build_summary p50 of {RUNS}: {whole_p50 * 1000:.1f} ms "
        f"(min {min(whole_times) * 1000:.1f}, max {max(whole_times) * 1000:.1f}); "
        f"budget: {'OK' if whole_p50 < BUDGET_S else 'OVER BUDGET'}"
    )


if __name__ == "__main__":
    main()
