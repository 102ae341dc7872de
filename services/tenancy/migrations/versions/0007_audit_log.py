"""The append-only audit log of staff actions (issue #9).

Revision ID: 0007
Revises: 0006
"""

from shared.persistence.migration_ops import create_audit_log_v1, drop_audit_log_v1

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SCHEMA = "tenancy"


def upgrade() -> None:
    create_audit_log_v1(SCHEMA)


def downgrade() -> None:
    drop_audit_log_v1(SCHEMA)
