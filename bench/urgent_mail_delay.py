"""How long a booking reminder waits behind a backlog of confirmations: a busy hour's
confirmations (10,000 by default) are due when a reminder is queued; the real sender job, with
the production e-mail limit (120 a minute, 50 a round, a round every 2 s), sends to a real SMTP
server (aiosmtpd) on a simulated clock, so minutes of sending take seconds.

    .venv/bin/python -m bench.urgent_mail_delay --backlog 10000 --minutes 3
    .venv/bin/python -m bench.urgent_mail_delay --backlog 10000 --minutes 90 --as-before
    .venv/bin/python -m bench.urgent_mail_delay --minutes 90 --as-before --lead-minutes 120

Printed: the reminder's place in the queue and the delay that place means at the limit under
oldest-due-first (the order before issue 13) and under priority order, the delay measured from
its creation to its send, and the most e-mails attempted in any minute of the run.
``--as-before`` stores the reminder as the previous release did (every message the same
priority, the column's default), which claims it oldest-due-first as that release did; with the
default hour's lead its booking starts before its turn, so it is withdrawn unsent, and a longer
``--lead-minutes`` shows how late it would have arrived.
"""

import argparse
import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from aiosmtpd.controller import Controller

from bench.infrastructure import bench_infra
from bitc.devstack.ports import free_ports
from contracts.notifications import Channel
from contracts.tenancy import Language, TenantContactChanged
from services.notifications.adapters.delivery_metrics import DeliveryMetrics
from services.notifications.adapters.tables import notifications
from services.notifications.bootstrap import channels, sender
from services.notifications.domain.categories import Category
from services.notifications.domain.notification import Notification, RecipientKind
from services.notifications.service_layer.contacts import on_contact_changed
from services.notifications.service_layer.planning import plan_tenant_message
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from services.notifications.settings import Settings
from shared.messaging.envelope import decode, encode, wrap_event
from shared.persistence.db import create_engine
from shared.runtime.periodic_jobs import PeriodicJob, run_job_once

BOOKING = {
    "space_id": str(uuid.uuid4()),
    "space_code": "BITC-MUSIC-2",
    "space_type": "music_room",
    "site": "bitc",
    "series_id": None,
}


class Catcher:
    """The SMTP server: counts what it accepts."""

    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received += 1
        return "250 OK"


def details(starts_at: datetime) -> dict:
    return BOOKING | {
        "booking_id": str(uuid.uuid4()),
        "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at + timedelta(hours=2)).isoformat(),
        "occurred_at": starts_at.isoformat(),
    }


async def given_tenant(engine) -> uuid.UUID:
    tenant_id = uuid.uuid4()
    contact = TenantContactChanged(
        tenant_id=tenant_id,
        display_name="Komunitas Musik Baros",
        contact_name="Asep",
        email=f"{tenant_id.hex[:12]}@example.id",
        language=Language.INDONESIAN,
    )
    envelope = decode(
        encode(wrap_event(contact, source="/bench", correlation_id=None, causation_id=None))
    )
    async with NotificationsUnitOfWork(engine) as uow:
        await on_contact_changed(contact, envelope, uow)
        await uow.commit()
    return tenant_id


async def queue_backlog(engine, tenant_id: uuid.UUID, count: int, start: datetime) -> None:
    """``count`` confirmations created evenly over the hour before ``start``, as the service
    stores them."""
    async with NotificationsUnitOfWork(engine) as uow:
        for i in range(count):
            created = start - timedelta(hours=1) + timedelta(seconds=i * 3600 / count)
            await uow.notifications.add(
                Notification(
                    tenant_id=tenant_id,
                    recipient=str(tenant_id),
                    recipient_kind=RecipientKind.TENANT,
                    category=Category.BOOKING_CONFIRMED,
                    channel=Channel.EMAIL,
                    source_event_id=f"bench-confirmation-{i}",
                    event_time=created,
                    created_at=created,
                    details=details(start + timedelta(days=2)),
                )
            )
        await uow.commit()


async def queue_reminder(engine, tenant_id: uuid.UUID, at: datetime, lead: timedelta) -> uuid.UUID:
    """The reminder of a booking ``lead`` away, queued at ``at`` as the reminder job does."""
    booking = details(at + lead)
    async with NotificationsUnitOfWork(engine) as uow:
        await plan_tenant_message(
            uow,
            tenant_id=tenant_id,
            category=Category.BOOKING_REMINDER,
            source_event_id=f"reminder:{booking['booking_id']}",
            event_time=at,
            details=booking,
            now=at,
            expires_at=at + lead,
        )
        await uow.commit()
    async with engine.connect() as conn:
        return await conn.scalar(
            sa.select(notifications.c.id).where(notifications.c.tenant_id == tenant_id)
        )


async def ahead_of(engine, reminder: sa.Row, *, by_priority: bool) -> int:
    """Messages due before the reminder in one claiming order: its place in the queue."""
    t = notifications.c
    due = sa.and_(t.channel == "email", t.status.in_(["pending", "failed"]))
    if by_priority:
        first = sa.tuple_(t.priority, t.next_attempt_at) < sa.tuple_(
            reminder.priority, reminder.next_attempt_at
        )
    else:
        first = t.next_attempt_at < reminder.next_attempt_at
    async with engine.connect() as conn:
        return await conn.scalar(sa.select(sa.func.count()).where(due, first))


async def busiest_minute(engine, start: datetime, end: datetime) -> int:
    """The most e-mails attempted in any minute-long window of the run."""
    t = notifications.c
    later = notifications.alias("later")
    query = (
        sa.select(sa.func.count())
        .select_from(notifications.join(later, later.c.channel == t.channel))
        .where(
            t.channel == "email",
            t.last_attempt_at.between(start, end),
            later.c.last_attempt_at >= t.last_attempt_at,
            later.c.last_attempt_at < t.last_attempt_at + timedelta(minutes=1),
        )
        .group_by(t.id)
        .order_by(sa.func.count().desc())
        .limit(1)
    )
    async with engine.connect() as conn:
        return int(await conn.scalar(query) or 0)


async def main(backlog: int, minutes: float, as_before: bool, lead_minutes: float) -> None:
    catcher = Catcher()
    port = free_ports(1)[0]
    smtp = Controller(catcher, hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        async with bench_infra() as infra:
            url = infra.database_urls["notifications"]
            settings = Settings(
                database_url=url,
                smtp_host="127.0.0.1",
                smtp_port=port,
                reminder_lead_s=lead_minutes * 60,
            )
            engine = create_engine(url, pool_size=5)
            try:
                await run(engine, settings, catcher, backlog, minutes, as_before)
            finally:
                await engine.dispose()
    finally:
        smtp.stop()


async def run(
    engine, settings: Settings, catcher: Catcher, backlog: int, minutes: float, as_before: bool
) -> None:
    start = datetime.now(UTC).replace(microsecond=0)
    await queue_backlog(engine, await given_tenant(engine), backlog, start)
    lead = timedelta(seconds=settings.reminder_lead_s)
    reminder_id = await queue_reminder(engine, await given_tenant(engine), start, lead)
    if as_before:
        async with engine.begin() as conn:
            await conn.execute(
                notifications.update()
                .where(notifications.c.id == reminder_id)
                .values(priority=sa.text("DEFAULT"))
            )
    async with engine.connect() as conn:
        reminder = (
            await conn.execute(sa.select(notifications).where(notifications.c.id == reminder_id))
        ).one()
    per_minute = settings.rate_limit_email_per_minute
    print(f"backlog: {backlog} due confirmations; limit {per_minute}/min, ", end="")
    print(f"{settings.sender_batch_size}/round, a round every {settings.sender_interval_s:g} s")
    for label, by_priority in (("oldest due first", False), ("priority, then due", True)):
        place = await ahead_of(engine, reminder, by_priority=by_priority)
        print(f"{label:18}: {place:6} ahead of the reminder → ~{place / per_minute:5.1f} min")

    job = PeriodicJob(
        "bench.notifications.send", 1, sender(settings, DeliveryMetrics(), channels(settings)).run
    )
    interval = timedelta(seconds=settings.sender_interval_s)
    clock, rounds, wall = start, 0, time.perf_counter()
    sent_at = None
    while clock < start + timedelta(minutes=minutes):
        await run_job_once(job, NotificationsUnitOfWork(engine), clock)
        rounds += 1
        if sent_at is None:
            async with engine.connect() as conn:
                sent_at = await conn.scalar(
                    sa.select(notifications.c.sent_at).where(notifications.c.id == reminder_id)
                )
            if sent_at is not None:
                waited = (sent_at - reminder.created_at).total_seconds()
                order = "oldest due first, as before" if as_before else "by priority"
                print(f"claimed {order}: the reminder went out in round {rounds}, ", end="")
                print(f"{waited:.0f} s ({waited / 60:.1f} min) after its creation")
        clock += interval
    wall = time.perf_counter() - wall
    if sent_at is None:
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    sa.select(notifications).where(notifications.c.id == reminder_id)
                )
            ).one()
        print(f"the reminder was not sent: {row.status} ({row.last_error or 'still queued'})")
    busiest = await busiest_minute(engine, start, clock)
    print(
        f"{rounds} rounds ({minutes:g} simulated min) in {wall:.1f} s: {catcher.received} e-mails"
    )
    print(f"most attempted in any minute: {busiest} (limit {per_minute})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backlog", type=int, default=10_000)
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--as-before", action="store_true")
    parser.add_argument(
        "--lead-minutes", type=float, default=60.0, help="the reminder's booking starts then"
    )
    args = parser.parse_args()
    asyncio.run(main(args.backlog, args.minutes, args.as_before, args.lead_minutes))
