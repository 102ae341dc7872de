"""The operator commands on a broker that requires SASL, configured as in docker-compose.yml
(tests/integration/conftest.py): `bitc dlq` with bitc-operator's credentials lists, replays and
records a service's dead letter; without credentials, or as a service's principal, it is refused
with what to set instead of a traceback; `bitc replay` reads a projection's topic and its live
group's progress as bitc-operator."""

import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime

import pytest
from faststream.kafka import KafkaBroker

from bitc.kafka_principals import OPERATOR
from bitc.replay_actions import run_replay
from bitc.topic_snapshot import read_all
from contracts.tenancy import TenantKind, TenantRegistered
from contracts.topics import TENANCY_EVENTS, dead_letter_topic
from services.booking.adapters.tables import tenant_standings
from services.booking.entrypoints.events import TENANTS
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from shared.messaging.dead_letters import DeadLetter, DeadLetterPublisher
from shared.messaging.envelope import encode, wrap_event
from shared.messaging.kafka_clients import KafkaSecurity, new_idempotent_producer
from shared.messaging.projections import Projection
from tests.integration.test_dead_letter_admin import poison

pytestmark = pytest.mark.integration


def bitc(broker, security: KafkaSecurity | None, *args: str) -> subprocess.CompletedProcess:
    """The CLI as an operator runs it, with only the Kafka settings given here."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAFKA_")}
    env["KAFKA_BOOTSTRAP_SERVERS"] = broker.listeners["SERVICES"]
    if security is not None:
        env |= {
            "KAFKA_SECURITY_PROTOCOL": security.protocol,
            "KAFKA_SASL_MECHANISM": security.mechanism,
            "KAFKA_SASL_USERNAME": security.username,
            "KAFKA_SASL_PASSWORD": security.password,
        }
    command = [sys.executable, "-m", "bitc.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


async def _dead_letter_from_booking(broker, booking: KafkaSecurity) -> bytes:
    """A poison tenancy event dead-lettered by booking, as its consumer does; returns its key."""
    key = uuid.uuid4().hex.encode()
    faststream = KafkaBroker(broker.listeners["SERVICES"], security=booking.faststream())
    async with faststream:
        await faststream.start()
        await DeadLetterPublisher(faststream, dead_letter_topic("booking")).send(
            poison(41, b'{"not": "an event"}', key),
            "booking.tenant-standings",
            DeadLetter("unknown_version", "v9"),
        )
    return key


async def test_an_operator_lists_and_replays_a_dead_letter_as_bitc_operator(broker, principals):
    operator = principals[OPERATOR]
    key = await _dead_letter_from_booking(broker, principals["booking"])
    listed = bitc(broker, operator, "dlq", "list", "booking")
    assert listed.returncode == 0, listed.stderr
    [line] = [line for line in listed.stdout.splitlines() if "bitc.tenancy.events.v1/3@41" in line]
    position = line.split()[0]
    assert "unknown_version" in line
    assert "[open]" in line

    replayed = bitc(broker, operator, "dlq", "replay", "booking", position)
    assert replayed.returncode == 0, replayed.stderr
    records = await read_all(broker.listeners["SERVICES"], TENANCY_EVENTS, operator)
    assert any(record.key == key for record in records), "the event is back on its topic"
    still_open = bitc(broker, operator, "dlq", "list", "booking").stdout
    assert position not in still_open, "the replay was recorded"


async def test_without_credentials_the_dlq_commands_say_what_to_set(broker, principals):
    refused = bitc(broker, None, "dlq", "list", "booking")
    assert refused.returncode == 1
    assert f"KAFKA_SASL_USERNAME={OPERATOR}" in refused.stderr
    assert "KAFKA_SECURITY_PROTOCOL" in refused.stderr
    assert "Traceback" not in refused.stderr


async def test_a_services_principal_is_denied_another_services_dead_letters(broker, principals):
    denied = bitc(broker, principals["booking"], "dlq", "list", "notifications")
    assert denied.returncode == 1
    assert "denied booking" in denied.stderr
    assert OPERATOR in denied.stderr
    assert "no dead letters" not in denied.stdout
    assert "Traceback" not in denied.stderr


async def test_an_operator_rebuilds_a_projection_as_bitc_operator(broker, principals, infra):
    tenant = uuid.uuid4()
    event = TenantRegistered(
        tenant_id=tenant, occurred_at=datetime.now(UTC), kind=TenantKind.STARTUP, plan_code="x"
    )
    envelope = wrap_event(event, source="/bitc/tenancy", correlation_id=None, causation_id=None)
    producer = await new_idempotent_producer(
        broker.listeners["SERVICES"], "t", principals["tenancy"]
    )
    try:
        await producer.send_and_wait(TENANCY_EVENTS, encode(envelope), key=tenant.bytes)
    finally:
        await producer.stop()

    async def reset_this_tenant(uow: BookingUnitOfWork) -> None:  # the table is shared
        await uow.connection.execute(
            tenant_standings.delete().where(tenant_standings.c.tenant_id == tenant)
        )

    projection = Projection(
        "tenants", TENANTS.subscription, reset_this_tenant, TENANTS.rebuild_handlers
    )
    report = await run_replay(
        projection,
        BookingUnitOfWork,
        infra.database_urls["booking"],
        broker.listeners["SERVICES"],
        principals[OPERATOR],
    )
    # The group's progress was read: an event it has not handled is left to it.
    assert report.read >= 1
    assert report.left_to_consumer >= 1
