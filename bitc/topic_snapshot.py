"""Reading a whole topic as it stands, outside any consumer group, as ``bitc dlq`` reads the
dead letters and the decisions on them; with the operator's credentials."""

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import for_code
from aiokafka.structs import ConsumerRecord

from shared.messaging.kafka_clients import PLAINTEXT, KafkaSecurity


def topic_reader(bootstrap: str, security: KafkaSecurity = PLAINTEXT) -> AIOKafkaConsumer:
    """A consumer for reading a topic by manual assignment, outside any consumer group.

    earliest, not the default latest: a position the consumer picks on its own (right after
    assign(), in a race with seek_to_beginning, or when retention removed the record it stood
    at) must land at the start of the log, never past the dead letters operators came to see.
    """
    return AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        client_id="bitc-dlq",
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        **security.client_kwargs(),
    )


async def read_all(bootstrap: str, topic: str, security: KafkaSecurity) -> list[ConsumerRecord]:
    """Every record on the topic when called, from the start of each partition."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, client_id="bitc-dlq", **security.client_kwargs()
    )
    await admin.start()
    try:
        described = await admin.describe_topics([topic])
    finally:
        await admin.close()
    # A topic the principal may not describe answers with no partitions: an error here, or
    # the list would look empty instead of refused.
    if error := described[0]["error_code"]:
        raise for_code(error)(topic)
    partitions = [TopicPartition(topic, p["partition"]) for p in described[0]["partitions"]]
    consumer = topic_reader(bootstrap, security)
    await consumer.start()
    try:
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        await consumer.seek_to_beginning(*partitions)
        records: list[ConsumerRecord] = []
        while any([await consumer.position(tp) < end for tp, end in ends.items()]):
            for tp, batch in (await consumer.getmany(timeout_ms=500)).items():
                # Letters arriving meanwhile wait for the next look: the list is one snapshot.
                records.extend(record for record in batch if record.offset < ends[tp])
        return records
    finally:
        await consumer.stop()
