"""Where the CLI gets passphrases and recovery keys: a file, the environment, or a hidden prompt."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

PASSPHRASE_ENV = "CASENOTES_PASSPHRASE"
NEW_PASSPHRASE_ENV = "CASENOTES_NEW_PASSPHRASE"
RECOVERY_KEY_ENV = "CASENOTES_RECOVERY_KEY"


class SecretUnavailableError(Exception):
    pass


def read_text_line(path: Path) -> str:
    """The first line of a small text file (a secret, or a search query)."""
    return _from_file(path)


def _from_file(path: Path) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretUnavailableError(f"Could not read {path}: {exc.__class__.__name__}.") from exc
    return text.splitlines()[0] if text else ""


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def read_secret(*, file: Path | None, env: str, prompt: str, what: str) -> str:
    if file is not None:
        return _from_file(file)
    value = os.environ.get(env)
    if value is not None:
        return value
    if not _interactive():
        raise SecretUnavailableError(
            f"No {what} given: use a terminal, set ${env}, or pass a file option."
        )
    return getpass.getpass(prompt)


def read_new_passphrase(*, file: Path | None, env: str) -> str:
    """A new passphrase; typed twice when it comes from the prompt."""
    if file is not None or os.environ.get(env) is not None:
        return read_secret(file=file, env=env, prompt="", what="passphrase")
    if not _interactive():
        raise SecretUnavailableError(
            f"No new passphrase given: use a terminal, set ${env}, or pass a file option."
        )
    first = getpass.getpass("New passphrase: ")
    second = getpass.getpass("Type it again: ")
    if first != second:
        raise SecretUnavailableError("The two passphrases differ; nothing was changed.")
    return first
