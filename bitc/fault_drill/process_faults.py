"""Scenarios where a service's own machinery dies at the worst moment: the booking relay after
Kafka has its events but before it marked them, and PostgreSQL under everyone's feet."""

from bitc.fault_drill import kafka_log, levers, records
from bitc.fault_drill.drill import Drill
from bitc.fault_drill.ledger import ScenarioReport
from bitc.fault_drill.waiting import settle
from bitc.provision import SERVICES
from contracts.topics import BOOKING_EVENTS

_RELAY = "bitc-outbox-relay"  # the relay's application_name in pg_stat_activity


async def relay_killed_before_marking(drill: Drill) -> ScenarioReport:
    """2. SIGKILL the booking service after its relay sent a batch but before it marked it.

    Kafka is frozen for a moment so that unpublished rows pile up behind the relay's batch in
    flight; the test locks them FOR UPDATE and thaws Kafka. The relay gets its acks and blocks
    on marking the rows; then the service is killed, the locks released and the service
    restarted. Its relay sends the rows again, and the consumers' inboxes drop the copies.
    """
    trial = await drill.trial("relay-killed")
    stack = drill.platform.stack
    async with drill.database() as conn, trial.load.running():
        await trial.load.more(5)
        levers.freeze(stack, "kafka")
        try:
            await settle(
                lambda: records.unpublished(conn, "booking"),
                lambda rows: rows >= 3,
                within_s=30,
                what="booking outbox rows wait while Kafka is frozen",
            )
            holding = conn.transaction()
            await holding.start()
            locked = await conn.fetch(
                "SELECT id::text FROM booking.outbox WHERE published_at IS NULL FOR UPDATE"
            )
        finally:
            levers.thaw(stack, "kafka")
        try:
            await settle(
                lambda: levers.lock_waiters(conn, "booking", _RELAY),
                lambda waiting: waiting > 0,
                within_s=30,
                what="the relay has sent its batch and waits to mark it",
            )
            await levers.kill(stack, "booking")
        finally:
            await holding.rollback()
        sent = await _on_kafka(drill, {row["id"] for row in locked})
        await levers.bring_back(stack, "booking")
        await trial.load.more(10)
    copies = await _copies(drill, sent)
    return await trial.report(sent_unmarked=len(sent), min_copies_on_kafka=min(copies, default=0))


async def postgres_restarted(drill: Drill) -> ScenarioReport:
    """5. PostgreSQL's immediate shutdown under load (every session cut, no checkpoint:
    crash recovery on start), then start it again; the services must find their way back
    without being restarted."""
    trial = await drill.trial("postgres-restarted")
    stack = drill.platform.stack
    async with trial.load.running():
        await trial.load.more(10)
        await levers.crash_postgres(stack)
        await levers.bring_back_infra(stack)
        await trial.load.more(10, within_s=90)
    for service in SERVICES:
        await settle(
            lambda service=service: records.readiness(drill.platform.url(service)),
            lambda status: status == 200,
            within_s=60,
            what=f"{service} is ready again by itself",
        )
    return await trial.report()


async def _on_kafka(drill: Drill, event_ids: set[str]) -> list[str]:
    on_kafka = await kafka_log.read_topic(drill.platform.kafka_bootstrap, BOOKING_EVENTS)
    return [e for e in map(kafka_log.event_id, on_kafka) if e in event_ids]


async def _copies(drill: Drill, event_ids: list[str]) -> list[int]:
    """How many times each of these events is on the booking topic now."""
    seen = await _on_kafka(drill, set(event_ids))
    return [seen.count(event_id) for event_id in set(event_ids)]
