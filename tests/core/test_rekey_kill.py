"""The re-key kill test (benchmarks/rekey_kill_test.py) in the suite: a writer process
re-keying a vault is killed with SIGKILL at random moments; afterwards exactly one of the old
and the new secrets opens it, and every record decrypts. A short run is part of the default
suite; a longer one is marked slow (``--run-slow``). All content is fictional."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "rekey_kill_test.py"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX SIGKILL")


def _script() -> ModuleType:
    name = "casenotes_benchmarks_rekey_kill_test"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SCRIPT)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_rekey_kill_short_run(tmp_path: Path) -> None:
    summary = _script().run(8, seed=20261207, workdir=tmp_path, notes=300)
    assert summary.failures == [], summary.text()
    assert summary.kills == 8
    assert summary.during >= 1, summary.text()  # some kills land inside the transaction


@pytest.mark.slow
def test_rekey_kill_50_times(tmp_path: Path) -> None:
    summary = _script().run(50, seed=1729, workdir=tmp_path)
    assert summary.failures == [], summary.text()
    assert summary.during >= 5, summary.text()
