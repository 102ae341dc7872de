"""After a restore, `bitc restore --kafka` rewinds the services' consumer groups to the backup
time on the real broker: back to the first record at or after it, never forward, and only the
groups of the services named."""

import time
import uuid
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from bitc.restore_reconciliation import rewind_consumer_groups
from shared.messaging.kafka_clients import PLAINTEXT

pytestmark = pytest.mark.integration

#: A service name no real group uses, so the suite's own groups are never touched.
SERVICE = f"rewindtest{uuid.uuid4().hex[:6]}"


async def _commit(bootstrap: str, group: str, partition: TopicPartition, offset: int) -> None:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group)
    await consumer.start()
    try:
        consumer.assign([partition])
        await consumer.commit({partition: offset})
    finally:
        await consumer.stop()


async def test_groups_go_back_to_the_backup_time_and_never_forward(infra) -> None:
    bootstrap = infra.kafka_bootstrap
    topic = f"test.rewind.{uuid.uuid4().hex[:8]}"
    partition = TopicPartition(topic, 0)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    first_ms = int(time.time() * 1000) - 60_000
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for n in range(4):
            await producer.send_and_wait(topic, b"{}", timestamp_ms=first_ms + n * 1000)
    finally:
        await producer.stop()
    caught_up, behind, stranger = f"{SERVICE}.caught-up", f"{SERVICE}.behind", "other.group"
    await _commit(bootstrap, caught_up, partition, 4)
    await _commit(bootstrap, behind, partition, 1)
    await _commit(bootstrap, f"{stranger}-{SERVICE}", partition, 4)
    backup_time = datetime.fromtimestamp((first_ms + 2000) / 1000, UTC)

    try:
        rewound = await rewind_consumer_groups(bootstrap, PLAINTEXT, [SERVICE], backup_time)
        offsets = {
            group: (await admin.list_consumer_group_offsets(group))[partition].offset
            for group in (caught_up, behind, f"{stranger}-{SERVICE}")
        }
    finally:
        await admin.close()

    assert rewound == {caught_up: 1, behind: 1}
    assert offsets == {caught_up: 2, behind: 1, f"{stranger}-{SERVICE}": 4}
