"""Schema revisions this version knows, and running Alembic migrations on an open connection."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # KNOWN_REVISIONS is read without SQLAlchemy (inspecting a vault)
    from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Kept in code so opening a vault need not import Alembic when nothing has to migrate;
# a test checks these against the migration scripts.
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004")
HEAD_REVISION = KNOWN_REVISIONS[-1]


class MigrationError(RuntimeError):
    pass


def upgrade_to_head(engine: Engine, finish: Callable[[Connection], None] | None = None) -> None:
    """Run every pending migration in one transaction, with foreign keys off.

    ``finish`` runs in the same transaction after the scripts: what a migration cannot do
    without the data key (revision 0003's manifest) is done there, so that the vault is
    either wholly migrated or not at all.

    SQLite's batch migrations copy, drop and rename tables; with foreign keys on, dropping
    a parent would cascade-delete every child row. The pragma only takes effect outside a
    transaction, and references are checked before commit instead.
    """
    with engine.connect() as connection:
        # On the driver connection: through SQLAlchemy the pragma would autobegin a
        # transaction, inside which SQLite ignores it.
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                run_migrations(connection, "head")
                if finish is not None:
                    finish(connection)
                if connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise MigrationError("A migration broke references between records.")
        finally:
            driver.execute("PRAGMA foreign_keys=ON")


def run_migrations(connection: Connection, target: str) -> None:
    """Alembic's upgrade to ``target`` on a connection already in a transaction. The pinned
    schema (pinned_schema.py) is derived by this same function on an empty database."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    command.upgrade(config, target)


def script_revisions() -> list[str]:
    """The revisions in the migration scripts, oldest first."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    scripts = ScriptDirectory.from_config(config)
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]
