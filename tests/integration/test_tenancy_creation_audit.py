"""Tenancy's audit log for what staff create and what the lease calendar does on its own, over
HTTP with real tokens against the real database: a registration (audited once however often it
is retried, without the tenant's name or contact), a drafted lease, and a lease the calendar
ended the day after its last day under the calendar's name."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from shared.auth.access import Role
from tests.integration.test_audit_api import service_app
from tests.integration.test_tenancy_events import (
    active_tenant,
    run_calendar,
    signed_lease,
    today,
    vacant_unit,
)

pytestmark = pytest.mark.integration

PERSON = {"name": "Asep Sunandar", "email": "asep.sunandar@example.id", "phone": "0812-7788-9900"}


@pytest.fixture
async def tenancy(infra, tokens):
    app = service_app(infra, tokens, "tenancy")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://tenancy",
        headers=tokens.headers(Role.manager, subject="manager-rina"),
    ) as client:
        yield client, app.state.runtime.engine
    await app.state.runtime.engine.dispose()


async def audit_of(client, tokens, target: object) -> list[dict]:
    """Oldest first, as a reader follows a story."""
    admin = tokens.headers(Role.admin, subject="admin-dewi")
    answer = await client.get("/audit", params={"target_id": str(target)}, headers=admin)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"][::-1]


async def test_a_registration_is_audited_once_without_personal_data(tenancy, tokens):
    client, _ = tenancy
    body = {
        "kind": "community",
        "display_name": "Komunitas Angklung Cibabat",
        "plan_code": "community",
        "contact": PERSON,
        "sponsor_agency": "Dispudpar Kota Cimahi",
    }
    key = {"Idempotency-Key": str(uuid.uuid4())}

    first = await client.post("/tenants", json=body, headers=key)
    retried = await client.post("/tenants", json=body, headers=key)

    assert first.status_code == retried.status_code == 201, first.text
    tenant_id = first.json()["id"]
    (entry,) = await audit_of(client, tokens, tenant_id)
    assert (entry["actor"], entry["action"], entry["target_type"]) == (
        "manager-rina",
        "tenant.register",
        "tenant",
    )
    assert entry["details"] == {
        "from_status": None,
        "to_status": "applied",
        "kind": "community",
        "plan_code": "community",
    }
    stored = json.dumps(entry).lower()
    for personal in ("asep", "sunandar", "7788", "angklung"):
        assert personal not in stored, personal
    (registered,) = (await client.get(f"/tenants/{tenant_id}/history")).json()
    assert registered["actor"] == "manager-rina"


async def test_a_drafted_lease_is_audited_with_its_terms(tenancy, tokens):
    client, engine = tenancy
    tenant, unit = await active_tenant(engine), await vacant_unit(engine)
    starts_on = today() + timedelta(days=14)
    body = {
        "tenant_id": str(tenant.id),
        "unit_id": str(unit.id),
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on + timedelta(days=364)).isoformat(),
        "deposit_idr": 9_000_000,
    }

    drafted = await client.post("/leases", json=body)

    assert drafted.status_code == 201, drafted.text
    (entry,) = await audit_of(client, tokens, drafted.json()["id"])
    assert (entry["actor"], entry["action"]) == ("manager-rina", "lease.draft")
    assert entry["details"] == {
        "tenant_id": str(tenant.id),
        "unit_id": str(unit.id),
        "starts_on": body["starts_on"],
        "ends_on": body["ends_on"],
        "monthly_rent_idr": 4_500_000,
        "deposit_idr": 9_000_000,
    }


async def test_a_lease_the_calendar_ends_is_audited_under_the_calendars_name(tenancy, tokens):
    client, engine = tenancy
    tenant, unit = await active_tenant(engine), await vacant_unit(engine)
    last_day = today() - timedelta(days=1)
    ending = await signed_lease(
        engine, tenant.id, unit.id, last_day - timedelta(days=365), last_day
    )

    assert await run_calendar(engine, datetime.now(UTC))
    await run_calendar(engine, datetime.now(UTC))  # a later round finds nothing more to end

    entries = await audit_of(client, tokens, ending.id)
    assert [(e["action"], e["actor"], e["reason"]) for e in entries] == [
        ("lease.draft", "staff", None),
        ("lease.sign", "staff", None),
        ("lease.end", "system:lease-calendar", "end_date_reached"),
    ]
    assert entries[-1]["details"]["unit_id"] == str(unit.id)
    assert entries[-1]["details"]["ends_on"] == last_day.isoformat()
