"""Hostile records on every topic the services consume: random bytes, cut-off and wrongly typed
CloudEvents, an unknown version, undecodable keys, and the largest record the broker accepts.
Each is dead-lettered with its reason by every consumer of the topic, the services stay ready,
and valid events that follow on the same partitions are handled."""

import json
import random
import uuid

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import MessageSizeTooLargeError

from contracts.booking import BookingConfirmed
from contracts.tenancy import TenantActivated, TenantContactChanged
from contracts.topics import BOOKING_EVENTS, TENANCY_CONTACTS, TENANCY_EVENTS, dead_letter_topic
from tests.e2e.api_steps import (
    book_when_booking_knows_tenant,
    fresh_slot,
    notifications_of,
    register,
    space_id,
)
from tests.kafka_reading import header, read_until
from tests.polling import eventually

pytestmark = pytest.mark.e2e

#: Who consumes each topic (services/*/bootstrap.py), so who must dead-letter its garbage.
CONSUMERS = {
    TENANCY_EVENTS: ("booking", "notifications"),
    BOOKING_EVENTS: ("notifications",),
    TENANCY_CONTACTS: ("notifications",),
}
PARTITIONS = {TENANCY_EVENTS: 6, BOOKING_EVENTS: 6, TENANCY_CONTACTS: 3}
KNOWN_TYPE = {
    TENANCY_EVENTS: TenantActivated.cloudevent_type(),
    BOOKING_EVENTS: BookingConfirmed.cloudevent_type(),
    TENANCY_CONTACTS: TenantContactChanged.cloudevent_type(),
}
#: The broker's message.max.bytes (Kafka's default); the record's own overhead comes off it.
BROKER_LIMIT = 1_048_588


def envelope(event_type: str, data: object, **changes: object) -> dict:
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": "/fuzz",
        "type": event_type,
        "time": "2026-12-01T08:00:00Z",
        "data": data,
    } | changes


def garbage(topic: str, rng: random.Random) -> list[tuple[str, bytes | None, bytes | None]]:
    """(what, key, value) of each hostile record for ``topic``."""
    known = KNOWN_TYPE[topic]
    name, _, _ = known.rpartition(".v")
    valid = json.dumps(envelope(known, {"tenant_id": str(uuid.uuid4())})).encode()
    key = str(uuid.uuid4()).encode()
    records = [
        ("random bytes", key, rng.randbytes(rng.randint(1, 2000))),
        ("empty value", key, b""),
        ("cut-off envelope", key, valid[: len(valid) // 2]),
        ("JSON but no object", key, b"[1, 2, 3]"),
        ("invalid UTF-8", key, b'{"specversion": "1.0", "id": "\xff\xfe", "data": {}}'),
        ("envelope of wrong types", key, json.dumps(envelope(known, {}, id=42)).encode()),
        ("data not an object", key, json.dumps(envelope(known, "tenant")).encode()),
        ("data of wrong types", key, json.dumps(envelope(known, {"tenant_id": 7})).encode()),
        ("unknown version", key, json.dumps(envelope(f"{name}.v99", {})).encode()),
        ("undecodable key", b"\xff\xfe\x00", valid),
    ]
    if topic == TENANCY_CONTACTS:  # compacted: a null value erases the key's contact
        records.append(("tombstone, bad key", b"\xff", None))
    else:
        records.append(("null value", key, None))
    return records


async def largest_accepted(producer: AIOKafkaProducer, topic: str, marked) -> tuple[int, list[str]]:
    """Sends ever closer to the broker's limit: the largest value it took, and the fuzz ids of
    everything it took."""
    accepted: list[str] = []
    low, high = BROKER_LIMIT - 1000, BROKER_LIMIT
    while low < high:
        size = (low + high + 1) // 2
        fuzz_id, headers = marked()
        try:
            await producer.send_and_wait(topic, b"x" * size, key=b"big", headers=headers)
        except MessageSizeTooLargeError:
            high = size - 1
        else:
            low = size
            accepted.append(fuzz_id)
    return low, accepted


async def test_garbage_is_dead_lettered_and_valid_events_after_it_are_handled(api, infra):
    tenancy, booking, notifications = api
    rng = random.Random(20261201)
    expected: dict[str, dict[str, str]] = {"booking": {}, "notifications": {}}

    def marked() -> tuple[str, list[tuple[str, bytes]]]:
        fuzz_id = str(uuid.uuid4())
        return fuzz_id, [("fuzz-id", fuzz_id.encode())]

    # Twice the broker's limit, so the broker (not this client) decides what is too large.
    producer = AIOKafkaProducer(
        bootstrap_servers=infra.kafka_bootstrap, acks="all", max_request_size=2 * BROKER_LIMIT
    )
    await producer.start()
    try:
        for topic, consumers in CONSUMERS.items():
            for n, (what, key, value) in enumerate(garbage(topic, rng)):
                fuzz_id, headers = marked()
                partition = n % PARTITIONS[topic]  # every partition gets some
                await producer.send_and_wait(
                    topic, value, key=key, headers=headers, partition=partition
                )
                for consumer in consumers:
                    expected[consumer][fuzz_id] = f"{topic}: {what}"
        largest, accepted = await largest_accepted(producer, TENANCY_EVENTS, marked)
        for fuzz_id in accepted:
            for consumer in CONSUMERS[TENANCY_EVENTS]:
                expected[consumer][fuzz_id] = f"{TENANCY_EVENTS}: largest accepted"
    finally:
        await producer.stop()
    print(f"largest value the broker accepted: {largest} bytes")
    assert largest > BROKER_LIMIT - 200, "the broker refuses far below its limit"

    for service, wanted in expected.items():
        letters = await read_until(
            infra.kafka_bootstrap,
            dead_letter_topic(service),
            done=lambda records, wanted=wanted: set(wanted) <= fuzz_ids(records),
            timeout=90,
        )
        ours = [record for record in letters if header(record, "fuzz-id") in wanted]
        for record in ours:
            assert header(record, "dlq.reason") in {"invalid_event", "unknown_version"}
            assert header(record, "dlq.detail")
        # Too large to carry the dlq.* headers as well, so kept cut short and marked.
        cut = [r for r in ours if header(r, "dlq.truncated-from-bytes")]
        assert cut, f"{service} dead-lettered the largest records whole?"
        assert all(int(header(r, "dlq.truncated-from-bytes")) > len(r.value) for r in cut)

    for client in (tenancy, booking, notifications):
        assert (await client.get("/health/ready")).status_code == 200

    await valid_events_are_still_handled(tenancy, booking, notifications)


def fuzz_ids(records) -> set[str]:
    return {header(record, "fuzz-id") for record in records} - {None}


async def valid_events_are_still_handled(
    tenancy: httpx.AsyncClient, booking: httpx.AsyncClient, notifications: httpx.AsyncClient
) -> None:
    tenant_id = await register(tenancy, activate=True)  # tenancy events and contacts topics
    starts_at, ends_at = fresh_slot()
    body = {
        "space_id": await space_id(booking),
        "tenant_id": tenant_id,
        "starts_at": starts_at,
        "ends_at": ends_at,
    }
    created = await book_when_booking_knows_tenant(booking, body)  # booking saw the activation
    assert created.status_code == 201, created.text

    # To the tenant: webhook subscribers elsewhere in the session may get copies too.
    async def emails_to_tenant() -> list[dict]:
        found = await notifications_of(notifications, tenant_id)
        return [n for n in found if n["recipient_kind"] == "tenant"]

    emails = await eventually(
        emails_to_tenant,
        until=lambda items: (
            {n["category"] for n in items} == {"tenant_activated", "booking_confirmed"}
            and all(n["status"] == "sent" for n in items)
        ),  # sent: the contact arrived too
        timeout=60,
        what="notifications handled the activation, the contact and the booking",
    )
    assert len(emails) == 2
