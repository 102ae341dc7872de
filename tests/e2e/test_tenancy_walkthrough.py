"""A startup's life at BITC over the tenancy HTTP API, as staff would drive it with curl: it
applies, is approved, leases an office, is suspended and reinstated, graduates to an office of
its own, and has its personal data erased."""

import uuid
from datetime import date, timedelta

import pytest

from tests.polling import eventually

pytestmark = pytest.mark.e2e


def _ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


async def test_a_startup_from_application_to_graduation(api):
    tenancy, _, _ = api
    code = f"BITC-OF-{uuid.uuid4().hex[:6]}"
    unit_body = {
        "site": "bitc",
        "code": code,
        "floor": 2,
        "area_m2": 24.5,
        "monthly_rate_idr": 4_500_000,
    }
    key = {"Idempotency-Key": str(uuid.uuid4())}
    unit = _ok(await tenancy.post("/units", json=unit_body, headers=key), 201)
    again = _ok(await tenancy.post("/units", json=unit_body, headers=key), 201)
    assert again["id"] == unit["id"]
    assert unit["status"] == "vacant"

    # 1. The startup applies; its tax id may be typed the dotted way.
    application = {
        "kind": "startup",
        "display_name": "Kopi Kode",
        "plan_code": "office-tenant",
        "tax_id": "01.234.567.8-901.000",
        "contact": {"name": "Siti Rahayu", "email": "siti@kopikode.id", "phone": "0812-3456-7890"},
    }
    tenant = _ok(await tenancy.post("/tenants", json=application), 201)
    tid = tenant["id"]
    assert (tenant["status"], tenant["tax_id"], tenant["contact"]["phone"]) == (
        "applied",
        "012345678901000",
        "+6281234567890",
    )
    bad = await tenancy.post("/tenants", json=application | {"tax_id": "12345"})
    assert (bad.status_code, bad.json()["type"]) == (422, "urn:bitc:problem:invalid-tax-id")

    # 2. Staff approve it.
    assert (
        _ok(
            await tenancy.post(
                f"/tenants/{tid}/activate",
            )
        )["status"]
        == "active"
    )

    # 3. It leases the office for a year: draft, then sign.
    lease_body = {
        "tenant_id": tid,
        "unit_id": unit["id"],
        "starts_on": date.today().isoformat(),
        "ends_on": (date.today() + timedelta(days=365)).isoformat(),
        "deposit_idr": 9_000_000,
    }
    lease = _ok(await tenancy.post("/leases", json=lease_body), 201)
    assert (lease["state"], lease["monthly_rent_idr"]) == ("draft", 4_500_000)
    assert _ok(await tenancy.post(f"/leases/{lease['id']}/sign"))["state"] == "active"
    assert _ok(await tenancy.get(f"/units/{unit['id']}"))["status"] == "leased"
    rival = _ok(await tenancy.post("/tenants", json=application | {"tax_id": None}), 201)
    _ok(await tenancy.post(f"/tenants/{rival['id']}/activate"))
    clash = _ok(await tenancy.post("/leases", json=lease_body | {"tenant_id": rival["id"]}), 201)
    refused = await tenancy.post(f"/leases/{clash['id']}/sign")
    assert (refused.status_code, refused.json()["type"]) == (409, "urn:bitc:problem:lease-overlap")

    at_bitc = _ok(
        await tenancy.get("/tenants", params={"site": "bitc", "kind": "startup", "limit": 200})
    )
    assert tid in [t["id"] for t in at_bitc["items"]]
    occupancy = _ok(await tenancy.get("/occupancy"))
    assert occupancy["sites"]["bitc"]["units_leased"] >= 1
    assert occupancy["sites"]["bitc"]["tenants_by_kind"]["startup"] >= 1

    # 4. Suspended for overdue rent, it cannot be activated again, only reinstated.
    suspended = _ok(
        await tenancy.post(f"/tenants/{tid}/suspend", json={"reason": "payment_overdue"})
    )
    assert suspended["status"] == "suspended"
    illegal = await tenancy.post(f"/tenants/{tid}/activate")
    assert illegal.status_code == 409
    assert illegal.headers["content-type"] == "application/problem+json"
    assert (illegal.json()["type"], illegal.json()["current_state"]) == (
        "urn:bitc:problem:illegal-transition",
        "suspended",
    )
    _ok(await tenancy.post(f"/tenants/{tid}/reinstate", json={"note": "paid"}))

    # 5. It graduates: offboarded, its lease ends today, the office is vacant again.
    graduated = _ok(await tenancy.post(f"/tenants/{tid}/offboard", json={"reason": "graduated"}))
    assert (graduated["status"], graduated["offboarding_reason"]) == ("offboarded", "graduated")
    assert _ok(await tenancy.get(f"/leases/{lease['id']}"))["state"] == "ended"
    assert _ok(await tenancy.get(f"/units/{unit['id']}"))["status"] == "vacant"

    # 6. Its personal data is erased; the history still says who did what, when and why.
    erased = _ok(await tenancy.post(f"/tenants/{tid}/erase-personal-data"))
    assert erased["contact"] == {"name": "", "email": "", "phone": None, "language": "id"}
    history = _ok(await tenancy.get(f"/tenants/{tid}/history"))
    assert [step["action"] for step in history] == [
        "register",
        "activate",
        "suspend",
        "reinstate",
        "offboard",
        "erase_personal_data",
    ]
    assert history[4]["reason"] == "graduated"
    # Who acted is the signed-in user (the api fixture's token), not what a body claims.
    assert {step["actor"] for step in history[1:]} == {"e2e-admin"}


async def test_plans_are_listed_and_editable_and_lists_paginate(api):
    tenancy, _, _ = api
    codes = [p["code"] for p in _ok(await tenancy.get("/plans"))["items"]]
    assert {"community", "coworking-flex", "office-tenant"} <= set(codes)
    new = {
        "code": f"startup-{uuid.uuid4().hex[:6]}",
        "name": "Startup basic",
        "monthly_fee_idr": 250_000,
        "quotas": [{"space_type": "meeting_room", "hours": 4}],
        "bookings_need_approval": False,
        "over_quota": "reject",
    }
    _ok(await tenancy.post("/plans", json=new), 201)
    edited = _ok(
        await tenancy.patch(
            f"/plans/{new['code']}", json={"quotas": [{"space_type": "meeting_room", "hours": 6}]}
        )
    )
    assert edited["quotas"] == [{"space_type": "meeting_room", "hours": 6}]
    strict = await tenancy.patch(f"/plans/{new['code']}", json={"colour": "red"})
    assert strict.status_code == 422

    first = _ok(await tenancy.get("/plans", params={"limit": 2}))
    second = _ok(await tenancy.get("/plans", params={"limit": 2, "cursor": first["next_cursor"]}))
    assert len(first["items"]) == 2
    assert not {p["code"] for p in first["items"]} & {p["code"] for p in second["items"]}


async def test_occupancy_is_exposed_as_prometheus_gauges(api):
    tenancy, _, _ = api

    async def metrics() -> str:
        return (await tenancy.get("/metrics")).text

    text = await eventually(
        metrics,
        until=lambda t: 'tenancy_units{leased="true",site="all"}' in t,
        timeout=60,
        what="occupancy gauges refreshed",
    )
    assert 'tenancy_tenants{kind="community",site="all"}' in text
    assert "\ntenancy_lease_notices_overdue " in text
