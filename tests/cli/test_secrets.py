"""casenotes.cli.secrets: passphrases and recovery keys from a file, the environment or a
hidden prompt — and a clear refusal when none of those is available."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from casenotes.cli import secrets
from casenotes.cli.secrets import (
    NEW_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    RECOVERY_KEY_ENV,
    SecretUnavailableError,
    read_new_passphrase,
    read_secret,
)

from .support import NEW_PASSPHRASE, PASSPHRASE, NewVault, Run, assert_one_error_line


def read(file: Path | None = None, env: str = PASSPHRASE_ENV) -> str:
    return read_secret(file=file, env=env, prompt="Passphrase: ", what="passphrase")


@dataclass
class Prompts:
    asked: list[str] = field(default_factory=list)  # the prompts shown
    answers: list[str] = field(default_factory=list)  # what the user types, in order


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch) -> Prompts:
    """A terminal whose hidden prompt answers from ``prompts.answers``."""
    state = Prompts()

    def fake_getpass(prompt: str = "Password: ") -> str:
        state.asked.append(prompt)
        return state.answers.pop(0)

    monkeypatch.setattr(secrets, "_interactive", lambda: True)
    monkeypatch.setattr(secrets.getpass, "getpass", fake_getpass)
    return state


# --- files ----------------------------------------------------------------------------------


def test_a_file_gives_its_first_line_without_the_newline(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("  spaces are kept  \nsecond line is ignored\n", encoding="utf-8")
    assert read(path) == "  spaces are kept  "


def test_a_file_with_windows_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_bytes(b"crlf passphrase\r\n")
    assert read(path) == "crlf passphrase"


def test_a_file_without_a_newline_and_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("no newline", encoding="utf-8")
    assert read(path) == "no newline"
    path.write_text("", encoding="utf-8")
    assert read(path) == ""


def test_a_file_wins_over_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, "from the environment")
    path = tmp_path / "secret.txt"
    path.write_text("from the file\n", encoding="utf-8")
    assert read(path) == "from the file"


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(SecretUnavailableError, match="Could not read") as caught:
        read(path)
    assert str(path) in str(caught.value)


def test_an_undecodable_file_is_refused_without_quoting_it(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_bytes(b"\xffsecret-ish\xfe")
    with pytest.raises(SecretUnavailableError) as caught:
        read(path)
    assert "secret-ish" not in str(caught.value)


# --- the environment ------------------------------------------------------------------------


@pytest.mark.parametrize("env", [PASSPHRASE_ENV, NEW_PASSPHRASE_ENV, RECOVERY_KEY_ENV])
def test_the_environment_is_read_as_is(monkeypatch: pytest.MonkeyPatch, env: str) -> None:
    monkeypatch.setenv(env, " with spaces ")
    assert read(env=env) == " with spaces "


def test_an_empty_variable_counts_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, "")
    assert read() == ""


# --- no source at all -----------------------------------------------------------------------


@pytest.mark.parametrize("env", [PASSPHRASE_ENV, RECOVERY_KEY_ENV])
def test_no_terminal_and_nothing_given_names_the_ways_to_give_it(env: str) -> None:
    with pytest.raises(SecretUnavailableError) as caught:
        read(env=env)
    message = str(caught.value)
    assert f"${env}" in message
    assert "terminal" in message
    assert "\n" not in message


def test_a_closed_stdin_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", None)
    with pytest.raises(SecretUnavailableError):
        read()


def test_no_terminal_and_no_new_passphrase() -> None:
    with pytest.raises(SecretUnavailableError) as caught:
        read_new_passphrase(file=None, env=NEW_PASSPHRASE_ENV)
    assert f"${NEW_PASSPHRASE_ENV}" in str(caught.value)


# --- the hidden prompt ----------------------------------------------------------------------


def test_the_prompt_is_used_at_a_terminal(prompts: Prompts) -> None:
    prompts.answers.append("typed")
    assert read() == "typed"
    assert prompts.asked == ["Passphrase: "]


def test_a_new_passphrase_is_typed_twice(prompts: Prompts) -> None:
    prompts.answers.extend(["same words", "same words"])
    assert read_new_passphrase(file=None, env=NEW_PASSPHRASE_ENV) == "same words"
    assert len(prompts.asked) == 2


def test_two_different_new_passphrases_are_refused(prompts: Prompts) -> None:
    prompts.answers.extend(["one thing", "another"])
    with pytest.raises(SecretUnavailableError, match="differ"):
        read_new_passphrase(file=None, env=NEW_PASSPHRASE_ENV)


def test_a_new_passphrase_from_a_file_or_the_environment_is_not_asked_for(
    prompts: Prompts, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "new.txt"
    path.write_text("from the file\n", encoding="utf-8")
    assert read_new_passphrase(file=path, env=NEW_PASSPHRASE_ENV) == "from the file"
    monkeypatch.setenv(NEW_PASSPHRASE_ENV, "from the environment")
    assert read_new_passphrase(file=None, env=NEW_PASSPHRASE_ENV) == "from the environment"
    assert prompts.asked == []


# --- through the command line ---------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["verify"], ["search"], ["export-json", "-o", "x.json"], ["passwd"]]
)
def test_a_command_without_a_passphrase_and_no_terminal(
    run: Run, new_vault: NewVault, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.delenv(PASSPHRASE_ENV)
    monkeypatch.setattr("sys.stdin", io.StringIO("typed but not a terminal\n"))
    result = run(*command, "--vault", new_vault.path)
    line = assert_one_error_line(result)
    assert "No passphrase given" in line
    assert "$CASENOTES_PASSPHRASE" in line


def test_init_without_a_passphrase_and_no_terminal(run: Run, vault_path: Path) -> None:
    line = assert_one_error_line(run("init", "--vault", vault_path))
    assert "$CASENOTES_PASSPHRASE" in line
    assert not vault_path.exists()


def test_init_at_a_terminal_asks_twice(run: Run, vault_path: Path, prompts: Prompts) -> None:
    prompts.answers.extend([PASSPHRASE, PASSPHRASE])
    result = run("init", "--vault", vault_path)
    assert result.code == 0, result
    assert len(prompts.asked) == 2


def test_init_at_a_terminal_refuses_two_different_passphrases(
    run: Run, vault_path: Path, prompts: Prompts
) -> None:
    prompts.answers.extend([PASSPHRASE, NEW_PASSPHRASE])
    line = assert_one_error_line(run("init", "--vault", vault_path))
    assert "differ" in line
    assert not vault_path.exists()


def test_demo_creating_a_vault_at_a_terminal_asks_twice(
    run: Run, vault_path: Path, prompts: Prompts
) -> None:
    prompts.answers.extend([PASSPHRASE, NEW_PASSPHRASE])
    line = assert_one_error_line(run("demo", "--cases", "1", "--notes", "1", "--vault", vault_path))
    assert "differ" in line
    assert not vault_path.exists()


def test_passwd_without_a_new_passphrase_names_its_variable(run: Run, new_vault: NewVault) -> None:
    line = assert_one_error_line(run("passwd", "--vault", new_vault.path))
    assert "$CASENOTES_NEW_PASSPHRASE" in line


def test_passwd_recovery_without_a_key_names_its_variable(
    run: Run, new_vault: NewVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NEW_PASSPHRASE_ENV, NEW_PASSPHRASE)
    line = assert_one_error_line(run("passwd", "--recovery-key", "--vault", new_vault.path))
    assert "$CASENOTES_RECOVERY_KEY" in line


def test_passphrase_files_on_the_command_line(
    run: Run, new_vault: NewVault, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(PASSPHRASE_ENV)
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(PASSPHRASE + "\n", encoding="utf-8")
    new.write_text(NEW_PASSPHRASE + "\n", encoding="utf-8")
    result = run(
        "passwd", "--passphrase-file", old, "--new-passphrase-file", new, "--vault", new_vault.path
    )
    assert result.code == 0, result
    assert run("verify", "--passphrase-file", new, "--vault", new_vault.path).code == 0
    assert run("verify", "--passphrase-file", old, "--vault", new_vault.path).code == 1


def test_a_missing_passphrase_file_is_one_line(
    run: Run, new_vault: NewVault, tmp_path: Path
) -> None:
    line = assert_one_error_line(
        run("verify", "--passphrase-file", tmp_path / "none.txt", "--vault", new_vault.path)
    )
    assert "none.txt" in line
