"""Erasing an offboarded tenant's personal data leaves none of it in the tenancy schema, nor in
the history and audit log staff read, whatever form staff typed it in; and the latest value of
its key on the compacted contacts topic is a tombstone."""

import json
import random
import uuid

import httpx
import pytest
import sqlalchemy as sa

from contracts.tenancy import Language, OffboardingReason, TenantKind
from contracts.topics import TENANCY_CONTACTS
from services.tenancy.domain.contact import Contact
from services.tenancy.service_layer import erasure, tenant_lifecycle, tenants
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.auth.access import Role
from shared.domain.errors import IllegalTransition
from tests.integration.test_audit_api import service_app
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


@pytest.fixture
async def tenancy_api(infra, tokens):
    app = service_app(infra, tokens, "tenancy")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://tenancy",
        headers=tokens.headers(Role.admin, subject="admin-dpo"),
    ) as client:
        yield client
    await app.state.runtime.engine.dispose()


OTHER_NUMBER = "0812 3456 7890"


@pytest.mark.parametrize(
    "typed",
    [
        "0813-2441-8160",
        "0813 2441 8160",
        "0813.2441.8160",
        "+62 813-2441-8160",
        "62813-2441-8160",
        "+6281324418160",
        pytest.param("{email_in_capitals}", id="email-in-capitals"),
    ],
)
async def test_erasure_removes_the_contact_typed_in_any_accepted_form_from_history_and_audit(
    tenancy_api, typed
):
    client = tenancy_api
    tag = uuid.uuid4().hex[:8]
    email = f"dewi.{tag}@example.id"
    typed = typed.format(email_in_capitals=email.upper())
    registered = await client.post(
        "/tenants",
        json={
            "kind": "startup",
            "display_name": f"Studio {tag}",
            "plan_code": "coworking-flex",
            "contact": {"name": f"Dewi {tag}", "email": email, "phone": "0813-2441-8160"},
        },
    )
    assert registered.status_code == 201, registered.text
    assert registered.json()["contact"]["phone"] == "+6281324418160"
    tenant = registered.json()["id"]
    note = f"Spoke on {typed}; she gave {OTHER_NUMBER} for her successor"
    for action, body in [
        ("activate", {"note": note}),
        ("suspend", {"reason": "other"}),
        ("reinstate", {"note": f"Paid up, confirmed via {typed}"}),
        ("offboard", {"reason": "left"}),
        ("erase-personal-data", None),
    ]:
        done = await client.post(f"/tenants/{tenant}/{action}", json=body)
        assert done.status_code == 200, (action, done.text)

    history = (await client.get(f"/tenants/{tenant}/history")).json()
    audit = (await client.get("/audit", params={"target_id": tenant})).json()["items"]
    reasons = {step["action"]: step["reason"] for step in history}
    assert reasons["activate"] == f"Spoke on [erased]; she gave {OTHER_NUMBER} for her successor"
    assert reasons["reinstate"] == "Paid up, confirmed via [erased]"
    assert {e["action"]: e["reason"] for e in audit}["tenant.activate"] == reasons["activate"]
    for answer in (history, audit):
        text = json.dumps(answer).lower()
        for trace in (typed.lower(), "81324418160", email):
            assert trace not in text, trace
        assert OTHER_NUMBER in text
