"""Re-key kill test: a writer process re-keys a vault (``Journal.rekey``: a new data key, a
new recovery key and a new passphrase) and is killed with SIGKILL at a random moment; after
every kill exactly one pair of secrets opens the vault, and every record decrypts.

Each round copies a base vault (``KdfPolicy.testing()``, fictional demo notes), starts a writer
(this script, ``writer`` sub-command) that unlocks it with the old passphrase, prints
``ready``, then re-keys it, printing ``progress DONE TOTAL`` as it goes and ``done`` when the
call returned. The parent kills it after a seeded random delay spread over the time a re-key
takes (0 to 1 times it, measured once, unkilled, at the start), waits for it to die, and checks:

- either the old passphrase and the old recovery key open the vault and the new ones do not,
  or the other way round: never both pairs, never neither, never one secret of each pair;
- with the pair that opens it, ``verify()`` is intact (the manifest included), every note
  decrypts (``all_notes`` has them all and ``damaged`` stays empty) and the whole vault
  exports to exactly what the base vault exports;
- a writer that printed ``done`` left the new pair.

The summary counts kills that landed before re-sealing began, during it (after at least one
``progress`` line, before ``done``) and after ``done``.

    python benchmarks/rekey_kill_test.py --kills 50 [--seed S] [--notes 600]

tests/core/test_rekey_kill.py imports this file and runs a short version. All content is
fictional.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from casenotes.core.demo import generate_demo
from casenotes.core.interchange import dumps_interchange
from casenotes.core.journal import Journal
from casenotes.core.vault.errors import BadRecoveryKeyError, WrongPassphraseError
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.core.vault.recovery import format_recovery_key

SCRIPT = Path(__file__).resolve()
OLD_PASSPHRASE = "Otter lantern quarry 58 mosaic drift"
NEW_PASSPHRASE = "Harbour velvet ninety-3 kettle spruce"
OLD_RECOVERY = bytes(range(0x10, 0x30))
NEW_RECOVERY = bytes(range(0x30, 0x50))


def create_vault(path: Path, notes: int) -> str:
    """A base vault with ``notes`` fictional notes; returns the SHA-256 of its export."""
    created = Journal.create(path, OLD_PASSPHRASE, KdfPolicy.testing(), recovery_key=OLD_RECOVERY)
    journal = created.journal
    try:
        journal.import_bundles(generate_demo(cases=max(1, notes // 40), notes=notes, seed=7))
        return export_digest(journal)
    finally:
        journal.lock()


def export_digest(journal: Journal) -> str:
    return hashlib.sha256(dumps_interchange(journal.export_bundles())).hexdigest()


def _emit(*fields: str) -> None:
    os.write(1, (" ".join(fields) + "\n").encode("ascii"))


def run_writer(vault: Path) -> NoReturn:
    journal = Journal.open(vault, KdfPolicy.testing())
    journal.unlock(OLD_PASSPHRASE, daily_backup=False)
    _emit("ready")
    journal.rekey(
        OLD_PASSPHRASE,
        new_passphrase=NEW_PASSPHRASE,
        recovery_key=NEW_RECOVERY,
        check_strength=False,
        progress=lambda done, total: _emit("progress", str(done), str(total)),
    )
    _emit("done")
    journal.lock()
    os._exit(0)


def _opens(vault: Path, passphrase: str | None = None, recovery: bytes | None = None) -> bool:
    journal = Journal.open(vault, KdfPolicy.testing())
    try:
        if passphrase is not None:
            journal.unlock(passphrase, daily_backup=False)
        else:
            assert recovery is not None
            journal.unlock_with_recovery_key(format_recovery_key(recovery), daily_backup=False)
    except (WrongPassphraseError, BadRecoveryKeyError):
        return False
    journal.lock()
    return True


def check_vault(vault: Path, expected_export: str, notes: int, finished: bool) -> list[str]:
    old = (_opens(vault, OLD_PASSPHRASE), _opens(vault, recovery=OLD_RECOVERY))
    new = (_opens(vault, NEW_PASSPHRASE), _opens(vault, recovery=NEW_RECOVERY))
    if old == (True, True) and new == (False, False):
        if finished:
            return ["the writer acknowledged the re-key, but the old secrets still open it"]
        passphrase = OLD_PASSPHRASE
    elif new == (True, True) and old == (False, False):
        passphrase = NEW_PASSPHRASE
    else:
        return [f"secrets: old passphrase/recovery {old}, new {new}"]
    journal = Journal.open(vault, KdfPolicy.testing())
    journal.unlock(passphrase, daily_backup=False)
    try:
        problems = []
        report = journal.verify()
        if not report.intact:
            problems.append(f"verify: {report.integrity} {report.damaged} {report.manifest}")
        if len(journal.all_notes()) != notes or journal.damaged:
            problems.append(
                f"notes: {len(journal.all_notes())} of {notes} read, {len(journal.damaged)} damaged"
            )
        if export_digest(journal) != expected_export:
            problems.append("the records read back differ from the base vault's")
        return problems
    finally:
        journal.lock()


@dataclass
class Summary:
    kills: int = 0
    before: int = 0
    during: int = 0
    after: int = 0
    seconds: float = 0.0
    rekey_seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [
            f"kills: {self.kills} (before re-sealing {self.before}, during {self.during}, "
            f"after it returned {self.after}); one re-key takes {self.rekey_seconds:.2f} s; "
            f"{self.seconds:.1f} s in all",
            f"failures: {len(self.failures)}",
        ]
        lines.extend(f"  {f}" for f in self.failures)
        return "\n".join(lines)


def run_round(vault: Path, delay_s: float | None) -> tuple[str, float]:
    """Start a writer; kill it ``delay_s`` after ``ready`` (None: let it finish). Returns the
    last state it reported (ready, progress, done) and the seconds from ready to its end."""
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), "writer", "--vault", str(vault)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    state = "started"
    ready = threading.Event()
    started = [0.0]

    def read() -> None:
        nonlocal state
        assert process.stdout is not None
        for raw in process.stdout:
            word = raw.decode("ascii", "replace").split()[0] if raw.strip() else ""
            if word == "ready":
                started[0] = time.perf_counter()
                ready.set()
            if word in ("ready", "progress", "done"):
                state = word
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    ready.wait(timeout=60)
    if delay_s is not None:
        time.sleep(delay_s)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=120)
    reader.join(timeout=10)
    process.stdout.close()
    return state, time.perf_counter() - started[0]


def run(kills: int, seed: int, workdir: Path, *, notes: int = 600) -> Summary:
    rng = random.Random(seed)
    summary = Summary()
    began = time.perf_counter()
    base = workdir / "base" / "base.vault"
    expected = create_vault(base, notes)
    # One unkilled re-key: how long it takes, and that it works at all.
    vault = workdir / "round" / "rekey.vault"
    _fresh_copy(base, vault)
    state, summary.rekey_seconds = run_round(vault, None)
    if state != "done":
        summary.failures.append(f"an unkilled re-key ended at {state!r}")
        return summary
    summary.failures += check_vault(vault, expected, notes, finished=True)
    for number in range(kills):
        _fresh_copy(base, vault)
        delay = rng.uniform(0.0, summary.rekey_seconds)
        state, _ = run_round(vault, delay)
        summary.kills += 1
        if state == "done":
            summary.after += 1
        elif state == "progress":
            summary.during += 1
        else:
            summary.before += 1
        summary.failures += [
            f"kill {number + 1} ({state}, {delay * 1000:.0f} ms): {problem}"
            for problem in check_vault(vault, expected, notes, finished=state == "done")
        ]
    summary.seconds = time.perf_counter() - began
    return summary


def _fresh_copy(base: Path, vault: Path) -> None:
    if vault.parent.exists():
        shutil.rmtree(vault.parent)
    vault.parent.mkdir(mode=0o700)
    shutil.copyfile(base, vault)
    os.chmod(vault, 0o600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    writer = sub.add_parser("writer")
    writer.add_argument("--vault", type=Path, required=True)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--notes", type=int, default=600)
    args = parser.parse_args(argv)
    if args.command == "writer":
        run_writer(args.vault)
    with tempfile.TemporaryDirectory(prefix="casenotes-rekey-kill-") as folder:
        summary = run(args.kills, args.seed, Path(folder), notes=args.notes)
    print(summary.text())
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
