"""Scenarios where Kafka fails under a steady load of bookings: killed, frozen for longer than a
consumer's session, and gone at the moment a consumer has committed its effects but not yet
its offsets."""

import asyncio

from bitc.fault_drill import levers, records
from bitc.fault_drill.drill import Drill
from bitc.fault_drill.ledger import ScenarioReport
from bitc.fault_drill.waiting import settle

#: aiokafka's (and FastStream's) session.timeout.ms, which the services do not change.
CONSUMER_SESSION_TIMEOUT_S = 10


async def kafka_killed(drill: Drill) -> ScenarioReport:
    """1. SIGKILL the broker under load; bookings go on into the outboxes; restart it."""
    trial = await drill.trial("kafka-killed")
    stack = drill.platform.stack
    async with trial.load.running():
        await trial.load.more(10)
        await levers.kill(stack, "kafka")
        await trial.load.more(10)
        await levers.bring_back_infra(stack)
        await trial.load.more(10)
    return await trial.report()


async def kafka_frozen(drill: Drill) -> ScenarioReport:
    """4. SIGSTOP the broker for longer than the consumers' session timeout, then SIGCONT:
    every group loses its members at once and must rebalance, every producer times out."""
    trial = await drill.trial("kafka-frozen")
    stack = drill.platform.stack
    frozen_s = CONSUMER_SESSION_TIMEOUT_S + 3
    async with trial.load.running():
        await trial.load.more(10)
        levers.freeze(stack, "kafka")
        try:
            await asyncio.sleep(frozen_s)  # the fault itself lasts this long
        finally:
            levers.thaw(stack, "kafka")
        await trial.load.more(10)
    return await trial.report(frozen_s=frozen_s)


async def consumer_killed_before_offset_commit(drill: Drill) -> ScenarioReport:
    """3. The notifications consumer commits a batch's effects, then dies before its offsets.

    The test holds a SHARE lock on the notifications inbox, so the consumer's next batch waits
    inside its transaction. Kafka is then killed (a killed broker, unlike a frozen one, cannot
    take the offset commit late from its socket buffer), the lock released, and once the
    batch's inbox rows are committed the notifications process is SIGKILLed. Restarted, it
    reads the batch again: every event in it must be turned away as a duplicate.
    """
    trial = await drill.trial("consumer-killed")
    stack = drill.platform.stack
    async with drill.database() as conn, trial.load.running():
        await trial.load.more(5)
        async with conn.transaction():
            await conn.execute("LOCK TABLE notifications.inbox IN SHARE MODE")
            inbox_before = await records.inbox_size(conn)
            await settle(
                lambda: levers.lock_waiters(conn, "notifications"),
                lambda waiting: waiting > 0,
                within_s=30,
                what="the booking consumer waits for the inbox inside its transaction",
            )
            await levers.kill(stack, "kafka")
        committed_batch = await settle(
            lambda: records.inbox_size(conn),
            lambda size: size > inbox_before,
            within_s=30,
            what="the waiting batch is committed to the inbox",
        )
        await trial.tally.before_restart()
        await levers.kill(stack, "notifications")
        await levers.bring_back_infra(stack)
        await levers.bring_back(stack, "notifications")
        await trial.load.more(10)
    return await trial.report(batch_committed_before_kill=committed_batch - inbox_before)
