"""Editable membership plans, seeded with the three plans tenants have registered on so far;
tenants.plan_code now references them.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SCHEMA = "tenancy"

# Fees in rupiah per month; hours per calendar month (Asia/Jakarta).
SEED = [
    (
        "community",
        "Community (sponsored)",
        0,
        {"music_room": 16, "meeting_room": 8},
        True,
        "needs_approval",
    ),
    (
        "coworking-flex",
        "Coworking flex",
        750_000,
        {"coworking_desk": 160, "meeting_room": 8},
        False,
        "reject",
    ),
    (
        "office-tenant",
        "Office tenant",
        1_500_000,
        {"meeting_room": 20, "dubbing_studio": 10, "event_hall": 8},
        False,
        "needs_approval",
    ),
]


def upgrade() -> None:
    plans = op.create_table(
        "plans",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("monthly_fee_idr", sa.BigInteger, nullable=False),
        sa.Column("quotas", JSONB, nullable=False),
        sa.Column("bookings_need_approval", sa.Boolean, nullable=False),
        sa.Column("over_quota", sa.Text, nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint("monthly_fee_idr >= 0", name="plan_fee_not_negative"),
        sa.CheckConstraint("over_quota IN ('reject', 'needs_approval')", name="plan_over_quota"),
        schema=SCHEMA,
    )
    op.bulk_insert(
        plans,
        [
            {
                "code": code,
                "name": name,
                "monthly_fee_idr": fee,
                "quotas": [{"space_type": kind, "hours": hours} for kind, hours in quotas.items()],
                "bookings_need_approval": approval,
                "over_quota": over_quota,
            }
            for code, name, fee, quotas, approval, over_quota in SEED
        ],
    )
    # Tenants on a plan not seeded here exist only after a downgrade dropped the plans table:
    # their plans come back with no quotas and approval needed, for staff to edit.
    op.execute(
        f"INSERT INTO {SCHEMA}.plans "
        "(code, name, monthly_fee_idr, quotas, bookings_need_approval, over_quota) "
        f"SELECT DISTINCT plan_code, plan_code, 0, '[]'::jsonb, true, 'needs_approval' "
        f"FROM {SCHEMA}.tenants ON CONFLICT (code) DO NOTHING"
    )
    op.create_foreign_key(
        "tenants_plan_code_fkey",
        "tenants",
        "plans",
        ["plan_code"],
        ["code"],
        source_schema=SCHEMA,
        referent_schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_constraint("tenants_plan_code_fkey", "tenants", schema=SCHEMA)
    op.drop_table("plans", schema=SCHEMA)
