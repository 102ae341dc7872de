"""Office units, their leases (never two signed ones overlapping on a unit) and the expiry
notices already sent.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SCHEMA = "tenancy"


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("site", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("floor", sa.Integer, nullable=False),
        sa.Column("area_m2", sa.Numeric(8, 2), nullable=False),
        sa.Column("monthly_rate_idr", sa.BigInteger, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("site", "code", name="unit_code_per_site"),
        sa.CheckConstraint("site IN ('bitc', 'techno_park')", name="unit_site"),
        sa.CheckConstraint("status IN ('vacant', 'leased', 'maintenance')", name="unit_status"),
        sa.CheckConstraint("area_m2 > 0", name="unit_area_positive"),
        sa.CheckConstraint("monthly_rate_idr >= 0", name="unit_rate_not_negative"),
        schema=SCHEMA,
    )
    op.create_table(
        "leases",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "tenant_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.tenants.id"), nullable=False
        ),
        sa.Column(
            "unit_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.units.id"), nullable=False
        ),
        sa.Column("site", sa.Text, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("monthly_rent_idr", sa.BigInteger, nullable=False),
        sa.Column("deposit_idr", sa.BigInteger, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True)),
        sa.Column("notice_given_on", sa.Date),
        sa.CheckConstraint("ends_on >= starts_on", name="lease_period"),
        sa.CheckConstraint(
            "state IN ('draft', 'active', 'ended', 'terminated')", name="lease_state"
        ),
        sa.CheckConstraint("monthly_rent_idr >= 0 AND deposit_idr >= 0", name="lease_money"),
        schema=SCHEMA,
    )
    # The guarantee that a unit is never leased twice over one day (btree_gist: bitc setup).
    op.execute(
        f"ALTER TABLE {SCHEMA}.leases ADD CONSTRAINT leases_no_overlap EXCLUDE USING gist "
        "(unit_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&) WHERE (state <> 'draft')"
    )
    op.create_index("leases_by_tenant", "leases", ["tenant_id", "created_at"], schema=SCHEMA)
    op.create_table(
        "lease_notices",
        sa.Column(
            "lease_id", UUID(as_uuid=True), sa.ForeignKey(f"{SCHEMA}.leases.id"), primary_key=True
        ),
        sa.Column("ends_on", sa.Date, primary_key=True),
        sa.Column("days_left", sa.Integer, primary_key=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("lease_notices", schema=SCHEMA)
    op.drop_table("leases", schema=SCHEMA)
    op.drop_table("units", schema=SCHEMA)
