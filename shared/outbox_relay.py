"""Publishes outbox rows to Kafka, in order, from exactly one instance of a service at a time.

The relay holds a PostgreSQL advisory lock on its own connection: whoever holds it publishes, any
other instance waits on standby and takes over as soon as the holder's session ends (crash or
shutdown). It wakes on NOTIFY from committing transactions and also polls, so a lost
notification only delays. Rows go out in ``seq`` order through an idempotent producer
(acks=all) keyed by aggregate id, and are marked published only after Kafka acknowledged them.
"""

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass

import asyncpg
from aiokafka import AIOKafkaProducer

from shared.kafka_clients import new_idempotent_producer
from shared.messaging_tables import outbox_notify_channel
from shared.metrics import ServiceMetrics

log = logging.getLogger(__name__)

# Batches in a row that Kafka refused before the producer is replaced: an idempotent aiokafka
# producer can wedge after a broker blip (OutOfOrderSequenceNumber, aiokafka issue #1017).
_FAILED_BATCHES_BEFORE_NEW_PRODUCER = 3


@dataclass(frozen=True)
class RelayConfig:
    dsn: str
    schema: str
    bootstrap_servers: str
    client_id: str
    batch_size: int = 500
    poll_interval_s: float = 1.0
    backlog_refresh_s: float = 1.0


class OutboxRelay:
    def __init__(self, config: RelayConfig, metrics: ServiceMetrics) -> None:
        self._config = config
        self._metrics = metrics
        self._wake = asyncio.Event()
        self._failed_batches = 0
        self._backlog_refreshed_at = 0.0
        schema = config.schema
        self._fetch_sql = (
            f"SELECT id, topic, aggregate_id, payload::text, headers::text FROM {schema}.outbox "
            "WHERE published_at IS NULL ORDER BY seq LIMIT $1"
        )
        self._mark_sql = (
            f"UPDATE {schema}.outbox SET published_at = now() WHERE id = ANY($1::uuid[])"
        )
        self._backlog_sql = (
            "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0) "
            f"FROM {schema}.outbox WHERE published_at IS NULL"
        )

    async def run(self) -> None:
        """Publishes until cancelled, reconnecting after any failure."""
        backoff = self._config.poll_interval_s
        while True:
            try:
                await self._lead_and_publish()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay failed; reconnecting", extra={"retry_in_s": backoff})
                self._metrics.relay_leader.set(0)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)

    async def _lead_and_publish(self) -> None:
        conn = await asyncpg.connect(self._config.dsn)
        producer: AIOKafkaProducer | None = None
        try:
            await self._become_leader(conn)
            await conn.add_listener(outbox_notify_channel(self._config.schema), self._on_notify)
            producer = await new_idempotent_producer(
                self._config.bootstrap_servers, self._config.client_id
            )
            while True:
                published, failed = await self._publish_batch(conn, producer)
                await self._refresh_backlog(conn)
                if failed:
                    producer = await self._after_failed_batch(producer)
                elif published < self._config.batch_size:
                    await self._wait_for_work()
        finally:
            self._metrics.relay_leader.set(0)
            if producer is not None:
                await producer.stop()
            await conn.close(timeout=5)

    async def _become_leader(self, conn: asyncpg.Connection) -> None:
        lock_name = f"{self._config.schema}.outbox_relay"
        while not await conn.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", lock_name):
            await self._refresh_backlog(conn)
            await asyncio.sleep(self._config.poll_interval_s)
        log.info("outbox relay is now publishing", extra={"schema": self._config.schema})
        self._metrics.relay_leader.set(1)

    async def _publish_batch(
        self, conn: asyncpg.Connection, producer: AIOKafkaProducer
    ) -> tuple[int, bool]:
        rows = await conn.fetch(self._fetch_sql, self._config.batch_size)
        if not rows:
            return 0, False
        deliveries = []
        for row in rows:
            headers = [(k, v.encode()) for k, v in json.loads(row["headers"]).items()]
            deliveries.append(
                await producer.send(
                    row["topic"],
                    value=row["payload"].encode(),
                    key=row["aggregate_id"].encode(),
                    headers=headers,
                )
            )
        results = await asyncio.gather(*deliveries, return_exceptions=True)
        # Only the unbroken prefix counts as published, so a retry resends in the original order.
        delivered = []
        for row, result in zip(rows, results, strict=True):
            if isinstance(result, BaseException):
                log.warning(
                    "Kafka refused an outbox event",
                    extra={"error": repr(result), "topic": row["topic"]},
                )
                break
            delivered.append(row["id"])
        if delivered:
            await conn.execute(self._mark_sql, delivered)
            self._metrics.outbox_published.inc(len(delivered))
        failed = len(delivered) < len(rows)
        if failed:
            self._metrics.outbox_publish_failures.inc(len(rows) - len(delivered))
        return len(delivered), failed

    async def _after_failed_batch(self, producer: AIOKafkaProducer) -> AIOKafkaProducer:
        self._failed_batches += 1
        await asyncio.sleep(min(self._config.poll_interval_s * self._failed_batches, 10.0))
        if self._failed_batches < _FAILED_BATCHES_BEFORE_NEW_PRODUCER:
            return producer
        log.warning("replacing a Kafka producer that keeps failing")
        self._failed_batches = 0
        await producer.stop()
        return await new_idempotent_producer(self._config.bootstrap_servers, self._config.client_id)

    async def _refresh_backlog(self, conn: asyncpg.Connection) -> None:
        now = asyncio.get_running_loop().time()
        if now - self._backlog_refreshed_at < self._config.backlog_refresh_s:
            return
        self._backlog_refreshed_at = now
        count, oldest_age = await conn.fetchrow(self._backlog_sql)
        self._metrics.outbox_backlog.set(count)
        self._metrics.outbox_oldest_age.set(float(oldest_age))

    def _on_notify(self, *_: object) -> None:
        self._wake.set()

    async def _wait_for_work(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=self._config.poll_interval_s)
        self._wake.clear()
