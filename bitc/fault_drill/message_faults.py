"""Scenarios about the messages themselves: the same event many times and events out of order,
a crowd racing for one slot, and a poison message in the middle of a partition."""

import asyncio
import contextlib
from collections.abc import AsyncIterator

import asyncpg
import httpx

from bitc.fault_drill import kafka_log, levers, records
from bitc.fault_drill.drill import Drill
from bitc.fault_drill.ledger import ScenarioReport
from bitc.fault_drill.waiting import settle
from contracts.topics import BOOKING_EVENTS, dead_letter_topic
from shared.messaging.kafka_clients import new_idempotent_producer
from shared.messaging.outbox_publishing import send_batch

COPIES = 5
CROWD = 50
_RELAY_LOCK = "booking.outbox_relay"  # the advisory lock whose holder publishes booking's outbox
_POISON = b"\x00 this is not a CloudEvent {"


@contextlib.asynccontextmanager
async def _relay_on_standby(drill: Drill) -> AsyncIterator[None]:
    """Holds the booking relay's publishing lock, so the (restarted) service only queues."""
    stack = drill.platform.stack
    holder = await asyncpg.connect(drill.platform.admin_dsn)
    try:
        await asyncio.to_thread(stack.stop_service, "booking")
        async with asyncio.timeout(30):
            await holder.execute("SELECT pg_advisory_lock(hashtext($1))", _RELAY_LOCK)
        await levers.bring_back(stack, "booking")
        yield
    finally:
        await holder.close(timeout=5)  # the relay takes over within a poll interval


async def duplicated_and_reordered(drill: Drill) -> ScenarioReport:
    """6. New events sent newest first (different keys: Kafka promises no order between them),
    then one of them COPIES more times, and then the relay publishes them all once more."""
    trial = await drill.trial("duplicated-reordered")
    async with _relay_on_standby(drill), drill.database() as conn:
        async with trial.load.running():
            await trial.load.more(8)
        booked = await records.committed_bookings(conn, trial.space_id)
        rows = await records.pending_outbox_rows(conn, "booking", booked)
        producer = await new_idempotent_producer(drill.platform.kafka_bootstrap, "fault-drill")
        try:
            await send_batch(producer, rows[::-1], 30)
            await send_batch(producer, [rows[0]] * COPIES, 30)
        finally:
            await producer.stop()
        await settle(
            lambda: records.handled(conn, [str(row["id"]) for row in rows]),
            lambda count: count == len(rows),
            within_s=60,
            what="the reordered events are handled before the relay publishes them",
        )
    # The relay now publishes every row once more; the outbox drains before the consumer has
    # read those copies, so the audit would otherwise count duplicates too early.
    await settle(
        trial.tally.total,
        lambda duplicates: duplicates >= COPIES + len(rows),
        within_s=60,
        what="the relay's second copies are turned away too",
    )
    return await trial.report(injected_reordered=len(rows), injected_copies=COPIES)


async def contended_slot(drill: Drill) -> ScenarioReport:
    """7. CROWD requests for one slot at once: one booking, the rest 409 booking-conflict."""
    trial = await drill.trial("contended-slot")
    slot = trial.load.next_slot()
    answers = await asyncio.gather(*(trial.load.book(*slot) for _ in range(CROWD)))
    problems = {
        answer.json().get("type")
        for answer in answers
        if isinstance(answer, httpx.Response) and answer.status_code == 409
    }
    return await trial.report(
        winners=len(trial.load.outcome.acknowledged),
        conflicts=trial.load.outcome.conflicts,
        conflict_types=sorted(problems),
    )


async def poison_in_partition(drill: Drill) -> ScenarioReport:
    """8. Undecodable bytes on the booking topic between real events of the same partition: the
    notifications consumer dead-letters them with the reason and handles what follows."""
    trial = await drill.trial("poison-message")
    bootstrap = drill.platform.kafka_bootstrap
    async with trial.load.running():
        await trial.load.more(5)
        producer = await new_idempotent_producer(bootstrap, "fault-drill-poison")
        try:
            poison = await (await producer.send(BOOKING_EVENTS, _POISON, partition=0))
        finally:
            await producer.stop()
        await settle(
            lambda: _followers(drill, trial.space_id, poison.offset),
            lambda after: after >= 3,
            within_s=60,
            interval_s=1,
            what="bookings of this scenario land after the poison in its partition",
        )
    letters = await kafka_log.read_topic(bootstrap, dead_letter_topic("notifications"))
    ours = [
        letter
        for letter in letters
        if kafka_log.header(letter, "dlq.original.topic") == BOOKING_EVENTS
        and kafka_log.header(letter, "dlq.original.partition") == "0"
        and kafka_log.header(letter, "dlq.original.offset") == str(poison.offset)
    ]
    return await trial.report(
        dead_letters=len(ours),
        dead_letter_reasons=sorted({kafka_log.header(letter, "dlq.reason") for letter in ours}),
        followers_in_partition=await _followers(drill, trial.space_id, poison.offset),
    )


async def _followers(drill: Drill, space_id: str, offset: int) -> int:
    """This scenario's events behind the poison in its partition."""
    async with drill.database() as conn:
        keys = {b.encode() for b in await records.committed_bookings(conn, space_id)}
    on_kafka = await kafka_log.read_topic(drill.platform.kafka_bootstrap, BOOKING_EVENTS)
    return sum(1 for r in on_kafka if r.partition == 0 and r.offset > offset and r.key in keys)
