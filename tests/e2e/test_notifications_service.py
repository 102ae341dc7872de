"""The notifications service as a process: events on the real topics become notifications that
its sender job attempts, visible in the API and the metrics."""

import uuid
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaProducer

from contracts.notifications import NotificationSent
from contracts.tenancy import Language, TenantActivated, TenantContactChanged, TenantKind
from contracts.topics import NOTIFICATIONS_EVENTS, TENANCY_CONTACTS, TENANCY_EVENTS
from shared.messaging.envelope import decode, encode, wrap_event
from tests.e2e.api_steps import notifications_of
from tests.kafka_reading import read_until
from tests.polling import eventually

pytestmark = pytest.mark.e2e


async def test_an_activation_becomes_a_delivered_email_in_the_api_and_metrics(
    api, infra, smtp_sink
):
    _, _, notifications = api
    tenant_id = uuid.uuid4()
    contact = TenantContactChanged(
        tenant_id=tenant_id,
        display_name="Startup Cimahi Kreatif",
        contact_name="Dewi",
        email="dewi@example.id",
        language=Language.INDONESIAN,
    )
    activated = TenantActivated(
        tenant_id=tenant_id,
        occurred_at=datetime.now(UTC),
        kind=TenantKind.STARTUP,
        plan_code="startup",
    )
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for topic, event in ((TENANCY_CONTACTS, contact), (TENANCY_EVENTS, activated)):
            envelope = wrap_event(event, source="/test", correlation_id=None, causation_id=None)
            await producer.send_and_wait(topic, encode(envelope), key=str(tenant_id).encode())
    finally:
        await producer.stop()

    [item] = await eventually(
        lambda: notifications_of(notifications, str(tenant_id)), until=bool, what="notified"
    )
    assert (item["category"], item["channel"]) == ("tenant_activated", "email")
    await eventually(
        lambda: _get(notifications, f"/notifications/{item['id']}"),
        until=lambda n: n["status"] == "sent",
        what="the e-mail was sent",
    )
    # The stack's own mail catcher got it, and integrators hear of the outcome on Kafka.
    delivered = [m for m in smtp_sink.messages if b"dewi@example.id" in m]
    assert len(delivered) == 1
    await read_until(
        infra.kafka_bootstrap,
        NOTIFICATIONS_EVENTS,
        done=lambda records: any(_sent_event_of(r, item["id"]) for r in records),
    )
    # Counted just after the outcome commits, so the scrape may come a moment before it.
    metrics = await eventually(
        lambda: _metrics(notifications),
        until=lambda text: _counted(text, "notifications_sent_total"),
        what="notifications_sent_total of tenant_activated e-mails",
    )
    assert "dewi@example.id" not in metrics


def _sent_event_of(record, notification_id: str) -> bool:
    envelope = decode(record.value)
    return (
        envelope.type == NotificationSent.cloudevent_type()
        and envelope.data["notification_id"] == notification_id
    )


async def _get(client, path: str) -> dict:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


async def _metrics(client) -> str:
    return (await client.get("/metrics")).text


def _counted(metrics: str, name: str) -> bool:
    return any(
        line.startswith(name + "{")
        and 'channel="email"' in line
        and 'category="tenant_activated"' in line
        for line in metrics.splitlines()
    )
