"""The outbox relay against the real broker and database: what a state change commits is
published, in order, as CloudEvents keyed by aggregate; what is rolled back never is."""

import contextlib
import json
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from bitc.devstack.ports import free_ports
from contracts.tenancy import Language, TenantContactErased, TenantKind
from contracts.topics import TENANCY_CONTACTS, TENANCY_EVENTS
from services.tenancy.adapters.tables import outbox, tenants
from services.tenancy.domain.contact import Contact
from services.tenancy.domain.tenant import Tenant
from services.tenancy.service_layer import tenants as tenant_use_cases
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.observability.metrics import ServiceMetrics
from tests.kafka_reading import header, read_until
from tests.outbox_relaying import running_relay, service_engine
from tests.polling import eventually

pytestmark = pytest.mark.integration

CONTACT = Contact(
    name="Asep", email="asep@example.id", phone="+6281234567890", language=Language.INDONESIAN
)


@pytest.fixture
async def tenancy_engine(infra):
    async with service_engine(infra, "tenancy") as engine:
        yield engine


async def register_and_activate(engine) -> uuid.UUID:
    tenant = await tenant_use_cases.register_tenant(
        TenancyUnitOfWork(engine),
        kind=TenantKind.COMMUNITY,
        display_name="Komunitas Musik Baros",
        plan_code="community",
        contact=CONTACT,
        actor="staff",
    )
    await tenant_use_cases.activate_tenant(TenancyUnitOfWork(engine), tenant.id)
    return tenant.id


async def test_a_commit_wakes_the_relay_without_waiting_for_its_poll(infra, tenancy_engine):
    """The outbox's trigger NOTIFYs the relay when events commit (the code no longer does)."""
    async with running_relay(infra, poll_interval_s=120):
        for _ in range(2):  # the first is published as the relay starts; the second needs a wake
            key = str(await register_and_activate(tenancy_engine)).encode()
            await read_until(
                infra.kafka_bootstrap,
                TENANCY_EVENTS,
                done=lambda rs, key=key: sum(r.key == key for r in rs) >= 3,
                timeout=30,
            )


async def test_committed_events_reach_kafka_in_order_as_cloudevents_keyed_by_tenant(
    infra, tenancy_engine
):
    async with running_relay(infra):
        tenant_id = await register_and_activate(tenancy_engine)
        key = str(tenant_id).encode()
        records = await read_until(
            infra.kafka_bootstrap,
            TENANCY_EVENTS,
            done=lambda rs: sum(r.key == key for r in rs) >= 3,
        )
    mine = [r for r in records if r.key == key]
    events = [json.loads(r.value) for r in mine]
    assert [e["type"] for e in events] == [
        "id.bitc.tenant.registered.v1",
        "id.bitc.tenant.plan_changed.v1",
        "id.bitc.tenant.activated.v1",
    ]
    assert len({r.partition for r in mine}) == 1
    for record, event in zip(mine, events, strict=True):
        assert event["specversion"] == "1.0"
        assert event["source"] == "/bitc/tenancy"
        assert event["subject"] == str(tenant_id)
        assert event["time"].endswith("Z")
        assert header(record, "bitc-event-id") == event["id"]
        assert header(record, "bitc-event-type") == event["type"]
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


async def test_while_kafka_is_unreachable_the_leader_stays_and_the_backlog_gauges_grow(
    infra, tenancy_engine
):
    """A Kafka outage must show on the dashboard and alert (OutboxEventsOld): the leader keeps
    its lead and measures the waiting rows, instead of freezing the gauges at their last value."""
    [nobody_listens] = free_ports(1)
    metrics = ServiceMetrics()

    def gauge(name: str):
        return _async(lambda: metrics.registry.get_sample_value(name) or 0)

    nowhere = f"127.0.0.1:{nobody_listens}"
    async with running_relay(infra, metrics, kafka_bootstrap=nowhere) as relay:
        await eventually(_async(lambda: relay.role), until="leader".__eq__, what="leads")
        await register_and_activate(tenancy_engine)
        await eventually(
            gauge("outbox_backlog_events"), until=lambda n: n >= 3, what="backlog counted"
        )
        age = await eventually(
            gauge("outbox_oldest_unpublished_age_seconds"), until=lambda s: s > 0, what="aged"
        )
        await eventually(
            gauge("outbox_oldest_unpublished_age_seconds"),
            until=lambda s: s >= age + 2,
            timeout=30,
            what="the age keeps growing while Kafka is away",
        )
        assert relay.role == "leader"
        assert metrics.registry.get_sample_value("outbox_relay_leader") == 1


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


async def test_a_standby_relay_publishes_nothing_and_takes_over_when_the_leader_stops(
    infra, tenancy_engine
):
    leader_metrics, standby_metrics = ServiceMetrics(), ServiceMetrics()

    def published(metrics: ServiceMetrics):
        return _async(lambda: metrics.registry.get_sample_value("outbox_published_total"))

    async with contextlib.AsyncExitStack() as standby_scope:
        async with contextlib.AsyncExitStack() as leader_scope:
            leader = await leader_scope.enter_async_context(running_relay(infra, leader_metrics))
            await eventually(_async(lambda: leader.role), until="leader".__eq__, what="leads")
            standby = await standby_scope.enter_async_context(running_relay(infra, standby_metrics))
            await eventually(_async(lambda: standby.role), until="standby".__eq__, what="waits")
            await register_and_activate(tenancy_engine)
            await eventually(published(leader_metrics), until=lambda n: n >= 3, what="leader sends")
            assert standby_metrics.registry.get_sample_value("outbox_published_total") == 0
        # The leader is gone; the standby that was waiting all along must take over.
        await eventually(_async(lambda: standby.role), until="leader".__eq__, what="takes over")
        tenant_id = await register_and_activate(tenancy_engine)
        await eventually(published(standby_metrics), until=lambda n: n >= 3, what="successor sends")
    key = str(tenant_id).encode()
    records = await read_until(
        infra.kafka_bootstrap, TENANCY_EVENTS, done=lambda rs: sum(r.key == key for r in rs) >= 2
    )
    assert len([r for r in records if r.key == key]) >= 2


async def test_rows_kafka_refuses_for_good_are_parked_and_later_rows_still_go_out(
    infra, tenancy_engine
):
    too_large, no_such_topic = str(uuid.uuid4()), str(uuid.uuid4())
    async with tenancy_engine.begin() as conn:
        for key, topic, payload in (
            (too_large, TENANCY_EVENTS, {"padding": "x" * 2_000_000}),
            (no_such_topic, "bitc.no.such.topic.v1", {"a": 1}),
        ):
            await conn.execute(
                outbox.insert().values(
                    id=uuid.uuid4(),
                    aggregate_type="test",
                    aggregate_id=key,
                    type="id.bitc.test.refused.v1",
                    topic=topic,
                    payload=payload,
                    headers={},
                )
            )
    metrics = ServiceMetrics()
    async with running_relay(infra, metrics=metrics):
        tenant_id = await register_and_activate(tenancy_engine)
        key = str(tenant_id).encode()
        await read_until(
            infra.kafka_bootstrap,
            TENANCY_EVENTS,
            done=lambda rs: sum(r.key == key for r in rs) >= 3,
        )

        async def parked_rows():
            async with tenancy_engine.connect() as conn:
                query = sa.select(
                    outbox.c.aggregate_id,
                    outbox.c.parked_at,
                    outbox.c.last_error,
                    outbox.c.published_at,
                ).where(outbox.c.aggregate_id.in_([too_large, no_such_topic]))
                return {row.aggregate_id: row for row in (await conn.execute(query)).all()}

        rows = await eventually(
            parked_rows,
            until=lambda rs: len(rs) == 2 and all(r.parked_at for r in rs.values()),
            what="both refused rows parked",
        )
        await eventually(
            _async(lambda: metrics.registry.get_sample_value("outbox_parked_events")),
            until=lambda n: n is not None and n >= 2,
            what="parked gauge",
        )
    assert all(row.published_at is None for row in rows.values())
    assert "TooLarge" in rows[too_large].last_error
    assert "does not exist" in rows[no_such_topic].last_error


async def test_an_erasure_is_published_as_a_tombstone_on_the_contacts_topic(infra, tenancy_engine):
    tenant_id = await register_and_activate(tenancy_engine)
    async with TenancyUnitOfWork(tenancy_engine) as uow:
        tenant = await uow.tenants.get(tenant_id, for_update=True)
        tenant.record(TenantContactErased(tenant_id=tenant_id))
        await uow.commit()
    key = str(tenant_id).encode()
    async with running_relay(infra):
        records = await read_until(
            infra.kafka_bootstrap,
            TENANCY_CONTACTS,
            done=lambda rs: any(r.key == key and r.value is None for r in rs),
        )
    mine = [r for r in records if r.key == key]
    assert mine[0].value is not None
    assert mine[-1].value is None


def _async(read):
    async def probe():
        return read()

    return probe
