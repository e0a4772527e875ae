"""casenotes.cli.main: the parser, exit codes (0 ok, 1 refused or a problem, 2 usage) and the
one-line, content-free error reporting; plus the installed command as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import casenotes
from casenotes.cli import commands
from casenotes.core.vault.errors import VaultError

from .support import (
    CLIENT_NAME,
    NOTE_MARKER,
    NewVault,
    Run,
    assert_no_client_data,
    assert_one_error_line,
)

COMMANDS = ("gui", "init", "import", "export-json", "search", "verify", "passwd", "demo")


# --- version, help, usage -------------------------------------------------------------------


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.code == 0
    assert result.out == f"casenotes {casenotes.__version__}\n"
    assert result.err == ""


@pytest.mark.parametrize("argv", [["--help"], ["-h"]])
def test_help_lists_every_command(run: Run, argv: list[str]) -> None:
    result = run(*argv)
    assert result.code == 0
    assert result.err == ""
    for name in COMMANDS:
        assert name in result.out
    assert "--vault" in result.out


@pytest.mark.parametrize("argv", [[], ["gui"]])
def test_no_command_or_gui_opens_the_window(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, argv: list[str]
) -> None:
    from casenotes.cli import main as cli_main

    opened: list[Path] = []

    def fake_gui(args: object, ctx: commands.Context) -> int:
        opened.append(args.vault)  # type: ignore[attr-defined]
        return 0

    monkeypatch.setattr(cli_main, "cmd_gui", fake_gui)
    vault = tmp_path / "window.vault"
    result = run(*argv, "--vault", vault) if argv else run("--vault", vault)
    assert result.code == 0, result
    assert opened == [vault]


def test_gui_without_a_display_says_so(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    result = run("gui")
    line = assert_one_error_line(result)
    assert "no display" in line


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_help(run: Run, name: str) -> None:
    result = run(name, "--help")
    assert result.code == 0
    assert result.out.startswith(f"usage: casenotes {name}")
    assert result.err == ""


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["frobnicate"], "invalid choice"),
        (["import"], "required: FILE"),
        (["search", "q"], "not taken from the command line"),
        (["export-json"], "-o/--output"),
        (["verify", "--no-such-option"], "unrecognized arguments"),
        (["demo", "--cases", "many"], "not a whole number"),
        (["demo", "--notes", "-3"], "must be 0 or more"),
        (["demo", "--seed", "x"], "--seed"),
        (["search", "--limit", "-1"], "must be 0 or more"),
    ],
)
def test_usage_errors_exit_2_with_one_line(run: Run, argv: list[str], expected: str) -> None:
    result = run(*argv)
    line = assert_one_error_line(result, code=2)
    assert expected in line
    assert "--help" in line
    assert result.out == ""


# --- problems are exit 1, one line, no traceback --------------------------------------------


def test_a_missing_vault(run: Run, passphrase: str, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "x.vault"
    line = assert_one_error_line(run("verify", "--vault", missing))
    assert "no vault" in line
    assert str(missing) in line
    assert not missing.parent.exists()


def test_a_file_that_is_not_a_vault(run: Run, passphrase: str, tmp_path: Path) -> None:
    other = tmp_path / "holiday.jpg"
    other.write_bytes(b"\xff\xd8\xff\xe0 not a database at all " * 20)
    before = other.read_bytes()
    line = assert_one_error_line(run("verify", "--vault", other))
    assert "not" in line and "vault" in line
    assert other.read_bytes() == before


def test_a_wrong_passphrase(
    run: Run, filled_vault: NewVault, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CASENOTES_PASSPHRASE", "not the right one at all 55")
    query = tmp_path / "query.txt"
    query.write_text("booking\n", encoding="utf-8")
    for argv in (
        ["verify"],
        ["search", "--query-file", query],
        ["export-json", "-o", tmp_path / "o.json"],
        ["demo", "--cases", "1", "--notes", "1"],
        ["passwd"],
    ):
        result = run(*argv, "--vault", filled_vault.path)
        line = assert_one_error_line(result)
        assert "passphrase does not open" in line
        assert_no_client_data(result.out + result.err)
    assert not (tmp_path / "o.json").exists()


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (RuntimeError(f"boom: {CLIENT_NAME}"), "unexpected error (RuntimeError)"),
        # Only the interchange's own errors are shown as they are: another ValueError's message
        # may quote a value (e.g. "Invalid isoformat string: '<note text>'").
        (ValueError(f"Invalid isoformat string: '{NOTE_MARKER}'"), "unexpected error (ValueError)"),
        (KeyError(CLIENT_NAME), "unexpected error (KeyError)"),
        (VaultError("The vault is locked. Unlock it first."), "The vault is locked"),
        (
            PermissionError(13, "Permission denied", "/some/where.vault"),
            "Permission denied (/some/where.vault)",
        ),
        (OSError(f"disk trouble near {CLIENT_NAME}"), "OSError"),
        (KeyboardInterrupt(), "cancelled"),
    ],
)
def test_any_exception_becomes_one_line_without_content(
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    error: BaseException,
    expected: str,
) -> None:
    def failing(args: object, ctx: object) -> int:
        raise error

    monkeypatch.setattr(commands, "cmd_verify", failing)
    result = run("verify", "--vault", tmp_path / "v.vault")
    line = assert_one_error_line(result)
    assert expected in line
    assert_no_client_data(result.err)


def test_failing_commands_never_print_client_data(
    run: Run,
    filled_vault: NewVault,
    write_json: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The vault holds CLIENT_NAME and NOTE_MARKER; nothing a failing command prints does."""
    vault = filled_vault.path
    bad = write_json(
        {
            "format": "casenotes",
            "version": 1,
            "cases": [
                {
                    "code": "C-9",
                    "display_name": CLIENT_NAME,
                    "created_at": NOTE_MARKER,
                    "updated_at": "2024-01-01T00:00:00Z",
                }
            ],
        },
        "bad.json",
    )
    clash = write_json(
        {
            "format": "casenotes",
            "version": 1,
            "cases": [
                {
                    "code": "C-101",
                    "display_name": CLIENT_NAME,
                    "created_at": "2024-01-01T00:00:00Z",
                    "updated_at": "2024-01-01T00:00:00Z",
                }
            ],
        },
        "clash.json",
    )
    attempts = [
        ["import", bad],
        ["import", clash],
        ["import", tmp_path / "missing.json"],
        ["export-json", "-o", tmp_path / "no-such-dir" / "out.json"],
        ["init"],
        ["demo", "--cases", "0", "--notes", "4"],
    ]
    for argv in attempts:
        result = run(*argv, "--vault", vault)
        assert_one_error_line(result)
        assert_no_client_data(result.out + result.err)
    monkeypatch.setenv("CASENOTES_NEW_PASSPHRASE", "short")
    result = run("passwd", "--vault", vault)
    assert_one_error_line(result)
    assert_no_client_data(result.out + result.err)


# --- no Qt ----------------------------------------------------------------------------------


def test_the_command_line_never_imports_qt() -> None:
    code = (
        "import io, sys\n"
        "import casenotes.cli.main as m\n"
        "assert m.main(['--help'], out=io.StringIO()) == 0\n"
        "m.main(['verify', '--vault', '/nonexistent/x.vault'], out=io.StringIO(),"
        " err=io.StringIO())\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    env = {**os.environ, "CASENOTES_PASSPHRASE": "irrelevant"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# --- the installed command as a real process ------------------------------------------------


def installed_command() -> Path:
    script = Path(sys.executable).parent / "casenotes"
    if not script.exists():
        pytest.skip(
            "the casenotes command is not installed beside this Python "
            "(run `pip install -e .` in the virtualenv)"
        )
    return script


def test_the_installed_command_prints_its_version() -> None:
    done = subprocess.run(
        [str(installed_command()), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout == f"casenotes {casenotes.__version__}\n"
    assert done.stderr == ""


def test_the_installed_command_fails_in_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASENOTES_")}
    env["CASENOTES_PASSPHRASE"] = "irrelevant passphrase"
    done = subprocess.run(
        [str(installed_command()), "verify", "--vault", "/nonexistent/x.vault"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("casenotes: ")
    assert "Traceback" not in done.stderr


def test_the_installed_command_usage_error_is_exit_2() -> None:
    done = subprocess.run(
        [str(installed_command()), "frobnicate"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith("casenotes: ")


def test_the_installed_command_without_a_passphrase_source(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASENOTES_")}
    done = subprocess.run(
        [str(installed_command()), "init", "--vault", str(tmp_path / "new.vault")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "$CASENOTES_PASSPHRASE" in done.stderr
    assert not (tmp_path / "new.vault").exists()
