"""examples/subscriber against the real broker, run as its users run it (a separate process, no
project imports): it validates, drops a redelivered duplicate and an invalid event, and prints
booked hours per site and space type. The events are made by the platform's own contract and
envelope code and go to a throwaway topic, so no service consumes the invalid one."""

import asyncio
import sys
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from contracts.booking import BookingCancelled, BookingConfirmed, BookingRequested, SpaceCreated
from contracts.tenancy import Site, SpaceType
from shared.messaging.envelope import encode, kafka_headers, wrap_event
from shared.messaging.events import DomainEvent
from tests.polling import within

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SUBSCRIBER = ROOT / "examples" / "subscriber" / "subscriber.py"
TODAY = "2026-12-08"  # a Tuesday: its week (Monday start, Asia/Jakarta) is 7-13 December


OCCURRED = datetime.fromisoformat(f"{TODAY}T08:00:00+07:00")
MUSIC, DESK, HALL = SpaceType.MUSIC_ROOM, SpaceType.COWORKING_DESK, SpaceType.EVENT_HALL


def _booking(
    cls: type[DomainEvent], booking_id: uuid.UUID, where: tuple[Site, SpaceType], when: str, **extra
) -> DomainEvent:
    """``when`` is "2026-12-08 19:00-21:00", in Asia/Jakarta time."""
    day, hours = when.split()
    start, end = hours.split("-")
    site, kind = where
    return cls(
        booking_id=booking_id,
        tenant_id=uuid.uuid4(),
        space_id=uuid.uuid4(),
        space_code="BITC-MUSIC-2",
        space_type=kind,
        site=site,
        starts_at=datetime.fromisoformat(f"{day}T{start}+07:00"),
        ends_at=datetime.fromisoformat(f"{day}T{end}+07:00"),
        occurred_at=OCCURRED,
        **extra,
    )


Record = tuple[bytes, bytes, list[tuple[str, bytes]]]


def _record(event: DomainEvent) -> Record:
    envelope = wrap_event(event, source="/bitc/booking", correlation_id=None, causation_id=None)
    headers = [(k, v.encode()) for k, v in kafka_headers(envelope).items()]
    return event.aggregate_id.encode(), encode(envelope), headers


def _records() -> list[Record]:
    music, desk, pending = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    bitc_music, park_desk = (Site.BITC, MUSIC), (Site.TECHNO_PARK, DESK)
    confirmed_today = _record(_booking(BookingConfirmed, music, bitc_music, f"{TODAY} 19:00-21:00"))
    key, value, headers = _record(
        _booking(BookingConfirmed, uuid.uuid4(), (Site.BITC, HALL), f"{TODAY} 08:00-09:00")
    )
    invalid = (key, value.replace(b'"event_hall"', b'"swimming_pool"'), headers)
    space = SpaceCreated(
        space_id=uuid.uuid4(),
        site=Site.BITC,
        code="BITC-MEET-A",
        title="Ruang Rapat A",
        type=SpaceType.MEETING_ROOM,
        capacity=8,
        occurred_at=OCCURRED,
    )
    return [
        confirmed_today,
        _record(_booking(BookingConfirmed, desk, park_desk, "2026-12-10 09:00-12:00")),
        _record(_booking(BookingRequested, pending, bitc_music, "2026-12-09 10:00-11:00")),
        _record(
            _booking(
                BookingCancelled, pending, bitc_music, "2026-12-09 10:00-11:00", reason="by_booker"
            )
        ),
        confirmed_today,  # redelivered: the same CloudEvents id again
        invalid,
        _record(space),
        _record(_booking(BookingConfirmed, uuid.uuid4(), bitc_music, "2026-12-15 19:00-21:00")),
    ]


async def _fresh_topic(bootstrap: str) -> str:
    topic = f"test.subscriber-example.{uuid.uuid4()}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=1)])
    finally:
        await admin.close()
    return topic


async def test_subscriber_prints_occupancy_skipping_duplicates_and_invalid_events(infra):
    topic = await _fresh_topic(infra.kafka_bootstrap)
    records = _records()
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for key, value, headers in records:
            await producer.send_and_wait(topic, value, key=key, headers=headers)
    finally:
        await producer.stop()
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(SUBSCRIBER), "--bootstrap", infra.kafka_bootstrap, "--topic", topic,
        "--group", f"test-{uuid.uuid4()}", "--date", TODAY, "--max-messages", str(len(records)),
        "--max-seconds", "60", "--print-every", "600",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await within(90, process.communicate())
    output, errors = stdout.decode(), stderr.decode()
    print(output)
    assert process.returncode == 0, errors
    assert "occupancy 2026-12-08 (Asia/Jakarta), week 2026-12-07..2026-12-13" in output
    lines = [" ".join(line.split()) for line in output.splitlines()]
    assert "bitc music_room 2.0 2.0 1" in lines
    assert "techno_park coworking_desk 0.0 3.0 1" in lines
    assert lines[-1] == "events: 6 valid, 1 duplicate, 1 invalid, 0 unknown type"
    assert "swimming_pool" in errors
