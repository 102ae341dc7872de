"""The consumer's per-record contract, without Kafka or PostgreSQL: inbox, retries, dead letters.

The unit of work is an in-memory stand-in that behaves like a transaction: an inbox claim only
sticks when the unit of work commits, as it does in the database.
"""

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from aiokafka.structs import ConsumerRecord

from contracts.tenancy import TenantActivated, TenantKind, TenantRegistered
from contracts.topics import TENANCY_EVENTS
from shared.messaging.consumer_backoff import RetryPolicy
from shared.messaging.envelope import encode, kafka_headers, wrap_event
from shared.messaging.event_consumer import EventConsumer
from shared.messaging.subscriptions import Subscription
from shared.observability.correlation import current_causation_id, current_correlation_id
from shared.observability.metrics import ServiceMetrics

CONSUMER = "booking.tenant-standings"
MAX_ATTEMPTS = 3


# --- stand-ins -------------------------------------------------------------------------------


@dataclass
class InMemoryInbox:
    claimed: set = field(default_factory=set)
    claims: list = field(default_factory=list)
    commits: int = 0
    locks: list = field(default_factory=list)


class FakeUnitOfWork:
    def __init__(self, inbox: InMemoryInbox) -> None:
        self._inbox = inbox
        self._pending: list = []

    async def __aenter__(self):
        self._pending = []
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self._pending = []  # whatever was not committed is rolled back

    async def hold_consumer_lock(self, consumer, *, exclusive=False):
        self._inbox.locks.append((consumer, exclusive, len(self._inbox.claims)))

    async def claim_events(self, consumer, events):
        new = set()
        for event_id, event_type in events:
            self._inbox.claims.append((consumer, event_id, event_type))
            key = (consumer, event_id)
            if key not in self._inbox.claimed and key not in self._pending:
                self._pending.append(key)
                new.add(event_id)
        return new

    async def commit(self):
        self._inbox.claimed.update(self._pending)
        self._pending = []
        self._inbox.commits += 1
        return []


class RecordingDeadLetters:
    def __init__(self) -> None:
        self.sent: list = []

    async def send(self, record, consumer, letter):
        self.sent.append((record, consumer, letter))

    @property
    def reasons(self):
        return [letter.reason for _, _, letter in self.sent]


@dataclass
class StandInMessage:
    raw_message: ConsumerRecord


class RecordingHandler:
    """Fails with the given exceptions first, then succeeds; remembers every call."""

    def __init__(self, *failures: BaseException) -> None:
        self._failures = list(failures)
        self.calls: list = []

    async def __call__(self, event, envelope, uow):
        self.calls.append(
            {
                "event": event,
                "envelope": envelope,
                "uow": uow,
                "correlation_id": current_correlation_id(),
                "causation_id": current_causation_id(),
            }
        )
        if self._failures:
            raise self._failures.pop(0)


class AlwaysFails:
    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.calls = 0

    async def __call__(self, event, envelope, uow):
        self.calls += 1
        raise self.error


# --- building records ------------------------------------------------------------------------

_offsets = iter(range(10_000))


def make_record(value: bytes | None, *, key: bytes | None = b"key", headers=()) -> ConsumerRecord:
    return ConsumerRecord(
        topic=TENANCY_EVENTS,
        partition=2,
        offset=next(_offsets),
        timestamp=1_790_000_000_000,
        timestamp_type=0,
        key=key,
        value=value,
        checksum=None,
        serialized_key_size=len(key or b""),
        serialized_value_size=len(value or b""),
        headers=list(headers),
    )


def registered_event():
    return TenantRegistered(
        tenant_id=uuid.uuid4(),
        occurred_at=datetime(2026, 12, 1, 3, 0, tzinfo=UTC),
        kind=TenantKind.STARTUP,
        plan_code="community",
    )


def envelope_of(event, *, event_id=None, correlation_id="corr-7"):
    return wrap_event(
        event,
        source="/bitc/tenancy",
        correlation_id=correlation_id,
        causation_id=None,
        event_id=event_id,
    )


def message_for(envelope: dict) -> StandInMessage:
    headers = [(name, value.encode()) for name, value in kafka_headers(envelope).items()]
    return StandInMessage(make_record(encode(envelope), headers=headers))


# --- the consumer under test -----------------------------------------------------------------


@dataclass
class Harness:
    consumer: EventConsumer
    inbox: InMemoryInbox
    dead_letters: RecordingDeadLetters
    metrics: ServiceMetrics

    def counter(self, name, **labels):
        value = self.metrics.registry.get_sample_value(name, {"consumer": CONSUMER, **labels})
        return value or 0.0


def build(handlers) -> Harness:
    inbox = InMemoryInbox()
    dead_letters = RecordingDeadLetters()
    metrics = ServiceMetrics()
    consumer = EventConsumer(
        Subscription(consumer=CONSUMER, topic=TENANCY_EVENTS, handlers=handlers),
        uow_factory=lambda: FakeUnitOfWork(inbox),
        dead_letters=dead_letters,
        metrics=metrics,
        retry=RetryPolicy(max_attempts=MAX_ATTEMPTS, initial_backoff_s=0.001, max_backoff_s=0.002),
    )
    return Harness(consumer, inbox, dead_letters, metrics)


@pytest.fixture
def handler():
    return RecordingHandler()


@pytest.fixture
def harness(handler):
    return build({TenantRegistered: handler})


# --- happy path and duplicates ---------------------------------------------------------------


async def test_a_valid_event_is_handled_once_and_committed(harness, handler):
    event = registered_event()
    envelope = envelope_of(event)

    await harness.consumer.on_message(message_for(envelope))

    assert len(handler.calls) == 1
    call = handler.calls[0]
    assert call["event"] == event
    assert call["envelope"].id == envelope["id"]
    assert isinstance(call["uow"], FakeUnitOfWork)
    assert harness.inbox.commits == 1
    # Shared, and before the inbox claim: a rebuild of the projection (bitc replay) holding it
    # exclusively is waited for, and never deadlocks against a half-claimed batch.
    assert harness.inbox.locks == [(CONSUMER, False, 0)]
    assert harness.inbox.claimed == {(CONSUMER, envelope["id"])}
    assert harness.inbox.claims == [(CONSUMER, envelope["id"], "id.bitc.tenant.registered.v1")]
    assert harness.dead_letters.sent == []


async def test_the_handler_runs_under_the_events_correlation_with_the_event_as_cause(
    harness, handler
):
    envelope = envelope_of(registered_event(), correlation_id="req-42")

    await harness.consumer.on_message(message_for(envelope))

    assert handler.calls[0]["correlation_id"] == "req-42"
    assert handler.calls[0]["causation_id"] == envelope["id"]
    assert current_correlation_id() is None


async def test_an_event_without_a_correlation_id_is_correlated_by_its_own_id(harness, handler):
    envelope = envelope_of(registered_event(), correlation_id=None)

    await harness.consumer.on_message(message_for(envelope))

    assert handler.calls[0]["correlation_id"] == envelope["id"]


async def test_the_same_event_delivered_twice_is_handled_once_and_counted_as_duplicate(
    harness, handler
):
    envelope = envelope_of(registered_event())

    await harness.consumer.on_message(message_for(envelope))
    await harness.consumer.on_message(message_for(envelope))

    assert len(handler.calls) == 1
    assert harness.inbox.commits == 1
    assert harness.counter("inbox_duplicates_total") == 1
    assert harness.dead_letters.sent == []


async def test_distinct_events_are_each_handled(harness, handler):
    for _ in range(3):
        await harness.consumer.on_message(message_for(envelope_of(registered_event())))

    assert len(handler.calls) == 3
    assert harness.inbox.commits == 3
    assert harness.counter("inbox_duplicates_total") == 0


# --- what cannot be read goes to the dead-letter topic ---------------------------------------


@pytest.mark.parametrize(
    "value",
    [b"\x00\x01 not json", b"", None, b'{"specversion":"0.3","id":"1","source":"s","type":"t"}'],
    ids=["garbage", "empty", "tombstone", "not-cloudevents-1.0"],
)
async def test_an_undecodable_record_is_dead_lettered_as_invalid_without_handling(
    harness, handler, value
):
    message = StandInMessage(make_record(value))

    await harness.consumer.on_message(message)

    assert handler.calls == []
    assert harness.inbox.commits == 0
    assert harness.dead_letters.reasons == ["invalid_event"]
    record, consumer, letter = harness.dead_letters.sent[0]
    assert record is message.raw_message
    assert consumer == CONSUMER
    assert letter.detail
    assert harness.counter("dead_letters_total", reason="invalid_event") == 1


async def test_event_data_failing_validation_is_dead_lettered_as_invalid(harness, handler):
    envelope = envelope_of(registered_event())
    envelope["data"] = envelope["data"] | {"kind": "spaceship"}

    await harness.consumer.on_message(message_for(envelope))

    assert handler.calls == []
    assert harness.dead_letters.reasons == ["invalid_event"]
    assert "kind" in harness.dead_letters.sent[0][2].detail


async def test_event_data_missing_a_field_is_dead_lettered_as_invalid(harness, handler):
    envelope = envelope_of(registered_event())
    del envelope["data"]["tenant_id"]

    await harness.consumer.on_message(message_for(envelope))

    assert handler.calls == []
    assert harness.dead_letters.reasons == ["invalid_event"]


async def test_a_known_event_at_an_unknown_version_is_dead_lettered_as_unknown_version(
    harness, handler
):
    envelope = envelope_of(registered_event())
    envelope["type"] = "id.bitc.tenant.registered.v2"

    await harness.consumer.on_message(message_for(envelope))

    assert handler.calls == []
    assert harness.dead_letters.reasons == ["unknown_version"]
    assert "v2" in harness.dead_letters.sent[0][2].detail
    assert harness.counter("dead_letters_total", reason="unknown_version") == 1


async def test_an_event_type_the_consumer_does_not_handle_is_skipped_quietly(harness, handler):
    other = TenantActivated(
        tenant_id=uuid.uuid4(),
        occurred_at=datetime(2026, 12, 1, tzinfo=UTC),
        kind=TenantKind.COMPANY,
        plan_code="office-tenant",
    )

    await harness.consumer.on_message(message_for(envelope_of(other)))

    assert handler.calls == []
    assert harness.dead_letters.sent == []
    assert harness.inbox.claims == []


async def test_a_foreign_event_on_the_topic_is_skipped_quietly(harness, handler):
    foreign = {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": "/smart-city/parking",
        "type": "go.cimahi.parking.full.v1",
        "data": {"lot": "P2"},
    }

    await harness.consumer.on_message(StandInMessage(make_record(json.dumps(foreign).encode())))

    assert handler.calls == []
    assert harness.dead_letters.sent == []


async def test_an_additive_field_in_a_known_event_version_is_tolerated(harness, handler):
    envelope = envelope_of(registered_event())
    envelope["data"] = envelope["data"] | {"referral_code": "BITC-2026"}

    await harness.consumer.on_message(message_for(envelope))

    assert harness.dead_letters.sent == []
    assert len(handler.calls) == 1


# --- handler failures ------------------------------------------------------------------------


async def test_a_handler_that_keeps_failing_is_retried_then_dead_lettered_as_handler_failed():
    failing = AlwaysFails(ValueError("projection rejected the event"))
    harness = build({TenantRegistered: failing})
    message = message_for(envelope_of(registered_event()))

    await harness.consumer.on_message(message)

    assert failing.calls == MAX_ATTEMPTS
    assert harness.inbox.commits == 0
    assert harness.inbox.claimed == set()
    assert harness.dead_letters.reasons == ["handler_failed"]
    record, _, letter = harness.dead_letters.sent[0]
    assert record is message.raw_message
    assert "projection rejected the event" in letter.detail
    assert harness.counter("consumer_handler_retries_total") == MAX_ATTEMPTS - 1
    assert harness.counter("dead_letters_total", reason="handler_failed") == 1


async def test_a_handler_that_fails_twice_then_succeeds_commits_once_without_dead_letter():
    flaky = RecordingHandler(ValueError("first"), KeyError("second"))
    harness = build({TenantRegistered: flaky})
    envelope = envelope_of(registered_event())

    await harness.consumer.on_message(message_for(envelope))

    assert len(flaky.calls) == 3
    assert harness.inbox.commits == 1
    assert harness.inbox.claimed == {(CONSUMER, envelope["id"])}
    assert harness.dead_letters.sent == []
    assert harness.counter("consumer_handler_retries_total") == 2
    assert harness.counter("inbox_duplicates_total") == 0


async def test_an_outage_in_the_handler_is_raised_for_a_reread_and_never_dead_lettered():
    failing = AlwaysFails(ConnectionRefusedError(111, "Connection refused"))
    harness = build({TenantRegistered: failing})
    envelope = envelope_of(registered_event())

    with pytest.raises(ConnectionRefusedError):
        await harness.consumer.on_message(message_for(envelope))

    assert failing.calls == 1
    assert harness.dead_letters.sent == []
    assert harness.inbox.commits == 0
    assert harness.inbox.claimed == set()


async def test_after_an_outage_the_reread_event_is_handled_normally():
    handler = RecordingHandler(ConnectionRefusedError(111, "Connection refused"))
    harness = build({TenantRegistered: handler})
    envelope = envelope_of(registered_event())

    with pytest.raises(ConnectionRefusedError):
        await harness.consumer.on_message(message_for(envelope))
    await harness.consumer.on_message(message_for(envelope))

    assert len(handler.calls) == 2
    assert harness.inbox.commits == 1
    assert harness.counter("inbox_duplicates_total") == 0
    assert harness.dead_letters.sent == []


async def test_each_event_type_goes_to_its_own_handler():
    on_registered, on_activated = RecordingHandler(), RecordingHandler()
    harness = build({TenantRegistered: on_registered, TenantActivated: on_activated})
    activated = TenantActivated(
        tenant_id=uuid.uuid4(),
        occurred_at=datetime(2026, 12, 1, tzinfo=UTC),
        kind=TenantKind.STARTUP,
        plan_code="community",
    )

    await harness.consumer.on_message(message_for(envelope_of(activated)))

    assert on_registered.calls == []
    assert [call["event"] for call in on_activated.calls] == [activated]


def test_the_retry_backoff_never_exceeds_its_exponential_ceiling():
    policy = RetryPolicy(max_attempts=10, initial_backoff_s=0.1, max_backoff_s=1.0)
    for attempt, ceiling in [(1, 0.1), (2, 0.2), (3, 0.4), (4, 0.8), (5, 1.0), (9, 1.0)]:
        for _ in range(50):
            assert 0 <= policy.backoff(attempt) <= ceiling


# --- batches ---------------------------------------------------------------------------------


@dataclass
class StandInBatch:
    raw_message: tuple


def batch_of(*values: bytes) -> StandInBatch:
    return StandInBatch(tuple(make_record(value) for value in values))


class FailsFor:
    """Fails for one tenant's events only; remembers the tenants of every call in order."""

    def __init__(self, tenant_id: uuid.UUID) -> None:
        self.tenant_id = tenant_id
        self.calls: list = []

    async def __call__(self, event, envelope, uow):
        self.calls.append(event.tenant_id)
        if event.tenant_id == self.tenant_id:
            raise ValueError("this tenant's event is broken")


async def test_a_batch_is_handled_in_order_in_one_transaction(harness, handler):
    events = [registered_event() for _ in range(3)]
    await harness.consumer.on_message(batch_of(*(encode(envelope_of(e)) for e in events)))
    assert [call["event"] for call in handler.calls] == events
    assert harness.inbox.commits == 1
    assert len(harness.inbox.claimed) == 3


async def test_poison_in_the_middle_of_a_batch_is_dead_lettered_and_its_neighbours_handled(
    harness, handler
):
    first, last = registered_event(), registered_event()
    batch = batch_of(encode(envelope_of(first)), b"\x00not json", encode(envelope_of(last)))
    await harness.consumer.on_message(batch)
    assert [call["event"] for call in handler.calls] == [first, last]
    assert harness.dead_letters.reasons == ["invalid_event"]
    assert harness.dead_letters.sent[0][0] is batch.raw_message[1]
    assert harness.inbox.commits == 1


async def test_a_faulty_event_in_a_batch_is_dead_lettered_alone_and_the_rest_committed():
    good_before, bad, good_after = registered_event(), registered_event(), registered_event()
    handler = FailsFor(bad.tenant_id)
    harness = build({TenantRegistered: handler})
    await harness.consumer.on_message(
        batch_of(*(encode(envelope_of(e)) for e in (good_before, bad, good_after)))
    )
    assert harness.dead_letters.reasons == ["handler_failed"]
    handled_ids = {event_id for _, event_id in harness.inbox.claimed}
    assert len(handled_ids) == 2
    # After the batch failed, events are retried one by one in their original order.
    alone = handler.calls[2:]
    assert alone[0] == good_before.tenant_id
    assert alone[-1] == good_after.tenant_id
    assert alone.count(bad.tenant_id) == MAX_ATTEMPTS


async def test_an_outage_during_a_batch_reads_the_whole_batch_again():
    harness = build({TenantRegistered: AlwaysFails(ConnectionRefusedError("db down"))})
    batch = batch_of(
        encode(envelope_of(registered_event())), encode(envelope_of(registered_event()))
    )
    with pytest.raises(ConnectionRefusedError):
        await harness.consumer.on_message(batch)
    assert harness.dead_letters.sent == []
    assert harness.inbox.claimed == set()
