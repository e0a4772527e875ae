"""The window at 10,000 notes: how long the practitioner waits, and how long the event loop
is ever blocked. Offscreen Qt; prints one figure per line, no assertions.

    python benchmarks/bench_gui.py [--vault bench-out/bench-10000-300.vault]

(QT_QPA_PLATFORM defaults to offscreen here.)

Uses the vault bench_core.py builds (standard KDF; run that first if it is missing), copied
into a temporary folder so the day's backups land there and not beside the original.

- start to unlock page: a separate ``python -c`` process that imports casenotes.ui, builds
  the MainWindow and shows it; measured from just before the process is launched to the
  first Paint event of the unlock page (the child reports it on stdout).
- unlock beyond the KDF: from the end of the Argon2id derivation (timed inside the real
  unlock) to the workspace shown with the case list filled, in this process.
- open C-BIG (200 notes), switch notes (p50 over 20), search as you type (each keystroke to
  the results model reset and the following paint, p50/p95).
- event loop blocked: a 10 ms PreciseTimer records how late each tick is; the longest
  lateness is printed per step and overall.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer
from PySide6.QtTest import QTest

from casenotes.core.vault import header as header_module
from casenotes.core.vault.kdf import KdfParams, derive_kek

PASSPHRASE = "benchmark passphrase: quiet harbour lantern 2041"
DEFAULT_VAULT = Path("bench-out/bench-10000-300.vault")
QUERIES = ["boundaries", "agreement", "partner agreement", "screening", "jealousy"]
SWITCHES = 20
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


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class LagMonitor(QObject):
    """A 10 ms timer on the GUI thread; how late each tick arrives is how long the event
    loop was busy with something else."""

    def __init__(self) -> None:
        super().__init__()
        self.interval_ms = 10
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._last = time.perf_counter()
        self.worst = 0.0
        self.worst_overall = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start(self.interval_ms)

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        late = max(0.0, now - self._last - self.interval_ms / 1000)
        self._last = now
        self.worst = max(self.worst, late)
        self.worst_overall = max(self.worst_overall, late)

    def take(self) -> float:
        """The worst lateness since the last call; then start a new step."""
        self._tick()
        worst, self.worst = self.worst, 0.0
        return worst


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


def in_process(vault: Path) -> None:
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

    from casenotes.ui.app import create_application
    from casenotes.ui.main_window import MainWindow

    app = create_application()
    lag = LagMonitor()
    lag.start()

    window = MainWindow(vault)
    window.resize(1280, 800)
    window.show()
    page = window.unlock_page
    assert page is not None
    pump_until(page.isVisible, "the unlock page")
    settle()
    print(f"event loop blocked, start (construction + show, in process): {ms(lag.take())}")

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
    window.tasks.wait_idle(int(TIMEOUT_S * 1000))
    settle()
    print(f"event loop blocked, unlock until search ready: {ms(lag.take())}")

    # ---- open the case of 200 notes ------------------------------------------------------
    big = next(c for c in workspace.case_model.cases() if c.code == "C-BIG")
    t0 = time.perf_counter()
    workspace.case_list.select_case(big.id)
    pump_until(lambda: (c := workspace.current_case()) is not None and c.id == big.id, "C-BIG")
    settle()
    opened = time.perf_counter() - t0
    notes = sorted(workspace.case_view.notes(), key=lambda n: n.session_date, reverse=True)
    print(f"open a case of {len(notes)} notes (C-BIG): {ms(opened)}")
    print(f"event loop blocked, opening C-BIG: {ms(lag.take())}")

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
    print(f"event loop blocked, switching notes: {ms(lag.take())}")

    # ---- search as you type ----------------------------------------------------------------
    field = workspace.search.field
    resets = [0]
    workspace.search.model.modelReset.connect(lambda: resets.__setitem__(0, resets[0] + 1))
    keystrokes: list[float] = []
    for query in QUERIES:
        workspace.focus_search()
        field.clear()
        settle()
        for ch in query:
            before = resets[0]
            t0 = time.perf_counter()
            QTest.keyClicks(field, ch)
            pump_until(lambda b=before: resets[0] > b, "search results")
            settle()
            keystrokes.append(time.perf_counter() - t0)
    debounce = workspace.search.debounce_ms
    print(
        f"search as you type, keystroke to results shown p50 ({len(keystrokes)} keys, "
        f"{debounce} ms debounce included): {ms(statistics.median(keystrokes))}"
    )
    print(f"search as you type p95: {ms(percentile(keystrokes, 0.95))}")
    print(f"event loop blocked, searching: {ms(lag.take())}")
    print(f"event loop blocked, longest overall: {ms(lag.worst_overall)}")

    lag.stop()
    field.clear()
    window.close()
    settle()
    del app


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", type=Path, default=DEFAULT_VAULT)
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
        in_process(vault)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
