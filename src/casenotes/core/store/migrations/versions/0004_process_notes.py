"""Format 3: process notes, a sealed record of their own beside each note; and the
destruction log, one sealed row per record deleted for good.

Revision ID: 0004
Revises: 0003

Moving today's reflections out of the notes needs the data key: this revision only creates
the table. The unlock that runs it moves the reflections, updates the manifest and sets the
header's ``format_version`` to 3 in the same transaction
(``casenotes.core.store.process_migration``, ``casenotes.core.store.manifest``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "process_notes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "note_id",
            sa.String(36),
            sa.ForeignKey("notes.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
            unique=True,
        ),
        sa.Column("process_enc", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "destruction_log",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("entry_enc", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("destruction_log")
    op.drop_table("process_notes")
