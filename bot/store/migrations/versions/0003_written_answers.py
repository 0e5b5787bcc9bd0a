"""Written answers: the answer shown with a question, votes on it, and each chat's choice.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("queries") as batch:
        batch.add_column(sa.Column("synthesis", sa.Text, nullable=True))
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("on_synthesis", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "chat_settings",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("synthesis", sa.Boolean, nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("chat_settings")
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("on_synthesis")
    with op.batch_alter_table("queries") as batch:
        batch.drop_column("synthesis")
