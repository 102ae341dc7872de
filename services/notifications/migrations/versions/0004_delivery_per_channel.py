"""One notification per (event, recipient, channel) with its delivery state.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SCHEMA = "notifications"
_tz = sa.DateTime(timezone=True)


def upgrade() -> None:
    for column in (
        sa.Column("recipient", sa.Text),
        sa.Column("recipient_kind", sa.Text),
        sa.Column("channel", sa.Text),
        sa.Column("event_time", _tz),
        sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("next_attempt_at", _tz),
        sa.Column("last_attempt_at", _tz),
        sa.Column("expires_at", _tz),
        sa.Column("sent_at", _tz),
        sa.Column("last_error", sa.Text),
    ):
        op.add_column("notifications", column, schema=SCHEMA)
    # Rows of the walking skeleton were e-mails to the tenant, never attempted.
    op.execute(
        "UPDATE notifications.notifications SET recipient = tenant_id::text,"
        " recipient_kind = 'tenant', channel = 'email', event_time = created_at,"
        " next_attempt_at = created_at"
    )
    for name in ("recipient", "recipient_kind", "channel", "event_time", "next_attempt_at"):
        op.alter_column("notifications", name, nullable=False, schema=SCHEMA)
    op.alter_column("notifications", "tenant_id", nullable=True, schema=SCHEMA)
    op.drop_constraint("one_notification_per_event", "notifications", schema=SCHEMA)
    op.create_unique_constraint(
        "one_send_per_event_recipient_channel",
        "notifications",
        ["source_event_id", "recipient", "channel"],
        schema=SCHEMA,
    )
    op.create_check_constraint(
        "known_status",
        "notifications",
        "status IN ('pending', 'sending', 'sent', 'failed', 'dead', 'withdrawn')",
        schema=SCHEMA,
    )
    op.create_check_constraint(
        "known_channel",
        "notifications",
        "channel IN ('email', 'whatsapp', 'sms', 'webhook')",
        schema=SCHEMA,
    )
    op.drop_index("notifications_by_tenant", "notifications", schema=SCHEMA)
    op.create_index(
        "notifications_by_tenant",
        "notifications",
        ["tenant_id", "created_at", "id"],
        schema=SCHEMA,
    )
    op.create_index("notifications_by_time", "notifications", ["created_at", "id"], schema=SCHEMA)
    op.create_index(
        "notifications_due",
        "notifications",
        ["channel", "next_attempt_at"],
        schema=SCHEMA,
        postgresql_where=sa.text("status IN ('pending', 'failed')"),
    )
    op.create_index(
        "notifications_attempted",
        "notifications",
        ["channel", "last_attempt_at"],
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_index("notifications_attempted", "notifications", schema=SCHEMA)
    op.drop_index("notifications_due", "notifications", schema=SCHEMA)
    op.drop_index("notifications_by_time", "notifications", schema=SCHEMA)
    op.drop_index("notifications_by_tenant", "notifications", schema=SCHEMA)
    op.create_index(
        "notifications_by_tenant", "notifications", ["tenant_id", "created_at"], schema=SCHEMA
    )
    op.drop_constraint("known_channel", "notifications", schema=SCHEMA)
    op.drop_constraint("known_status", "notifications", schema=SCHEMA)
    op.drop_constraint("one_send_per_event_recipient_channel", "notifications", schema=SCHEMA)
    # Only tenant messages fit the old shape; staff and webhook rows cannot be kept.
    op.execute("DELETE FROM notifications.notifications WHERE recipient_kind <> 'tenant'")
    op.execute(
        "DELETE FROM notifications.notifications a USING notifications.notifications b"
        " WHERE a.source_event_id = b.source_event_id AND a.tenant_id = b.tenant_id"
        " AND a.category = b.category AND a.id > b.id"
    )
    op.alter_column("notifications", "tenant_id", nullable=False, schema=SCHEMA)
    op.create_unique_constraint(
        "one_notification_per_event",
        "notifications",
        ["source_event_id", "tenant_id", "category"],
        schema=SCHEMA,
    )
    for name in (
        "last_error",
        "sent_at",
        "expires_at",
        "last_attempt_at",
        "next_attempt_at",
        "attempts",
        "event_time",
        "channel",
        "recipient_kind",
        "recipient",
    ):
        op.drop_column("notifications", name, schema=SCHEMA)
