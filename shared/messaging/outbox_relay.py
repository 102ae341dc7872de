"""Publishes outbox rows to Kafka, in order, from exactly one instance of a service at a time.

The relay holds a PostgreSQL advisory lock on its own connection: whoever holds it publishes, any
other instance waits on standby and takes over as soon as the holder's session ends (crash,
shutdown, or a dead network peer found by TCP keepalives). It wakes on NOTIFY from committing
transactions and also polls, so a lost notification only delays. Rows go out in ``seq`` order
through an idempotent producer (acks=all) keyed by aggregate id (see ``outbox_publishing``).
"""

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, Literal

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from shared.messaging.kafka_clients import PLAINTEXT, KafkaSecurity, new_idempotent_producer
from shared.messaging.outbox_backlog import OutboxBacklog
from shared.messaging.outbox_publishing import BatchOutcome, send_batch
from shared.messaging.outbox_store import RelayOutbox, outbox_notify_channel
from shared.observability.metrics import ServiceMetrics
from shared.persistence.db import asyncpg_connect_args

log = logging.getLogger(__name__)

# Batches in a row that Kafka refused before the producer is replaced: an idempotent aiokafka
# producer can wedge after a broker blip (OutOfOrderSequenceNumber, aiokafka issue #1017).
_FAILED_BATCHES_BEFORE_NEW_PRODUCER = 3
_MAX_RECONNECT_BACKOFF_S = 30.0
# While Kafka is away the leader keeps trying to reach it this often at most, and measures its
# outbox meanwhile; a frozen broker would otherwise hold a producer's start for 40 s.
_MAX_KAFKA_RETRY_S = 10.0
_PRODUCER_START_TIMEOUT_S = 10.0
_MEASURE_EVERY_S = 1.0
# The server drops a session whose peer vanished within ~25 s, releasing the publishing lock.
_SESSION_SETTINGS = {
    "application_name": "bitc-outbox-relay",
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
}

Role = Literal["connecting", "standby", "leader"]


@dataclass(frozen=True)
class RelayConfig:
    database_url: str  # TLS as its sslmode says (shared/persistence/database_url.py)
    schema: str
    bootstrap_servers: str
    client_id: str
    batch_size: int = 2000
    poll_interval_s: float = 1.0
    ack_timeout_s: float = 40.0
    security: KafkaSecurity = PLAINTEXT


class OutboxRelay:
    def __init__(self, config: RelayConfig, metrics: ServiceMetrics) -> None:
        self._config = config
        self._metrics = metrics
        self._wake = asyncio.Event()
        self._failed_batches = 0
        self._outbox = RelayOutbox(config.schema)
        self._backlog = OutboxBacklog(self._outbox, metrics)
        self.role: Role = "connecting"
        self._stopping = False

    def stop(self) -> None:
        """Asks run() to return once what is pending now is published (graceful shutdown)."""
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        """Publishes until stopped or cancelled, reconnecting after any failure."""
        backoff = self._config.poll_interval_s
        while not self._stopping:
            try:
                await self._lead_and_publish()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay failed; reconnecting", extra={"retry_in_s": backoff})
                was_leader = self.role == "leader"
                self._set_role("connecting")
                backoff = self._config.poll_interval_s if was_leader else backoff
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _MAX_RECONNECT_BACKOFF_S)

    async def _lead_and_publish(self) -> None:
        conn = await asyncpg.connect(
            **asyncpg_connect_args(self._config.database_url),
            command_timeout=30,
            server_settings=_SESSION_SETTINGS,
        )
        producer: AIOKafkaProducer | None = None
        try:
            if not await self._become_leader(conn):
                return
            await conn.add_listener(outbox_notify_channel(self._config.schema), self._on_notify)
            producer = await self._producer_once_kafka_answers(conn)
            while producer is not None:
                rows = await self._outbox.next_batch(conn, self._config.batch_size)
                kafka_failed = False
                if rows:
                    outcome = await self._measuring_meanwhile(
                        conn, send_batch(producer, rows, self._config.ack_timeout_s)
                    )
                    await self._outbox.record(conn, outcome)
                    self._count(outcome.published, outcome.failed, outcome.parked)
                    kafka_failed = bool(outcome.failed)
                await self._backlog.refresh(conn)
                if kafka_failed:
                    producer = await self._after_failed_batch(producer, conn)
                    continue
                self._failed_batches = 0
                if len(rows) < self._config.batch_size:
                    if self._stopping:
                        return  # drained: the batch in hand and what was pending are out
                    await self._wait_for_work()
        finally:
            self._set_role("connecting")
            if producer is not None:
                await producer.stop()
            await conn.close(timeout=5)

    async def _measuring_meanwhile(
        self, conn: asyncpg.Connection, sending: Coroutine[Any, Any, BatchOutcome]
    ) -> BatchOutcome:
        """``sending``'s outcome, the outbox measured about every second until it comes: a
        Kafka that went away mid-batch holds it up to ``ack_timeout_s``, and the backlog and
        age gauges (OutboxEventsOld) must show the wait growing, not the moment before it."""
        task = asyncio.ensure_future(sending)
        try:
            while not (await asyncio.wait({task}, timeout=_MEASURE_EVERY_S))[0]:
                await self._backlog.refresh(conn)
            return task.result()
        finally:
            task.cancel()

    async def _become_leader(self, conn: asyncpg.Connection) -> bool:
        """True once this instance holds the lock; False when stopped while on standby."""
        lock_name = f"{self._config.schema}.outbox_relay"
        while not await conn.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", lock_name):
            if self._stopping:
                return False
            self._set_role("standby")
            await self._backlog.refresh(conn)
            await asyncio.sleep(self._config.poll_interval_s)
        log.info("outbox relay is now publishing", extra={"schema": self._config.schema})
        self._set_role("leader")
        return True

    def _count(self, published: list[object], failed: list[object], parked: list[object]) -> None:
        self._metrics.outbox_published.inc(len(published))
        self._metrics.outbox_publish_failures.inc(len(failed) + len(parked))
        if parked:
            log.error("Kafka refused outbox events for good; parked", extra={"rows": parked})

    async def _after_failed_batch(
        self, producer: AIOKafkaProducer, conn: asyncpg.Connection
    ) -> AIOKafkaProducer | None:
        self._failed_batches += 1
        await asyncio.sleep(min(self._config.poll_interval_s * self._failed_batches, 10.0))
        if self._failed_batches < _FAILED_BATCHES_BEFORE_NEW_PRODUCER:
            return producer
        log.warning("replacing a Kafka producer that keeps failing")
        self._failed_batches = 0
        await producer.stop()
        return await self._producer_once_kafka_answers(conn)

    async def _producer_once_kafka_answers(
        self, conn: asyncpg.Connection
    ) -> AIOKafkaProducer | None:
        """A started producer, tried again until Kafka answers; None if stopped meanwhile (the
        rows wait in the outbox for the next relay).

        The lead is kept meanwhile: giving it up over Kafka would leave no instance measuring
        the outbox, freezing the backlog and age gauges the outage alerts read, and would
        raise RelayWithoutLeader for what is Kafka's outage."""
        retry_in = self._config.poll_interval_s
        while True:
            try:
                async with asyncio.timeout(_PRODUCER_START_TIMEOUT_S):
                    return await self._new_producer()
            except (KafkaError, OSError, TimeoutError) as exc:
                log.warning(
                    "Kafka does not answer; events wait in the outbox",
                    extra={"error": repr(exc), "retry_in_s": retry_in},
                )
            if self._stopping:
                return None
            await self._backlog.refresh(conn)
            await asyncio.sleep(retry_in)
            retry_in = min(retry_in * 2, _MAX_KAFKA_RETRY_S)

    async def _new_producer(self) -> AIOKafkaProducer:
        config = self._config
        return await new_idempotent_producer(
            config.bootstrap_servers, config.client_id, config.security
        )

    def _set_role(self, role: Role) -> None:
        self.role = role
        self._metrics.relay_leader.set(1 if role == "leader" else 0)

    def _on_notify(self, *_: object) -> None:
        self._wake.set()

    async def _wait_for_work(self) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._config.poll_interval_s):
                await self._wake.wait()
        self._wake.clear()
