"""The practitioner's reflection-prompt customisations, one sealed row each.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prompt_customisations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("customisation_enc", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("prompt_customisations")
