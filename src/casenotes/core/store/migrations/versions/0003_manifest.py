"""Format 2: the encrypted manifest, one sealed row.

Revision ID: 0003
Revises: 0002

The manifest is a keyed digest over every record, so it needs the data key: this revision
only creates the table. The unlock that runs it fills the row and sets the header's
``format_version`` to 2 in the same transaction (``casenotes.core.store.manifest``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vault_manifest",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("manifest_enc", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("vault_manifest")
