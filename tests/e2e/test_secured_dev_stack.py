"""The dev stack in the secured mode `bitc dev up` runs (the suite's own stacks stay PLAINTEXT
for speed): its broker takes SASL/SCRAM clients only and applies compose's ACLs, the services
connect as their own principals, and `bitc dev subscriber-credential` gives a subscribing system
exactly what production gives it. A platform of its own, in a throwaway folder on free ports."""

import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import (
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    TopicAuthorizationFailedError,
)

from bitc.devstack import DevStack, throwaway_stack
from bitc.kafka_principals import OPERATOR
from bitc.platform import RunningPlatform, start_platform
from bitc.provision import SERVICES
from contracts.topics import BOOKING_EVENTS, TENANCY_CONTACTS, TENANCY_EVENTS
from shared.auth.access import Role
from tests.e2e.api_steps import book_when_booking_knows_tenant, fresh_slot, register, space_id
from tests.e2e.test_console_frame import sign_in_as
from tests.e2e.test_console_live import book, console_at, live_stream
from tests.polling import within

pytestmark = pytest.mark.e2e

SUBSCRIBER = "city-dashboard"


@dataclass(frozen=True)
class Secured:
    stack: DevStack
    platform: RunningPlatform
    tenant_id: str  # registered and activated through tenancy's API


@pytest.fixture(scope="module")
async def secured() -> AsyncIterator[Secured]:
    with throwaway_stack("bitc-secured-", secured_kafka=True) as stack:
        platform = await start_platform(stack)
        admin = {"Authorization": f"Bearer {platform.signing_key.mint([Role.admin])}"}
        async with httpx.AsyncClient(
            base_url=platform.service_urls["tenancy"], headers=admin, timeout=10
        ) as tenancy:
            tenant_id = await register(tenancy, activate=True)
        yield Secured(stack, platform, tenant_id)


def _bitc(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The CLI as a developer runs it: no Kafka settings but those given."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("KAFKA_")}
    command = [sys.executable, "-m", "bitc.cli", *args]
    return subprocess.run(
        command, env=base | (env or {}), capture_output=True, text=True, timeout=600
    )


def _settings(printed: str) -> dict[str, str]:
    lines = [line for line in printed.splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def _aiokafka(settings: dict[str, str]) -> dict[str, str]:
    """The printed settings as aiokafka takes them, as docs/events.md shows."""
    return {
        "bootstrap_servers": settings["bootstrap.servers"],
        "security_protocol": settings["security.protocol"],
        "sasl_mechanism": settings["sasl.mechanism"],
        "sasl_plain_username": settings["sasl.username"],
        "sasl_plain_password": settings["sasl.password"],
    }


async def _first_record(client: dict[str, str], topic: str, group: str):
    consumer = AIOKafkaConsumer(topic, group_id=group, auto_offset_reset="earliest", **client)
    try:
        await consumer.start()
        return await within(60, consumer.getone())
    finally:
        await consumer.stop()


async def test_services_run_as_their_own_principals_end_to_end(secured: Secured) -> None:
    """The tenant registered through tenancy's API reached booking over Kafka: both connected
    with their own SCRAM users, limited by compose's ACLs."""
    for service in SERVICES:
        env = secured.stack.table.get(service).env
        assert env["KAFKA_SECURITY_PROTOCOL"] == "SASL_PLAINTEXT"
        assert env["KAFKA_SASL_USERNAME"] == service
    token = secured.platform.signing_key.mint([Role.admin])
    starts_at, ends_at = fresh_slot()
    async with httpx.AsyncClient(
        base_url=secured.platform.service_urls["booking"],
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ) as booking:
        body = {
            "space_id": await space_id(booking),
            "tenant_id": secured.tenant_id,
            "starts_at": starts_at,
            "ends_at": ends_at,
        }
        created = await book_when_booking_knows_tenant(booking, body)
    assert created.status_code == 201, created.text


async def test_a_client_without_credentials_gets_nothing(secured: Secured) -> None:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=secured.platform.endpoints.kafka_bootstrap, request_timeout_ms=5000
    )
    try:
        with pytest.raises(KafkaConnectionError):
            await consumer.start()
    finally:
        await consumer.stop()


async def test_a_subscriber_credential_reads_the_public_topics_and_nothing_else(
    secured: Secured,
) -> None:
    made = _bitc("dev", "--state-dir", str(secured.stack.state_dir), "subscriber-credential",
                 SUBSCRIBER)  # fmt: skip
    assert made.returncode == 0, made.stderr
    settings = _settings(made.stdout)
    assert settings["bootstrap.servers"] == secured.platform.endpoints.kafka_bootstrap
    assert (settings["sasl.mechanism"], settings["sasl.username"]) == ("SCRAM-SHA-512", SUBSCRIBER)
    client = _aiokafka(settings)

    record = await _first_record(client, TENANCY_EVENTS, f"{SUBSCRIBER}.tenants")
    assert dict(record.headers)["bitc-event-type"].startswith(b"id.bitc.tenant.")
    assert secured.tenant_id.encode() in record.value, "the tenant registered through the API"

    admin = AIOKafkaAdminClient(**client)
    await admin.start()
    try:
        described = await admin.describe_topics([BOOKING_EVENTS, TENANCY_CONTACTS])
    finally:
        await admin.close()
    assert {t["topic"]: t["error_code"] for t in described} == {
        BOOKING_EVENTS: 0,
        TENANCY_CONTACTS: TopicAuthorizationFailedError.errno,
    }
    with pytest.raises(GroupAuthorizationFailedError):
        await _first_record(client, TENANCY_EVENTS, f"booking.{uuid.uuid4()}")
    producer = AIOKafkaProducer(**client)
    await producer.start()
    try:
        with pytest.raises(TopicAuthorizationFailedError):
            await within(30, producer.send_and_wait(TENANCY_EVENTS, b"forged"))
    finally:
        await producer.stop()

    again = _bitc("dev", "--state-dir", str(secured.stack.state_dir), "subscriber-credential",
                  SUBSCRIBER)  # fmt: skip
    assert _settings(again.stdout) == settings, "running it again keeps the password"


async def test_the_platforms_own_names_are_not_given_to_a_subscriber(secured: Secured) -> None:
    refused = _bitc("dev", "--state-dir", str(secured.stack.state_dir), "subscriber-credential",
                    "booking")  # fmt: skip
    assert refused.returncode != 0
    assert "none of the platform's own principals" in refused.stderr


async def test_operator_commands_work_with_the_documented_environment(secured: Secured) -> None:
    """docs/operations.md: bitc-operator's password file in the state folder."""
    env = {
        "KAFKA_BOOTSTRAP_SERVERS": secured.platform.endpoints.kafka_bootstrap,
        "KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "KAFKA_SASL_USERNAME": OPERATOR,
        "KAFKA_SASL_PASSWORD_FILE": str(secured.stack.state_dir / "kafka" / "secrets" / OPERATOR),
    }
    listed = _bitc("dlq", "list", "booking", env=env)
    assert listed.returncode == 0, listed.stderr
    as_booking = {
        "KAFKA_SASL_USERNAME": "booking",
        "KAFKA_SASL_PASSWORD_FILE": str(secured.stack.state_dir / "kafka" / "secrets" / "booking"),
    }
    refused = _bitc("dlq", "list", "notifications", env=env | as_booking)
    assert refused.returncode == 1
    assert "denied booking" in refused.stderr


async def test_the_console_hears_of_events_as_its_own_principal(secured: Secured) -> None:
    """Its live feed reads the public topics with console.* groups, as the ACLs allow."""
    assert secured.stack.table.get("console").env["KAFKA_SASL_USERNAME"] == "console"
    urls, token = secured.platform.service_urls, secured.platform.signing_key.mint([Role.admin])
    async with (
        console_at(urls["console"]) as console,
        httpx.AsyncClient(
            base_url=urls["booking"], headers={"Authorization": f"Bearer {token}"}, timeout=10
        ) as booking,
    ):
        await sign_in_as(console, "manager")
        async with live_stream(console) as hears:
            made = await book(booking, secured.tenant_id, await space_id(booking))

            heard = await hears.changes_until(made)

    assert heard[-1]["type"] == "booking.confirmed"
