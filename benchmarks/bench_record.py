"""Benchmark: the case record of a 200-note case, as Markdown and as PDF (budget: 2 s each).

Builds (or reuses) a vault in bench-out/ holding one 200-note demo case. The vault uses the
TESTING KDF parameters (KdfPolicy.testing()), which only makes creating and unlocking it
quick. Each run is the whole path after "Export…": the journal reads and decrypts the case,
builds the record (every note, drafts and process notes included: the largest record), and
writes it out as Markdown, then as a PDF (Qt, offscreen, in memory). Min / median / max of
the runs, in seconds.

Then the window's own path after "Export…" (ui/record_export, the PDF written to a file in a
temporary folder, on a copy of the vault so the export log of bench-out's vault does not
grow): from the accepted options dialog to "Saved", once with the real task runner (the
case read, the record built and the file written on its worker) and once with everything
on the GUI thread (``SyncTaskRunner``; before this round the case was read and the record
built there, and only the file written on the worker). Beside each, the
longest the GUI thread's event loop went without answering: a 10 ms timer on it, and how
late its ticks arrive. The save dialog and the warning are answered by stubs. The GIL's
switch interval is the app's (ui/app.py).

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_record.py [--out bench-out] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from casenotes.core.demo import generate_demo
from casenotes.core.journal import Journal
from casenotes.core.record import RecordOptions
from casenotes.core.record.markdown import render_record
from casenotes.core.vault.kdf import KdfPolicy

PASSPHRASE = "benchmark passphrase: quiet harbour lantern 2041"
NOTES = 200
BUDGET_S = 2.0
OPTIONS = RecordOptions(include_drafts=True, include_process_notes=True)


def vault(out: Path) -> Journal:
    path = out / "record-200.vault"
    policy = KdfPolicy.testing()
    if path.exists():
        journal = Journal.open(path, policy)
        journal.unlock(PASSPHRASE, daily_backup=False)
        return journal
    out.mkdir(parents=True, exist_ok=True)
    journal = Journal.create(path, PASSPHRASE, policy, check_strength=False).journal
    journal.import_bundles(generate_demo(cases=1, notes=NOTES, seed=11))
    return journal


def timed(runs: int, fn: Callable[[], object]) -> tuple[list[float], list[float], object]:
    """Wall-clock and CPU seconds of each run (CPU time shows what a busy machine hides)."""
    wall: list[float] = []
    cpu: list[float] = []
    result: object = None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return wall, cpu, result


def line(name: str, wall: list[float], cpu: list[float]) -> str:
    return (
        f"{name}: min {min(wall):.3f} s, median {statistics.median(wall):.3f} s, "
        f"max {max(wall):.3f} s over {len(wall)} runs (CPU median "
        f"{statistics.median(cpu):.3f} s; budget {BUDGET_S:.1f} s)"
    )


def window_path(source: Path, runs: int, *, on_worker: bool) -> tuple[list[float], list[float]]:
    """Seconds from the accepted options dialog to "Saved", and the event loop's longest
    block in each run (seconds), through ``RecordExport`` with a real or a synchronous
    task runner."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QMessageBox, QWidget

    from casenotes.core.record import Release
    from casenotes.ui import record_export
    from casenotes.ui.app import GIL_SWITCH_INTERVAL_S
    from casenotes.ui.tasks import SyncTaskRunner, TaskRunner

    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    folder = Path(tempfile.mkdtemp(prefix="bench-record-"))
    try:
        copy = folder / source.name
        shutil.copy2(source, copy)
        target = folder / "record.pdf"
        record_export.get_save_file_name = lambda *args: (str(target), "")  # type: ignore[assignment]
        QMessageBox.warning = staticmethod(  # type: ignore[method-assign,assignment]
            lambda *args: QMessageBox.StandardButton.Save
        )
        QMessageBox.question = staticmethod(  # type: ignore[method-assign,assignment]
            lambda *args: QMessageBox.StandardButton.Yes  # individual sessions: included
        )
        journal = Journal.open(copy, KdfPolicy.testing())
        journal.unlock(PASSPHRASE, daily_backup=False)
        parent = QWidget()
        tasks = TaskRunner() if on_worker else SyncTaskRunner()
        try:
            case = max(journal.list_cases(), key=lambda c: len(journal.notes_for_case(c.id)))
            times: list[float] = []
            blocks: list[float] = []
            for _ in range(runs):
                export = record_export.RecordExport(parent, journal, case, tasks=tasks)
                loop = QEventLoop()
                export.done.connect(loop.quit)
                lateness = [0.0]
                last = [time.perf_counter()]

                def tick(lateness: list[float] = lateness, last: list[float] = last) -> None:
                    now = time.perf_counter()
                    lateness[0] = max(lateness[0], now - last[0] - 0.010)
                    last[0] = now

                timer = QTimer()
                timer.setTimerType(Qt.TimerType.PreciseTimer)
                timer.timeout.connect(tick)
                timer.start(10)
                started = time.perf_counter()
                last[0] = started
                QTimer.singleShot(0, lambda e=export: e._go(OPTIONS, "pdf", Release()))
                QTimer.singleShot(60_000, loop.quit)
                loop.exec()
                times.append(time.perf_counter() - started)
                timer.stop()
                blocks.append(max(lateness[0], time.perf_counter() - last[0] - 0.010, 0.0))
                if export.last_path is None:
                    raise RuntimeError("the record was not saved")
            return times, blocks
        finally:
            tasks.wait_idle()
            journal.lock()
            parent.deleteLater()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def window_line(name: str, times: list[float], blocks: list[float]) -> str:
    return (
        f"{name}: min {min(times):.3f} s, median {statistics.median(times):.3f} s, "
        f"max {max(times):.3f} s; event loop blocked at most {max(blocks) * 1000:.0f} ms "
        f"(median of the runs' longest {statistics.median(blocks) * 1000:.0f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from casenotes.ui.record_pdf import record_to_pdf

    journal = vault(args.out)
    try:
        case = max(journal.list_cases(), key=lambda c: len(journal.notes_for_case(c.id)))

        def markdown() -> bytes:
            return render_record(journal.case_record(case.id, OPTIONS)).encode("utf-8")

        def pdf() -> bytes:
            record = journal.case_record(case.id, OPTIONS)
            return record_to_pdf(record, render_record(record))

        pdf()  # Qt's first layout loads fonts once per process: not part of a record
        md_times, md_cpu, md_data = timed(args.runs, markdown)
        pdf_times, pdf_cpu, pdf_data = timed(args.runs, pdf)
        sessions = len(journal.case_record(case.id, OPTIONS).sessions)
    finally:
        journal.lock()
    assert isinstance(md_data, bytes) and isinstance(pdf_data, bytes)
    print("vault KDF: KdfPolicy.testing() (cheap parameters; not what the app uses)")
    print(
        f"record: {sessions} session notes, drafts and process notes included; "
        f"Markdown {len(md_data) / 1024:.0f} KiB, PDF {len(pdf_data) / 1024:.0f} KiB"
    )
    source = args.out / "record-200.vault"
    worker = window_path(source, args.runs, on_worker=True)
    here = window_path(source, args.runs, on_worker=False)
    print(line("Markdown (read, build, write)", md_times, md_cpu))
    print(line("PDF (read, build, lay out, draw)", pdf_times, pdf_cpu))
    print(window_line("window, PDF on the worker (read, build, write)", *worker))
    print(window_line("window, PDF all on the GUI thread (to compare)", *here))
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    worst = max(statistics.median(md_times), statistics.median(pdf_times))
    print("within budget" if worst <= BUDGET_S else "OVER BUDGET")


if __name__ == "__main__":
    main()
