"""The first schema: header, cases, notes, revisions, addenda, goals, export log, settings.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _uuid() -> sa.Column[str]:
    return sa.Column("id", sa.String(36), primary_key=True)


def upgrade() -> None:
    op.create_table(
        "vault_header",
        sa.Column("magic", sa.Text, primary_key=True),
        sa.Column("format_version", sa.Integer, nullable=False),
        sa.Column("vault_id", sa.LargeBinary, nullable=False),
        sa.Column("kdf", sa.Text, nullable=False),
        sa.Column("kdf_salt", sa.LargeBinary, nullable=False),
        sa.Column("kdf_memory_kib", sa.Integer, nullable=False),
        sa.Column("kdf_iterations", sa.Integer, nullable=False),
        sa.Column("kdf_lanes", sa.Integer, nullable=False),
        sa.Column("passphrase_slot", sa.LargeBinary, nullable=False),
        sa.Column("recovery_slot", sa.LargeBinary, nullable=False),
        sa.CheckConstraint("magic = 'casenotes-vault'", name="one_header"),
    )
    op.create_table(
        "cases",
        _uuid(),
        sa.Column("code_enc", sa.LargeBinary, nullable=False),
        sa.Column("profile_enc", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "notes",
        _uuid(),
        sa.Column(
            "case_id",
            sa.String(36),
            sa.ForeignKey("cases.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("meta_enc", sa.LargeBinary, nullable=False),
        sa.Column("sections_enc", sa.LargeBinary, nullable=False),
        sa.Column("reflection_enc", sa.LargeBinary, nullable=False),
    )
    for table, column in (("note_revisions", "revision_enc"), ("addenda", "addendum_enc")):
        op.create_table(
            table,
            _uuid(),
            sa.Column(
                "note_id",
                sa.String(36),
                sa.ForeignKey("notes.id", ondelete="CASCADE"),
                nullable=False,
                index=True,
            ),
            sa.Column(column, sa.LargeBinary, nullable=False),
        )
    op.create_table(
        "goals",
        _uuid(),
        sa.Column(
            "case_id",
            sa.String(36),
            sa.ForeignKey("cases.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("goal_enc", sa.LargeBinary, nullable=False),
    )
    op.create_table("export_log", _uuid(), sa.Column("entry_enc", sa.LargeBinary, nullable=False))
    op.create_table("settings", _uuid(), sa.Column("settings_enc", sa.LargeBinary, nullable=False))


def downgrade() -> None:
    for table in (
        "settings",
        "export_log",
        "goals",
        "addenda",
        "note_revisions",
        "notes",
        "cases",
        "vault_header",
    ):
        op.drop_table(table)
