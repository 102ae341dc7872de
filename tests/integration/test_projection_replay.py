"""`bitc replay booking tenants` against the real broker and database, while booking's tenant
consumer runs: the wiped projection comes back as it was, the cancellations tenancy events
caused are not made again, and an event arriving during the rebuild is not lost."""

import asyncio
import os
import sys
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from contracts.booking import SpaceType
from contracts.tenancy import (
    MonthlyQuota,
    OverQuotaPolicy,
    PlanEntitlements,
    SuspensionReason,
    TenantActivated,
    TenantKind,
    TenantPlanChanged,
    TenantRegistered,
    TenantReinstated,
    TenantSuspended,
)
from contracts.topics import TENANCY_EVENTS
from services.booking.adapters.tables import tenant_standings
from services.booking.domain.booking import BookingStatus, Period
from services.booking.entrypoints.events import TENANTS
from services.booking.service_layer import bookings
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.messaging.envelope import encode, kafka_headers, wrap_event
from tests.booking_consumer import running_booking_consumer
from tests.integration.test_booking_support import own_space, wib_day
from tests.polling import eventually, within

pytestmark = pytest.mark.integration


@pytest.fixture
async def live_booking_consumer(infra):
    """booking's own tenant consumer (its real group), as a running instance has it."""
    async with running_booking_consumer(infra, [TENANTS.subscription]) as runtime:
        producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
        await producer.start()

        async def publish(event) -> None:
            envelope = wrap_event(
                event, source="/bitc/tenancy", correlation_id=None, causation_id=None
            )
            headers = [(k, v.encode()) for k, v in kafka_headers(envelope).items()]
            key = str(event.tenant_id).encode()
            await producer.send_and_wait(TENANCY_EVENTS, encode(envelope), key=key, headers=headers)

        yield runtime.engine, publish
        await producer.stop()


async def test_a_wiped_projection_is_rebuilt_as_it_was_while_the_consumer_runs(
    infra, live_booking_consumer
):
    engine, publish = live_booking_consumer
    tenant, t0 = uuid.uuid4(), datetime.now(UTC)
    plan = PlanEntitlements(
        plan_code="community",
        quotas=[MonthlyQuota(space_type=SpaceType.MUSIC_ROOM, hours=40)],
        bookings_need_approval=False,
        over_quota=OverQuotaPolicy.REJECT,
    )
    kind = TenantKind.COMMUNITY
    await publish(TenantRegistered(tenant_id=tenant, occurred_at=t0, kind=kind, plan_code="x"))
    await publish(TenantPlanChanged(tenant_id=tenant, occurred_at=t0, entitlements=plan))
    await publish(TenantActivated(tenant_id=tenant, occurred_at=t0, kind=kind, plan_code="x"))
    await eventually(
        lambda: _row(engine, tenant),
        until=lambda r: r is not None and r["standing"] == "active",
        what="tenant active in booking",
    )
    room, day = await own_space(engine, SpaceType.MUSIC_ROOM), wib_day()

    async def book(hour: int):
        period = Period(day.replace(hour=hour), day.replace(hour=hour + 1))
        return await bookings.book_space(
            BookingUnitOfWork(engine), space_id=room, tenant_id=tenant, period=period
        )

    async def status(booking_id):
        return (await bookings.get_booking(BookingUnitOfWork(engine), booking_id)).status

    before_suspension = await book(10)
    await publish(
        TenantSuspended(
            tenant_id=tenant, occurred_at=t0 + timedelta(seconds=1), reason=SuspensionReason.OTHER
        )
    )
    await eventually(
        lambda: status(before_suspension.id),
        until=lambda s: s is BookingStatus.CANCELLED,
        what="the suspension cancelled the booking",
    )
    await publish(TenantReinstated(tenant_id=tenant, occurred_at=t0 + timedelta(seconds=2)))
    await eventually(
        lambda: _row(engine, tenant), until=lambda r: r["standing"] == "active", what="reinstated"
    )
    after_reinstatement = await book(12)
    await eventually(
        lambda: _lag(infra.kafka_bootstrap), until=lambda lag: lag == 0, what="consumer caught up"
    )
    before = await _rows(engine)

    async with engine.begin() as conn:  # the projection is lost
        await conn.execute(tenant_standings.delete())
    late = uuid.uuid4()  # published during the rebuild: the live consumer must not lose it
    await publish(TenantActivated(tenant_id=late, occurred_at=t0, kind=kind, plan_code="x"))
    output = await _bitc_replay(infra)

    assert "booking tenants rebuilt: read" in output
    await eventually(lambda: _row(engine, late), until=bool, what="the late event applied")
    after = await _rows(engine)
    assert after.pop(late)["standing"] == "active"
    assert after[tenant] == before[tenant]
    assert after[tenant]["entitlements"]["quotas"] == [{"space_type": "music_room", "hours": 40}]
    # Rows some tests write straight into the table are not on the topic; all the rest is back.
    assert after.items() <= before.items()
    assert await status(after_reinstatement.id) is BookingStatus.CONFIRMED
    assert await status(before_suspension.id) is BookingStatus.CANCELLED


async def _bitc_replay(infra) -> str:
    env = os.environ | {
        "DATABASE_URL": infra.database_urls["booking"],
        "KAFKA_BOOTSTRAP_SERVERS": infra.kafka_bootstrap,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bitc.cli", "replay", "booking", "tenants",
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await within(120, process.communicate())
    assert process.returncode == 0, output.decode()
    return output.decode()


async def _row(engine, tenant_id) -> dict | None:
    return (await _rows(engine)).get(tenant_id)


async def _rows(engine) -> dict:
    async with engine.connect() as conn:
        rows = (await conn.execute(sa.select(tenant_standings))).mappings().all()
    return {row["tenant_id"]: dict(row) for row in rows}


async def _lag(bootstrap: str) -> int:
    """Records on the tenancy topic booking's tenant consumer has not committed yet."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    ends = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await admin.start()
    await ends.start()
    try:
        described = await admin.describe_topics([TENANCY_EVENTS])
        committed = await admin.list_consumer_group_offsets(TENANTS.consumer)
        partitions = [
            TopicPartition(TENANCY_EVENTS, p["partition"]) for p in described[0]["partitions"]
        ]
        end = await ends.end_offsets(partitions)
    finally:
        await ends.stop()
        await admin.close()
    done = {tp: meta.offset for tp, meta in committed.items()}
    return sum(end[tp] - max(done.get(tp, 0), 0) for tp in partitions)
