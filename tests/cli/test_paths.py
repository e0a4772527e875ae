"""casenotes.cli.paths: where the vault is when --vault is not given."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from casenotes.cli import paths
from casenotes.cli.paths import VAULT_ENV, VAULT_NAME, default_vault_path

from .support import PASSPHRASE, NewVault, Run


@pytest.fixture
def data_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[str, object]]:
    """Replace platformdirs' user_data_dir with one under tmp_path; record how it was called."""
    calls: list[tuple[str, object]] = []

    def fake_user_data_dir(appname: str, appauthor: object = None) -> str:
        calls.append((appname, appauthor))
        return str(tmp_path / "user-data" / appname)

    monkeypatch.setattr(paths, "user_data_dir", fake_user_data_dir)
    return calls


def test_the_environment_variable_names_the_vault(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data_dirs: list[tuple[str, object]]
) -> None:
    monkeypatch.setenv(VAULT_ENV, str(tmp_path / "elsewhere" / "mine.vault"))
    assert default_vault_path() == tmp_path / "elsewhere" / "mine.vault"
    assert data_dirs == []


def test_the_environment_variable_expands_the_home_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(VAULT_ENV, "~/notes/casenotes.vault")
    assert default_vault_path() == tmp_path / "notes" / "casenotes.vault"


@pytest.mark.parametrize("value", [None, ""])
def test_without_the_variable_the_vault_is_in_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    data_dirs: list[tuple[str, object]],
    value: str | None,
) -> None:
    if value is None:
        monkeypatch.delenv(VAULT_ENV, raising=False)
    else:
        monkeypatch.setenv(VAULT_ENV, value)  # set but empty counts as not set
    assert default_vault_path() == tmp_path / "user-data" / "casenotes" / VAULT_NAME
    assert VAULT_NAME == "casenotes.vault"
    assert data_dirs == [("casenotes", False)]


def test_the_real_platform_folder_is_used_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(VAULT_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path = default_vault_path()
    assert path.name == "casenotes.vault"
    assert path.parent.name == "casenotes"
    if os.name == "posix" and "darwin" not in os.uname().sysname.lower():
        assert path == tmp_path / "xdg" / "casenotes" / "casenotes.vault"


def test_a_command_without_vault_uses_the_environment_variable(
    run: Run, passphrase: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "from-env.vault"
    monkeypatch.setenv(VAULT_ENV, str(target))
    result = run("init")
    assert result.code == 0, result
    assert target.is_file()
    assert run("verify").code == 0


def test_a_command_without_vault_or_variable_uses_the_user_data_folder(
    run: Run,
    passphrase: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    data_dirs: list[tuple[str, object]],
) -> None:
    monkeypatch.delenv(VAULT_ENV, raising=False)
    result = run("init")
    assert result.code == 0, result
    target = tmp_path / "user-data" / "casenotes" / "casenotes.vault"
    assert target.is_file()
    assert str(target) in result.out
    # Casenotes made the folder, so it is private to the user.
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("where", ["before", "after"])
def test_vault_option_wins_over_the_variable_before_or_after_the_command(
    run: Run, new_vault: NewVault, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, where: str
) -> None:
    # $CASENOTES_VAULT names a file that does not exist: only --vault can make this pass.
    monkeypatch.setenv(VAULT_ENV, str(tmp_path / "not-this-one.vault"))
    argv = (
        ["--vault", new_vault.path, "verify"]
        if where == "before"
        else ["verify", "--vault", new_vault.path]
    )
    result = run(*argv)
    assert result.code == 0, result
    assert "intact" in result.out
    assert not (tmp_path / "not-this-one.vault").exists()


def test_passphrase_file_before_the_command_is_used(
    run: Run, new_vault: NewVault, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CASENOTES_PASSPHRASE")
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    result = run("--passphrase-file", secret, "--vault", new_vault.path, "verify")
    assert result.code == 0, result


@pytest.mark.parametrize(
    "name",
    [
        "with space.vault",
        "hash#mark.vault",
        "ünïcode vault.vault",
        "question?mark.vault",
        "percent%20encoded.vault",
    ],
)
def test_a_vault_path_with_unusual_characters(
    run: Run, passphrase: str, tmp_path: Path, name: str
) -> None:
    folder = tmp_path / "vaults"
    vault = folder / name
    assert run("init", "--vault", vault).code == 0
    assert run("verify", "--vault", vault).code == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted([name, "backups"])
