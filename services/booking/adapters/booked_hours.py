"""Hours of bookings summed per WIB month, read for the reports (docs/reports.md, "Booking").

A booking counts in the WIB month in which it starts; its hours are its own period (buffers
are not the tenant's time). The states each figure takes are named once here.
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from services.booking.adapters.tables import bookings, spaces, tenant_standings
from shared.domain.report_period import WIB, ReportPeriod

#: What staff granted and the tenant held: the space was set aside for it.
APPROVED = ("confirmed", "checked_in", "completed", "no_show")
#: The tenant's people came.
USED = sa.or_(
    bookings.c.status == "checked_in",
    sa.and_(bookings.c.status == "completed", bookings.c.checked_in_at.is_not(None)),
)
#: The kind of a tenant the projection does not know, or knows only by its plan so far.
UNKNOWN_KIND = "unknown"

_b, _s, _t = bookings, spaces, tenant_standings
_HOURS = sa.extract("epoch", _b.c.ends_at - _b.c.starts_at) / 3600
_MONTH = sa.func.to_char(sa.func.timezone(WIB.key, _b.c.starts_at), "YYYY-MM")


def _hours(where: sa.ColumnElement[bool] | None = None) -> sa.ColumnElement[float]:
    total = sa.func.sum(_HOURS) if where is None else sa.func.sum(_HOURS).filter(where)
    return sa.func.coalesce(total, 0)


def _started_in(period: ReportPeriod) -> sa.ColumnElement[bool]:
    return sa.and_(_b.c.starts_at >= period.starts_at, _b.c.starts_at < period.ends_at)


async def hours_by_sponsor(
    connection: AsyncConnection,
    period: ReportPeriod,
    *,
    sponsor_agency: str | None,
    site: str | None,
) -> Sequence[sa.RowMapping]:
    """Per month, sponsoring agency, community, site and space type: hours requested (every
    booking), approved, used, cancelled and no-show; communities with a sponsor only."""
    keys = (
        _MONTH.label("month"),
        _t.c.sponsor_agency,
        _b.c.tenant_id,
        _s.c.site,
        _s.c.type.label("space_type"),
    )
    query = (
        sa.select(
            *keys,
            _hours().label("hours_requested"),
            _hours(_b.c.status.in_(APPROVED)).label("hours_approved"),
            _hours(USED).label("hours_used"),
            _hours(_b.c.status == "cancelled").label("hours_cancelled"),
            _hours(_b.c.status == "no_show").label("hours_no_show"),
        )
        .select_from(
            _b.join(_s, _s.c.id == _b.c.space_id).join(_t, _t.c.tenant_id == _b.c.tenant_id)
        )
        .where(_started_in(period), _t.c.sponsor_agency.is_not(None))
        .group_by(*keys)
        .order_by(*keys)
    )
    if sponsor_agency is not None:
        query = query.where(_t.c.sponsor_agency == sponsor_agency)
    if site is not None:
        query = query.where(_s.c.site == site)
    return (await connection.execute(query)).mappings().all()


async def hours_by_space_and_kind(
    connection: AsyncConnection, period: ReportPeriod, space_ids: Sequence[uuid.UUID]
) -> Sequence[sa.RowMapping]:
    """Per month, space and tenant kind: hours booked (approved) and used, and how many
    bookings were approved and how many of those were no-shows."""
    kind = sa.func.coalesce(sa.func.nullif(_t.c.kind, ""), UNKNOWN_KIND)
    keys = (_MONTH.label("month"), _b.c.space_id, kind.label("tenant_kind"))
    approved = _b.c.status.in_(APPROVED)
    query = (
        sa.select(
            *keys,
            _hours(approved).label("booked_hours"),
            _hours(USED).label("used_hours"),
            sa.func.count().filter(approved).label("booked"),
            sa.func.count().filter(_b.c.status == "no_show").label("no_shows"),
        )
        .select_from(_b.outerjoin(_t, _t.c.tenant_id == _b.c.tenant_id))
        .where(_started_in(period), _b.c.space_id.in_(space_ids))
        .group_by(*keys)
        .order_by(*keys)
    )
    return (await connection.execute(query)).mappings().all()
