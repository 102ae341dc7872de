"""An index on the booking a message is about (issue #17): each booking event looks up the
earlier messages about its booking, which read every message the tenant ever had, a cost that
grew with the tenant's history.

Built CONCURRENTLY, outside the migration's transaction, so the running release keeps writing
messages while it is built; an index a build interrupted earlier left behind (invalid) is
dropped first.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SCHEMA = "notifications"


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {SCHEMA}.notifications_about_booking")
        op.execute(
            "CREATE INDEX CONCURRENTLY notifications_about_booking "
            f"ON {SCHEMA}.notifications ((details ->> 'booking_id'))"
        )


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {SCHEMA}.notifications_about_booking")
