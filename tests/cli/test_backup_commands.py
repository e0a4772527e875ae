"""``casenotes backup``, ``backups`` and ``restore``, driven in-process."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy

from .conftest import Run
from .support import (
    NEW_PASSPHRASE,
    PASSPHRASE,
    NewVault,
    assert_no_client_data,
    assert_one_error_line,
    counts,
    file_digest,
)


def _backups(vault: Path) -> list[Path]:
    return sorted((vault.parent / "backups").glob("*.vault"))


def test_backup_writes_a_private_encrypted_copy(run: Run, filled_vault: NewVault) -> None:
    before = {p.name for p in _backups(filled_vault.path)}
    result = run("backup", "--vault", filled_vault.path)
    assert result.code == 0, result
    [new] = [p for p in _backups(filled_vault.path) if p.name not in before]
    assert "manual" in new.name
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    assert stat.S_IMODE(new.parent.stat().st_mode) == 0o700
    assert_no_client_data(new.read_bytes().decode("latin-1"))
    assert counts(new) == counts(filled_vault.path)  # opens with the same passphrase


def test_backup_to_a_chosen_file_and_never_over_the_vault(
    run: Run, filled_vault: NewVault, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere.vault"
    assert run("backup", "-o", target, "--vault", filled_vault.path).code == 0
    assert counts(target) == counts(filled_vault.path)
    digest = file_digest(filled_vault.path)
    result = run("backup", "-o", filled_vault.path, "--vault", filled_vault.path)
    assert_one_error_line(result)
    assert file_digest(filled_vault.path) == digest


def test_backups_lists_dates_reasons_and_sizes(run: Run, filled_vault: NewVault) -> None:
    assert run("backup", "--vault", filled_vault.path).code == 0
    result = run("backups", "--vault", filled_vault.path)
    assert result.code == 0, result
    assert "manual" in result.out
    assert any(unit in result.out for unit in ("KB", "MB"))


def test_restore_checks_the_backup_then_keeps_the_vault_as_it_was(
    run: Run, filled_vault: NewVault, tmp_path: Path
) -> None:
    backup = tmp_path / "before.vault"
    assert run("backup", "-o", backup, "--vault", filled_vault.path).code == 0
    assert (
        run(
            "demo", "--cases", "2", "--notes", "4", "--into-existing", "--vault", filled_vault.path
        ).code
        == 0
    )
    grown = counts(filled_vault.path)

    result = run("restore", backup, "--vault", filled_vault.path)
    assert result.code == 0, result
    assert counts(filled_vault.path) == (2, 3)  # the sample document, as backed up
    [kept] = [p for p in _backups(filled_vault.path) if "pre-restore" in p.name]
    assert counts(kept) == grown
    assert run("verify", "--vault", filled_vault.path).code == 0


def test_restore_with_the_recovery_key(
    run: Run, filled_vault: NewVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "before.vault"
    assert run("backup", "-o", backup, "--vault", filled_vault.path).code == 0
    monkeypatch.setenv("CASENOTES_RECOVERY_KEY", filled_vault.recovery_key)
    monkeypatch.setenv("CASENOTES_PASSPHRASE", "not the passphrase at all 9931")
    result = run("restore", "--recovery-key", backup, "--vault", filled_vault.path)
    assert result.code == 0, result


def test_a_backup_that_does_not_open_replaces_nothing(
    run: Run, filled_vault: NewVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "before.vault"
    assert run("backup", "-o", backup, "--vault", filled_vault.path).code == 0
    digest = file_digest(filled_vault.path)
    monkeypatch.setenv("CASENOTES_PASSPHRASE", NEW_PASSPHRASE)
    result = run("restore", backup, "--vault", filled_vault.path)
    assert_one_error_line(result)
    assert_no_client_data(result.err)
    assert file_digest(filled_vault.path) == digest

    not_a_vault = tmp_path / "notes.txt"
    not_a_vault.write_text("just text", encoding="utf-8")
    monkeypatch.setenv("CASENOTES_PASSPHRASE", PASSPHRASE)
    assert_one_error_line(run("restore", not_a_vault, "--vault", filled_vault.path))
    assert file_digest(filled_vault.path) == digest


def test_restore_refuses_while_the_vault_is_open_elsewhere(
    run: Run, filled_vault: NewVault, tmp_path: Path
) -> None:
    backup = tmp_path / "before.vault"
    assert run("backup", "-o", backup, "--vault", filled_vault.path).code == 0
    journal = Journal.open(filled_vault.path, KdfPolicy.testing())
    journal.unlock(PASSPHRASE)
    try:
        line = assert_one_error_line(run("restore", backup, "--vault", filled_vault.path))
        assert "open in another" in line
        busy = assert_one_error_line(run("verify", "--vault", filled_vault.path))
        assert "open in another" in busy
    finally:
        journal.lock()
