"""Roles over HTTP with real tokens against the running services: a tenant's user reaches only
its own tenant's things, an integrator only reads, staff approve, and nobody gets in unsigned."""

import uuid
from datetime import date, timedelta

import httpx
import pytest

from shared.auth.access import Role
from tests.e2e.api_steps import book_when_booking_knows_tenant, fresh_slot, register, space_id

pytestmark = pytest.mark.e2e


def _status(response) -> int:
    return response.status_code


@pytest.fixture
async def two_tenants(api):
    """Two active tenants, each with a confirmed booking and a signed lease (made by admin)."""
    tenancy, booking, _ = api
    room = await space_id(booking)
    tenants = {}
    for name in ("ours", "theirs"):
        tenant_id = await register(tenancy, activate=True)
        starts_at, ends_at = fresh_slot()
        body = {
            "space_id": room,
            "tenant_id": tenant_id,
            "starts_at": starts_at,
            "ends_at": ends_at,
        }
        booked = await book_when_booking_knows_tenant(booking, body)
        assert booked.status_code == 201, booked.text
        unit = {"site": "bitc", "code": f"AUTH-{uuid.uuid4().hex[:6]}", "floor": 1, "area_m2": 12}
        made = await tenancy.post("/units", json=unit | {"monthly_rate_idr": 1})
        assert made.status_code == 201, made.text
        lease = {
            "tenant_id": tenant_id,
            "unit_id": made.json()["id"],
            "starts_on": date.today().isoformat(),
            "ends_on": (date.today() + timedelta(days=90)).isoformat(),
            "deposit_idr": 0,
        }
        drafted = await tenancy.post("/leases", json=lease)
        assert drafted.status_code == 201, drafted.text
        tenants[name] = {
            "id": tenant_id,
            "booking": booked.json()["id"],
            "lease": drafted.json()["id"],
        }
    return tenants["ours"], tenants["theirs"], room


async def test_a_tenant_member_never_sees_or_changes_another_tenants_things(
    api, tokens, two_tenants
):
    tenancy, booking, notifications = api
    ours, theirs, room = two_tenants
    member = tokens.headers(Role.tenant_member, tenant_id=ours["id"], subject="siti")

    # Another tenant's things by id: 404, as if they did not exist.
    assert _status(await booking.get(f"/bookings/{theirs['booking']}", headers=member)) == 404
    cancel = await booking.post(f"/bookings/{theirs['booking']}/cancel", headers=member)
    assert _status(cancel) == 404
    assert _status(await tenancy.get(f"/leases/{theirs['lease']}", headers=member)) == 404
    assert _status(await tenancy.get(f"/tenants/{theirs['id']}", headers=member)) == 404
    assert _status(await booking.get(f"/tenants/{theirs['id']}", headers=member)) == 404
    preferences = f"/preferences/{theirs['id']}"
    assert _status(await notifications.get(preferences, headers=member)) == 404
    quiet = {"channels": {}, "opted_out": [], "quiet_hours": None}
    assert _status(await notifications.put(preferences, json=quiet, headers=member)) == 404
    assert _status(await notifications.delete(preferences, headers=member)) == 404
    # ...and unharmed: their booking is still confirmed.
    still = (await booking.get(f"/bookings/{theirs['booking']}")).json()
    assert still["status"] == "confirmed"

    # Naming another tenant in what it sends: 403.
    starts_at, ends_at = fresh_slot()
    for_them = {
        "space_id": room,
        "tenant_id": theirs["id"],
        "starts_at": starts_at,
        "ends_at": ends_at,
    }
    assert _status(await booking.post("/bookings", json=for_them, headers=member)) == 403
    spying = {"tenant_id": theirs["id"]}
    assert _status(await booking.get("/bookings", params=spying, headers=member)) == 403
    assert _status(await notifications.get("/notifications", params=spying, headers=member)) == 403

    # Lists hold only its own tenant's items.
    listed = (await booking.get("/bookings", params={"limit": 200}, headers=member)).json()
    assert {b["tenant_id"] for b in listed["items"]} == {ours["id"]}
    leases = (await tenancy.get("/leases", headers=member)).json()["items"]
    assert [lease["id"] for lease in leases] == [ours["lease"]]
    assert [t["id"] for t in (await tenancy.get("/tenants", headers=member)).json()["items"]] == [
        ours["id"]
    ]

    # Its own: it reads, books and cancels.
    assert _status(await booking.get(f"/bookings/{ours['booking']}", headers=member)) == 200
    assert _status(await notifications.get(f"/preferences/{ours['id']}", headers=member)) == 200
    own = for_them | {"tenant_id": ours["id"]}
    created = await booking.post("/bookings", json=own, headers=member)
    assert _status(created) == 201, created.text
    mine = f"/bookings/{created.json()['id']}/cancel"
    as_staff = await booking.post(mine, json={"reason": "by_staff"}, headers=member)
    assert _status(as_staff) == 422
    cancelled = await booking.post(mine, headers=member)
    assert cancelled.json()["status"] == "cancelled"
    # Staff's work stays staff's.
    approve = await booking.post(f"/bookings/{ours['booking']}/approve", headers=member)
    assert _status(approve) == 403


async def test_an_integrator_reads_but_cannot_write(api, tokens, two_tenants):
    tenancy, booking, notifications = api
    ours, _, room = two_tenants
    integrator = tokens.headers(Role.integrator, subject="smart-city-dashboard")
    assert _status(await booking.get("/bookings", headers=integrator)) == 200
    assert _status(await tenancy.get("/occupancy", headers=integrator)) == 200
    assert _status(await notifications.get("/notifications", headers=integrator)) == 200

    starts_at, ends_at = fresh_slot()
    body = {"space_id": room, "tenant_id": ours["id"], "starts_at": starts_at, "ends_at": ends_at}
    assert _status(await booking.post("/bookings", json=body, headers=integrator)) == 403
    cancel = await booking.post(f"/bookings/{ours['booking']}/cancel", headers=integrator)
    assert _status(cancel) == 403
    assert _status(await tenancy.post(f"/leases/{ours['lease']}/sign", headers=integrator)) == 403
    assert _status(await tenancy.post("/tenants", json={}, headers=integrator)) == 403


async def test_a_manager_approves_a_community_booking_and_is_its_history_actor(api, tokens):
    tenancy, booking, _ = api
    manager = tokens.headers(Role.manager, subject="staff-rina")
    application = {
        "kind": "community",
        "display_name": "Komunitas Tari Cimahi",
        "plan_code": "community",
        "contact": {"name": "Wulan", "email": f"wulan-{uuid.uuid4().hex[:6]}@example.id"},
    }
    created = await tenancy.post("/tenants", json=application, headers=manager)
    tenant_id = created.json()["id"]
    assert _status(await tenancy.post(f"/tenants/{tenant_id}/activate", headers=manager)) == 200
    history = (await tenancy.get(f"/tenants/{tenant_id}/history", headers=manager)).json()
    assert history[-1]["actor"] == "staff-rina"

    starts_at, ends_at = fresh_slot()
    body = {
        "space_id": await space_id(booking, "BITC-MUSIC-2"),
        "tenant_id": tenant_id,
        "starts_at": starts_at,
        "ends_at": ends_at,
    }
    requested = await book_when_booking_knows_tenant(booking, body)
    assert requested.json()["status"] == "requested", requested.text
    lead = tokens.headers(Role.community_lead, tenant_id=tenant_id)
    refused = await booking.post(f"/bookings/{requested.json()['id']}/approve", headers=lead)
    assert _status(refused) == 403
    approved = await booking.post(f"/bookings/{requested.json()['id']}/approve", headers=manager)
    assert approved.json()["status"] == "confirmed"


async def test_without_a_token_every_service_answers_401_but_its_probes(platform):
    for service, path in {
        "tenancy": "/tenants",
        "booking": "/bookings",
        "notifications": "/notifications",
    }.items():
        async with httpx.AsyncClient(base_url=platform.service_urls[service]) as anonymous:
            refused = await anonymous.get(path)
            assert refused.status_code == 401, service
            assert refused.headers["www-authenticate"] == "Bearer"
            assert (await anonymous.get("/health/live")).status_code == 200
