"""Tenancy's events through the real broker into booking: suspension and offboarding cancel
future bookings (evented), reinstatement restores the right to book, plans set quotas, the
sponsoring agency follows registration, activation and its changes, and an older event replayed
never moves a tenant backwards."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaProducer

from contracts.booking import SpaceType
from contracts.tenancy import (
    MonthlyQuota,
    OffboardingReason,
    OverQuotaPolicy,
    PlanEntitlements,
    SuspensionReason,
    TenantActivated,
    TenantKind,
    TenantOffboarded,
    TenantPlanChanged,
    TenantRegistered,
    TenantReinstated,
    TenantSponsorChanged,
    TenantSuspended,
)
from contracts.topics import TENANCY_EVENTS
from services.booking.adapters.tables import tenant_standings
from services.booking.domain.booking import BookingStatus, Period
from services.booking.domain.tenant_standing import Standing
from services.booking.service_layer import bookings
from services.booking.service_layer.tenant_projection import HANDLERS
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.messaging.envelope import encode, wrap_event
from shared.messaging.subscriptions import Subscription
from tests.booking_consumer import running_booking_consumer
from tests.integration.test_booking_support import outbox_events, own_space, wib_day
from tests.polling import eventually

pytestmark = pytest.mark.integration


@pytest.fixture
async def booking_consuming_tenancy(infra):
    subscription = Subscription(
        consumer=f"test.booking.tenancy.{uuid.uuid4().hex[:8]}",
        topic=TENANCY_EVENTS,
        handlers=HANDLERS,
    )
    async with running_booking_consumer(
        infra, [subscription], consumer_backoff_initial_s=0.01
    ) as runtime:
        producer = AIOKafkaProducer(
            bootstrap_servers=infra.kafka_bootstrap, acks="all", enable_idempotence=True
        )
        await producer.start()

        async def publish(event) -> None:
            envelope = wrap_event(
                event, source="/bitc/tenancy", correlation_id=None, causation_id=None
            )
            await producer.send_and_wait(
                TENANCY_EVENTS, encode(envelope), key=str(event.tenant_id).encode()
            )

        yield runtime, publish
        await producer.stop()


async def test_tenancy_lifecycle_drives_who_may_book_and_cancels_future_bookings(
    booking_consuming_tenancy,
):
    runtime, publish = booking_consuming_tenancy
    engine = runtime.engine
    tenant = uuid.uuid4()
    t0 = datetime.now(UTC)
    kind = TenantKind.COMMUNITY
    plan = PlanEntitlements(
        plan_code="community",
        quotas=[MonthlyQuota(space_type=SpaceType.MUSIC_ROOM, hours=40)],
        bookings_need_approval=False,
        over_quota=OverQuotaPolicy.NEEDS_APPROVAL,
    )
    await publish(
        TenantRegistered(tenant_id=tenant, occurred_at=t0, kind=kind, plan_code="community")
    )
    await publish(TenantPlanChanged(tenant_id=tenant, occurred_at=t0, entitlements=plan))
    activated = TenantActivated(
        tenant_id=tenant, occurred_at=t0 + timedelta(seconds=1), kind=kind, plan_code="community"
    )
    await publish(activated)

    async def standing():
        async with BookingUnitOfWork(engine) as uow:
            return await uow.tenants.get(tenant)

    known = await eventually(
        standing, until=lambda s: s is not None and s.may_book, what="tenant active in booking"
    )
    assert known.quota_hours(SpaceType.MUSIC_ROOM) == 40

    room = await own_space(engine, SpaceType.MUSIC_ROOM)
    day = wib_day()

    async def book(hour: int):
        period = Period(day.replace(hour=hour), day.replace(hour=hour + 2))
        return await bookings.book_space(
            BookingUnitOfWork(engine), space_id=room, tenant_id=tenant, period=period
        )

    future = await book(19)
    await publish(
        TenantSuspended(
            tenant_id=tenant, occurred_at=t0 + timedelta(seconds=2), reason=SuspensionReason.OTHER
        )
    )

    async def status_of(booking_id):
        return (await bookings.get_booking(BookingUnitOfWork(engine), booking_id)).status

    await eventually(
        lambda: status_of(future.id),
        until=lambda s: s is BookingStatus.CANCELLED,
        what="future booking cancelled on suspension",
    )
    cancelled = (await outbox_events(engine, future.id))[-1]
    assert cancelled["type"] == "id.bitc.booking.cancelled.v1"
    assert cancelled["data"]["reason"] == "tenant_suspended"

    # The old activation, delivered again as a new message, must not undo the suspension.
    await publish(activated.model_copy())
    marker = uuid.uuid4()
    await publish(TenantRegistered(tenant_id=marker, occurred_at=t0, kind=kind, plan_code="x"))
    await eventually(
        lambda: _exists(engine, marker), until=bool, what="events after the replay handled"
    )
    assert (await standing()).standing is Standing.SUSPENDED

    await publish(TenantReinstated(tenant_id=tenant, occurred_at=t0 + timedelta(seconds=3)))
    await eventually(standing, until=lambda s: s.may_book, what="reinstated")
    again = await book(16)
    assert again.status is BookingStatus.CONFIRMED

    await publish(
        TenantOffboarded(
            tenant_id=tenant, occurred_at=t0 + timedelta(seconds=4), reason=OffboardingReason.LEFT
        )
    )
    await eventually(
        lambda: status_of(again.id), until=lambda s: s is BookingStatus.CANCELLED, what="offboarded"
    )
    assert (await outbox_events(engine, again.id))[-1]["data"]["reason"] == "tenant_offboarded"
    assert (await standing()).standing is Standing.OFFBOARDED


async def _exists(engine, tenant_id) -> bool:
    async with BookingUnitOfWork(engine) as uow:
        return await uow.tenants.get(tenant_id) is not None


async def test_the_sponsoring_agency_follows_tenancy_and_an_older_event_never_restores_one(
    booking_consuming_tenancy,
):
    runtime, publish = booking_consuming_tenancy
    engine = runtime.engine
    band, unsponsored = uuid.uuid4(), uuid.uuid4()
    t0 = datetime.now(UTC)
    kind = TenantKind.COMMUNITY

    def sponsor_of(tenant_id):
        return lambda: _sponsor(engine, tenant_id)

    registered = TenantRegistered(
        tenant_id=band, occurred_at=t0, kind=kind, plan_code="community", sponsor_agency="Dispudpar"
    )
    await publish(registered)
    await eventually(sponsor_of(band), until=lambda s: s == ("Dispudpar",), what="registered")

    changed = TenantSponsorChanged(
        tenant_id=band, occurred_at=t0 + timedelta(seconds=1), sponsor_agency="Disbudpar"
    )
    await publish(changed)
    await eventually(sponsor_of(band), until=lambda s: s == ("Disbudpar",), what="changed")

    # The registration delivered again as a new message names the old agency: it is older.
    await publish(registered.model_copy())
    # Behind it on the band's partition: once its plan is known, they were handled.
    plan = PlanEntitlements(
        plan_code="community",
        quotas=[],
        bookings_need_approval=False,
        over_quota=OverQuotaPolicy.REJECT,
    )
    await publish(TenantPlanChanged(tenant_id=band, occurred_at=t0, entitlements=plan))

    async def standing():
        async with BookingUnitOfWork(engine) as uow:
            return await uow.tenants.get(band)

    await eventually(standing, until=lambda s: s.entitlements is not None, what="plan after")
    assert await _sponsor(engine, band) == ("Disbudpar",)
    # Published before events carried the agency: the tenant is known, without one.
    await publish(TenantRegistered(tenant_id=unsponsored, occurred_at=t0, kind=kind, plan_code="x"))
    await eventually(sponsor_of(unsponsored), until=lambda s: s == (None,), what="no agency")

    await publish(
        TenantSponsorChanged(
            tenant_id=band, occurred_at=t0 + timedelta(seconds=2), sponsor_agency=None
        )
    )
    await eventually(sponsor_of(band), until=lambda s: s == (None,), what="sponsor cleared")
    await publish(
        TenantActivated(
            tenant_id=band,
            occurred_at=t0 + timedelta(seconds=3),
            kind=kind,
            plan_code="community",
            sponsor_agency="Dispudpar",
        )
    )
    await eventually(sponsor_of(band), until=lambda s: s == ("Dispudpar",), what="activated")


async def _sponsor(engine, tenant_id) -> tuple[str | None] | None:
    """The tenant's agency as booking keeps it, or None when booking does not know the tenant."""
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                sa.select(tenant_standings.c.sponsor_agency).where(
                    tenant_standings.c.tenant_id == tenant_id
                )
            )
        ).first()
    return tuple(row) if row else None
