"""Start-up, whole processes, alternated in one run: ``casenotes --version``, start to the
unlock page painted (bench_gui's child process, and the ``casenotes gui`` command's own way,
through the command line and ``run_gui``), and ``casenotes search`` (Argon2id included).
With ``--base-src DIR`` (the ``src`` folder of another checkout, e.g. made with
``git archive REV src | tar -x -C /tmp/base``), each measure is taken for that code too
(put first on PYTHONPATH), alternating with this one, so the two see the same load.

    python benchmarks/bench_startup.py [--rounds 7] [--base-src /tmp/base/src]

Prints min / median / max in seconds, of the wall clock and of the CPU time (user + system)
the process used: under load the wall clock also counts the time the process waited for a
core, the CPU time much less so. Uses bench_core.py's 10,000-note vault.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import bench_core
import bench_gui

RUN_CLI = (
    "import sys; from casenotes.cli.main import entry_point; "
    "sys.argv[0] = 'casenotes'; entry_point()"
)

# ``casenotes gui``, the way the installed command runs it, until the window's first paint.
# The modules are imported in the order the command imports them (the command line, then
# ``casenotes.ui.app`` and the window, as ``cmd_gui`` and ``run_gui`` do first).
GUI_CHILD = r"""
import sys
from casenotes.cli.main import entry_point
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import casenotes.ui.app
from casenotes.ui.main_window import MainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: QApplication.exit(0))
        return False

spy = FirstPaint()
shown = MainWindow.show

def show(window):
    page = window.unlock_page
    assert page is not None, "no unlock page: is the vault there?"
    page.installEventFilter(spy)
    shown(window)

MainWindow.show = show
sys.argv[0] = "casenotes"
entry_point()
"""


def gui_command_to_unlock_page(vault: Path, env: dict[str, str]) -> float:
    """Start to the unlock page painted, ``casenotes gui --vault VAULT`` in a child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", GUI_CHILD, "gui", "--vault", str(vault)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - t0
    proc.wait(timeout=bench_gui.TIMEOUT_S)
    if line.strip() != "painted":
        raise SystemExit(f"bench_startup: the window did not paint (exit {proc.returncode})")
    return elapsed


def children_cpu() -> float:
    """CPU seconds (user + system) of every child process waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def spread(values: list[float]) -> str:
    return (
        " / ".join(f"{v:.3f}" for v in (min(values), statistics.median(values), max(values))) + " s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--base-src", type=Path, default=None)
    parser.add_argument("--vault", type=Path, default=Path("bench-out/bench-10000-300.vault"))
    args = parser.parse_args()
    if not args.vault.exists():
        raise SystemExit(f"bench_startup: {args.vault} is missing; run bench_core.py first")
    variants = ["this"] + (["base"] if args.base_src else [])
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="casenotes-bench-startup-") as tmp:
        folder = Path(tmp)
        vault = folder / "casenotes.vault"
        shutil.copy2(args.vault, vault)
        secret = folder / "passphrase"
        secret.write_text(bench_core.PASSPHRASE + "\n")
        query = folder / "query"
        query.write_text("boundaries\n")
        search = [
            "search",
            "--vault",
            str(vault),
            "--passphrase-file",
            str(secret),
            "--query-file",
            str(query),
            "--limit",
            "50",
        ]
        for round_ in range(args.rounds):
            order = variants if round_ % 2 == 0 else variants[::-1]
            for measure in ("--version", "unlock page", "unlock page, casenotes gui", "search"):
                for variant in order:
                    env = dict(os.environ)
                    env.pop("PYTHONPATH", None)
                    if variant == "base":
                        env["PYTHONPATH"] = str(args.base_src.resolve())
                    cpu_before = children_cpu()
                    if measure == "unlock page, casenotes gui":
                        elapsed = gui_command_to_unlock_page(vault, env)
                    elif measure == "unlock page":
                        saved = dict(os.environ)
                        os.environ.clear()
                        os.environ.update(env)
                        try:
                            elapsed = bench_gui.start_to_unlock_page(vault)
                        finally:
                            os.environ.clear()
                            os.environ.update(saved)
                    else:
                        argv = ["--version"] if measure == "--version" else search
                        t0 = time.perf_counter()
                        subprocess.run(
                            [sys.executable, "-c", RUN_CLI, *argv],
                            env=env,
                            check=True,
                            capture_output=True,
                        )
                        elapsed = time.perf_counter() - t0
                    results.setdefault(f"{measure} ({variant})", []).append(elapsed)
                    cpu = children_cpu() - cpu_before
                    results.setdefault(f"{measure} ({variant}), CPU", []).append(cpu)
    print(f"{args.rounds} rounds, alternated; min / median / max")
    for name, values in results.items():
        print(f"{name}: {spread(values)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
