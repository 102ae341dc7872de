"""Each booking counts its changes and keeps when it last changed, so its calendar feed entry
carries a SEQUENCE and LAST-MODIFIED that grow with each change (issue #13).

Expand only: both columns have a default or are nullable, so the code before this release keeps
working against the new schema (it leaves them as they are).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SCHEMA = "booking"


def upgrade() -> None:
    op.add_column(
        "bookings",
        sa.Column("revision", sa.Integer, nullable=False, server_default="0"),
        schema=SCHEMA,
    )
    op.add_column("bookings", sa.Column("updated_at", sa.DateTime(timezone=True)), schema=SCHEMA)
    # Feeds used to drop these, and had shown them (if at all) with SEQUENCE 0: one step past it
    # makes calendar apps take the cancelled copy over the one they kept.
    op.execute(
        f"UPDATE {SCHEMA}.bookings SET revision = 1 "
        "WHERE status IN ('cancelled', 'rejected', 'no_show')"
    )


def downgrade() -> None:
    op.drop_column("bookings", "updated_at", schema=SCHEMA)
    op.drop_column("bookings", "revision", schema=SCHEMA)
