"""The window at 10,000 notes: how long the practitioner waits, and how long the event loop
is ever blocked. Offscreen Qt; prints one figure per line, no assertions.

    python benchmarks/bench_gui.py [--vault bench-out/bench-10000-300.vault]
        [--text-scale 2 [--plain-indicators | --count-indicator-calls]]

(QT_QPA_PLATFORM defaults to offscreen here.)

Uses the vault bench_core.py builds (standard KDF; run that first if it is missing), copied
into a temporary folder so the day's backups land there and not beside the original.

- start to unlock page: a separate ``python -c`` process that imports casenotes.ui, builds
  the MainWindow and shows it; measured from just before the process is launched to the
  first Paint event of the unlock page (the child reports it on stdout).
- unlock beyond the KDF: from the end of the Argon2id derivation (timed inside the real
  unlock) to the workspace shown with the case list filled, in this process.
- open C-BIG (200 notes: until its notes are listed), switch notes (p50 over 20), search as
  you type (each keystroke to the notes' results shown, with the following paint, p50/p95).
- event loop blocked: a 10 ms PreciseTimer records how late each tick is; the longest
  lateness is printed per step and overall, the overall one with where the GUI thread was
  (a helper thread samples its Python stack while a tick is overdue). It runs from the
  window's first show, as the app makes it (the journal opened after the first paint),
  through TYPING_S of passphrase typing, the unlock, and every step below. Building the
  window before it is on screen is printed apart: nothing is on screen to block yet; it is
  part of "start to unlock page".
- busiest turn: the most CPU time the GUI thread itself spent between two ticks, per step
  and overall. A busy machine stretches a block (the thread waits for a core, or for the
  GIL) but not this: it is the work of the longest turn, comparable across loads.

Run it beside a CPU hog (``python -c "while 1: pass" &``) to see the window under load.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer
from PySide6.QtTest import QTest

from casenotes.core.vault import header as header_module
from casenotes.core.vault.kdf import KdfParams, derive_kek

PASSPHRASE = "benchmark passphrase: quiet harbour lantern 2041"
DEFAULT_VAULT = Path("bench-out/bench-10000-300.vault")
QUERIES = ["boundaries", "agreement", "partner agreement", "screening", "jealousy"]
SWITCHES = 20
TYPING_S = 1.5  # the unlock page is up this long before Unlock is clicked
TIMEOUT_S = 300.0

CHILD = r"""
import sys, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from casenotes.ui.app import create_application
from casenotes.ui.main_window import MainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
            watched.removeEventFilter(self)
        return False

app = create_application()
try:
    window = MainWindow(Path(sys.argv[1]), open_after_paint=True)  # as the app does
except TypeError:  # an older checkout's window (bench_startup.py --base-src)
    window = MainWindow(Path(sys.argv[1]))
window.resize(1280, 800)
page = window.unlock_page
assert page is not None, "no unlock page: is the vault there?"
spy = FirstPaint()
page.installEventFilter(spy)
window.show()
app.exec()
if window.journal is not None:
    window.journal.lock()
"""


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def memory() -> str:
    """Resident memory now and the peak so far (Linux /proc; the peak alone elsewhere)."""
    status = Path("/proc/self/status")
    if status.exists():
        fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        now, peak = (int(fields[k].split()[0]) // 1024 for k in ("VmRSS", "VmHWM"))
        return f"{now} MB resident, peak so far {peak} MB"
    return f"peak so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"


def children_peak() -> str:
    """The largest peak resident memory of the child processes ended so far (the start-up
    measure's and, where the key is derived in one, the key-derivation helper's)."""
    return f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024} MB"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


HERE = str(Path(__file__).resolve().parent)
BLOCK_REPORT_S = 0.025  # a tick this late is sampled for where the GUI thread was


def _where(frame: FrameType | None) -> str:
    """Which of our handlers the GUI thread was in: the three outermost casenotes frames (what
    the event loop called, and what that called); the benchmark's own frames and the standard
    library are skipped. Without line numbers, so the samples of one handler add up."""
    ours: list[str] = []
    while frame is not None:
        path = frame.f_code.co_filename
        if "casenotes" in path and not path.startswith(HERE):
            name = path.split("casenotes", 1)[1].lstrip("/\\")
            ours.append(f"{name} {frame.f_code.co_name}")
        frame = frame.f_back
    if not ours:
        return "in Qt or waiting (no casenotes frame)"
    return " > ".join(reversed(ours[-3:]))


class GcWatch:
    """Every garbage collection's pause (on whichever thread it ran: it holds the GIL, so
    the GUI thread waits on it either way), per step of the benchmark."""

    def __init__(self) -> None:
        self._started = 0.0
        self.pauses: list[float] = []

    def __enter__(self) -> GcWatch:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *_exc: object) -> None:
        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self._started:
            self.pauses.append(time.perf_counter() - self._started)

    def take(self) -> str:
        pauses, self.pauses = self.pauses, []
        if not pauses:
            return "none"
        return f"{len(pauses)} collections, {ms(sum(pauses))} in all, longest {ms(max(pauses))}"


class LagMonitor(QObject):
    """A 10 ms timer on the GUI thread; how late each tick arrives is how long the event
    loop was busy with something else. A helper thread looks at the GUI thread's Python
    stack whenever a tick is overdue, so the longest block is printed with where it was."""

    def __init__(self) -> None:
        super().__init__()
        self.interval_ms = 10
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._last = self._started = time.perf_counter()
        # The GUI thread's own CPU time between ticks: the work of the longest turn, apart
        # from the time it waited for a core or for the GIL (which a busy machine adds).
        self._cpu_last = time.thread_time()
        self.worst_cpu = 0.0
        self.worst_cpu_overall = 0.0
        self.worst = 0.0
        self.worst_overall = 0.0
        self.worst_where = ""
        self.worst_step_where = ""
        self.worst_step = ""
        self.step = "start"
        self.verbose = False  # print every block of BLOCK_REPORT_S or more
        self._gui_thread = threading.get_ident()
        self._samples: Counter[str] = Counter()
        self._states: Counter[str] = Counter()
        self._stat_path = Path(f"/proc/self/task/{threading.get_native_id()}/stat")
        self._lock = threading.Lock()
        self._running = False
        self._sampler: threading.Thread | None = None

    def start(self) -> None:
        self._last = self._started = time.perf_counter()
        self._cpu_last = time.thread_time()
        self._timer.start(self.interval_ms)
        self._running = True
        self._sampler = threading.Thread(target=self._sample, name="lag-sampler", daemon=True)
        self._sampler.start()

    def stop(self) -> None:
        self._timer.stop()
        self._running = False
        if self._sampler is not None:
            self._sampler.join()

    def _sample(self) -> None:
        while self._running:
            time.sleep(0.004)
            overdue = time.perf_counter() - self._last - self.interval_ms / 1000
            if overdue < BLOCK_REPORT_S:
                continue
            where = _where(sys._current_frames().get(self._gui_thread))
            with self._lock:
                self._samples[where] += 1
                self._states[self._gui_state()] += 1

    def _gui_state(self) -> str:
        """R: the GUI thread is running or waiting for a core; S/D: it sleeps (on the GIL,
        a lock or I/O). Linux only; "?" elsewhere."""
        try:
            stat = self._stat_path.read_text()
        except OSError:
            return "?"
        return stat.rsplit(")", 1)[1].split()[0]

    def _tick(self) -> None:
        now = time.perf_counter()
        late = max(0.0, now - self._last - self.interval_ms / 1000)
        self._last = now
        cpu_now = time.thread_time()
        cpu, self._cpu_last = cpu_now - self._cpu_last, cpu_now
        self.worst_cpu = max(self.worst_cpu, cpu)
        self.worst_cpu_overall = max(self.worst_cpu_overall, cpu)
        with self._lock:
            samples, self._samples = self._samples, Counter()
            states, self._states = self._states, Counter()
        where = "not sampled"
        if samples:
            top, count = samples.most_common(1)[0]
            where = f"{top} ({count / sum(samples.values()):.0%} of samples)"
        if states:
            running = states["R"] / sum(states.values())
            where += f"; running or runnable in {running:.0%}"
        if late > self.worst:
            self.worst, self.worst_step_where = late, where
        if late >= BLOCK_REPORT_S and self.verbose:
            print(
                f"  block {ms(late)} ending at +{now - self._started:.3f} s, while {self.step}, "
                f"at {where}; {ms(cpu)} of GUI-thread CPU"
            )
        if late > self.worst_overall:
            self.worst_overall = late
            self.worst_step = self.step
            self.worst_where = where

    def take(self, next_step: str) -> str:
        """The worst lateness since the last call, and where (when it was long enough to be
        sampled); then start a new step."""
        self._tick()
        worst, self.worst = self.worst, 0.0
        cpu, self.worst_cpu = self.worst_cpu, 0.0
        self.step = next_step
        busiest = f" (busiest turn: {ms(cpu)} of GUI-thread CPU)"
        if worst < BLOCK_REPORT_S:
            return ms(worst) + busiest
        return f"{ms(worst)}, at {self.worst_step_where}{busiest}"


def pump_until(condition: Callable[[], bool], what: str) -> None:
    end = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > end:
            raise SystemExit(f"bench_gui: timed out waiting for {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def settle() -> None:
    """Deliver what is pending (layouts, the paint that shows the result)."""
    QCoreApplication.processEvents()


def start_to_unlock_page(vault: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(vault)], env=env, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - t0
    proc.wait(timeout=TIMEOUT_S)
    if line.strip() != "painted":
        raise SystemExit(f"bench_gui: the child process did not paint (exit {proc.returncode})")
    return elapsed


class IndicatorCalls:
    """Counts the scaled-indicator style's pixelMetric calls (each one Qt makes into Python)
    and the time spent in them, timing included."""

    def __init__(self) -> None:
        from casenotes.ui.indicator_style import ScaledIndicators

        self.calls = 0
        self.spent = 0.0
        original = ScaledIndicators.pixelMetric

        def counted(style: ScaledIndicators, *args: object) -> int:
            t0 = time.perf_counter()
            try:
                return original(style, *args)  # type: ignore[arg-type]
            finally:
                self.spent += time.perf_counter() - t0
                self.calls += 1

        ScaledIndicators.pixelMetric = counted  # type: ignore[method-assign,assignment]

    def report(self) -> str:
        return f"{self.calls} calls, {ms(self.spent)} in them"


def plain_indicators() -> None:
    """Larger text without the scaled-indicator style (to see what the style costs)."""
    from PySide6.QtWidgets import QStyleFactory

    from casenotes.ui import app as app_module

    app_module.style_for = lambda base, _scale: QStyleFactory.create(base)  # type: ignore[assignment]


def in_process(
    vault: Path,
    *,
    verbose: bool = False,
    text_scale: float = 1.0,
    indicator_calls: IndicatorCalls | None = None,
) -> None:
    kdf_done: list[float] = []
    kdf_times: list[float] = []

    def timed_kdf(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
        t0 = time.perf_counter()
        try:
            return derive_kek(passphrase, salt, params)
        finally:
            kdf_done.append(time.perf_counter())
            kdf_times.append(kdf_done[-1] - t0)

    header_module.derive_kek = timed_kdf  # type: ignore[assignment]

    from casenotes.ui import main_window
    from casenotes.ui.app import create_application
    from casenotes.ui.main_window import MainWindow

    app = create_application()
    if text_scale != 1.0:
        from casenotes.ui.app import apply_font_size

        # As the Settings' text size sets it (and tools/screenshots.py): larger text also
        # brings the scaled check-box and radio indicators (ui/indicator_style.py).
        apply_font_size(round(app.font().pointSizeF() * text_scale))
        style = app.style()
        print(f"text size: {text_scale:.0%} ({app.font().pointSize()} pt), style {style.name()}")
    lag = LagMonitor()
    lag.verbose = verbose

    t0 = time.perf_counter()
    window = MainWindow(vault, open_after_paint=True)  # as the app makes it
    window.resize(1280, 800)
    print(f"window built, before anything is on screen: {ms(time.perf_counter() - t0)}")
    lag.start()
    window.show()
    page = window.unlock_page
    assert page is not None
    pump_until(page.isVisible, "the unlock page")
    settle()
    print(f"event loop blocked, showing the unlock page: {lag.take('typing')}")
    print(f"memory, the unlock page shown: {memory()}")
    # The passphrase is typed: the journal opens and the workspace is imported meanwhile.
    typing_ends = time.perf_counter() + TYPING_S
    pump_until(lambda: time.perf_counter() > typing_ends, "the typing")
    pump_until(lambda: window.journal is not None, "the journal")
    preloaded = getattr(main_window, "_preloaded", None)  # not in older checkouts
    if preloaded is not None:
        pump_until(preloaded.is_set, "the workspace's imports")
    print(
        f"event loop blocked, the passphrase typed ({TYPING_S:.1f} s, or until the journal "
        f"is open and the workspace imported): "
        f"{lag.take('unlock')}"
    )
    print(f"memory, before the kdf (journal and workspace imported): {memory()}")
    print(f"memory, the child processes' largest peak before the unlock: {children_peak()}")

    collections = GcWatch().__enter__()
    # ---- unlock ------------------------------------------------------------------------
    page.passphrase.edit.setText(PASSPHRASE)
    clicked = time.perf_counter()
    page.unlock_button.click()

    def usable() -> bool:
        ws = window.workspace
        return ws is not None and ws.isVisible() and ws.case_model.rowCount() > 0

    pump_until(usable, "the workspace")
    settle()
    shown = time.perf_counter()
    workspace = window.workspace
    assert workspace is not None
    print(f"kdf (argon2id, on the worker): {ms(kdf_times[-1])}")
    print(f"memory, the workspace shown (the kdf's memory freed): {memory()}")
    print(
        f"memory, the child processes' largest peak after the kdf (the key-derivation "
        f"helper's, where it ran): {children_peak()}"
    )
    print(
        f"unlock beyond the kdf to a usable window "
        f"({workspace.case_model.rowCount()} cases listed): {ms(shown - kdf_done[-1])}"
    )
    print(f"unlock click to a usable window (incl. kdf): {ms(shown - clicked)}")
    pump_until(workspace.search.is_ready, "the search index")
    print(
        f"unlock click to search ready (dates scan + index, on the worker): "
        f"{ms(time.perf_counter() - clicked)}"
    )
    pump_until(lambda: not window.tasks.busy, "the daily backup")  # no waitForDone here
    settle()
    print(f"event loop blocked, unlock until search ready: {lag.take('opening C-BIG')}")
    print(f"garbage collection, unlock until search ready: {collections.take()}")
    print(f"memory, search ready: {memory()}")

    # ---- open the case of 200 notes ------------------------------------------------------
    big = next(c for c in workspace.case_model.cases() if c.code == "C-BIG")
    t0 = time.perf_counter()
    workspace.case_list.select_case(big.id)
    # The case shows at once; its notes are read on a worker (not in older checkouts).
    reading = getattr(workspace, "is_reading_notes", lambda: False)
    pump_until(
        lambda: (c := workspace.current_case()) is not None and c.id == big.id and not reading(),
        "C-BIG and its notes",
    )
    settle()
    opened = time.perf_counter() - t0
    notes = sorted(workspace.case_view.notes(), key=lambda n: n.session_date, reverse=True)
    print(f"open a case of {len(notes)} notes (C-BIG): {ms(opened)}")
    print(f"event loop blocked, opening C-BIG: {lag.take('switching notes')}")

    # ---- switch between notes --------------------------------------------------------------
    switches: list[float] = []
    for i in range(SWITCHES):
        note = notes[i % len(notes)]
        t0 = time.perf_counter()
        workspace.open_note(big.id, note.id)
        pump_until(lambda n=note.id: workspace.editor.note_id() == n, "a note")
        settle()
        switches.append(time.perf_counter() - t0)
    print(f"switch note p50 (over {SWITCHES}): {ms(statistics.median(switches))}")
    print(f"switch note max: {ms(max(switches))}")
    print(f"event loop blocked, switching notes: {lag.take('searching')}")

    # ---- search as you type ----------------------------------------------------------------
    field = workspace.search.field
    resets = [0]
    workspace.search.model.modelReset.connect(lambda: resets.__setitem__(0, resets[0] + 1))
    keystrokes: list[float] = []
    searching = getattr(workspace.search, "is_searching", lambda: False)  # older: in place
    for query in QUERIES:
        workspace.focus_search()
        field.clear()
        settle()
        for ch in query:
            before = resets[0]
            t0 = time.perf_counter()
            QTest.keyClicks(field, ch)
            # Until the notes are shown: the worker's answer (the cases may come first).
            pump_until(lambda b=before: resets[0] > b and not searching(), "search results")
            settle()
            keystrokes.append(time.perf_counter() - t0)
    debounce = workspace.search.debounce_ms
    print(
        f"search as you type, keystroke to results shown p50 ({len(keystrokes)} keys, "
        f"{debounce} ms debounce included): {ms(statistics.median(keystrokes))}"
    )
    print(f"search as you type p95: {ms(percentile(keystrokes, 0.95))}")
    print(f"event loop blocked, searching: {lag.take('closing')}")
    print(f"garbage collection, after search ready: {collections.take()}")
    print(f"memory, the end: {memory()}")
    collections.__exit__()
    if indicator_calls is not None:
        print(f"the scaled indicators' pixelMetric, the whole run: {indicator_calls.report()}")
    print(
        f"event loop blocked, longest overall: {ms(lag.worst_overall)}, "
        f"while {lag.worst_step}, at {lag.worst_where}"
    )
    print(f"busiest turn overall, GUI-thread CPU: {ms(lag.worst_cpu_overall)}")

    lag.stop()
    field.clear()
    window.close()
    settle()
    del app


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", type=Path, default=DEFAULT_VAULT)
    parser.add_argument(
        "--blocks", action="store_true", help="print every block of 25 ms or more, and where"
    )
    parser.add_argument(
        "--text-scale",
        type=float,
        default=1.0,
        help="the text size in the window, as a multiple of the system's (2 = 200%%); the "
        "separate start-up process keeps the system's",
    )
    parser.add_argument(
        "--plain-indicators",
        action="store_true",
        help="with --text-scale above 1, leave out the scaled check-box and radio indicators",
    )
    parser.add_argument(
        "--count-indicator-calls",
        action="store_true",
        help="count and time the scaled indicators' style calls (adds a timer to each)",
    )
    args = parser.parse_args()
    source: Path = args.vault
    if not source.exists():
        raise SystemExit(
            f"bench_gui: {source} is missing; build it with python benchmarks/bench_core.py"
        )
    with tempfile.TemporaryDirectory(prefix="casenotes-bench-gui-") as tmp:
        vault = Path(tmp) / "casenotes.vault"
        shutil.copy2(source, vault)
        from casenotes.ui import layout_memory

        layout_memory.use_file(Path(tmp) / "layout.ini")  # the user's own layout stays
        print(f"vault: copy of {source} ({vault.stat().st_size / 1e6:.1f} MB)")
        print(
            f"start to unlock page painted (new process: import, construct, show): "
            f"{ms(start_to_unlock_page(vault))}"
        )
        if args.plain_indicators:
            plain_indicators()
        in_process(
            vault,
            verbose=args.blocks,
            text_scale=args.text_scale,
            indicator_calls=IndicatorCalls() if args.count_indicator_calls else None,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
