"""The append-only audit log of staff actions (issue #9).

Revision ID: 0005
Revises: 0004
"""

from shared.persistence.migration_ops import create_audit_log_v1, drop_audit_log_v1

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SCHEMA = "booking"


def upgrade() -> None:
    create_audit_log_v1(SCHEMA)


def downgrade() -> None:
    drop_audit_log_v1(SCHEMA)
