"""Where the vault lives unless the user says otherwise."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

VAULT_ENV = "CASENOTES_VAULT"
VAULT_NAME = "casenotes.vault"


def user_data_dir(appname: str, appauthor: str | Literal[False] | None = None) -> str:
    """platformdirs' folder for the user's data, imported when asked (with ``--vault`` or
    ``$CASENOTES_VAULT`` it never is: about 10 ms of every start, tempfile and shutil
    with it)."""
    from platformdirs import user_data_dir as platform_user_data_dir

    return platform_user_data_dir(appname, appauthor=appauthor)


def default_vault_path() -> Path:
    configured = os.environ.get(VAULT_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(user_data_dir("casenotes", appauthor=False)) / VAULT_NAME
