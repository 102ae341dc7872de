"""The occupancy and admissions reports: the incubator's story month by month (WIB months),
every month and site (or tenant kind) of the period answered, a quiet one with zeros."""

from dataclasses import dataclass

from contracts.tenancy import Site, TenantKind
from services.tenancy.adapters import report_queries as q
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.domain.report_period import ReportPeriod


@dataclass(frozen=True)
class OccupancyMonth:
    month: str
    site: Site
    units_total: int
    units_leased: int
    area_leased_m2: float
    leases_started: int
    leases_renewed: int
    leases_ending: int
    leases_ended: int


@dataclass(frozen=True)
class AdmissionsMonth:
    month: str
    kind: TenantKind
    registered: int
    admitted: int
    graduated: int
    offboarded: int
    active_at_month_end: int


def _name(month: ReportPeriod) -> str:
    return f"{month.first_day:%Y-%m}"


async def occupancy_by_month(
    uow: TenancyUnitOfWork, period: ReportPeriod, site: Site | None
) -> list[OccupancyMonth]:
    """``units_leased`` and its area: held by a signed lease on the month's last day (the
    period's last day for a month it cuts short)."""
    sites = [site] if site else list(Site)
    async with uow:
        c = uow.connection
        started = await q.lease_days_by_month(c, period, "starts_on")
        ending = await q.lease_days_by_month(c, period, "ends_on")
        ended = await q.lease_days_by_month(c, period, "ends_on", over_only=True)
        renewed = await q.renewals_by_month(c, period)
        rows = []
        for month in period.months():
            total = await q.units_by_site(c, month)
            leased = await q.units_by_site(c, month, leased_on=month.last_day)
            name = _name(month)
            for s in sites:
                key = (name, s.value)
                units_leased, area_leased = leased.get(s.value, (0, 0.0))
                rows.append(
                    OccupancyMonth(
                        month=name,
                        site=s,
                        units_total=total.get(s.value, (0, 0.0))[0],
                        units_leased=units_leased,
                        area_leased_m2=round(area_leased, 2),
                        leases_started=started[key],
                        leases_renewed=renewed[key],
                        leases_ending=ending[key],
                        leases_ended=ended[key],
                    )
                )
    return rows


async def admissions_by_month(
    uow: TenancyUnitOfWork, period: ReportPeriod
) -> list[AdmissionsMonth]:
    """``graduated``: offboarded with reason graduated; ``offboarded``: for any other reason;
    ``active_at_month_end``: admitted and not gone (active or suspended) as the month ends."""
    async with uow:
        c = uow.connection
        registered = await q.registrations_by_month(c, period)
        admitted = await q.moves_by_month(c, period, "activate")
        graduated = await q.moves_by_month(c, period, "offboard", reason="graduated")
        offboarded = await q.moves_by_month(c, period, "offboard", other_than="graduated")
        rows = []
        for month in period.months():
            standing = await q.admitted_by_kind(c, month)
            name = _name(month)
            for kind in TenantKind:
                key = (name, kind.value)
                rows.append(
                    AdmissionsMonth(
                        month=name,
                        kind=kind,
                        registered=registered[key],
                        admitted=admitted[key],
                        graduated=graduated[key],
                        offboarded=offboarded[key],
                        active_at_month_end=standing[kind.value],
                    )
                )
    return rows
