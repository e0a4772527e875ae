"""Argon2id with the vault's parameters (256 MiB, 3 passes, 4 lanes): argon2-cffi, which
computes the lanes on threads (what Casenotes uses), beside pyca cryptography's one-thread
Argon2id (what it used before), alternated in one run. Both give the same key (checked).

    python benchmarks/bench_kdf.py [--rounds 7]

Prints min / median / max of wall-clock and CPU seconds (this process's, all threads) for
each, and the load average at the start and the end: with both cores busy elsewhere the
threads have nothing to run on, and the two come closer.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from casenotes.core.vault.kdf import DEFAULT_KDF, KEY_LENGTH, derive_kek, normalise_passphrase

PASSPHRASE = "benchmark passphrase: quiet harbour lantern 2041"
SALT = bytes(range(16))


def one_thread() -> bytes:
    return Argon2id(
        salt=SALT,
        length=KEY_LENGTH,
        iterations=DEFAULT_KDF.iterations,
        lanes=DEFAULT_KDF.lanes,
        memory_cost=DEFAULT_KDF.memory_kib,
    ).derive(normalise_passphrase(PASSPHRASE))


def threaded() -> bytes:
    return derive_kek(PASSPHRASE, SALT, DEFAULT_KDF)


def spread(values: list[float]) -> str:
    return " / ".join(f"{v:.3f}" for v in (min(values), statistics.median(values), max(values)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    print(f"load average at the start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    runs: dict[str, tuple[Callable[[], bytes], list[float], list[float]]] = {
        "argon2-cffi, lanes on threads": (threaded, [], []),
        "cryptography, one thread": (one_thread, [], []),
    }
    keys = set()
    for round_ in range(args.rounds):
        order = list(runs) if round_ % 2 == 0 else list(reversed(runs))
        for name in order:
            derive, walls, cpus = runs[name]
            cpu0, wall0 = time.process_time(), time.perf_counter()
            keys.add(derive())
            walls.append(time.perf_counter() - wall0)
            cpus.append(time.process_time() - cpu0)
    if len(keys) != 1:
        raise SystemExit("bench_kdf: the two derivations gave different keys")
    print(f"{args.rounds} rounds, alternated; min / median / max; the same key from both")
    for name, (_, walls, cpus) in runs.items():
        print(f"{name}: wall {spread(walls)} s; CPU {spread(cpus)} s")
    print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
