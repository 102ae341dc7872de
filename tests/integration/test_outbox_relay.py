"""The outbox relay against the real broker and database: what a state change commits is
published, in order, as CloudEvents keyed by aggregate; what is rolled back never is."""

import asyncio
import contextlib
import json
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from contracts.tenancy import Language, TenantKind
from contracts.topics import TENANCY_CONTACTS, TENANCY_EVENTS
from services.tenancy.adapters.tables import outbox, tenants
from services.tenancy.domain.contact import Contact
from services.tenancy.domain.tenant import Tenant
from services.tenancy.service_layer import tenants as tenant_use_cases
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.db import asyncpg_dsn, create_engine
from shared.metrics import ServiceMetrics
from shared.outbox_relay import OutboxRelay, RelayConfig
from tests.kafka_reading import header, read_until
from tests.polling import eventually

pytestmark = pytest.mark.integration

CONTACT = Contact(
    name="Asep", email="asep@example.id", phone="+6281234567890", language=Language.INDONESIAN
)


@pytest.fixture
async def tenancy_engine(infra):
    engine = create_engine(infra.database_urls["tenancy"], pool_size=5)
    yield engine
    await engine.dispose()


@contextlib.asynccontextmanager
async def running_relay(infra, service: str = "tenancy", metrics: ServiceMetrics | None = None):
    relay = OutboxRelay(
        RelayConfig(
            dsn=asyncpg_dsn(infra.database_urls[service]),
            schema=service,
            bootstrap_servers=infra.kafka_bootstrap,
            client_id=f"test-relay-{uuid.uuid4()}",
            poll_interval_s=0.2,
        ),
        metrics or ServiceMetrics(),
    )
    task = asyncio.create_task(relay.run())
    try:
        yield relay
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def register_and_activate(engine) -> uuid.UUID:
    tenant = await tenant_use_cases.register_tenant(
        TenancyUnitOfWork(engine),
        kind=TenantKind.COMMUNITY,
        display_name="Komunitas Musik Baros",
        plan_code="community",
        contact=CONTACT,
    )
    await tenant_use_cases.activate_tenant(TenancyUnitOfWork(engine), tenant.id)
    return tenant.id


async def test_committed_events_reach_kafka_in_order_as_cloudevents_keyed_by_tenant(
    infra, tenancy_engine
):
    async with running_relay(infra):
        tenant_id = await register_and_activate(tenancy_engine)
        key = str(tenant_id).encode()
        records = await read_until(
            infra.kafka_bootstrap,
            TENANCY_EVENTS,
            done=lambda rs: sum(r.key == key for r in rs) >= 2,
        )
    mine = [r for r in records if r.key == key]
    events = [json.loads(r.value) for r in mine]
    assert [e["type"] for e in events] == [
        "id.bitc.tenant.registered.v1",
        "id.bitc.tenant.activated.v1",
    ]
    assert len({r.partition for r in mine}) == 1
    for record, event in zip(mine, events, strict=True):
        assert event["specversion"] == "1.0"
        assert event["source"] == "/bitc/tenancy"
        assert event["subject"] == str(tenant_id)
        assert event["time"].endswith("Z")
        assert header(record, "ce_id") == event["id"]
        assert header(record, "ce_type") == event["type"]
    # Public events never carry the contact person; the private topic does.
    assert "asep" not in b"".join(r.value for r in mine).decode().lower()
    contacts = await read_until(
        infra.kafka_bootstrap, TENANCY_CONTACTS, done=lambda rs: any(r.key == key for r in rs)
    )
    contact = json.loads(next(r for r in contacts if r.key == key).value)
    assert contact["data"]["email"] == "asep@example.id"


async def test_published_rows_are_marked_and_the_backlog_gauge_drains(infra, tenancy_engine):
    metrics = ServiceMetrics()
    async with running_relay(infra, metrics=metrics):
        tenant_id = await register_and_activate(tenancy_engine)

        async def unpublished() -> int:
            async with tenancy_engine.connect() as conn:
                query = sa.select(sa.func.count()).where(
                    outbox.c.aggregate_id == str(tenant_id), outbox.c.published_at.is_(None)
                )
                return await conn.scalar(query)

        await eventually(unpublished, until=lambda n: n == 0, what="outbox rows marked published")
        await eventually(
            _async(lambda: metrics.registry.get_sample_value("outbox_published_total")),
            until=lambda n: n is not None and n >= 3,
            what="published counter",
        )
    assert metrics.registry.get_sample_value("outbox_relay_leader") == 0


async def test_a_rolled_back_change_leaves_neither_state_nor_event(tenancy_engine):
    tenant = Tenant.register(
        kind=TenantKind.STARTUP,
        display_name="Gagal",
        plan_code="community",
        contact=CONTACT,
        now=datetime.now(UTC),
    )
    with pytest.raises(RuntimeError, match="crash"):  # noqa: PT012 - the crash is inside the unit of work
        async with TenancyUnitOfWork(tenancy_engine) as uow:
            await uow.tenants.add(tenant)
            raise RuntimeError("crash before commit")
    async with tenancy_engine.connect() as conn:
        assert await conn.scalar(sa.select(sa.func.count()).where(tenants.c.id == tenant.id)) == 0
        assert (
            await conn.scalar(
                sa.select(sa.func.count()).where(outbox.c.aggregate_id == str(tenant.id))
            )
            == 0
        )


async def test_only_one_relay_publishes_and_a_standby_takes_over_when_it_stops(
    infra, tenancy_engine
):
    first_metrics, second_metrics = ServiceMetrics(), ServiceMetrics()

    def leaders() -> tuple[float | None, float | None]:
        return (
            first_metrics.registry.get_sample_value("outbox_relay_leader"),
            second_metrics.registry.get_sample_value("outbox_relay_leader"),
        )

    async with running_relay(infra, metrics=first_metrics):
        await eventually(_async(leaders), until=lambda ls: ls[0] == 1, what="first relay leads")
        async with running_relay(infra, metrics=second_metrics):
            await eventually(
                _async(leaders), until=lambda ls: ls == (1, 0), what="second relay on standby"
            )
            second_still_standby = leaders()
        assert second_still_standby == (1, 0)
    async with running_relay(infra, metrics=second_metrics):
        await eventually(_async(leaders), until=lambda ls: ls[1] == 1, what="standby takes over")
        tenant_id = await register_and_activate(tenancy_engine)
        key = str(tenant_id).encode()
        await read_until(
            infra.kafka_bootstrap,
            TENANCY_EVENTS,
            done=lambda rs: sum(r.key == key for r in rs) >= 2,
        )


def _async(read):
    async def probe():
        return read()

    return probe
