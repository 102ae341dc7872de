"""Sign-ins through the SSO under way (issue #15): state, nonce and PKCE verifier kept on the
server between leaving for the login page and coming back.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SCHEMA = "console"


def upgrade() -> None:
    op.create_table(
        "sign_in_attempts",
        sa.Column("token_sha256", sa.Text, primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("nonce", sa.Text, nullable=False),
        sa.Column("code_verifier", sa.Text, nullable=False),
        sa.Column("next_url", sa.Text, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )
    op.create_index("sign_in_attempts_by_expiry", "sign_in_attempts", ["expires_at"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("sign_in_attempts", schema=SCHEMA)
