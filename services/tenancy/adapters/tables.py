"""The tenancy schema as SQLAlchemy Core tables, constraints included (migrations create them;
keep the two in step)."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, ExcludeConstraint

from shared.persistence.columns import timestamptz, uuid_column
from shared.persistence.unit_of_work import FrameTables

SCHEMA = "tenancy"
metadata = sa.MetaData(schema=SCHEMA)

plans = sa.Table(
    "plans",
    metadata,
    sa.Column("code", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("monthly_fee_idr", sa.BigInteger, nullable=False),
    sa.Column("quotas", JSONB, nullable=False),
    sa.Column("bookings_need_approval", sa.Boolean, nullable=False),
    sa.Column("over_quota", sa.Text, nullable=False),
    timestamptz("updated_at", server_default=sa.func.now()),
    sa.CheckConstraint("monthly_fee_idr >= 0", name="plan_fee_not_negative"),
    sa.CheckConstraint("over_quota IN ('reject', 'needs_approval')", name="plan_over_quota"),
)

tenants = sa.Table(
    "tenants",
    metadata,
    uuid_column("id", primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("plan_code", sa.Text, sa.ForeignKey("plans.code"), nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("contact_name", sa.Text, nullable=False),
    sa.Column("contact_email", sa.Text, nullable=False),
    sa.Column("contact_phone", sa.Text),
    sa.Column("contact_language", sa.Text, nullable=False),
    timestamptz("registered_at"),
    timestamptz("activated_at", nullable=True),
    sa.Column("tax_id", sa.Text),
    sa.Column("sponsor_agency", sa.Text),
    sa.Column("offboarding_reason", sa.Text),
    timestamptz("personal_data_erased_at", nullable=True),
    sa.CheckConstraint(
        "kind IN ('startup', 'company', 'community', 'individual')", name="tenant_kind"
    ),
    sa.CheckConstraint(
        "status IN ('applied', 'active', 'suspended', 'offboarded')", name="tenant_status"
    ),
    sa.CheckConstraint("contact_language IN ('id', 'en')", name="tenant_contact_language"),
    sa.CheckConstraint("tax_id ~ '^([0-9]{15}|[0-9]{16})$'", name="tenant_tax_id_npwp"),
    sa.CheckConstraint(
        "offboarding_reason IN ('graduated', 'terminated', 'left')",
        name="tenant_offboarding_reason",
    ),
    sa.Index("tenants_by_registration", "registered_at", "id"),
)

tenant_history = sa.Table(
    "tenant_history",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
    uuid_column("tenant_id", sa.ForeignKey("tenants.id"), nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("from_status", sa.Text),
    sa.Column("to_status", sa.Text, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("reason", sa.Text),
    timestamptz("occurred_at"),
    sa.Index("tenant_history_by_tenant", "tenant_id", "id"),
)

units = sa.Table(
    "units",
    metadata,
    uuid_column("id", primary_key=True),
    sa.Column("site", sa.Text, nullable=False),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("floor", sa.Integer, nullable=False),
    sa.Column("area_m2", sa.Numeric(8, 2), nullable=False),
    sa.Column("monthly_rate_idr", sa.BigInteger, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    timestamptz("created_at"),
    sa.UniqueConstraint("site", "code", name="unit_code_per_site"),
    sa.CheckConstraint("site IN ('bitc', 'techno_park')", name="unit_site"),
    sa.CheckConstraint("status IN ('vacant', 'leased', 'maintenance')", name="unit_status"),
    sa.CheckConstraint("area_m2 > 0", name="unit_area_positive"),
    sa.CheckConstraint("monthly_rate_idr >= 0", name="unit_rate_not_negative"),
)

leases = sa.Table(
    "leases",
    metadata,
    uuid_column("id", primary_key=True),
    uuid_column("tenant_id", sa.ForeignKey("tenants.id"), nullable=False),
    uuid_column("unit_id", sa.ForeignKey("units.id"), nullable=False),
    sa.Column("site", sa.Text, nullable=False),
    sa.Column("starts_on", sa.Date, nullable=False),
    sa.Column("ends_on", sa.Date, nullable=False),
    sa.Column("monthly_rent_idr", sa.BigInteger, nullable=False),
    sa.Column("deposit_idr", sa.BigInteger, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    timestamptz("created_at"),
    timestamptz("signed_at", nullable=True),
    sa.Column("notice_given_on", sa.Date),
    sa.CheckConstraint("ends_on >= starts_on", name="lease_period"),
    sa.CheckConstraint("state IN ('draft', 'active', 'ended', 'terminated')", name="lease_state"),
    sa.CheckConstraint("monthly_rent_idr >= 0 AND deposit_idr >= 0", name="lease_money"),
    # A unit is never leased twice over the same day, whatever the application does.
    ExcludeConstraint(
        (sa.column("unit_id"), "="),
        (sa.text("daterange(starts_on, ends_on, '[]')"), "&&"),
        using="gist",
        where=sa.text("state <> 'draft'"),
        name="leases_no_overlap",
    ),
    sa.Index("leases_by_tenant", "tenant_id", "created_at"),
)

#: One row per expiry notice sent, written with its outbox event: the notice's exactly-once.
#: ``days_left`` holds the notice's threshold (60, 30 or 7), not the days left it told.
lease_notices = sa.Table(
    "lease_notices",
    metadata,
    uuid_column("lease_id", sa.ForeignKey("leases.id"), primary_key=True),
    sa.Column("ends_on", sa.Date, primary_key=True),
    sa.Column("days_left", sa.Integer, primary_key=True),
    timestamptz("sent_at"),
)

frame_tables = FrameTables.declare(metadata)
outbox, inbox, idempotency_keys, audit_log = frame_tables
