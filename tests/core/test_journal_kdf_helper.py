"""The journal with its key derived in the helper process (core.vault.kdf_process): the
helper is started when a vault is opened and again after a wrong passphrase, the keys are
the ones derived in this process (both golden vaults open), and the messages are unchanged.
The test policy's cheap parameters normally stay in this process; here every size goes to
the helper."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from casenotes.core.journal import Journal
from casenotes.core.vault import kdf, kdf_process
from casenotes.core.vault.errors import WrongPassphraseError
from casenotes.core.vault.kdf import KdfPolicy

DATA = Path(__file__).resolve().parents[1] / "data"
GOLDEN = {
    "golden-v1.vault": "Golden vault: quartz lantern harbour 1958",
    "golden-v2.vault": "Golden vault two: cedar kettle meadow 2026",
}


@pytest.fixture(autouse=True)
def every_size_in_helper(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(kdf, "HELPER_MIN_MEMORY_KIB", 0)
    kdf_process.discard()
    yield
    kdf_process.discard()


def _waiting_pid() -> int | None:
    waiting = kdf_process._waiting
    return waiting.process.pid if waiting is not None and waiting.running() else None


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_the_golden_vaults_open_with_the_helpers_key(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "golden"
    folder.mkdir(mode=0o700)
    copy = folder / name
    shutil.copyfile(DATA / name, copy)
    os.chmod(copy, 0o600)
    journal = Journal.open(copy, KdfPolicy.testing())
    started = _waiting_pid()
    assert started is not None  # opening the vault started the helper
    journal.unlock(GOLDEN[name])
    try:
        assert _waiting_pid() is None  # it answered and is gone
        assert [case.code for case in journal.list_cases()]
    finally:
        journal.lock()


def test_a_wrong_passphrase_says_the_same_and_starts_the_next_helper(
    journal: Journal, vault_path: Path, passphrase: str
) -> None:
    journal.lock()
    journal.release_instance()
    journal = Journal.open(vault_path, KdfPolicy.testing())
    first = _waiting_pid()
    assert first is not None
    with pytest.raises(WrongPassphraseError) as raised:
        journal.unlock("Not the passphrase at all 77")
    assert str(raised.value) == (
        "That passphrase does not open this vault. Check caps lock and try again."
    )
    second = _waiting_pid()
    assert second is not None and second != first
    journal.unlock(passphrase)
    assert journal.is_unlocked
    assert _waiting_pid() is None
    journal.expect_unlock()  # unlocked: no helper is wanted
    assert _waiting_pid() is None
    journal.lock()
    journal.expect_unlock()  # locked again: the next unlock's helper waits
    assert _waiting_pid() is not None


def test_without_a_helper_the_unlock_is_the_same(
    journal: Journal, vault_path: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.lock()
    journal.release_instance()
    monkeypatch.setattr(kdf_process.sys, "executable", "")
    journal = Journal.open(vault_path, KdfPolicy.testing())
    assert _waiting_pid() is None
    journal.unlock(passphrase)
    assert journal.is_unlocked
    journal.lock()
