"""What really landed on a Kafka topic, read from the beginning without joining any group."""

import asyncio
import json
import uuid

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord

from bitc.fault_drill.waiting import settle

_READ_LIMIT_S = 30


async def read_topic(bootstrap: str, topic: str) -> list[ConsumerRecord]:
    """Every record on ``topic`` up to its end as of now (within half a minute)."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        client_id=f"fault-drill-reader-{uuid.uuid4()}",
    )
    await consumer.start()
    try:
        async with asyncio.timeout(_READ_LIMIT_S):
            partitions = list(await _every_partition(consumer))
            ends = await consumer.end_offsets(partitions)
            records: list[ConsumerRecord] = []
            while any([await consumer.position(tp) < end for tp, end in ends.items()]):
                batch = await consumer.getmany(*partitions, timeout_ms=500)
                for partition_records in batch.values():
                    records.extend(partition_records)
            return records
    finally:
        await consumer.stop()


async def _every_partition(consumer: AIOKafkaConsumer) -> set[TopicPartition]:
    """Without a group the consumer takes every partition, once it has the metadata."""

    async def assigned() -> set[TopicPartition]:
        return set(consumer.assignment())

    return await settle(assigned, bool, within_s=_READ_LIMIT_S, what="partitions assigned")


def event_id(record: ConsumerRecord) -> str | None:
    """The CloudEvents id of a record; None for anything that is not an event."""
    try:
        found: str = json.loads(record.value)["id"]
    except (TypeError, ValueError, KeyError):
        return None
    return found


def header(record: ConsumerRecord, name: str) -> str | None:
    for key, value in record.headers or ():
        if key == name:
            return bytes(value).decode(errors="replace")
    return None
