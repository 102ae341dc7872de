"""The figures of the occupancy and admissions reports, counted in SQL per WIB month.

A lease's days are WIB days already; a moment (a renewal, a registration, a step in a tenant's
history) is turned into its WIB month before grouping, so the first hours of a month, still the
previous day in UTC, count in that month.
"""

from collections import Counter
from datetime import date
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncConnection

from services.tenancy.adapters.tables import audit_log, leases, tenant_history, tenants, units
from shared.domain.report_period import WIB, ReportPeriod

#: (month "YYYY-MM", site or tenant kind) → a count.
Counts = Counter[tuple[str, str]]
_SIGNED = leases.c.state != "draft"
_OVER = leases.c.state.in_(["ended", "terminated"])
_ADMITTED = ("active", "suspended")


def _wib_month(moment: sa.ColumnElement) -> sa.ColumnElement[str]:
    return sa.func.to_char(sa.func.timezone(WIB.key, moment), "YYYY-MM")


def _day_month(day: sa.ColumnElement) -> sa.ColumnElement[str]:
    return sa.func.to_char(day, "YYYY-MM")


async def _counts(connection: AsyncConnection, query: sa.Select) -> Counts:
    return Counter({(month, key): count for month, key, count in await connection.execute(query)})


async def units_by_site(
    connection: AsyncConnection, period: ReportPeriod, leased_on: date | None = None
) -> dict[str, tuple[int, float]]:
    """Per site, the units that exist by the period's end (and, with ``leased_on``, that a
    signed lease holds on that day): their number and area."""
    query = sa.select(
        units.c.site, sa.func.count(), sa.func.coalesce(sa.func.sum(units.c.area_m2), 0)
    )
    query = query.where(units.c.created_at < period.ends_at).group_by(units.c.site)
    if leased_on is not None:
        holding = sa.exists().where(
            leases.c.unit_id == units.c.id,
            _SIGNED,
            leases.c.starts_on <= leased_on,
            leases.c.ends_on >= leased_on,
        )
        query = query.where(holding)
    return {site: (count, float(area)) for site, count, area in await connection.execute(query)}


async def lease_days_by_month(
    connection: AsyncConnection,
    period: ReportPeriod,
    day_column: Literal["starts_on", "ends_on"],
    *,
    over_only: bool = False,
) -> Counts:
    """Signed leases whose first or last day falls in the period, per month and site;
    ``over_only``: only leases that are over (ended or terminated)."""
    day = leases.c[day_column]
    month = _day_month(day)
    query = (
        sa.select(month, leases.c.site, sa.func.count())
        .where(_SIGNED, day.between(period.first_day, period.last_day))
        .group_by(month, leases.c.site)
    )
    if over_only:
        query = query.where(_OVER)
    return await _counts(connection, query)


async def renewals_by_month(connection: AsyncConnection, period: ReportPeriod) -> Counts:
    """Renewals per month and site. Every renewal is a staff action, and the audit log (never
    pruned) is the one place that keeps each one with its time."""
    month = _wib_month(audit_log.c.occurred_at)
    query = (
        sa.select(month, leases.c.site, sa.func.count())
        .join(leases, sa.cast(leases.c.id, sa.Text) == audit_log.c.target_id)
        .where(
            audit_log.c.action == "lease.renew",
            audit_log.c.occurred_at >= period.starts_at,
            audit_log.c.occurred_at < period.ends_at,
        )
        .group_by(month, leases.c.site)
    )
    return await _counts(connection, query)


async def registrations_by_month(connection: AsyncConnection, period: ReportPeriod) -> Counts:
    month = _wib_month(tenants.c.registered_at)
    query = (
        sa.select(month, tenants.c.kind, sa.func.count())
        .where(
            tenants.c.registered_at >= period.starts_at, tenants.c.registered_at < period.ends_at
        )
        .group_by(month, tenants.c.kind)
    )
    return await _counts(connection, query)


async def moves_by_month(
    connection: AsyncConnection,
    period: ReportPeriod,
    action: str,
    *,
    reason: str | None = None,
    other_than: str | None = None,
) -> Counts:
    """Steps ``action`` in the tenants' histories per month and tenant kind; ``reason`` keeps
    only steps with that reason, ``other_than`` only those without it."""
    h = tenant_history
    month = _wib_month(h.c.occurred_at)
    query = (
        sa.select(month, tenants.c.kind, sa.func.count())
        .join(tenants, tenants.c.id == h.c.tenant_id)
        .where(
            h.c.action == action,
            h.c.occurred_at >= period.starts_at,
            h.c.occurred_at < period.ends_at,
        )
        .group_by(month, tenants.c.kind)
    )
    if reason is not None:
        query = query.where(h.c.reason == reason)
    if other_than is not None:
        query = query.where(h.c.reason.is_distinct_from(other_than))
    return await _counts(connection, query)


async def admitted_by_kind(connection: AsyncConnection, period: ReportPeriod) -> Counter[str]:
    """Tenants admitted and not gone (active or suspended) when the period ends, by kind: each
    tenant's last step before then says where it stood."""
    h = tenant_history
    last_steps = (
        sa.select(h.c.tenant_id, h.c.to_status)
        .ext(distinct_on(h.c.tenant_id))
        .where(h.c.occurred_at < period.ends_at)
        .order_by(h.c.tenant_id, h.c.occurred_at.desc(), h.c.id.desc())
        .subquery()
    )
    query = (
        sa.select(tenants.c.kind, sa.func.count())
        .join(last_steps, last_steps.c.tenant_id == tenants.c.id)
        .where(last_steps.c.to_status.in_(_ADMITTED))
        .group_by(tenants.c.kind)
    )
    return Counter(dict((await connection.execute(query)).all()))
