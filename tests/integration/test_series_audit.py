"""Cancelling a recurring series over HTTP with real tokens against the real database: when staff
cancel it, an admin finds who cancelled which bookings of which series from when in GET /audit;
when the tenant's own user cancels it, that is no staff action and leaves no entry."""

import uuid
from datetime import datetime

import pytest

from contracts.booking import SpaceType
from services.booking.domain.period import Period
from services.booking.domain.series import Frequency
from services.booking.service_layer import series
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.auth.access import Role
from tests.integration.test_booking_support import active_tenant, own_space, wib_day

pytestmark = pytest.mark.integration


async def weekly_series(engine, tenant: uuid.UUID, space: uuid.UUID, hour: int):
    day = wib_day()
    return await series.book_series(
        BookingUnitOfWork(engine),
        space_id=space,
        tenant_id=tenant,
        first=Period(day.replace(hour=hour), day.replace(hour=hour + 1)),
        frequency=Frequency.WEEKLY,
        count=4,
        until=None,
        attendees=2,
        key=None,
    )


async def audit_of(client, tokens, target: object) -> list[dict]:
    admin = tokens.headers(Role.admin, subject="admin-dewi")
    answer = await client.get("/audit", params={"target_id": str(target)}, headers=admin)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def test_staff_cancelling_a_series_from_a_date_is_audited_with_the_bookings(booking, tokens):
    client, engine = booking
    tenant = await active_tenant(engine)
    room = await own_space(engine, SpaceType.MEETING_ROOM)
    planned = await weekly_series(engine, tenant, room, 9)
    third = planned.occurrences[2]
    manager = tokens.headers(Role.manager, subject="manager-ayu")

    cancelled = await client.post(
        f"/series/{planned.id}/cancel",
        params={"from": third.starts_at.isoformat()},
        headers=manager,
    )

    assert cancelled.status_code == 200, cancelled.text
    gone = [b["id"] for b in cancelled.json()]
    assert gone == [str(o.booking_id) for o in planned.occurrences[2:]]
    (entry,) = await audit_of(client, tokens, planned.id)
    assert (entry["actor"], entry["action"], entry["target_type"]) == (
        "manager-ayu",
        "series.cancel",
        "series",
    )
    details = entry["details"]
    assert (details["tenant_id"], details["space_id"]) == (str(tenant), str(room))
    assert datetime.fromisoformat(details["starting_from"]) == third.starts_at
    assert details["booking_ids"] == gone


async def test_the_tenants_own_cancelling_of_its_series_leaves_no_entry(booking, tokens):
    client, engine = booking
    tenant = await active_tenant(engine)
    room = await own_space(engine, SpaceType.MEETING_ROOM)
    planned = await weekly_series(engine, tenant, room, 11)
    member = tokens.headers(Role.tenant_member, tenant_id=tenant, subject="member-kopi")

    cancelled = await client.post(f"/series/{planned.id}/cancel", headers=member)

    assert cancelled.status_code == 200, cancelled.text
    assert len(cancelled.json()) == 4
    assert await audit_of(client, tokens, planned.id) == []
