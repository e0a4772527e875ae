"""The commands that unlock start the key-derivation helper process (core.vault.kdf_process)
before they import the journal, and their keys come from it. The test policy's cheap
parameters normally stay in-process; here every size goes to the helper."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from casenotes.core.vault import kdf, kdf_process
from casenotes.core.vault.kdf import KdfParams

from .support import NewVault, Run


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[KdfParams]]:
    """Every derivation the helper answered; a helper left waiting is ended afterwards."""
    monkeypatch.setattr(kdf, "HELPER_MIN_MEMORY_KIB", 0)
    kdf_process.discard()
    found: list[KdfParams] = []
    real = kdf_process.derive

    def spy(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
        assert kdf_process._waiting is not None  # started ahead, not on demand
        found.append(params)
        return real(secret, salt, params)

    monkeypatch.setattr(kdf_process, "derive", spy)
    yield found
    kdf_process.discard()


def test_search_derives_the_key_in_the_helper(
    run: Run, filled_vault: NewVault, tmp_path: Path, asked: list[KdfParams]
) -> None:
    query = tmp_path / "query.txt"
    query.write_text("week\n")
    result = run("search", "--json", "--query-file", query, "--vault", filled_vault.path)
    assert result.code == 0, result
    assert len(json.loads(result.out)) == 2
    assert len(asked) == 1


def test_an_unlocking_command_derives_the_key_in_the_helper(
    run: Run, filled_vault: NewVault, asked: list[KdfParams]
) -> None:
    result = run("verify", "--vault", filled_vault.path)
    assert result.code == 0, result
    assert len(asked) == 1


def test_a_wrong_passphrase_reads_as_before(
    run: Run, filled_vault: NewVault, tmp_path: Path, asked: list[KdfParams]
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("Not the passphrase at all 77\n")
    result = run("verify", "--vault", filled_vault.path, "--passphrase-file", wrong)
    assert result.code == 1
    assert result.err == (
        "casenotes: That passphrase does not open this vault. Check caps lock and try again.\n"
    )
    assert len(asked) == 1
