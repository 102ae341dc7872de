"""Booking's audit log against the real database: approvals, rejections, staff cancellations,
closures and rule changes say who acted on what, when and why; a booker's own cancellation is
no staff action and leaves no entry."""

from datetime import timedelta

import pytest

from contracts.booking import CancellationReason, ClosureReason, Site, SpaceType
from services.booking.adapters.tables import audit_log
from services.booking.domain.booking import Period
from services.booking.service_layer import bookings, catalogue, closures
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.audit.api import AuditEntryOut, find_entries
from shared.persistence.db import create_engine
from tests.integration.test_booking_support import active_tenant, own_space, wib_day

pytestmark = pytest.mark.integration


@pytest.fixture
async def engine(infra):
    engine = create_engine(infra.database_urls["booking"], pool_size=5)
    yield engine
    await engine.dispose()


async def entries_about(engine, target_id: object) -> list[AuditEntryOut]:
    async with engine.connect() as conn:
        found = await find_entries(
            conn, audit_log, {"target_id": str(target_id)}, (None, None), None, 100
        )
    return found[::-1]


async def requested_booking(engine, space, tenant, hour: int):
    day = wib_day()
    period = Period(day.replace(hour=hour), day.replace(hour=hour + 1))
    booking = await bookings.book_space(
        BookingUnitOfWork(engine), space_id=space, tenant_id=tenant, period=period
    )
    assert booking.status == "requested"
    return booking


async def test_approval_and_rejection_say_who_decided_on_which_booking_and_why(engine):
    tenant = await active_tenant(engine, kind="community")
    room = await own_space(engine, SpaceType.MUSIC_ROOM, approval_kinds=["community"])
    approved = await requested_booking(engine, room, tenant, 10)
    rejected = await requested_booking(engine, room, tenant, 14)

    await bookings.approve_booking(BookingUnitOfWork(engine), approved.id, actor="manager:ayu")
    await bookings.reject_booking(
        BookingUnitOfWork(engine), rejected.id, "room reserved for rehearsal", actor="manager:ayu"
    )

    (approval,) = await entries_about(engine, approved.id)
    assert (approval.actor, approval.action, approval.target_type) == (
        "manager:ayu",
        "booking.approve",
        "booking",
    )
    assert approval.details["tenant_id"] == str(tenant)
    assert approval.details["space_id"] == str(room)
    assert approval.details["starts_at"] == approved.period.starts_at.isoformat()
    (rejection,) = await entries_about(engine, rejected.id)
    assert (rejection.action, rejection.reason) == ("booking.reject", "room reserved for rehearsal")


async def test_a_staff_cancellation_is_audited_and_a_bookers_own_is_not(engine):
    tenant = await active_tenant(engine)
    room = await own_space(engine, SpaceType.MEETING_ROOM)
    day = wib_day()
    mine, theirs = [
        await bookings.book_space(
            BookingUnitOfWork(engine),
            space_id=room,
            tenant_id=tenant,
            period=Period(day.replace(hour=h), day.replace(hour=h + 1)),
        )
        for h in (9, 11)
    ]

    await bookings.cancel_booking(
        BookingUnitOfWork(engine), mine.id, CancellationReason.BY_BOOKER, actor="tenant:kopi"
    )
    await bookings.cancel_booking(
        BookingUnitOfWork(engine), theirs.id, CancellationReason.BY_STAFF, actor="manager:ayu"
    )

    assert await entries_about(engine, mine.id) == []
    assert [(e.action, e.actor, e.reason) for e in await entries_about(engine, theirs.id)] == [
        ("booking.cancel", "manager:ayu", "by_staff")
    ]


async def test_a_closure_is_audited_when_created_moved_and_reopened(engine):
    tenant = await active_tenant(engine)
    room = await own_space(engine, SpaceType.MEETING_ROOM)
    day = wib_day()
    await bookings.book_space(
        BookingUnitOfWork(engine),
        space_id=room,
        tenant_id=tenant,
        period=Period(day.replace(hour=9), day.replace(hour=10)),
    )
    closure, _ = await closures.close(
        BookingUnitOfWork(engine),
        site=Site.TECHNO_PARK,
        space_id=room,
        starts_at=day,
        ends_at=day + timedelta(days=1),
        reason=ClosureReason.MAINTENANCE,
        key=None,
        actor="manager:ayu",
    )
    await closures.reschedule(
        BookingUnitOfWork(engine),
        closure.id,
        starts_at=None,
        ends_at=day + timedelta(days=2),
        reason=None,
        actor="manager:budi",
    )
    await closures.reopen(BookingUnitOfWork(engine), closure.id, actor="admin:rina")

    entries = await entries_about(engine, closure.id)
    assert [(e.action, e.actor, e.reason) for e in entries] == [
        ("closure.create", "manager:ayu", "maintenance"),
        ("closure.move", "manager:budi", "maintenance"),
        ("closure.reopen", "admin:rina", "maintenance"),
    ]
    assert entries[0].details["bookings_cancelled"] == 1
    assert entries[1].details["ends_at"] == (day + timedelta(days=2)).isoformat()


async def test_rule_overrides_of_a_space_are_audited_with_the_new_rules(engine):
    room = await own_space(engine, SpaceType.MEETING_ROOM)
    await catalogue.override_space_rules(
        BookingUnitOfWork(engine), room, {"max_days_ahead": 30}, actor="manager:ayu"
    )
    *_, entry = await entries_about(engine, room)
    assert (entry.action, entry.actor) == ("space.override_rules", "manager:ayu")
    assert entry.details == {"overrides": {"max_days_ahead": 30}}
