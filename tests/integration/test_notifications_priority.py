"""Time-sensitive mail goes before a backlog, within the same rate limit, and mail whose moment
has passed is withdrawn: against the real database and a real SMTP server, with the sender's
production limits (120 e-mails a minute, 50 a round) and the clock passed in."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from contracts.booking import BookingConfirmed, BookingWaitlistPromoted
from services.notifications.adapters.tables import notifications
from services.notifications.domain.categories import Category
from services.notifications.service_layer.planning import plan_tenant_message
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from tests.integration.test_notifications_delivery import (
    HANDLERS,
    booking,
    given_contact,
    handle,
    make_sender,
    rows_of,
    send_round,
)
from tests.notifications_backlog import engine_without_backlog

pytestmark = pytest.mark.integration
BACKLOG = 10_000
#: This module's messages, sent on simulated clocks days ahead so that no other test's e-mail
#: falls in their rate-limit minutes; removed afterwards, since the limit counts every attempt
#: after a minute's start and these would use up the real minutes of the tests that follow.
OURS = "priority-test-"


@pytest.fixture
async def engine(infra):
    async with engine_without_backlog(infra) as engine:
        yield engine
        async with engine.begin() as conn:
            await conn.execute(
                notifications.delete().where(notifications.c.source_event_id.startswith(OURS))
            )


async def queue_confirmations(engine, tenant_id: uuid.UUID, now: datetime) -> None:
    """A busy hour's confirmations, all due, inserted as the previous release does (no
    priority given: the column's default)."""
    created = now - timedelta(hours=1)
    confirmed = BookingConfirmed(**booking(tenant_id, now + timedelta(days=2)))
    details = confirmed.model_dump(mode="json", exclude={"tenant_id"})
    rows = [
        {
            "id": uuid.uuid4(),
            "tenant_id": tenant_id,
            "recipient": str(tenant_id),
            "recipient_kind": "tenant",
            "category": "booking_confirmed",
            "channel": "email",
            "source_event_id": f"{OURS}backlog-{i}",
            "event_time": created + timedelta(seconds=i * 3600 / BACKLOG),
            "created_at": created + timedelta(seconds=i * 3600 / BACKLOG),
            "next_attempt_at": created + timedelta(seconds=i * 3600 / BACKLOG),
            "status": "pending",
            "details": details,
        }
        for i in range(BACKLOG)
    ]
    async with engine.begin() as conn:
        await conn.execute(notifications.insert(), rows)


async def queue_reminder(engine, tenant_id: uuid.UUID, due: datetime) -> uuid.UUID:
    """The reminder of a booking starting an hour after ``due``, queued at ``due`` as the
    reminder job queues it."""
    details = BookingConfirmed(**booking(tenant_id, due + timedelta(hours=1))).model_dump(
        mode="json", exclude={"tenant_id"}
    )
    async with NotificationsUnitOfWork(engine) as uow:
        await plan_tenant_message(
            uow,
            tenant_id=tenant_id,
            category=Category.BOOKING_REMINDER,
            source_event_id=f"{OURS}reminder:{details['booking_id']}",
            event_time=due,
            details=details,
            now=due,
            expires_at=due + timedelta(hours=1),
        )
        await uow.commit()
    [reminder] = await rows_of(engine, tenant_id)
    return reminder["id"]


async def attempted_at(engine, moment: datetime, *, within: timedelta = timedelta(0)) -> int:
    """E-mails attempted at ``moment``, or in the span ``within`` that ends with it."""
    async with engine.connect() as conn:
        return await conn.scalar(
            sa.select(sa.func.count()).where(
                notifications.c.channel == "email",
                notifications.c.last_attempt_at <= moment,
                notifications.c.last_attempt_at >= moment - within,
            )
        )


async def status_of(engine, notification_id: uuid.UUID) -> str:
    async with engine.connect() as conn:
        return await conn.scalar(
            sa.select(notifications.c.status).where(notifications.c.id == notification_id)
        )


async def test_a_reminder_created_behind_10000_due_confirmations_goes_out_in_the_first_round(
    infra, engine, smtp_sink
):
    now = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)
    busy_tenant, _ = await given_contact(engine)
    await queue_confirmations(engine, busy_tenant, now)
    tenant_id, address = await given_contact(engine, mailbox="reminded-")
    reminder_id = await queue_reminder(engine, tenant_id, now)
    sender = make_sender(infra, smtp_port=smtp_sink.port)

    await send_round(sender, engine, now)

    assert await status_of(engine, reminder_id) == "sent"
    assert [m for m in smtp_sink.messages if address.encode() in m]
    assert await attempted_at(engine, now) == 50  # one round's batch, as before


async def test_urgent_mail_still_waits_for_the_rate_limit_and_then_goes_first(
    infra, engine, smtp_sink
):
    now = datetime.now(UTC).replace(microsecond=0) + timedelta(days=20)
    busy_tenant, _ = await given_contact(engine)
    await queue_confirmations(engine, busy_tenant, now)
    sender = make_sender(infra, smtp_port=smtp_sink.port)
    for _ in range(4):  # four rounds in one minute: 50 + 50 + 20, then the limit holds
        await send_round(sender, engine, now)
    assert await attempted_at(engine, now, within=timedelta(minutes=1)) == 120
    tenant_id, _ = await given_contact(engine, mailbox="reminded-")
    reminder_id = await queue_reminder(engine, tenant_id, now + timedelta(seconds=10))

    await send_round(sender, engine, now + timedelta(seconds=30))

    assert await status_of(engine, reminder_id) == "pending"
    assert await attempted_at(engine, now + timedelta(seconds=30)) == 0

    await send_round(sender, engine, now + timedelta(seconds=61))

    assert await status_of(engine, reminder_id) == "sent"
    assert (
        await attempted_at(engine, now + timedelta(seconds=61), within=timedelta(minutes=1)) == 50
    )


async def test_a_waitlist_promotion_whose_booking_has_started_is_withdrawn_not_sent(
    infra, engine, smtp_sink
):
    tenant_id, address = await given_contact(engine, mailbox="promoted-")
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    promoted = BookingWaitlistPromoted(**booking(tenant_id, starts))
    await handle(engine, HANDLERS[BookingWaitlistPromoted], promoted)

    # The sender was down, or behind, until after the start.
    await send_round(make_sender(infra, smtp_port=smtp_sink.port), engine, starts)

    [row] = [r for r in await rows_of(engine, tenant_id) if r["channel"] == "email"]
    assert (row["category"], row["status"], row["attempts"]) == (
        "booking_waitlist_promoted",
        "withdrawn",
        0,
    )
    assert row["last_error"] == "too late: the booking has started"
    assert not [m for m in smtp_sink.messages if address.encode() in m]
