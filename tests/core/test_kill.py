"""The kill test (benchmarks/kill_test.py) in the suite: a writer process saves, edits, signs
and adds addenda without pause and is killed with SIGKILL at random moments; after each kill
the vault opens, verifies intact and holds every acknowledged save (see the script's docstring
for exactly what is checked). A short run is part of the default suite; the 200-kill run is
marked slow (``--run-slow``). Interrupted passphrase changes are in test_faults.py.

All content is fictional; the vaults use ``KdfPolicy.testing()``."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

KILL_TEST = Path(__file__).resolve().parents[2] / "benchmarks" / "kill_test.py"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX SIGKILL")


def _kill_test() -> ModuleType:
    """benchmarks/kill_test.py as a module (the writer itself runs it as a script)."""
    name = "casenotes_benchmarks_kill_test"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, KILL_TEST)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_kill_short_run(tmp_path: Path) -> None:
    summary = _kill_test().run(8, seed=20240611, workdir=tmp_path, fresh_every=8)
    assert summary.failures == [], summary.text()
    assert summary.kills == 8
    counts = summary.counts
    assert counts.saves > 0 and counts.checks >= counts.acknowledged, summary.text()


@pytest.mark.slow
def test_kill_200_times(tmp_path: Path) -> None:
    summary = _kill_test().run(200, seed=1729, workdir=tmp_path)
    assert summary.failures == [], summary.text()
    assert summary.kills == 200
    counts = summary.counts
    assert min(counts.saves, counts.signs, counts.addenda) > 0, summary.text()


def test_the_checker_catches_a_writer_that_acknowledges_too_early(tmp_path: Path) -> None:
    """The check is not vacuous: a writer that prints its acknowledgement before saving is
    caught losing acknowledged saves when it is killed."""
    summary = _kill_test().run(6, seed=99, workdir=tmp_path, fresh_every=6, ack_early=True)
    assert any("acknowledged" in failure for failure in summary.failures), summary.text()


def test_a_torn_acknowledgement_is_not_counted(tmp_path: Path) -> None:
    """Protocol parsing: a begin without its ack leaves the operation pending, and output
    the writer never prints is reported."""
    kill_test = _kill_test()
    model = kill_test.VaultModel(tmp_path / "none.vault", recovery_key="")
    counts = kill_test.Counts()
    errors = kill_test.apply_lines(
        model,
        [
            "opening",
            "ready 0",
            "begin save n1 aaa",
            "ack save n1 aaa",
            "begin save n1 bbb",
            "nonsense",
        ],
        counts,
    )
    assert errors == ["unexpected writer output: 'nonsense'"]
    assert model.notes["n1"].saves == ["aaa"]
    assert model.notes["n1"].pending_save == "bbb"
    assert counts.acknowledged == 1
