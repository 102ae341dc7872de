"""Every tenancy event, from the use case through the outbox relay to the real broker: the
public topic keyed by tenant id (unit events by unit id), the contacts topic by tenant id."""

import json
import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest

from contracts.tenancy import (
    Language,
    MonthlyQuota,
    OffboardingReason,
    OverQuotaPolicy,
    Site,
    SpaceType,
    SuspensionReason,
    TenantKind,
)
from contracts.topics import TENANCY_CONTACTS, TENANCY_EVENTS
from services.tenancy.domain.contact import Contact
from services.tenancy.domain.lease import WIB
from services.tenancy.domain.plan import Plan
from services.tenancy.service_layer import leases, plans, tenant_lifecycle, tenants, units
from services.tenancy.service_layer.lease_calendar import run_lease_calendar
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.persistence.db import create_engine
from shared.runtime.periodic_jobs import PeriodicJob, run_job_once
from tests.kafka_reading import read_until
from tests.outbox_relaying import running_relay

pytestmark = pytest.mark.integration


@pytest.fixture
async def engine(infra):
    engine = create_engine(infra.database_urls["tenancy"], pool_size=8)
    yield engine
    await engine.dispose()


async def published(infra, key: object, count: int, topic: str = TENANCY_EVENTS) -> list[dict]:
    """The first ``count`` events published under ``key``, decoded (None for a tombstone)."""
    wanted = str(key).encode()
    records = await read_until(
        infra.kafka_bootstrap, topic, done=lambda rs: sum(r.key == wanted for r in rs) >= count
    )
    return [json.loads(r.value) if r.value else None for r in records if r.key == wanted]


def contact(tag: str = "") -> Contact:
    return Contact(
        name=f"Asep {tag}".strip(),
        email=f"asep{tag}@example.id",
        phone="+6281234567890",
        language=Language.INDONESIAN,
    )


async def active_tenant(engine, kind=TenantKind.STARTUP, plan_code="office-tenant", **extra):
    tenant = await tenants.register_tenant(
        TenancyUnitOfWork(engine),
        kind=kind,
        display_name="Kopi Kode",
        plan_code=plan_code,
        contact=contact(),
        actor="staff:rina",
        **extra,
    )
    await tenants.activate_tenant(TenancyUnitOfWork(engine), tenant.id, actor="staff:rina")
    return tenant


async def vacant_unit(engine, site=Site.BITC):
    return await units.create_unit(
        TenancyUnitOfWork(engine),
        site=site,
        code=f"OF-{uuid.uuid4().hex[:8]}",
        floor=2,
        area_m2=24.5,
        monthly_rate_idr=4_500_000,
        actor="staff",
    )


async def signed_lease(engine, tenant_id, unit_id, starts_on: date, ends_on: date):
    lease = await leases.draft_lease(
        TenancyUnitOfWork(engine),
        tenant_id=tenant_id,
        unit_id=unit_id,
        starts_on=starts_on,
        ends_on=ends_on,
        monthly_rent_idr=None,
        deposit_idr=9_000_000,
        actor="staff",
    )
    return await leases.sign_lease(TenancyUnitOfWork(engine), lease.id, actor="staff")


def today() -> date:
    return datetime.now(WIB).date()


async def run_calendar(engine, now: datetime) -> bool:
    job = PeriodicJob("tenancy-lease-calendar", 60, run_lease_calendar)
    return await run_job_once(job, TenancyUnitOfWork(engine), now)


async def test_a_tenants_whole_lifecycle_is_published_in_order(infra, engine):
    uow = lambda: TenancyUnitOfWork(engine)  # noqa: E731 - one fresh unit of work per use case
    async with running_relay(infra):
        tenant = await active_tenant(
            engine,
            kind=TenantKind.COMMUNITY,
            plan_code="community",
            sponsor_agency="Dispudpar Kota Cimahi",
        )
        await tenant_lifecycle.suspend_tenant(
            uow(), tenant.id, reason=SuspensionReason.RULE_VIOLATION, actor="staff"
        )
        await tenant_lifecycle.reinstate_tenant(uow(), tenant.id, actor="staff", note="apologised")
        await tenant_lifecycle.change_plan(
            uow(), tenant.id, plan_code="coworking-flex", actor="staff"
        )
        await tenant_lifecycle.offboard_tenant(
            uow(), tenant.id, reason=OffboardingReason.GRADUATED, actor="staff"
        )
        events = await published(infra, tenant.id, 7)
    assert [e["type"].split(".", 2)[2] for e in events] == [
        "tenant.registered.v1",
        "tenant.plan_changed.v1",
        "tenant.activated.v1",
        "tenant.suspended.v1",
        "tenant.reinstated.v1",
        "tenant.plan_changed.v1",
        "tenant.offboarded.v1",
    ]
    initial, changed = events[1]["data"]["entitlements"], events[5]["data"]["entitlements"]
    assert initial["plan_code"] == "community"
    assert initial["bookings_need_approval"] is True
    assert {"space_type": "music_room", "hours": 16} in initial["quotas"]
    assert changed["plan_code"] == "coworking-flex"
    assert changed["over_quota"] == "reject"
    assert events[2]["data"]["plan_title"] == "Community (sponsored)"  # for the welcome e-mail
    assert events[3]["data"]["reason"] == "rule_violation"
    assert events[6]["data"]["reason"] == "graduated"
    assert all(e["subject"] == str(tenant.id) for e in events)
    assert "asep" not in json.dumps(events).lower()


async def test_the_sponsor_is_published_at_admission_and_each_time_it_really_changes(infra, engine):
    async def sponsor(agency: str | None) -> None:
        await tenants.update_profile(
            TenancyUnitOfWork(engine),
            community.id,
            changes={"sponsor_agency": agency},
            actor="staff",
        )

    async with running_relay(infra):
        community = await active_tenant(
            engine, kind=TenantKind.COMMUNITY, plan_code="community", sponsor_agency="Dispudpar"
        )
        await sponsor("Dispudpar")
        await sponsor("Disdik")
        await sponsor("Disdik")
        await sponsor(None)
        events = await published(infra, community.id, 5)
    assert [(e["type"].split(".", 2)[2], e["data"].get("sponsor_agency")) for e in events] == [
        ("tenant.registered.v1", "Dispudpar"),
        ("tenant.plan_changed.v1", None),
        ("tenant.activated.v1", "Dispudpar"),
        ("tenant.sponsor_changed.v1", "Disdik"),
        ("tenant.sponsor_changed.v1", None),
    ]


async def test_the_contact_is_published_privately_at_registration_and_on_change(infra, engine):
    async with running_relay(infra):
        tenant = await active_tenant(engine)
        await tenants.update_profile(
            TenancyUnitOfWork(engine),
            tenant.id,
            changes={"contact": contact("baru")},
            actor="staff",
        )
        first, second = await published(infra, tenant.id, 2, TENANCY_CONTACTS)
    assert first["type"] == "id.bitc.tenant.contact_changed.v1"
    assert (first["data"]["email"], first["data"]["phone"]) == ("asep@example.id", "+6281234567890")
    assert second["data"]["email"] == "asepbaru@example.id"


async def test_editing_a_plans_terms_tells_every_current_tenant_on_it(infra, engine):
    code = f"startup-{uuid.uuid4().hex[:8]}"
    await plans.create_plan(
        TenancyUnitOfWork(engine),
        Plan(
            code=code,
            name="Startup basic",
            monthly_fee_idr=250_000,
            quotas=(MonthlyQuota(space_type=SpaceType.MEETING_ROOM, hours=4),),
            bookings_need_approval=False,
            over_quota=OverQuotaPolicy.REJECT,
            updated_at=datetime.now(UTC),
        ),
        actor="staff",
    )
    async with running_relay(infra):
        staying = await active_tenant(engine, plan_code=code)
        gone = await active_tenant(engine, plan_code=code)
        await tenant_lifecycle.offboard_tenant(
            TenancyUnitOfWork(engine), gone.id, reason=OffboardingReason.LEFT, actor="staff"
        )
        await plans.edit_plan(
            TenancyUnitOfWork(engine), code, {"monthly_fee_idr": 300_000}, actor="staff"
        )
        more = [MonthlyQuota(space_type=SpaceType.MEETING_ROOM, hours=10)]
        await plans.edit_plan(TenancyUnitOfWork(engine), code, {"quotas": more}, actor="staff")
        events = await published(infra, staying.id, 4)
        gone_events = await published(infra, gone.id, 4)
    assert events[3]["type"] == "id.bitc.tenant.plan_changed.v1"
    assert events[3]["data"]["entitlements"]["quotas"] == [
        {"space_type": "meeting_room", "hours": 10}
    ]
    assert [e["type"] for e in gone_events][-1] == "id.bitc.tenant.offboarded.v1"


async def test_lease_and_unit_events_through_signing_renewal_notice_and_termination(infra, engine):
    tenant = await active_tenant(engine)
    unit = await vacant_unit(engine)
    start, end = today() - timedelta(days=300), today() + timedelta(days=30)
    async with running_relay(infra):
        lease = await signed_lease(engine, tenant.id, unit.id, start, end)
        assert await run_calendar(engine, datetime.now(UTC))
        await leases.renew_lease(
            TenancyUnitOfWork(engine),
            lease.id,
            ends_on=end + timedelta(days=365),
            monthly_rent_idr=5_000_000,
            actor="staff",
        )
        await leases.terminate_lease(
            TenancyUnitOfWork(engine),
            lease.id,
            notice_given_on=today(),
            ends_on=today() + timedelta(days=14),
            actor="staff",
        )
        # The unit stays leased through the last day; the calendar frees it the day after.
        day_after = datetime.combine(today() + timedelta(days=15), time(8), WIB)
        assert await run_calendar(engine, day_after.astimezone(UTC))
        lease_events = await published(infra, tenant.id, 7)
        unit_events = await published(infra, unit.id, 3)
    mine = [e for e in lease_events if e["data"].get("lease_id") == str(lease.id)]
    assert [e["type"] for e in mine] == [
        "id.bitc.lease.signed.v1",
        "id.bitc.lease.expiring.v1",
        "id.bitc.lease.renewed.v1",
        "id.bitc.lease.terminated.v1",
    ]
    signed, expiring, renewed, terminated = (e["data"] for e in mine)
    assert (signed["monthly_rent_idr"], signed["deposit_idr"], signed["site"]) == (
        4_500_000,
        9_000_000,
        "bitc",
    )
    assert (expiring["days_left"], expiring["ends_on"]) == (30, end.isoformat())
    assert renewed["previous_ends_on"] == end.isoformat()
    assert terminated["notice_given_on"] == today().isoformat()
    assert [(e["data"]["previous_status"], e["data"]["status"]) for e in unit_events] == [
        (None, "vacant"),
        ("vacant", "leased"),
        ("leased", "vacant"),
    ]


async def test_leases_end_the_day_after_their_last_day_and_when_the_tenant_is_offboarded(
    infra, engine
):
    tenant = await active_tenant(engine)
    due, last_day, running = (
        await vacant_unit(engine),
        await vacant_unit(engine),
        await vacant_unit(engine, Site.TECHNO_PARK),
    )
    yesterday = today() - timedelta(days=1)
    async with running_relay(infra):
        ending = await signed_lease(
            engine, tenant.id, due.id, yesterday - timedelta(days=365), yesterday
        )
        on_its_last_day = await signed_lease(
            engine, tenant.id, last_day.id, today() - timedelta(days=365), today()
        )
        kept = await signed_lease(
            engine, tenant.id, running.id, today(), today() + timedelta(days=700)
        )
        assert await run_calendar(engine, datetime.now(UTC))
        # On its last day the tenant still holds the office: the lease runs, the unit is leased.
        assert (
            await leases.get_lease(TenancyUnitOfWork(engine), on_its_last_day.id)
        ).state.value == "active"
        assert (
            await units.get_unit(TenancyUnitOfWork(engine), last_day.id)
        ).status.value == "leased"
        await tenant_lifecycle.offboard_tenant(
            TenancyUnitOfWork(engine), tenant.id, reason=OffboardingReason.GRADUATED, actor="staff"
        )
        events = await published(infra, tenant.id, 8)
    ended = {
        e["data"]["lease_id"]: e["data"] for e in events if e["type"] == "id.bitc.lease.ended.v1"
    }
    assert ended[str(ending.id)]["ended_on"] == yesterday.isoformat()
    assert ended[str(kept.id)]["ended_on"] == today().isoformat()
    assert "id.bitc.tenant.offboarded.v1" in [e["type"] for e in events]
    for unit in (due, running):
        assert (await units.get_unit(TenancyUnitOfWork(engine), unit.id)).status.value == "vacant"
