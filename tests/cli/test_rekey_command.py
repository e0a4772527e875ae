"""``casenotes rekey`` and what ``casenotes verify`` says about the manifest. All content is
fictional; vaults use the test-only KDF."""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from .support import MARKERS, NEW_PASSPHRASE, PASSPHRASE, RECOVERY_KEY_RE, NewVault, Run


def _recovery_key(text: str) -> str:
    found = RECOVERY_KEY_RE.findall(text)
    assert len(found) == 1, text
    return str(found[0])


def test_rekey_prints_a_new_recovery_key_once_and_keeps_the_passphrase(
    run: Run,
    filled_vault: NewVault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backup = run("backup", "--vault", filled_vault.path)
    assert backup.code == 0, backup
    result = run("rekey", "--vault", filled_vault.path)
    assert result.code == 0, result
    new_key = _recovery_key(result.out)
    assert new_key != filled_vault.recovery_key
    assert "shown this once" in result.out
    assert "still open with the OLD passphrase and the OLD recovery key" in result.err
    assert not any(marker in result.out + result.err for marker in MARKERS)
    assert run("verify", "--vault", filled_vault.path).code == 0  # same passphrase

    monkeypatch.delenv("CASENOTES_PASSPHRASE")
    old = tmp_path / "old.key"
    old.write_text(filled_vault.recovery_key + "\n", encoding="utf-8")
    new = tmp_path / "new.key"
    new.write_text(new_key + "\n", encoding="utf-8")
    out = tmp_path / "reset.pass"
    out.write_text(NEW_PASSPHRASE + "\n", encoding="utf-8")
    refused = run(
        "passwd",
        "--vault",
        filled_vault.path,
        "--recovery-key-file",
        old,
        "--new-passphrase-file",
        out,
    )
    assert refused.code == 1 and "does not belong to this vault" in refused.err
    reset = run(
        "passwd",
        "--vault",
        filled_vault.path,
        "--recovery-key-file",
        new,
        "--new-passphrase-file",
        out,
    )
    assert reset.code == 0, reset


def test_rekey_with_a_new_passphrase_and_destroying_backups(
    run: Run,
    filled_vault: NewVault,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert run("backup", "--vault", filled_vault.path).code == 0
    new_file = tmp_path / "new.pass"
    new_file.write_text(NEW_PASSPHRASE + "\n", encoding="utf-8")
    result = run(
        "rekey",
        "--vault",
        filled_vault.path,
        "--new-passphrase-file",
        new_file,
        "--destroy-backups",
    )
    assert result.code == 0, result
    assert re.search(r"Deleted \d older backup\(s\)", result.err), result
    [fresh] = list((filled_vault.path.parent / "backups").glob("*.vault"))
    assert "wrote a new one under the new keys" in result.err
    assert run("verify", "--vault", filled_vault.path).code == 1  # the old passphrase
    monkeypatch.setenv("CASENOTES_PASSPHRASE", NEW_PASSPHRASE)
    assert run("verify", "--vault", filled_vault.path).code == 0
    assert run("verify", "--vault", fresh).code == 0  # the new backup opens with the new one


def test_rekey_refuses_a_wrong_passphrase(
    run: Run, filled_vault: NewVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASENOTES_PASSPHRASE", NEW_PASSPHRASE)
    result = run("rekey", "--vault", filled_vault.path)
    assert result.code == 1 and "does not open this vault" in result.err
    assert not RECOVERY_KEY_RE.findall(result.out)
    monkeypatch.setenv("CASENOTES_PASSPHRASE", PASSPHRASE)


def test_verify_names_a_deleted_record_and_a_replaced_recovery_slot(
    run: Run,
    filled_vault: NewVault,
) -> None:
    intact = run("verify", "--vault", filled_vault.path)
    assert intact.code == 0 and "the manifest matches (write" in intact.out
    with closing(sqlite3.connect(filled_vault.path)) as db:
        [(goal_id,)] = db.execute("SELECT id FROM goals LIMIT 1").fetchall()
        db.execute("DELETE FROM goals WHERE id = ?", (goal_id,))
        db.execute("UPDATE vault_header SET recovery_slot = ?", (os.urandom(60),))
        db.commit()
    result = run("verify", "--vault", filled_vault.path)
    assert result.code == 1
    assert "manifest: goals: 1 record fewer than the manifest" in result.out
    assert "manifest: the recovery slot is not the one this vault wrote" in result.out
    assert "manifest problem(s)" in result.err


def test_rekey_keeps_older_backups_when_a_field_is_damaged(
    run: Run, filled_vault: NewVault
) -> None:
    assert run("backup", "--vault", filled_vault.path).code == 0
    backups = sorted((filled_vault.path.parent / "backups").glob("*.vault"))
    with closing(sqlite3.connect(filled_vault.path)) as db:
        db.execute(
            "UPDATE goals SET goal_enc = CAST(x'fffe41' AS TEXT) WHERE id = "
            "(SELECT id FROM goals LIMIT 1)"
        )
        db.commit()
    result = run("rekey", "--vault", filled_vault.path, "--destroy-backups")
    assert result.code == 0, result
    assert "1 damaged field(s)" in result.err and "Older backups were kept" in result.err
    assert sorted((filled_vault.path.parent / "backups").glob("*.vault")) == backups
