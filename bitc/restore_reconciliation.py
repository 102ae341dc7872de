"""After a restore the database is older than Kafka. Three things follow, done here before the
services start (``bitc restore --kafka``, or ``bitc reconcile-kafka`` after a point-in-time
recovery):

* outbox rows the dump holds as unpublished that the old database's relay did publish after the
  backup are found on their topics by event id and marked published, so no event goes out twice;
* the services' consumer groups are rewound to the backup time (less a margin for consumer
  lag), so events the restored inboxes never saw are handled again; what an inbox already
  holds it skips;
* events on the topics that no restored outbox knows are the changes made after the backup: the
  loss window, reported so that they can be entered again.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from bitc.backup_manifest import read_manifest
from bitc.pg_client_tools import asyncpg_dsn
from bitc.topic_records import EventOnKafka, events_since
from shared.messaging.kafka_clients import PLAINTEXT, KafkaSecurity


@dataclass
class KafkaReconciliation:
    marked_published: dict[str, int] = field(default_factory=dict)  # schema -> outbox rows
    rewound: dict[str, int] = field(default_factory=dict)  # consumer group -> partitions
    after_backup: list[EventOnKafka] = field(default_factory=list)  # the loss window


async def reconcile_with_kafka(
    database_url: str,
    as_of: datetime,
    bootstrap: str,
    security: KafkaSecurity = PLAINTEXT,
    margin: timedelta = timedelta(hours=1),
) -> KafkaReconciliation:
    """``as_of``: when the restored database's state was current (a backup's ``taken_at``, a
    point-in-time recovery's target time)."""
    since = as_of - margin
    outcome = KafkaReconciliation()
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        restored = await read_manifest(conn)
        topics = {
            row["topic"]
            for schema in restored.outbox
            for row in await conn.fetch(f'SELECT DISTINCT topic FROM "{schema}".outbox')
        }
        on_kafka = await events_since(bootstrap, security, sorted(topics), since)
        ids = list({e.event_id for e in on_kafka if _is_uuid(e.event_id)})
        known: set[str] = set()
        for schema in restored.outbox:
            marked = await conn.fetch(
                f'UPDATE "{schema}".outbox SET published_at = now() '
                "WHERE published_at IS NULL AND id = ANY($1::uuid[]) RETURNING id",
                ids,
            )
            outcome.marked_published[schema] = len(marked)
            rows = await conn.fetch(
                f'SELECT id::text FROM "{schema}".outbox WHERE id = ANY($1::uuid[])', ids
            )
            known |= {row["id"] for row in rows}
    finally:
        await conn.close()
    outcome.after_backup = [e for e in on_kafka if e.event_id not in known]
    outcome.rewound = await rewind_consumer_groups(bootstrap, security, restored.schemas, since)
    return outcome


async def rewind_consumer_groups(
    bootstrap: str, security: KafkaSecurity, services: list[str], to: datetime
) -> dict[str, int]:
    """Every group of these services (named ``<service>.<consumer>``) back to the first record
    at or after ``to``, never forward. The groups must have no members: services stopped."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **security.client_kwargs())
    await admin.start()
    try:
        listed = await admin.list_consumer_groups()
        groups = [g[0] for g in listed if str(g[0]).split(".", 1)[0] in services]
        committed = {group: await admin.list_consumer_group_offsets(group) for group in groups}
    finally:
        await admin.close()
    rewound = {}
    for group, offsets in committed.items():
        if offsets:
            rewound[group] = await _rewind(bootstrap, security, group, offsets, to)
    return rewound


async def _rewind(
    bootstrap: str, security: KafkaSecurity, group: str, offsets: dict, to: datetime
) -> int:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        **security.client_kwargs(),
    )
    await consumer.start()
    try:
        partitions: list[TopicPartition] = list(offsets)
        consumer.assign(partitions)
        to_ms = int(to.timestamp() * 1000)
        at_time = await consumer.offsets_for_times(dict.fromkeys(partitions, to_ms))
        ends = await consumer.end_offsets(partitions)
        target = {
            tp: min(offsets[tp].offset, at_time[tp].offset if at_time[tp] else ends[tp])
            for tp in partitions
        }
        await consumer.commit(target)
    finally:
        await consumer.stop()
    return len(target)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
