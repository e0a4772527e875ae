"""Fixtures for the command-line tests.

Every command runs in-process through ``main(argv, policy=KdfPolicy.testing(), out=, err=)``, so
vaults get cheap KDF parameters (the installed command never passes ``policy``). Each test
starts with no ``CASENOTES_*`` variable set except ``CASENOTES_VAULT``, which points into
``tmp_path`` so that no test can reach a real vault, and with a standard input that is not a
terminal, so that nothing can wait at a prompt.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from casenotes.cli.main import main
from casenotes.core.vault.kdf import KdfPolicy

from .support import (
    ENV_NAMES,
    PASSPHRASE,
    RECOVERY_KEY_RE,
    NewVault,
    Result,
    Run,
    sample_document,
)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CASENOTES_VAULT", str(tmp_path / "default-from-env.vault"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nothing prompts


@pytest.fixture
def run() -> Run:
    """``run("verify", "--vault", path)`` → Result(code, out, err), in-process."""

    def _run(*argv: str | Path) -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = main([str(a) for a in argv], policy=KdfPolicy.testing(), out=out, err=err)
        return Result(code, out.getvalue(), err.getvalue())

    return _run


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "practice.vault"


@pytest.fixture
def passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    """Sets $CASENOTES_PASSPHRASE to the test passphrase."""
    monkeypatch.setenv("CASENOTES_PASSPHRASE", PASSPHRASE)
    return PASSPHRASE


@pytest.fixture
def new_vault(run: Run, vault_path: Path, passphrase: str) -> NewVault:
    """An empty vault made by ``casenotes init``, with the recovery key it printed."""
    result = run("init", "--vault", vault_path)
    assert result.code == 0, result
    found = RECOVERY_KEY_RE.findall(result.out)
    assert len(found) == 1, result
    return NewVault(vault_path, found[0], result)


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[..., Path]:
    """``write_json(document, name)``: a dict as JSON, or raw str/bytes, in tmp_path."""

    def _write(document: Any, name: str = "cases.json") -> Path:
        path = tmp_path / name
        if isinstance(document, bytes):
            path.write_bytes(document)
        elif isinstance(document, str):
            path.write_text(document, encoding="utf-8")
        else:
            path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def filled_vault(run: Run, new_vault: NewVault, write_json: Callable[..., Path]) -> NewVault:
    """``new_vault`` with the sample document (2 cases, 3 notes, the markers) imported."""
    result = run("import", write_json(sample_document(), "sample.json"), "--vault", new_vault.path)
    assert result.code == 0, result
    return new_vault
