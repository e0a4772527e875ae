"""Schema revisions this version knows, and running Alembic migrations on an open connection."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Kept in code so opening a vault need not import Alembic when nothing has to migrate;
# a test checks these against the migration scripts.
KNOWN_REVISIONS: tuple[str, ...] = ("0001",)
HEAD_REVISION = KNOWN_REVISIONS[-1]


def upgrade_to_head(connection: Connection) -> None:
    """Run every pending migration inside the caller's connection."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def script_revisions() -> list[str]:
    """The revisions in the migration scripts, oldest first."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    scripts = ScriptDirectory.from_config(config)
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]
