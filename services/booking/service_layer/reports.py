"""The booking reports: each sponsored community's hours for its agency, and how much of their
opening hours the spaces were booked and used (docs/reports.md, "Booking")."""

import uuid
from typing import Any

from contracts.booking import Site, SpaceType
from services.booking.adapters import booked_hours
from services.booking.domain.utilisation import Use, by_kind_and_all, open_hours
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.domain.report_period import ReportPeriod

Row = dict[str, Any]
_SPONSOR_HOURS = (
    "hours_requested",
    "hours_approved",
    "hours_used",
    "hours_cancelled",
    "hours_no_show",
)


async def sponsor_report(
    uow: BookingUnitOfWork,
    period: ReportPeriod,
    *,
    sponsor_agency: str | None = None,
    site: Site | None = None,
) -> list[Row]:
    async with uow:
        found = await booked_hours.hours_by_sponsor(
            uow.connection,
            period,
            sponsor_agency=sponsor_agency,
            site=site.value if site else None,
        )
    return [
        dict(row) | {name: round(float(row[name]), 2) for name in _SPONSOR_HOURS} for row in found
    ]


async def utilisation_report(
    uow: BookingUnitOfWork,
    period: ReportPeriod,
    *,
    site: Site | None = None,
    space_type: SpaceType | None = None,
    space_id: uuid.UUID | None = None,
) -> list[Row]:
    """One row per month, space and tenant kind that booked it, and the space's row of every
    kind (``all``) for each month even when nobody booked it."""
    async with uow:
        chosen = [
            space
            for space in await uow.spaces.list(space_type, site)
            if space_id is None or space.id == space_id
        ]
        closures = await uow.closures.meeting(period.starts_at, period.ends_at)
        found = await booked_hours.hours_by_space_and_kind(
            uow.connection, period, [space.id for space in chosen]
        )
    uses: dict[tuple[str, uuid.UUID], dict[str, Use]] = {}
    for row in found:
        uses.setdefault((row["month"], row["space_id"]), {})[row["tenant_kind"]] = Use(
            float(row["booked_hours"]), float(row["used_hours"]), row["booked"], row["no_shows"]
        )
    rows = []
    for month in period.months():
        label = month.first_day.strftime("%Y-%m")
        for space in chosen:
            closed = [
                (c.starts_at, c.ends_at) for c in closures if c.applies_to(space.site, space.id)
            ]
            opening = open_hours(space.opening_hours, closed, month.starts_at, month.ends_at)
            described = {
                "month": label,
                "site": space.site.value,
                "space_id": space.id,
                "space_code": space.code,
                "space_name": space.name,
                "space_type": space.type.value,
            }
            for kind, use in by_kind_and_all(uses.get((label, space.id), {})):
                rows.append(described | {"tenant_kind": kind} | use.figures(opening))
    return rows
