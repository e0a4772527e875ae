"""Where the vault lives unless the user says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

VAULT_ENV = "CASENOTES_VAULT"
VAULT_NAME = "casenotes.vault"


def default_vault_path() -> Path:
    configured = os.environ.get(VAULT_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(user_data_dir("casenotes", appauthor=False)) / VAULT_NAME
