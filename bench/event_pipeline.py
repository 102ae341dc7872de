"""Events through outbox → relay → Kafka → consumer with inbox, draining a backlog, against raw
aiokafka producing and consuming the same messages in the same run (the platform's target on two
cores: ≥ 10,000 events/s and at least half of raw).

    .venv/bin/python -m bench.event_pipeline --events 20000

It is also a row of the whole suite (python -m bench), run there on the suite's platform once its
services are stopped, so no service's relay competes for the outbox.
"""

import argparse
import asyncio
import json
import time
import uuid
from dataclasses import dataclass

import asyncpg
from faststream.kafka import KafkaBroker

from bench.infrastructure import BenchInfra, bench_infra
from bench.workload import bench_event_class, envelopes, raw_kafka
from bitc.topic_provisioning import create_topics
from contracts.topics import TopicSpec
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.messaging.consumer_backoff import RetryPolicy
from shared.messaging.dead_letters import DeadLetterPublisher
from shared.messaging.envelope import kafka_headers
from shared.messaging.event_consumer import EventConsumer
from shared.messaging.outbox_relay import OutboxRelay, RelayConfig
from shared.messaging.subscriptions import Subscription
from shared.observability.metrics import ServiceMetrics
from shared.persistence.db import asyncpg_connect_args, create_engine

PARTITIONS = 6
SCHEMA = "notifications"


async def pipeline(
    infra: BenchInfra, topic: str, event_class, messages: list[dict]
) -> tuple[float, float]:
    """Seconds from a committed outbox backlog to the relay having published it all, and to
    every event handled by an inbox consumer.

    The relay and the consumer are started, and one event is taken through them first, before
    the backlog is committed: the raw run starts its clock with its clients started too, and a
    service's relay and consumers run for days, so their start-up is not the pipeline's pace."""
    url = infra.database_urls[SCHEMA]
    conn = await asyncpg.connect(**asyncpg_connect_args(url))
    consumer_name = f"bench-consumer-{uuid.uuid4()}"
    metrics = ServiceMetrics()
    engine = create_engine(url, pool_size=5)
    # The access log would print a line a batch: noise beside the figures.
    broker = KafkaBroker(infra.kafka_bootstrap, logger=None, apply_types=False)

    async def handled(event, envelope, uow) -> None:
        return None

    EventConsumer(
        Subscription(consumer_name, topic, {event_class: handled}),
        lambda: NotificationsUnitOfWork(engine),
        DeadLetterPublisher(broker, f"{topic}.dlq"),
        metrics,
        RetryPolicy(),
    ).attach(broker)
    relay = OutboxRelay(RelayConfig(url, SCHEMA, infra.kafka_bootstrap, "bench-relay"), metrics)
    await broker.start()
    relay_task = asyncio.create_task(relay.run())
    try:
        warm_up, backlog = messages[:1], messages[1:]
        await _commit_to_outbox(conn, topic, warm_up)
        await _handled(conn, consumer_name, len(warm_up))
        await _commit_to_outbox(conn, topic, backlog)
        started = time.perf_counter()
        relayed_s = await _handled(conn, consumer_name, len(messages), started)
        elapsed = time.perf_counter() - started
        # The relay marks rows published after Kafka acknowledged them, so the last marks may
        # land after the consumer has handled everything.
        return relayed_s or elapsed, elapsed
    finally:
        relay_task.cancel()
        await broker.stop()
        await engine.dispose()
        await conn.close()


async def _commit_to_outbox(conn: asyncpg.Connection, topic: str, messages: list[dict]) -> None:
    """One transaction, so the relay finds the whole backlog at once (its commit wakes it)."""
    async with conn.transaction():
        await conn.executemany(
            f"INSERT INTO {SCHEMA}.outbox (id, aggregate_type, aggregate_id, type, topic, "
            "payload, headers) VALUES ($1, 'bench', $2, $3, $4, $5::jsonb, $6::jsonb)",
            [
                (
                    uuid.UUID(m["id"]),
                    m["subject"],
                    m["type"],
                    topic,
                    json.dumps(m),
                    json.dumps(kafka_headers(m)),
                )
                for m in messages
            ],
        )


async def _handled(
    conn: asyncpg.Connection, consumer: str, count: int, started: float | None = None
) -> float | None:
    """Waits until the consumer has handled ``count`` events; returns the seconds from
    ``started`` to the outbox's emptying, seen meanwhile (None if not seen before the end)."""
    relayed_s = None
    while True:
        # Also when the relay emptied the outbox, to tell which stage holds the pipeline up.
        pending, done = await conn.fetchrow(
            f"SELECT (SELECT count(*) FROM {SCHEMA}.outbox WHERE published_at IS NULL), "
            f"(SELECT count(*) FROM {SCHEMA}.inbox WHERE consumer = $1)",
            consumer,
        )
        if pending == 0 and relayed_s is None and started is not None:
            relayed_s = time.perf_counter() - started
        if done >= count:
            return relayed_s
        await asyncio.sleep(0.1)


@dataclass(frozen=True)
class PipelineResult:
    events: int
    raw_per_s: float
    ours_per_s: float
    relay_per_s: float  # until the relay had emptied the outbox


async def measure(infra: BenchInfra, count: int) -> PipelineResult:
    """Both runs over fresh topics of this infrastructure's Kafka."""
    suffix = uuid.uuid4().hex[:6]
    raw_topic, pipeline_topic = f"bench.raw.{suffix}", f"bench.pipeline.{suffix}"
    await create_topics(
        infra.kafka_bootstrap,
        [TopicSpec(t, PARTITIONS, False, "", "") for t in (raw_topic, pipeline_topic)],
    )
    event_class = bench_event_class(pipeline_topic)
    raw_s = await raw_kafka(infra, raw_topic, envelopes(event_class, count))
    relayed_s, ours_s = await pipeline(
        infra, pipeline_topic, event_class, envelopes(event_class, count)
    )
    return PipelineResult(count, count / raw_s, count / ours_s, count / relayed_s)


async def main(count: int) -> None:
    async with bench_infra() as infra:
        result = await measure(infra, count)
    raw_rate, our_rate = result.raw_per_s, result.ours_per_s
    print(f"events: {count}, partitions: {PARTITIONS}")
    print(f"raw aiokafka produce+consume : {raw_rate:9.0f} events/s")
    print(f"outbox→relay→Kafka→inbox     : {our_rate:9.0f} events/s")
    print(f"  of which relay (outbox empty): {result.relay_per_s:9.0f} events/s")
    print(f"ratio to raw                 : {our_rate / raw_rate:9.2f}  (target ≥ 0.5, ≥ 10,000/s)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    asyncio.run(main(parser.parse_args().events))
