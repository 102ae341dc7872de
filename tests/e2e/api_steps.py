"""Steps the end-to-end tests take through the services' HTTP APIs."""

from datetime import UTC, datetime, timedelta

import httpx

from tests.polling import eventually

_slot_counter = iter(range(1, 10_000))


async def register(tenancy: httpx.AsyncClient, *, activate: bool) -> str:
    body = {
        "kind": "community",
        "display_name": "Komunitas Musik Baros",
        "plan_code": "community",
        "contact": {"name": "Asep", "email": "asep@example.id", "phone": "0812-3456-7890"},
    }
    response = await tenancy.post("/tenants", json=body)
    assert response.status_code == 201, response.text
    tenant_id = response.json()["id"]
    if activate:
        assert (await tenancy.post(f"/tenants/{tenant_id}/activate")).status_code == 200
    return tenant_id


async def space_id(booking: httpx.AsyncClient, code: str = "BITC-MUSIC-1") -> str:
    spaces = (await booking.get("/spaces")).json()
    return next(space["id"] for space in spaces if space["code"] == code)


def fresh_slot(hours: int = 2) -> tuple[str, str]:
    """A period no other test uses: each call moves a week further into the future."""
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(
        weeks=next(_slot_counter)
    )
    return starts.isoformat(), (starts + timedelta(hours=hours)).isoformat()


async def book_when_booking_knows_tenant(
    booking: httpx.AsyncClient, body: dict, *, active: bool = True
) -> httpx.Response:
    """Booking learns of tenants from Kafka; until it has caught up it answers unknown-tenant
    (and, for a tenant activated a moment ago, tenant-not-active)."""
    catching_up = {"urn:bitc:problem:unknown-tenant"}
    if active:
        catching_up.add("urn:bitc:problem:tenant-not-active")

    async def attempt() -> httpx.Response:
        return await booking.post("/bookings", json=body)

    return await eventually(
        attempt,
        until=lambda r: r.status_code < 400 or r.json()["type"] not in catching_up,
        what="booking learns of the tenant",
    )


async def notifications_of(notifications: httpx.AsyncClient, tenant_id: str) -> list[dict]:
    response = await notifications.get("/notifications", params={"tenant_id": tenant_id})
    assert response.status_code == 200, response.text
    return response.json()["items"]
