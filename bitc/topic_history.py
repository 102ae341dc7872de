"""Reads a topic's history for a projection rebuild (bitc/replay.py): its partitions, how far the
live consumer group has got in each, and every record from offset 0 up to the end of the log."""

import asyncio
from collections.abc import AsyncIterator

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import GroupCoordinatorNotAvailableError, for_code
from aiokafka.structs import ConsumerRecord

from shared.messaging.kafka_clients import PLAINTEXT, KafkaSecurity

_COORDINATOR_WAIT_S = 30


async def partitions_and_progress(
    bootstrap: str, topic: str, group: str, security: KafkaSecurity = PLAINTEXT
) -> tuple[list[TopicPartition], dict[int, int]]:
    """The topic's partitions, and the offsets up to which the live consumer is done."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, client_id="bitc-replay", **security.client_kwargs()
    )
    await admin.start()
    try:
        described = await admin.describe_topics([topic])
        offsets = await _group_offsets(admin, group)
    finally:
        await admin.close()
    if error := described[0]["error_code"]:
        raise for_code(error)(f"cannot read topic {topic}")
    partitions = [TopicPartition(topic, p["partition"]) for p in described[0]["partitions"]]
    committed = {tp.partition: meta.offset for tp, meta in offsets.items() if tp.topic == topic}
    return partitions, {partition: offset for partition, offset in committed.items() if offset >= 0}


async def _group_offsets(admin: AIOKafkaAdminClient, group: str) -> dict:
    # A cluster that has never had a consumer group has no coordinator yet: it appears shortly.
    async with asyncio.timeout(_COORDINATOR_WAIT_S):
        while True:
            try:
                return await admin.list_consumer_group_offsets(group)
            except GroupCoordinatorNotAvailableError:
                await asyncio.sleep(0.2)


async def records_to_end(
    bootstrap: str,
    partitions: list[TopicPartition],
    ends: dict[int, int],
    security: KafkaSecurity = PLAINTEXT,
) -> AsyncIterator[list[ConsumerRecord]]:
    """Batches of the partitions' records from offset 0 up to the end they had when called;
    ``ends`` is filled with those end offsets before the first batch, for the caller's report."""
    # earliest, not the default latest: assign() starts a position reset of its own, which
    # must not race seek_to_beginning to the end of the log.
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        client_id="bitc-replay",
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        **security.client_kwargs(),
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        end_offsets = await consumer.end_offsets(partitions)
        ends.update({tp.partition: end for tp, end in sorted(end_offsets.items())})
        await consumer.seek_to_beginning(*partitions)
        while any([await consumer.position(tp) < end for tp, end in end_offsets.items()]):
            fetched = await consumer.getmany(timeout_ms=500)
            for tp, records in fetched.items():
                yield [r for r in records if r.offset < end_offsets[tp]]
    finally:
        await consumer.stop()
