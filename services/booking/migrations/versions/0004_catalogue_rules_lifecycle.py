"""Opening hours, amenities and rules of spaces; closures; the full booking lifecycle with
buffers in the no-overlap constraint; quotas, series, the waitlist and the tenant's plan.

Revision ID: 0004
Revises: 0003
"""

import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SCHEMA = "booking"
LIVE_STATES = "('requested', 'confirmed', 'checked_in')"
ALL_KINDS = ["startup", "company", "community", "individual"]
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _days(opens: str, closes: str, days: tuple[str, ...] = WEEK) -> dict[str, list[str]]:
    return {day: [opens, closes] for day in days}


# Asia/Jakarta opening hours per space type, as BITC runs them.
HOURS = {
    "dubbing_studio": _days("08:00", "21:00", WEEK[:6]),
    "music_room": _days("08:00", "22:00"),
    "meeting_room": _days("07:00", "21:00", WEEK[:5]) | _days("08:00", "17:00", ("sat",)),
    "coworking_desk": _days("07:00", "22:00", WEEK[:6]),
    "event_hall": _days("07:00", "22:00"),
}
AMENITIES = {
    "dubbing_studio": ["soundproofing", "microphones", "mixing_desk", "air_conditioning"],
    "music_room": ["soundproofing", "drum_kit", "amplifiers", "air_conditioning"],
    "meeting_room": ["projector", "whiteboard", "wifi", "air_conditioning"],
    "coworking_desk": ["wifi", "power_outlet"],
    "event_hall": ["stage", "sound_system", "projector", "wifi"],
}
# Minutes and days; a space may override any of them in spaces.rule_overrides.
TYPE_RULES = {
    "dubbing_studio": dict(
        min_duration_min=60,
        max_duration_min=480,
        granularity_min=30,
        min_lead_min=60,
        max_days_ahead=60,
        buffer_before_min=15,
        buffer_after_min=15,
        allowed_kinds=ALL_KINDS,
        approval_kinds=[],
    ),
    "music_room": dict(
        min_duration_min=60,
        max_duration_min=240,
        granularity_min=30,
        min_lead_min=30,
        max_days_ahead=90,
        buffer_before_min=0,
        buffer_after_min=0,
        allowed_kinds=ALL_KINDS,
        approval_kinds=[],
    ),
    "meeting_room": dict(
        min_duration_min=30,
        max_duration_min=480,
        granularity_min=30,
        min_lead_min=15,
        max_days_ahead=90,
        buffer_before_min=0,
        buffer_after_min=0,
        allowed_kinds=ALL_KINDS,
        approval_kinds=[],
    ),
    "coworking_desk": dict(
        min_duration_min=60,
        max_duration_min=720,
        granularity_min=60,
        min_lead_min=0,
        max_days_ahead=30,
        buffer_before_min=0,
        buffer_after_min=0,
        allowed_kinds=ALL_KINDS,
        approval_kinds=[],
    ),
    "event_hall": dict(
        min_duration_min=120,
        max_duration_min=720,
        granularity_min=60,
        min_lead_min=2880,
        max_days_ahead=180,
        buffer_before_min=60,
        buffer_after_min=60,
        allowed_kinds=ALL_KINDS,
        approval_kinds=["community", "individual"],
    ),
}


def upgrade() -> None:
    _spaces_and_rules()
    _closures()
    _bookings()
    _tenants_quotas_series_waitlist()


def _spaces_and_rules() -> None:
    op.add_column(
        "spaces",
        sa.Column("amenities", ARRAY(sa.Text), nullable=False, server_default="{}"),
        schema=SCHEMA,
    )
    op.add_column(
        "spaces",
        sa.Column("opening_hours", JSONB, nullable=False, server_default="{}"),
        schema=SCHEMA,
    )
    op.add_column(
        "spaces",
        sa.Column("rule_overrides", JSONB, nullable=False, server_default="{}"),
        schema=SCHEMA,
    )
    for kind, hours in HOURS.items():
        op.execute(
            sa.text(
                f"UPDATE {SCHEMA}.spaces SET opening_hours = CAST(:hours AS jsonb),"
                " amenities = :amenities WHERE type = :kind"
            ).bindparams(hours=json.dumps(hours), amenities=AMENITIES[kind], kind=kind)
        )
    type_rules = op.create_table(
        "type_rules",
        sa.Column("space_type", sa.Text, primary_key=True),
        sa.Column("rules", JSONB, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
        schema=SCHEMA,
    )
    op.bulk_insert(type_rules, [{"space_type": t, "rules": r} for t, r in TYPE_RULES.items()])


def _closures() -> None:
    op.create_table(
        "closures",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("site", sa.Text, nullable=False),
        sa.Column("space_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.spaces.id")),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name="closure_period_not_empty"),
        sa.CheckConstraint("site IN ('bitc', 'techno_park')", name="closure_site"),
        sa.CheckConstraint(
            "reason IN ('public_holiday', 'maintenance', 'city_event', 'other')",
            name="closure_reason",
        ),
        schema=SCHEMA,
    )
    op.create_index("closures_by_site_and_end", "closures", ["site", "ends_at"], schema=SCHEMA)


def _bookings() -> None:
    columns = [
        sa.Column("attendees", sa.Integer, nullable=False, server_default="1"),
        sa.Column("blocked_from", sa.DateTime(timezone=True)),
        sa.Column("blocked_until", sa.DateTime(timezone=True)),
        sa.Column("series_id", UUID(as_uuid=True)),
        sa.Column("status_reason", sa.Text),
        sa.Column("charged_minutes", sa.Integer, nullable=False, server_default="0"),
        sa.Column("checked_in_at", sa.DateTime(timezone=True)),
    ]
    for column in columns:
        op.add_column("bookings", column, schema=SCHEMA)
    op.execute(f"UPDATE {SCHEMA}.bookings SET blocked_from = starts_at, blocked_until = ends_at")
    for name in ("blocked_from", "blocked_until"):
        op.alter_column("bookings", name, nullable=False, schema=SCHEMA)
    op.create_check_constraint("booking_attendees", "bookings", "attendees > 0", schema=SCHEMA)
    op.create_check_constraint(
        "booking_blocked_covers_period",
        "bookings",
        "blocked_from <= starts_at AND blocked_until >= ends_at",
        schema=SCHEMA,
    )
    # Same guarantee as before, now over the span the space is held, buffers included.
    op.execute(f"ALTER TABLE {SCHEMA}.bookings DROP CONSTRAINT bookings_no_overlap")
    op.execute(
        f"ALTER TABLE {SCHEMA}.bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist "
        f"(space_id WITH =, tstzrange(blocked_from, blocked_until, '[)') WITH &&) "
        f"WHERE (status IN {LIVE_STATES})"
    )
    op.create_index("bookings_by_status_start", "bookings", ["status", "starts_at"], schema=SCHEMA)
    op.create_index("bookings_by_series", "bookings", ["series_id"], schema=SCHEMA)
    op.create_index(
        "bookings_by_space_start", "bookings", ["space_id", "starts_at", "id"], schema=SCHEMA
    )


def _tenants_quotas_series_waitlist() -> None:
    op.add_column("tenant_standings", sa.Column("entitlements", JSONB), schema=SCHEMA)
    op.add_column(
        "tenant_standings",
        sa.Column("entitlements_at", sa.DateTime(timezone=True)),
        schema=SCHEMA,
    )
    op.add_column(
        "tenant_standings",
        sa.Column("no_show_count", sa.Integer, nullable=False, server_default="0"),
        schema=SCHEMA,
    )
    op.create_table(
        "quota_usage",
        sa.Column("tenant_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("space_type", sa.Text, primary_key=True),
        sa.Column("month", sa.Text, primary_key=True),
        sa.Column("used_minutes", sa.Integer, nullable=False, server_default="0"),
        sa.CheckConstraint("used_minutes >= 0", name="quota_used_not_negative"),
        schema=SCHEMA,
    )
    op.create_table(
        "series",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", UUID(as_uuid=True), nullable=False),
        sa.Column(
            "space_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.spaces.id"), nullable=False
        ),
        sa.Column("frequency", sa.Text, nullable=False),
        sa.Column("occurrences", JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("frequency IN ('daily', 'weekly')", name="series_frequency"),
        schema=SCHEMA,
    )
    op.create_table(
        "waitlist",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "space_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.spaces.id"), nullable=False
        ),
        sa.Column("tenant_id", UUID(as_uuid=True), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attendees", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("booking_id", UUID(as_uuid=True)),
        sa.CheckConstraint(
            "status IN ('waiting', 'promoted', 'withdrawn')", name="waitlist_status"
        ),
        schema=SCHEMA,
    )
    op.create_index(
        "waitlist_waiting_by_space",
        "waitlist",
        ["space_id", "created_at"],
        schema=SCHEMA,
        postgresql_where=sa.text("status = 'waiting'"),
    )


def downgrade() -> None:
    for table in ("waitlist", "series", "quota_usage", "closures", "type_rules"):
        op.drop_table(table, schema=SCHEMA)
    for column in ("no_show_count", "entitlements_at", "entitlements"):
        op.drop_column("tenant_standings", column, schema=SCHEMA)
    op.execute(f"ALTER TABLE {SCHEMA}.bookings DROP CONSTRAINT bookings_no_overlap")
    op.execute(
        f"ALTER TABLE {SCHEMA}.bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist "
        f"(space_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
        f"WHERE (status IN {LIVE_STATES})"
    )
    for index in ("bookings_by_space_start", "bookings_by_series", "bookings_by_status_start"):
        op.drop_index(index, "bookings", schema=SCHEMA)
    op.drop_constraint("booking_blocked_covers_period", "bookings", schema=SCHEMA)
    op.drop_constraint("booking_attendees", "bookings", schema=SCHEMA)
    for column in (
        "checked_in_at",
        "charged_minutes",
        "status_reason",
        "series_id",
        "blocked_until",
        "blocked_from",
        "attendees",
    ):
        op.drop_column("bookings", column, schema=SCHEMA)
    for column in ("rule_overrides", "opening_hours", "amenities"):
        op.drop_column("spaces", column, schema=SCHEMA)
