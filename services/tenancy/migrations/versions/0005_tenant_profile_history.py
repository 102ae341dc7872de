"""Tenant tax id, sponsoring agency, offboarding reason and erasure; the history of who moved a
tenant through its lifecycle, when and why.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SCHEMA = "tenancy"


def upgrade() -> None:
    op.add_column("tenants", sa.Column("tax_id", sa.Text), schema=SCHEMA)
    op.add_column("tenants", sa.Column("sponsor_agency", sa.Text), schema=SCHEMA)
    op.add_column("tenants", sa.Column("offboarding_reason", sa.Text), schema=SCHEMA)
    op.add_column(
        "tenants", sa.Column("personal_data_erased_at", sa.DateTime(timezone=True)), schema=SCHEMA
    )
    op.create_check_constraint(
        "tenant_tax_id_npwp", "tenants", "tax_id ~ '^([0-9]{15}|[0-9]{16})$'", schema=SCHEMA
    )
    op.create_check_constraint(
        "tenant_offboarding_reason",
        "tenants",
        "offboarding_reason IN ('graduated', 'terminated', 'left')",
        schema=SCHEMA,
    )
    op.create_index("tenants_by_registration", "tenants", ["registered_at", "id"], schema=SCHEMA)
    op.create_table(
        "tenant_history",
        sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column(
            "tenant_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.tenants.id"), nullable=False
        ),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("from_status", sa.Text),
        sa.Column("to_status", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )
    op.create_index(
        "tenant_history_by_tenant", "tenant_history", ["tenant_id", "id"], schema=SCHEMA
    )


def downgrade() -> None:
    op.drop_table("tenant_history", schema=SCHEMA)
    op.drop_index("tenants_by_registration", "tenants", schema=SCHEMA)
    op.drop_constraint("tenant_offboarding_reason", "tenants", schema=SCHEMA)
    op.drop_constraint("tenant_tax_id_npwp", "tenants", schema=SCHEMA)
    for column in ("personal_data_erased_at", "offboarding_reason", "sponsor_agency", "tax_id"):
        op.drop_column("tenants", column, schema=SCHEMA)
