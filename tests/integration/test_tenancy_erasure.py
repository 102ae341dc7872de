"""Erasing an offboarded tenant's personal data leaves none of it in the tenancy schema, and
the latest value of its key on the compacted contacts topic is a tombstone."""

import random
import uuid

import pytest
import sqlalchemy as sa

from contracts.tenancy import Language, OffboardingReason, TenantKind
from contracts.topics import TENANCY_CONTACTS
from services.tenancy.domain.contact import Contact
from services.tenancy.domain.errors import IllegalTransition
from services.tenancy.service_layer import erasure, tenant_lifecycle, tenants
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from tests.integration.test_tenancy_events import engine, running_relay
from tests.kafka_reading import read_until

pytestmark = pytest.mark.integration
__all__ = ["engine"]  # the fixture, used by name

TEXT_TYPES = ("text", "character varying", "jsonb", "json")


async def _columns_holding(engine, needle: str) -> list[str]:
    """Every text-like column of every tenancy table in which ``needle`` occurs."""
    async with engine.connect() as conn:
        columns = (
            await conn.execute(
                sa.text(
                    "SELECT table_name, column_name FROM information_schema.columns "
                    "WHERE table_schema = 'tenancy' AND data_type = ANY(:types)"
                ),
                {"types": list(TEXT_TYPES)},
            )
        ).all()
        found = []
        for table, column in columns:
            hits = await conn.scalar(
                sa.text(
                    f'SELECT count(*) FROM tenancy."{table}" '
                    f'WHERE strpos(lower("{column}"::text), lower(:needle)) > 0'
                ),
                {"needle": needle},
            )
            if hits:
                found.append(f"{table}.{column}")
    return found


async def test_erasure_leaves_no_personal_data_in_the_schema_nor_on_the_contacts_topic(
    infra, engine
):
    tag = uuid.uuid4().hex[:10]
    person = Contact(
        name=f"Dewi Lestari {tag}",
        email=f"dewi.{tag}@example.id",
        phone="+62812" + "".join(random.choices("0123456789", k=8)),
        language=Language.ENGLISH,
    )
    uow = lambda: TenancyUnitOfWork(engine)  # noqa: E731 - one fresh unit of work per use case
    async with running_relay(infra):
        tenant = await tenants.register_tenant(
            uow(),
            kind=TenantKind.INDIVIDUAL,
            display_name=f"Dewi {tag} Studio",
            plan_code="coworking-flex",
            contact=person,
            actor="staff:rina",
        )
        await tenants.activate_tenant(
            uow(), tenant.id, actor="staff:rina", note=f"called {person.name}"
        )
        with pytest.raises(IllegalTransition):
            await erasure.erase_personal_data(uow(), tenant.id, actor="staff:dpo")
        await tenant_lifecycle.offboard_tenant(
            uow(), tenant.id, reason=OffboardingReason.LEFT, actor=person.name
        )
        erased = await erasure.erase_personal_data(uow(), tenant.id, actor="staff:dpo")
        key = str(tenant.id).encode()
        records = await read_until(
            infra.kafka_bootstrap,
            TENANCY_CONTACTS,
            done=lambda rs: any(r.key == key and r.value is None for r in rs),
        )

    assert [r.value for r in records if r.key == key][-1] is None
    assert (erased.contact.name, erased.contact.email, erased.contact.phone) == ("", "", None)
    for trace in (person.name, person.email, person.phone, f"Dewi {tag} Studio"):
        assert await _columns_holding(engine, trace) == [], trace
    history = await tenants.tenant_history(uow(), tenant.id)
    assert [(s.action, s.actor) for s in history] == [
        ("register", "staff:rina"),
        ("activate", "staff:rina"),
        ("offboard", "[erased]"),
        ("erase_personal_data", "staff:dpo"),
    ]
    assert history[1].reason == "called [erased]"
    assert history[2].reason == "left"
