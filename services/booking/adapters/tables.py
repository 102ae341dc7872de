"""The booking schema as SQLAlchemy Core tables (the migrations create them; keep in step)."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, ExcludeConstraint

from shared.persistence.columns import timestamptz, uuid_column
from shared.persistence.unit_of_work import FrameTables

SCHEMA = "booking"
metadata = sa.MetaData(schema=SCHEMA)
LIVE_STATES = "('requested', 'confirmed', 'checked_in')"


spaces = sa.Table(
    "spaces",
    metadata,
    uuid_column("id", primary_key=True),
    sa.Column("site", sa.Text, nullable=False),
    sa.Column("code", sa.Text, nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("capacity", sa.Integer, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("amenities", ARRAY(sa.Text), nullable=False, server_default="{}"),
    sa.Column("opening_hours", JSONB, nullable=False, server_default="{}"),
    sa.Column("rule_overrides", JSONB, nullable=False, server_default="{}"),
    sa.CheckConstraint("site IN ('bitc', 'techno_park')", name="space_site"),
    sa.CheckConstraint(
        "type IN ('dubbing_studio', 'music_room', 'meeting_room', 'coworking_desk', 'event_hall')",
        name="space_type",
    ),
    sa.CheckConstraint("capacity > 0", name="space_capacity"),
)

type_rules = sa.Table(
    "type_rules",
    metadata,
    sa.Column("space_type", sa.Text, primary_key=True),
    sa.Column("rules", JSONB, nullable=False),
    timestamptz("updated_at", nullable=True, server_default=sa.func.now()),
)

closures = sa.Table(
    "closures",
    metadata,
    uuid_column("id", primary_key=True),
    sa.Column("site", sa.Text, nullable=False),
    uuid_column("space_id", sa.ForeignKey(spaces.c.id)),
    timestamptz("starts_at"),
    timestamptz("ends_at"),
    sa.Column("reason", sa.Text, nullable=False),
    timestamptz("created_at"),
    sa.CheckConstraint("ends_at > starts_at", name="closure_period_not_empty"),
    sa.CheckConstraint("site IN ('bitc', 'techno_park')", name="closure_site"),
    sa.CheckConstraint(
        "reason IN ('public_holiday', 'maintenance', 'city_event', 'other')", name="closure_reason"
    ),
    sa.Index("closures_by_site_and_end", "site", "ends_at"),
)

bookings = sa.Table(
    "bookings",
    metadata,
    uuid_column("id", primary_key=True),
    uuid_column("space_id", sa.ForeignKey(spaces.c.id), nullable=False),
    uuid_column("tenant_id", nullable=False),
    timestamptz("starts_at"),
    timestamptz("ends_at"),
    sa.Column("status", sa.Text, nullable=False),
    timestamptz("created_at"),
    sa.Column("attendees", sa.Integer, nullable=False, server_default="1"),
    timestamptz("blocked_from"),
    timestamptz("blocked_until"),
    uuid_column("series_id"),
    sa.Column("status_reason", sa.Text),
    sa.Column("charged_minutes", sa.Integer, nullable=False, server_default="0"),
    timestamptz("checked_in_at", nullable=True),
    sa.Column("revision", sa.Integer, nullable=False, server_default="0"),
    timestamptz("updated_at", nullable=True),
    sa.CheckConstraint("ends_at > starts_at", name="booking_period_not_empty"),
    sa.CheckConstraint(
        "status IN ('requested', 'confirmed', 'checked_in', 'completed', 'cancelled', "
        "'rejected', 'no_show')",
        name="booking_status",
    ),
    sa.CheckConstraint("attendees > 0", name="booking_attendees"),
    sa.CheckConstraint(
        "blocked_from <= starts_at AND blocked_until >= ends_at",
        name="booking_blocked_covers_period",
    ),
    # The guarantee that a space is never double-booked, buffers included (migration 0004).
    ExcludeConstraint(
        ("space_id", "="),
        (sa.func.tstzrange(sa.column("blocked_from"), sa.column("blocked_until"), "[)"), "&&"),
        name="bookings_no_overlap",
        using="gist",
        where=sa.text(f"status IN {LIVE_STATES}"),
    ),
    sa.Index("bookings_by_tenant", "tenant_id", "starts_at"),
    sa.Index("bookings_by_status_start", "status", "starts_at"),
    sa.Index("bookings_by_series", "series_id"),
    sa.Index("bookings_by_space_start", "space_id", "starts_at", "id"),
)

tenant_standings = sa.Table(
    "tenant_standings",
    metadata,
    uuid_column("tenant_id", primary_key=True),
    sa.Column("standing", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("plan_code", sa.Text, nullable=False),
    timestamptz("updated_at"),
    sa.Column("entitlements", JSONB),
    timestamptz("entitlements_at", nullable=True),
    sa.Column("no_show_count", sa.Integer, nullable=False, server_default="0"),
    #: The agency sponsoring a community, as of the tenancy event at ``sponsor_at``.
    sa.Column("sponsor_agency", sa.Text),
    timestamptz("sponsor_at", nullable=True),
)

quota_usage = sa.Table(
    "quota_usage",
    metadata,
    uuid_column("tenant_id", primary_key=True),
    sa.Column("space_type", sa.Text, primary_key=True),
    sa.Column("month", sa.Text, primary_key=True),
    sa.Column("used_minutes", sa.Integer, nullable=False, server_default="0"),
    sa.CheckConstraint("used_minutes >= 0", name="quota_used_not_negative"),
)

series = sa.Table(
    "series",
    metadata,
    uuid_column("id", primary_key=True),
    uuid_column("tenant_id", nullable=False),
    uuid_column("space_id", sa.ForeignKey(spaces.c.id), nullable=False),
    sa.Column("frequency", sa.Text, nullable=False),
    sa.Column("occurrences", JSONB, nullable=False),
    timestamptz("created_at"),
    sa.CheckConstraint("frequency IN ('daily', 'weekly')", name="series_frequency"),
)

waitlist = sa.Table(
    "waitlist",
    metadata,
    uuid_column("id", primary_key=True),
    uuid_column("space_id", sa.ForeignKey(spaces.c.id), nullable=False),
    uuid_column("tenant_id", nullable=False),
    timestamptz("starts_at"),
    timestamptz("ends_at"),
    sa.Column("attendees", sa.Integer, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    timestamptz("created_at"),
    uuid_column("booking_id"),
    sa.CheckConstraint("status IN ('waiting', 'promoted', 'withdrawn')", name="waitlist_status"),
    sa.Index(
        "waitlist_waiting_by_space",
        "space_id",
        "created_at",
        postgresql_where=sa.text("status = 'waiting'"),
    ),
)

frame_tables = FrameTables.declare(metadata)
outbox, inbox, idempotency_keys, audit_log = frame_tables
