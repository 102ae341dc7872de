"""The private contacts topic through the real broker: a contact is kept, a tombstone erases it
and withdraws what was still owed to that person."""

import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaProducer

from contracts.tenancy import Language, TenantContactChanged
from contracts.topics import TENANCY_CONTACTS, dead_letter_topic
from services.notifications.adapters.tables import contacts, notifications
from services.notifications.domain.categories import Category
from services.notifications.service_layer.contacts import on_contact_changed, on_contact_erased
from services.notifications.service_layer.planning import plan_tenant_message
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from services.notifications.settings import Settings
from shared.messaging.envelope import encode, wrap_event
from shared.messaging.subscriptions import Subscription
from shared.runtime.blueprint import ServiceBlueprint
from shared.runtime.process import ServiceRuntime
from tests.polling import eventually

pytestmark = pytest.mark.integration


@pytest.fixture
async def contacts_consumer(infra):
    settings = Settings(
        database_url=infra.database_urls["notifications"],
        kafka_bootstrap_servers=infra.kafka_bootstrap,
    )
    runtime = ServiceRuntime(
        ServiceBlueprint(
            name="notifications",
            title="test",
            description="",
            settings=settings,
            unit_of_work=NotificationsUnitOfWork,
            dead_letter_topic=dead_letter_topic("notifications"),
            subscriptions=[
                Subscription(
                    consumer=f"test.notifications.contacts.{uuid.uuid4().hex[:8]}",
                    topic=TENANCY_CONTACTS,
                    handlers={TenantContactChanged: on_contact_changed},
                    on_tombstone=on_contact_erased,
                )
            ],
        )
    )
    await runtime.start()
    yield runtime
    await runtime.stop()


async def test_a_contact_is_kept_and_erased_by_its_tombstone(infra, contacts_consumer):
    runtime = contacts_consumer
    tenant_id = uuid.uuid4()
    contact = TenantContactChanged(
        tenant_id=tenant_id,
        display_name="Studio Suara Cimahi",
        contact_name="Rina",
        email="rina@example.id",
        phone="+6281234500000",
        language=Language.ENGLISH,
    )
    key = str(tenant_id).encode()
    envelope = wrap_event(contact, source="/bitc/tenancy", correlation_id=None, causation_id=None)

    async def contact_row() -> sa.RowMapping | None:
        async with runtime.engine.connect() as conn:
            found = await conn.execute(sa.select(contacts).where(contacts.c.tenant_id == tenant_id))
            return found.mappings().first()

    async def owed_status() -> str:
        async with runtime.engine.connect() as conn:
            return await conn.scalar(
                sa.select(notifications.c.status).where(notifications.c.tenant_id == tenant_id)
            )

    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(TENANCY_CONTACTS, encode(envelope), key=key)
        kept = await eventually(contact_row, until=bool, what="contact stored")
        assert (kept["email"], kept["language"]) == ("rina@example.id", "en")
        await _owe_a_message(runtime, tenant_id)

        await producer.send_and_wait(TENANCY_CONTACTS, None, key=key)
        await eventually(contact_row, until=lambda row: row is None, what="contact erased")
    finally:
        await producer.stop()
    assert await owed_status() == "withdrawn"


async def _owe_a_message(runtime: ServiceRuntime, tenant_id: uuid.UUID) -> None:
    async with NotificationsUnitOfWork(runtime.engine) as uow:
        now = datetime.now(UTC)
        await plan_tenant_message(
            uow,
            tenant_id=tenant_id,
            category=Category.TENANT_REINSTATED,
            source_event_id=str(uuid.uuid4()),
            event_time=now,
            details={},
            now=now,
        )
        await uow.commit()
