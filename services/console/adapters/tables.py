"""The console schema as SQLAlchemy Core tables, in step with the migrations."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from shared.persistence.columns import timestamptz, uuid_column
from shared.persistence.unit_of_work import FrameTables

SCHEMA = "console"
metadata = sa.MetaData(schema=SCHEMA)

#: One row per signed-in browser; the cookie's token itself is never stored, only its SHA-256,
#: so a copy of the table signs nobody in.
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_sha256", sa.Text, primary_key=True),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("username", sa.Text),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("roles", JSONB, nullable=False),
    uuid_column("tenant_id"),
    sa.Column("language", sa.Text, nullable=False),
    sa.Column("access_token", sa.Text, nullable=False),
    sa.Column("refresh_token", sa.Text),
    sa.Column("id_token", sa.Text),
    timestamptz("access_expires_at"),
    timestamptz("expires_at"),
    timestamptz("created_at"),
    sa.Index("sessions_by_expiry", "expires_at"),
)

#: A sign-in through the SSO between leaving for its login page and coming back: what proves
#: the way back is ours (state, nonce, PKCE verifier), keyed like sessions by a cookie's hash.
sign_in_attempts = sa.Table(
    "sign_in_attempts",
    metadata,
    sa.Column("token_sha256", sa.Text, primary_key=True),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("nonce", sa.Text, nullable=False),
    sa.Column("code_verifier", sa.Text, nullable=False),
    sa.Column("next_url", sa.Text, nullable=False),
    timestamptz("expires_at"),
    sa.Index("sign_in_attempts_by_expiry", "expires_at"),
)

frame_tables = FrameTables.declare(metadata)
outbox, inbox, idempotency_keys, audit_log = frame_tables
