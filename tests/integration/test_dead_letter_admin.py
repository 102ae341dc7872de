"""Operators' handling of dead letters through `bitc dlq`, against the real broker: a dead
letter is listed with why and where from, a replay puts the original record back on its topic
byte for byte, and decisions are remembered so the list shows only what is still open."""

import os
import subprocess
import sys
import uuid

import pytest
from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import ConsumerRecord

from bitc import dead_letter_admin as admin
from bitc.topic_snapshot import topic_reader
from contracts.topics import TENANCY_EVENTS, dead_letter_topic
from shared.messaging.dead_letters import DeadLetter, DeadLetterPublisher
from tests.kafka_reading import header, read_until

pytestmark = pytest.mark.integration


class RawBroker:
    """What DeadLetterPublisher needs of a broker, backed by a real aiokafka producer."""

    def __init__(self, bootstrap: str) -> None:
        self._bootstrap = bootstrap

    async def publish(self, value, *, topic, key, headers):
        from aiokafka import AIOKafkaProducer

        producer = AIOKafkaProducer(bootstrap_servers=self._bootstrap, acks="all")
        await producer.start()
        try:
            encoded = [(k, v.encode()) for k, v in headers.items()]
            await producer.send_and_wait(topic, value, key=key, headers=encoded)
        finally:
            await producer.stop()


def poison(offset: int, value: bytes, key: bytes) -> ConsumerRecord:
    return ConsumerRecord(
        topic=TENANCY_EVENTS,
        partition=3,
        offset=offset,
        timestamp=0,
        timestamp_type=0,
        key=key,
        value=value,
        checksum=None,
        serialized_key_size=len(key),
        serialized_value_size=len(value),
        headers=[("bitc-event-type", b"id.bitc.tenant.activated.v9")],
    )


def bitc_dlq(infra, *args: str) -> str:
    env = os.environ | {"KAFKA_BOOTSTRAP_SERVERS": infra.kafka_bootstrap}
    done = subprocess.run(
        [sys.executable, "-m", "bitc.cli", "dlq", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


async def test_a_dead_letter_is_listed_replayed_byte_for_byte_and_then_no_longer_open(infra):
    key, value = uuid.uuid4().hex.encode(), b'{"not": "what we expected"}'
    publisher = DeadLetterPublisher(RawBroker(infra.kafka_bootstrap), dead_letter_topic("booking"))
    await publisher.send(
        poison(41, value, key), "booking.tenant-standings", DeadLetter("unknown_version", "v9")
    )
    letters = await admin.read_dead_letters(infra.kafka_bootstrap, "booking")
    mine = next(letter for letter in letters if letter.record.key == key)
    assert (mine.reason, mine.consumer, mine.origin) == (
        "unknown_version",
        "booking.tenant-standings",
        f"{TENANCY_EVENTS}/3@41",
    )
    assert mine.position in bitc_dlq(infra, "list", "booking")

    bitc_dlq(infra, "replay", "booking", mine.position)

    replayed = await read_until(
        infra.kafka_bootstrap,
        TENANCY_EVENTS,
        done=lambda rs: any(r.key == key for r in rs),
    )
    again = next(r for r in replayed if r.key == key)
    assert again.value == value
    assert header(again, "bitc-event-type") == "id.bitc.tenant.activated.v9"
    assert header(again, "dlq.reason") is None
    assert mine.position not in bitc_dlq(infra, "list", "booking")
    assert "replayed" in bitc_dlq(infra, "list", "booking", "--all")


async def test_a_discarded_dead_letter_is_kept_with_the_reason_but_no_longer_open(infra):
    key = uuid.uuid4().hex.encode()
    publisher = DeadLetterPublisher(RawBroker(infra.kafka_bootstrap), dead_letter_topic("tenancy"))
    await publisher.send(
        poison(7, b"\x00garbage", key), "tenancy.x", DeadLetter("invalid_event", "bad")
    )
    letters = await admin.read_dead_letters(infra.kafka_bootstrap, "tenancy")
    position = next(letter.position for letter in letters if letter.record.key == key)

    bitc_dlq(infra, "discard", "tenancy", position, "--why", "sent by a test harness")

    assert position not in bitc_dlq(infra, "list", "tenancy")
    letters = await admin.read_dead_letters(infra.kafka_bootstrap, "tenancy")
    decided = next(letter for letter in letters if letter.position == position)
    assert decided.resolution is not None
    assert decided.resolution.startswith("discarded")


async def test_the_dead_letter_reader_starts_where_the_log_starts_not_at_its_end(infra):
    """Before a seek lands, or after retention moved the log's start, the reader's consumer picks
    a position itself; at the end of the log `bitc dlq list` would show nothing at all."""
    topic = dead_letter_topic("notifications")
    publisher = DeadLetterPublisher(RawBroker(infra.kafka_bootstrap), topic)
    await publisher.send(
        poison(3, b"not an event", uuid.uuid4().hex.encode()),
        "notifications.x",
        DeadLetter("invalid_event", "bad"),
    )
    kafka_admin = AIOKafkaAdminClient(bootstrap_servers=infra.kafka_bootstrap)
    await kafka_admin.start()
    try:
        [described] = await kafka_admin.describe_topics([topic])
    finally:
        await kafka_admin.close()
    partitions = [TopicPartition(topic, p["partition"]) for p in described["partitions"]]
    consumer = topic_reader(infra.kafka_bootstrap)
    await consumer.start()
    try:
        consumer.assign(partitions)
        starts = await consumer.beginning_offsets(partitions)
        ends = await consumer.end_offsets(partitions)
        assert starts != ends, "the topic holds the dead letter just sent"
        assert {tp: await consumer.position(tp) for tp in partitions} == starts
    finally:
        await consumer.stop()
