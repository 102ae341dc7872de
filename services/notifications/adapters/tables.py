"""The notifications schema as SQLAlchemy Core tables, in step with the migrations."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from shared.persistence.columns import timestamptz, uuid_column
from shared.persistence.unit_of_work import FrameTables

SCHEMA = "notifications"
metadata = sa.MetaData(schema=SCHEMA)

notifications = sa.Table(
    "notifications",
    metadata,
    uuid_column("id", primary_key=True),
    uuid_column("tenant_id"),
    sa.Column("recipient", sa.Text, nullable=False),
    sa.Column("recipient_kind", sa.Text, nullable=False),
    sa.Column("category", sa.Text, nullable=False),
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("source_event_id", sa.Text, nullable=False),
    timestamptz("event_time"),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
    timestamptz("next_attempt_at"),
    timestamptz("last_attempt_at", nullable=True),
    timestamptz("expires_at", nullable=True),
    timestamptz("sent_at", nullable=True),
    sa.Column("last_error", sa.Text),
    sa.Column("details", JSONB, nullable=False),
    timestamptz("created_at"),
    #: services/notifications/domain/categories.py: 0 urgent, 1 normal, 2 bulk.
    sa.Column("priority", sa.SmallInteger, nullable=False, server_default=sa.text("1")),
    sa.UniqueConstraint(
        "source_event_id", "recipient", "channel", name="one_send_per_event_recipient_channel"
    ),
    sa.CheckConstraint(
        "status IN ('pending', 'sending', 'sent', 'failed', 'dead', 'withdrawn')",
        name="known_status",
    ),
    sa.CheckConstraint("channel IN ('email', 'whatsapp', 'sms', 'webhook')", name="known_channel"),
    sa.Index("notifications_by_tenant", "tenant_id", "created_at", "id"),
    sa.Index("notifications_by_time", "created_at", "id"),
    sa.Index(
        "notifications_due",
        "channel",
        "next_attempt_at",
        postgresql_where=sa.text("status IN ('pending', 'failed')"),
    ),
    sa.Index(
        "notifications_due_by_priority",
        "channel",
        "priority",
        "next_attempt_at",
        postgresql_where=sa.text("status IN ('pending', 'failed')"),
    ),
    sa.Index("notifications_attempted", "channel", "last_attempt_at"),
    # Every booking event looks up the earlier messages about its booking (a promotion already
    # told, a reminder to withdraw): without it, that read every message the tenant ever had.
    sa.Index("notifications_about_booking", sa.text("(details ->> 'booking_id')")),
)

#: The latest contact of each tenant from the private contacts topic; a tombstone deletes it.
contacts = sa.Table(
    "contacts",
    metadata,
    uuid_column("tenant_id", primary_key=True),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("contact_name", sa.Text, nullable=False),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("phone", sa.Text),
    sa.Column("language", sa.Text, nullable=False),
    timestamptz("updated_at"),
)

preferences = sa.Table(
    "preferences",
    metadata,
    uuid_column("tenant_id", primary_key=True),
    sa.Column("channels", JSONB, nullable=False),
    sa.Column("opted_out", JSONB, nullable=False),
    sa.Column("quiet_hours_start", sa.Time),
    sa.Column("quiet_hours_end", sa.Time),
    timestamptz("updated_at"),
)

webhook_subscriptions = sa.Table(
    "webhook_subscriptions",
    metadata,
    uuid_column("id", primary_key=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("secret", sa.Text, nullable=False),
    sa.Column("categories", JSONB, nullable=False),
    uuid_column("tenant_id"),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    timestamptz("created_at"),
)

booking_reminders = sa.Table(
    "booking_reminders",
    metadata,
    uuid_column("booking_id", primary_key=True),
    uuid_column("tenant_id", nullable=False),
    timestamptz("starts_at"),
    timestamptz("remind_at"),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("details", JSONB, nullable=False),
    sa.CheckConstraint(
        "status IN ('scheduled', 'queued', 'withdrawn', 'missed')", name="known_status"
    ),
    sa.Index("reminders_due", "remind_at", postgresql_where=sa.text("status = 'scheduled'")),
)

#: Booking requests waiting for staff approval, until a digest has listed them.
pending_requests = sa.Table(
    "pending_requests",
    metadata,
    uuid_column("booking_id", primary_key=True),
    uuid_column("tenant_id", nullable=False),
    sa.Column("details", JSONB, nullable=False),
    timestamptz("requested_at"),
    timestamptz("digested_at", nullable=True),
)

#: Leases with their end dates, for the weekly staff digest; removed when the lease ends.
lease_ends = sa.Table(
    "lease_ends",
    metadata,
    uuid_column("lease_id", primary_key=True),
    uuid_column("tenant_id", nullable=False),
    uuid_column("unit_id", nullable=False),
    sa.Column("site", sa.Text, nullable=False),
    sa.Column("ends_on", sa.Date, nullable=False),
    sa.Index("lease_ends_by_date", "ends_on"),
)

frame_tables = FrameTables.declare(metadata)
outbox, inbox, idempotency_keys, audit_log = frame_tables
