"""Each notification's priority, so urgent mail is claimed before a backlog of bulk mail.

The server default (normal) lets code of the previous release keep inserting during a rolling
upgrade. Messages still waiting get their category's priority here; the numbers are those of
services/notifications/domain/categories.py at this revision.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SCHEMA = "notifications"
_URGENT = (
    "booking_reminder",
    "booking_waitlist_promoted",
    "booking_no_show",
    "booking_cancelled",
    "booking_rejected",
    "tenant_suspended",
)
_BULK = ("series_summary", "staff_requests_digest", "staff_lease_digest")


def upgrade() -> None:
    op.add_column(
        "notifications",
        sa.Column("priority", sa.SmallInteger, nullable=False, server_default=sa.text("1")),
        schema=SCHEMA,
    )
    waiting = sa.table(
        "notifications",
        sa.column("priority"),
        sa.column("category"),
        sa.column("status"),
        schema=SCHEMA,
    )
    for priority, categories in ((0, _URGENT), (2, _BULK)):
        op.execute(
            waiting.update()
            .where(waiting.c.status.in_(["pending", "failed"]), waiting.c.category.in_(categories))
            .values(priority=priority)
        )
    op.create_index(
        "notifications_due_by_priority",
        "notifications",
        ["channel", "priority", "next_attempt_at"],
        schema=SCHEMA,
        postgresql_where=sa.text("status IN ('pending', 'failed')"),
    )


def downgrade() -> None:
    op.drop_index("notifications_due_by_priority", "notifications", schema=SCHEMA)
    op.drop_column("notifications", "priority", schema=SCHEMA)
