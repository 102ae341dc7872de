"""What the web console asks tenancy over HTTP against the running platform: staff search
tenants by name or contact, and list the leases about to expire."""

import uuid
from datetime import date, datetime, timedelta

import pytest

from services.tenancy.domain.lease import WIB
from shared.auth.access import Role
from tests.e2e.api_steps import ensure_open_plan

pytestmark = pytest.mark.e2e


def _ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


async def _register(tenancy, display_name: str, contact_name: str, email: str) -> str:
    body = {
        "kind": "startup",
        "display_name": display_name,
        "plan_code": await ensure_open_plan(tenancy),
        "contact": {"name": contact_name, "email": email},
    }
    return _ok(await tenancy.post("/tenants", json=body), 201)["id"]


async def test_staff_find_tenants_by_any_part_of_their_name_or_contact(api, tokens):
    tenancy, _, _ = api
    mark = uuid.uuid4().hex[:8]
    kopi = await _register(tenancy, f"Kopi Kode {mark}", "Siti Rahayu", f"siti.{mark}@kopi.id")
    batik = await _register(tenancy, f"Batik_Digital {mark}", "Dewi Lestari", "dewi@batik.id")

    async def found(q: str, headers=None) -> list[str]:
        page = _ok(await tenancy.get("/tenants", params={"q": q, "limit": 200}, headers=headers))
        return [t["id"] for t in page["items"]]

    assert await found(mark.upper()) == [kopi, batik], "name, any case, oldest first"
    assert await found(f"SITI.{mark}") == [kopi], "the contact's e-mail"
    assert batik in await found("dewi lestari"), "the contact's name"
    # Wildcards are text like any other: "_" matches only an underscore.
    assert await found(f"k_pi kode {mark}") == []
    assert await found(f"batik_digital {mark}") == [batik]
    assert await found(f"%{mark}") == []
    refused = await tenancy.get("/tenants", params={"q": ""})
    assert refused.status_code == 422

    member = tokens.headers(Role.tenant_member, tenant_id=kopi)
    assert await found(mark, headers=member) == [kopi], "a tenant's user finds only its own"


async def test_staff_list_the_leases_ending_within_some_days(api):
    tenancy, _, _ = api
    tenant_id = await _register(tenancy, "Sewa Singkat", "Asep", "asep@sewa.id")
    today = datetime.now(WIB).date()
    leases = {}
    for days in (0, 10, 31, 100):
        unit = {
            "site": "techno_park",
            "code": f"CTP-EXP-{uuid.uuid4().hex[:6]}",
            "floor": 1,
            "area_m2": 10,
            "monthly_rate_idr": 1,
        }
        unit_id = _ok(await tenancy.post("/units", json=unit), 201)["id"]
        lease = {
            "tenant_id": tenant_id,
            "unit_id": unit_id,
            "starts_on": (today - timedelta(days=30)).isoformat(),
            "ends_on": (today + timedelta(days=days)).isoformat(),
        }
        leases[days] = _ok(await tenancy.post("/leases", json=lease), 201)["id"]

    async def ending_within(days: int) -> list[str]:
        params = {"tenant_id": tenant_id, "ending_within_days": days}
        page = _ok(await tenancy.get("/leases", params=params))
        assert all(date.fromisoformat(lease["ends_on"]) >= today for lease in page["items"])
        return [lease["id"] for lease in page["items"]]

    assert await ending_within(0) == [leases[0]]
    assert await ending_within(30) == [leases[0], leases[10]]
    assert await ending_within(31) == [leases[0], leases[10], leases[31]]
    listed = _ok(await tenancy.get("/leases", params={"tenant_id": tenant_id}))
    assert len(listed["items"]) == 4, "without the filter every lease is listed"
    refused = await tenancy.get("/leases", params={"ending_within_days": -1})
    assert refused.status_code == 422
