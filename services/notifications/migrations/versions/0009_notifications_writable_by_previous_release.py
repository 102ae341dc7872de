"""Fix forward of 0004, which made ``recipient``, ``recipient_kind``, ``channel``, ``event_time``
and ``next_attempt_at`` NOT NULL with nothing to fill them, so the INSERTs of the code before it
failed during a rolling upgrade. They now get what 0004 gave existing rows: that code only ever
wrote e-mails to the tenant, due at once.

A database still before 0004 gets 0004 to this one in one transaction (Alembic runs every
pending migration in one), so the previous release's pods never see 0004 without this.

Revision ID: 0009
Revises: 0008
"""

from shared.persistence.migration_ops import drop_fill_on_insert_v1, fill_on_insert_v1

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SCHEMA = "notifications"
#: tests/integration/test_rolling_upgrade_migrations.py checks 0004 against the schema after this.
repairs = "0004"


def upgrade() -> None:
    fill_on_insert_v1(
        SCHEMA,
        "notifications",
        {
            "recipient": "NEW.tenant_id::text",
            "recipient_kind": "'tenant'",
            "channel": "'email'",
            "event_time": "NEW.created_at",
            "next_attempt_at": "NEW.created_at",
        },
    )


def downgrade() -> None:
    drop_fill_on_insert_v1(SCHEMA, "notifications")
