"""Fix forward of 0004, which made ``bookings.blocked_from`` and ``blocked_until`` NOT NULL with
nothing to fill them, so the INSERTs of the code before it failed during a rolling upgrade.
They now default to the booking's own period (no buffers), which is what 0004 gave existing rows.

A database still before 0004 gets 0004 to this one in one transaction (Alembic runs every
pending migration in one), so the previous release's pods never see 0004 without this.

Revision ID: 0007
Revises: 0006
"""

from shared.persistence.migration_ops import drop_fill_on_insert_v1, fill_on_insert_v1

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SCHEMA = "booking"
#: tests/integration/test_rolling_upgrade_migrations.py checks 0004 against the schema after this.
repairs = "0004"


def upgrade() -> None:
    fill_on_insert_v1(
        SCHEMA, "bookings", {"blocked_from": "NEW.starts_at", "blocked_until": "NEW.ends_at"}
    )


def downgrade() -> None:
    drop_fill_on_insert_v1(SCHEMA, "bookings")
