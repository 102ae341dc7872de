"""A timeline of units, leases and tenants' lives in a year of its own, written at its own
moments, and the occupancy and admissions figures counted from it here, independently of the
reports' SQL: what tests/integration/test_tenancy_reports.py checks the reports against."""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import uuid4

from contracts.tenancy import OffboardingReason, Site, SuspensionReason, TenantKind
from services.tenancy.adapters.tables import audit_log
from services.tenancy.domain.lease import WIB, Lease
from services.tenancy.domain.tenant import Tenant
from services.tenancy.domain.unit import OfficeUnit
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from tests.integration.test_tenancy_events import contact

#: A year of this run's own: nothing else in the suite's database is dated in it (WIB has
#: been UTC+7 all along since then).
YEAR = random.randint(1970, 1999)
MONTHS = (f"{YEAR}-03", f"{YEAR}-04")
PERIOD = {"from": f"{YEAR}-03-01", "to": f"{YEAR}-04-30"}


def utc(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(YEAR, month, day, hour, minute, tzinfo=UTC)


def early_wib(month: int, day: int, minutes: int = 30) -> datetime:
    """``minutes`` past midnight WIB on that day: the day before in UTC."""
    midnight = datetime.combine(date(YEAR, month, day), time(), WIB)
    moment = (midnight + timedelta(minutes=minutes)).astimezone(UTC)
    assert moment.date() < date(YEAR, month, day)
    return moment


def d(month: int, day: int) -> date:
    return date(YEAR, month, day)


def wib_month(moment: datetime) -> str:
    return moment.astimezone(WIB).strftime("%Y-%m")


@dataclass
class LeaseSpec:
    site: Site
    area_m2: float
    unit_created: datetime
    starts_on: date | None = None  # None: the unit stays unleased
    ends_on: date | None = None
    signed: bool = True
    ended_on: date | None = None
    terminated: tuple[date, date] | None = None
    renewed_at: datetime | None = None
    renewed_to: date | None = None


#: Steps of a tenant's life: (action, moment, reason) with action register/activate/suspend/
#: offboard.
TENANT_LIVES: list[tuple[TenantKind, list[tuple[str, datetime, str | None]]]] = [
    # Registered at 00:30 WIB on 1 March: still February in UTC.
    (
        TenantKind.STARTUP,
        [
            ("register", early_wib(3, 1), None),
            ("activate", utc(3, 5), None),
            ("offboard", utc(4, 10), "graduated"),
        ],
    ),
    # Activated at 01:00 WIB on 1 April: still March in UTC.
    (
        TenantKind.COMMUNITY,
        [("register", utc(3, 10), None), ("activate", early_wib(4, 1, 60), None)],
    ),
    # Left at 23:59 WIB on 30 April: still April, whatever UTC says.
    (
        TenantKind.COMPANY,
        [
            ("register", utc(3, 20), None),
            ("activate", utc(3, 21), None),
            ("offboard", utc(4, 30, 16, 59), "left"),
        ],
    ),
    # Registered at 00:30 WIB on 1 May: after the period.
    (TenantKind.INDIVIDUAL, [("register", early_wib(5, 1), None)]),
    (
        TenantKind.STARTUP,
        [
            ("register", utc(3, 1, 5), None),
            ("activate", utc(3, 2), None),
            ("suspend", utc(3, 3), None),
        ],
    ),
    # The lessee of every lease below: admitted before the period.
    (TenantKind.COMPANY, [("register", utc(1, 5), None), ("activate", utc(1, 6), None)]),
]

LEASES = [
    LeaseSpec(Site.BITC, 20.0, utc(1, 10), d(3, 1), d(3, 31), ended_on=d(3, 31)),
    # Renewed at 01:00 WIB on 1 April: still March in UTC.
    LeaseSpec(
        Site.BITC,
        30.5,
        utc(1, 10),
        d(4, 1),
        d(10, 31),
        renewed_at=early_wib(4, 1, 60),
        renewed_to=d(12, 31),
    ),
    LeaseSpec(Site.BITC, 12.25, utc(4, 15), d(4, 16), d(12, 31), signed=False),
    LeaseSpec(
        Site.TECHNO_PARK, 40.0, utc(2, 1), d(3, 15), d(12, 31), terminated=(d(4, 1), d(4, 20))
    ),
    LeaseSpec(Site.TECHNO_PARK, 15.0, utc(5, 5)),
    # Renewed at 00:30 WIB on 1 May: after the period.
    LeaseSpec(
        Site.BITC,
        18.0,
        utc(2, 1),
        d(2, 1),
        d(4, 30),
        renewed_at=early_wib(5, 1),
        renewed_to=d(6, 30),
    ),
    LeaseSpec(Site.BITC, 22.0, utc(2, 1), d(2, 1), d(4, 30)),
    # Created at 00:30 WIB on 1 April: still March in UTC, so not a March unit.
    LeaseSpec(Site.TECHNO_PARK, 9.75, early_wib(4, 1)),
]

_STATUS_AFTER = {
    "register": "applied",
    "activate": "active",
    "suspend": "suspended",
    "offboard": "offboarded",
}


async def seed(engine) -> None:
    """Writes the timeline above through the domain at its own moments; a renewal also gets
    the audit entry staff's renewing writes (the record of when it was made), at its moment."""
    uow = TenancyUnitOfWork(engine)
    async with uow:
        lessee = None
        for kind, steps in TENANT_LIVES:
            plan = "community" if kind is TenantKind.COMMUNITY else "office-tenant"
            tenant = Tenant.register(
                kind=kind,
                display_name="Kopi Kode",
                contact=contact(),
                plan_code=plan,
                now=steps[0][1],
            )
            for action, moment, reason in steps[1:]:
                if action == "activate":
                    tenant.activate(moment)
                elif action == "suspend":
                    tenant.suspend(SuspensionReason.OTHER, moment, "staff")
                else:
                    tenant.offboard(OffboardingReason(reason), moment, "staff")
            await uow.tenants.add(tenant)
            lessee = tenant
        for spec in LEASES:
            unit = OfficeUnit.create(
                site=spec.site,
                code=f"R{uuid4().hex[:10]}",
                floor=1,
                area_m2=spec.area_m2,
                monthly_rate_idr=1,
                now=spec.unit_created,
            )
            await uow.units.add(unit)
            if spec.starts_on is None:
                continue
            lease = leased(spec, lessee.id, unit.id)
            await uow.leases.add(lease)
            if spec.renewed_at:
                renewal = {"action": "lease.renew", "target_type": "lease", "details": {}}
                await uow.connection.execute(
                    audit_log.insert().values(
                        id=uuid4(),
                        occurred_at=spec.renewed_at,
                        actor="staff",
                        target_id=str(lease.id),
                        **renewal,
                    )
                )
        await uow.commit()


def leased(spec: LeaseSpec, tenant_id, unit_id) -> Lease:
    lease = Lease.draft(
        tenant_id=tenant_id,
        unit_id=unit_id,
        site=spec.site,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        monthly_rent_idr=1,
        deposit_idr=0,
        now=spec.unit_created,
    )
    if spec.signed:
        lease.sign(spec.unit_created)
    if spec.ended_on:
        lease.end(spec.ended_on, spec.unit_created)
    if spec.terminated:
        lease.terminate(*spec.terminated, spec.unit_created)
    if spec.renewed_at:
        lease.renew(spec.renewed_to, None, spec.renewed_at)
    return lease


def last_day(month: str) -> date:
    year, number = (int(part) for part in month.split("-"))
    return date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)


def expected_occupancy() -> list[dict]:
    rows = []
    for month in MONTHS:
        end = last_day(month)
        for site in Site:
            at = [s for s in LEASES if s.site is site]
            signed = [s for s in at if s.starts_on and s.signed]

            def final(s: LeaseSpec) -> date:
                return (
                    s.ended_on
                    or (s.terminated[1] if s.terminated else None)
                    or (s.renewed_to if s.renewed_at else s.ends_on)
                )

            leased = [s for s in signed if s.starts_on <= end <= final(s)]
            rows.append(
                {
                    "month": month,
                    "site": site.value,
                    "units_total": sum(s.unit_created.astimezone(WIB).date() <= end for s in at),
                    "units_leased": len(leased),
                    "area_leased_m2": round(sum(s.area_m2 for s in leased), 2),
                    "leases_started": sum(f"{s.starts_on:%Y-%m}" == month for s in signed),
                    "leases_renewed": sum(
                        wib_month(s.renewed_at) == month for s in signed if s.renewed_at
                    ),
                    "leases_ending": sum(f"{final(s):%Y-%m}" == month for s in signed),
                    "leases_ended": sum(
                        f"{final(s):%Y-%m}" == month for s in signed if s.ended_on or s.terminated
                    ),
                }
            )
    return rows


def expected_admissions() -> list[dict]:
    rows = []
    for month in MONTHS:
        month_end = datetime.combine(last_day(month) + timedelta(days=1), datetime.min.time(), WIB)
        for kind in TenantKind:
            lives = [steps for k, steps in TENANT_LIVES if k is kind]
            steps = [step for life in lives for step in life if wib_month(step[1]) == month]
            standing = [[s for s in life if s[1] < month_end] for life in lives]
            rows.append(
                {
                    "month": month,
                    "kind": kind.value,
                    "registered": sum(a == "register" for a, _, _ in steps),
                    "admitted": sum(a == "activate" for a, _, _ in steps),
                    "graduated": sum(a == "offboard" and r == "graduated" for a, _, r in steps),
                    "offboarded": sum(a == "offboard" and r != "graduated" for a, _, r in steps),
                    "active_at_month_end": sum(
                        bool(life) and _STATUS_AFTER[life[-1][0]] in ("active", "suspended")
                        for life in standing
                    ),
                }
            )
    return rows
