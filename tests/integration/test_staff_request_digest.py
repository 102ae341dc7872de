"""The staff digest of booking requests awaiting approval, against the real database: the first
request is in a digest within STAFF_DIGEST_MAX_DELAY_S, and staff get at most one digest per
that period; requests are fed to the service's own handler as its consumer would."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from contracts.booking import BookingRequested
from contracts.tenancy import Site, SpaceType
from contracts.topics import BOOKING_EVENTS
from services.notifications.adapters.tables import notifications, pending_requests
from services.notifications.service_layer.digests import StaffDigests
from services.notifications.service_layer.event_reactions import EventReactions
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.messaging.envelope import decode, encode, wrap_event
from shared.persistence.db import create_engine
from shared.runtime.periodic_jobs import PeriodicJob, run_job_once

pytestmark = pytest.mark.integration
ON_REQUESTED = EventReactions(timedelta(hours=1)).handlers(BOOKING_EVENTS)[BookingRequested]
MAX_DELAY = timedelta(minutes=15)


@pytest.fixture
async def engine(infra):
    engine = create_engine(infra.database_urls["notifications"], 5)
    # Requests earlier tests left waiting would otherwise open this test's digest window.
    async with engine.begin() as conn:
        await conn.execute(
            pending_requests.update()
            .where(pending_requests.c.digested_at.is_(None))
            .values(digested_at=sa.func.now())
        )
    yield engine
    await engine.dispose()


async def request(engine, tenant_id: uuid.UUID, at: datetime) -> str:
    """booking.requested as the consumer hands it over, published at ``at``."""
    starts = at + timedelta(days=2)
    event = BookingRequested(
        booking_id=uuid.uuid4(),
        tenant_id=tenant_id,
        space_id=uuid.uuid4(),
        space_code="BITC-MEET-A",
        space_type=SpaceType.MEETING_ROOM,
        site=Site.BITC,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        occurred_at=at,
    )
    envelope = decode(
        encode(wrap_event(event, source="/test", correlation_id=None, causation_id=None, time=at))
    )
    async with NotificationsUnitOfWork(engine) as uow:
        await ON_REQUESTED(event, envelope, uow)
        await uow.commit()
    return str(event.booking_id)


async def digests_to(engine, address: str) -> list[tuple[datetime, set[str]]]:
    """(made at, booking ids listed) of each digest made for ``address``, oldest first."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            sa.select(notifications.c.created_at, notifications.c.details)
            .where(
                notifications.c.recipient == address,
                notifications.c.category == "staff_requests_digest",
            )
            .order_by(notifications.c.created_at)
        )
        return [(at, {i["booking_id"] for i in details["items"]}) for at, details in rows]


async def test_requests_go_to_staff_within_the_bound_in_at_most_one_digest_per_period(
    infra, engine
):
    tenant_id = uuid.uuid4()
    staff = f"ops-{uuid.uuid4().hex[:8]}@bitc.id"
    job = PeriodicJob(
        "notifications.staff-requests-digest", 15, StaffDigests([staff], MAX_DELAY).requests
    )

    async def sweep(at: datetime) -> list[tuple[datetime, set[str]]]:
        await run_job_once(job, NotificationsUnitOfWork(engine), at)
        return await digests_to(engine, staff)

    # A moment no other test's digest is near: the last digest counts for every recipient.
    t0 = datetime.now(UTC).replace(microsecond=0) + timedelta(days=400)
    first = await request(engine, tenant_id, t0)
    second = await request(engine, tenant_id, t0 + timedelta(minutes=1))

    assert await sweep(t0 + timedelta(minutes=14)) == []
    assert await sweep(t0 + MAX_DELAY) == [(t0 + MAX_DELAY, {first, second})]
    assert len(await sweep(t0 + MAX_DELAY + timedelta(seconds=15))) == 1

    # One made after the digest, and one made before it that reached the service late: both
    # wait for the next digest, a full period after the last one.
    later = await request(engine, tenant_id, t0 + timedelta(minutes=16))
    late = await request(engine, tenant_id, t0 + timedelta(minutes=5))
    assert len(await sweep(t0 + timedelta(minutes=29))) == 1
    assert await sweep(t0 + 2 * MAX_DELAY) == [
        (t0 + MAX_DELAY, {first, second}),
        (t0 + 2 * MAX_DELAY, {later, late}),
    ]
