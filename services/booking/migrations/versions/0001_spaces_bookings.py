"""Spaces (seeded with BITC's and Techno Park's rooms), bookings that can never overlap,
the tenant projection, and the outbox and inbox.

Revision ID: 0001
Revises:
"""

import uuid

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

from shared.persistence.migration_ops import create_outbox_and_inbox_v1, drop_outbox_and_inbox_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "booking"
LIVE_STATES = "('requested', 'confirmed', 'checked_in')"

# (site, code, name, type, capacity). Ids derive from the code so every install agrees on them.
SEED_SPACES = [
    ("bitc", "BITC-DUB-1", "Studio Dubbing", "dubbing_studio", 4),
    ("bitc", "BITC-MUSIC-1", "Ruang Latihan Musik 1", "music_room", 8),
    ("bitc", "BITC-MUSIC-2", "Ruang Latihan Musik 2", "music_room", 6),
    ("bitc", "BITC-MEET-A", "Ruang Rapat A", "meeting_room", 10),
    ("bitc", "BITC-MEET-B", "Ruang Rapat B", "meeting_room", 6),
    ("bitc", "BITC-DESK-01", "Meja Coworking 01", "coworking_desk", 1),
    ("bitc", "BITC-DESK-02", "Meja Coworking 02", "coworking_desk", 1),
    ("bitc", "BITC-DESK-03", "Meja Coworking 03", "coworking_desk", 1),
    ("bitc", "BITC-HALL", "Aula BITC", "event_hall", 120),
    ("techno_park", "CTP-MEET-1", "Ruang Rapat Techno Park 1", "meeting_room", 12),
    ("techno_park", "CTP-DESK-01", "Meja Coworking Techno Park 01", "coworking_desk", 1),
    ("techno_park", "CTP-HALL", "Aula Cimahi Techno Park", "event_hall", 80),
]
SPACE_ID_NAMESPACE = uuid.UUID("6f1c2a8e-4b0d-4a57-9a35-0d2f2b6f5c11")


def upgrade() -> None:
    create_outbox_and_inbox_v1(SCHEMA)
    spaces = op.create_table(
        "spaces",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("site", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.CheckConstraint("site IN ('bitc', 'techno_park')", name="space_site"),
        sa.CheckConstraint(
            "type IN ('dubbing_studio', 'music_room', 'meeting_room', 'coworking_desk', 'event_hall')",
            name="space_type",
        ),
        sa.CheckConstraint("capacity > 0", name="space_capacity"),
        schema=SCHEMA,
    )
    op.bulk_insert(
        spaces,
        [
            {
                "id": uuid.uuid5(SPACE_ID_NAMESPACE, code),
                "site": site,
                "code": code,
                "name": name,
                "type": kind,
                "capacity": capacity,
                "active": True,
            }
            for site, code, name, kind, capacity in SEED_SPACES
        ],
    )
    op.create_table(
        "bookings",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "space_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.spaces.id"), nullable=False
        ),
        sa.Column("tenant_id", UUID(as_uuid=True), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name="booking_period_not_empty"),
        sa.CheckConstraint(
            "status IN ('requested', 'confirmed', 'checked_in', 'completed', 'cancelled', 'rejected', 'no_show')",
            name="booking_status",
        ),
        schema=SCHEMA,
    )
    # The guarantee that a space is never double-booked, whatever the application does.
    op.execute(
        f"ALTER TABLE {SCHEMA}.bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist "
        f"(space_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (status IN {LIVE_STATES})"
    )
    op.create_index("bookings_by_tenant", "bookings", ["tenant_id", "starts_at"], schema=SCHEMA)
    op.create_table(
        "tenant_standings",
        sa.Column("tenant_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("standing", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("plan_code", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("tenant_standings", schema=SCHEMA)
    op.drop_table("bookings", schema=SCHEMA)
    op.drop_table("spaces", schema=SCHEMA)
    drop_outbox_and_inbox_v1(SCHEMA)
