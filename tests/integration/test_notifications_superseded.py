"""Messages a later event makes pointless, through notifications' real consumer (broker, inbox,
one transaction per batch) and database: a lease's unsent expiry notice once the lease is renewed
or ended early, and the second message of a waiting-list promotion."""

import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaProducer

from bitc.topic_provisioning import create_topics
from contracts.booking import BookingConfirmed, BookingWaitlistPromoted
from contracts.tenancy import LeaseExpiring, LeaseRenewed, LeaseTerminated, Site, SpaceType
from contracts.topics import BOOKING_EVENTS, TENANCY_EVENTS, TopicSpec
from services.notifications.adapters.tables import lease_ends, notifications
from services.notifications.service_layer.event_reactions import EventReactions
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from services.notifications.settings import Settings
from shared.messaging.envelope import encode, wrap_event
from shared.messaging.events import DomainEvent
from shared.messaging.subscriptions import Subscription
from shared.persistence.db import create_engine
from shared.runtime.blueprint import ServiceBlueprint
from shared.runtime.process import ServiceRuntime
from tests.polling import eventually

pytestmark = pytest.mark.integration


class Feed:
    """Publishes events, keyed as their publisher keys them, to the consumer's own topic."""

    def __init__(self, producer: AIOKafkaProducer, topic: str) -> None:
        self.producer, self.topic = producer, topic

    async def send(self, event: DomainEvent, event_id: uuid.UUID | None = None) -> None:
        envelope = wrap_event(
            event, source="/test", correlation_id=None, causation_id=None, event_id=event_id
        )
        key = event.aggregate_id.encode()
        await self.producer.send_and_wait(self.topic, encode(envelope), key=key)


@contextlib.asynccontextmanager
async def notifications_consumer(infra) -> AsyncIterator[Feed]:
    """The service's own reactions to tenancy and booking events, on a topic of this test."""
    suffix = uuid.uuid4().hex[:8]
    topic, dead_letters = f"test.notifications-in.{suffix}", f"test.notifications.dlq.{suffix}"
    await create_topics(
        infra.kafka_bootstrap,
        [TopicSpec(topic, 1, False, "", ""), TopicSpec(dead_letters, 1, False, "", "")],
    )
    reactions = EventReactions(timedelta(hours=1))
    handlers = {**reactions.handlers(TENANCY_EVENTS), **reactions.handlers(BOOKING_EVENTS)}
    settings = Settings(
        database_url=infra.database_urls["notifications"],
        kafka_bootstrap_servers=infra.kafka_bootstrap,
    )
    runtime = ServiceRuntime(
        ServiceBlueprint(
            name="notifications",
            title="test",
            description="",
            settings=settings,
            unit_of_work=NotificationsUnitOfWork,
            dead_letter_topic=dead_letters,
            subscriptions=[Subscription(f"test.notifications.{suffix}", topic, handlers)],
        )
    )
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await runtime.start()
    await producer.start()
    try:
        yield Feed(producer, topic)
    finally:
        await producer.stop()
        await runtime.stop()


@pytest.fixture
async def engine(infra):
    engine = create_engine(infra.database_urls["notifications"], 5)
    yield engine
    await engine.dispose()


async def messages(engine, tenant_id: uuid.UUID) -> dict[tuple[str, str], str]:
    """(category, the lease or booking it is about) -> status, of the tenant's own messages."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            sa.select(notifications).where(
                notifications.c.tenant_id == tenant_id, notifications.c.recipient_kind == "tenant"
            )
        )
        return {
            (r.category, r.details.get("lease_id") or r.details["booking_id"]): r.status
            for r in rows
        }


def lease(tenant_id: uuid.UUID) -> dict:
    return {
        "tenant_id": tenant_id,
        "lease_id": uuid.uuid4(),
        "unit_id": uuid.uuid4(),
        "site": Site.TECHNO_PARK,
        "occurred_at": datetime.now(UTC),
    }


async def test_an_unsent_expiry_notice_is_withdrawn_when_the_lease_is_renewed_or_terminated(
    infra, engine
):
    tenant_id, ends = uuid.uuid4(), date.today() + timedelta(days=7)
    renewed, terminated, untouched = lease(tenant_id), lease(tenant_id), lease(tenant_id)
    async with notifications_consumer(infra) as feed:
        for each in (renewed, terminated, untouched):
            await feed.send(LeaseExpiring(**each, ends_on=ends, days_left=7))
        new_end = ends + timedelta(days=365)
        await feed.send(
            LeaseRenewed(**renewed, previous_ends_on=ends, ends_on=new_end, monthly_rent_idr=1)
        )
        await feed.send(
            LeaseTerminated(**terminated, notice_given_on=date.today(), ends_on=ends - timedelta(1))
        )
        expected = {
            ("lease_expiring", str(renewed["lease_id"])): "withdrawn",
            ("lease_expiring", str(terminated["lease_id"])): "withdrawn",
            ("lease_expiring", str(untouched["lease_id"])): "pending",
        }
        await eventually(
            lambda: messages(engine, tenant_id), until=lambda m: m == expected, what="withdrawn"
        )
    async with engine.connect() as conn:
        end_dates = dict(
            (await conn.execute(sa.select(lease_ends.c.lease_id, lease_ends.c.ends_on))).all()
        )
    # The staff's weekly list of leases ending follows the new dates too.
    assert end_dates[renewed["lease_id"]] == new_end
    assert end_dates[terminated["lease_id"]] == ends - timedelta(1)


def booking(tenant_id: uuid.UUID) -> dict:
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    return {
        "booking_id": uuid.uuid4(),
        "tenant_id": tenant_id,
        "space_id": uuid.uuid4(),
        "space_code": "BITC-MUSIC-2",
        "space_type": SpaceType.MUSIC_ROOM,
        "site": Site.BITC,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "occurred_at": datetime.now(UTC),
    }


async def test_a_waitlist_promotion_reaches_the_tenant_as_one_message(infra, engine):
    tenant_id = uuid.uuid4()
    in_order, reordered, after_send = (booking(tenant_id) for _ in range(3))
    async with notifications_consumer(infra) as feed:
        promoted_id = uuid.uuid4()
        # As booking publishes it: confirmed, then promoted; then a redelivery of the promotion.
        await feed.send(BookingConfirmed(**in_order))
        await feed.send(BookingWaitlistPromoted(**in_order), promoted_id)
        await feed.send(BookingWaitlistPromoted(**in_order), promoted_id)
        # Out of order, and the confirmation replayed under a new id.
        await feed.send(BookingWaitlistPromoted(**reordered))
        await feed.send(BookingConfirmed(**reordered))
        await feed.send(BookingConfirmed(**reordered))
        # The confirmation was already sent when the promotion came: that one is enough.
        await feed.send(BookingConfirmed(**after_send))
        key = ("booking_confirmed", str(after_send["booking_id"]))
        await eventually(lambda: messages(engine, tenant_id), until=lambda m: key in m, what="")
        async with engine.begin() as conn:
            await conn.execute(
                notifications.update()
                .where(notifications.c.details["booking_id"].astext == key[1])
                .values(status="sent", sent_at=datetime.now(UTC), attempts=1)
            )
        await feed.send(BookingWaitlistPromoted(**after_send))
        # One partition: once this later event is handled, so is everything before it.
        marker = booking(tenant_id)
        await feed.send(BookingConfirmed(**marker))

        expected = {
            ("booking_confirmed", str(marker["booking_id"])): "pending",
            ("booking_confirmed", str(in_order["booking_id"])): "withdrawn",
            ("booking_waitlist_promoted", str(in_order["booking_id"])): "pending",
            ("booking_waitlist_promoted", str(reordered["booking_id"])): "pending",
            ("booking_confirmed", str(after_send["booking_id"])): "sent",
        }
        await eventually(
            lambda: messages(engine, tenant_id), until=lambda m: m == expected, what="one each"
        )
