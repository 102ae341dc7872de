"""What the web console asks booking over HTTP against the running platform: the public
catalogue a signed-out visitor reads, the bookings a closure would cancel before staff confirm
it, the waitlist as a list, and one site's bookings for the staff board."""

import uuid
from datetime import datetime, timedelta

import httpx
import pytest

from bitc.devstack.dev_keys import DevSigningKey
from contracts.tenancy import TenantKind
from shared.auth.access import Role
from tests.e2e.api_steps import WIB, fresh_slot, space_id
from tests.e2e.test_booking_api import known_tenant
from tests.tokens import Tokens

pytestmark = pytest.mark.e2e


@pytest.fixture
async def anonymous(platform):
    async with httpx.AsyncClient(base_url=platform.service_urls["booking"], timeout=10) as client:
        yield client


def _booking(space: str, tenant_id: str, starts_at: str, ends_at: str) -> dict[str, str]:
    return {"space_id": space, "tenant_id": tenant_id, "starts_at": starts_at, "ends_at": ends_at}


async def test_anyone_reads_the_catalogue_and_free_times_but_never_who_booked(
    api, infra, anonymous, tmp_path
):
    _, booking, _ = api
    tenant_id = await known_tenant(infra, booking)
    room = await space_id(booking, "BITC-MEET-A")
    starts_at, ends_at = fresh_slot()
    booked = await booking.post("/bookings", json=_booking(room, tenant_id, starts_at, ends_at))
    assert booked.status_code == 201, booked.text

    spaces = await anonymous.get("/spaces")
    assert spaces.status_code == 200, spaces.text
    assert spaces.json() == (await booking.get("/spaces")).json()
    techno_park = (await anonymous.get("/spaces", params={"site": "techno_park"})).json()
    assert techno_park
    assert {s["site"] for s in techno_park} == {"techno_park"}
    one = await anonymous.get(f"/spaces/{room}")
    assert (one.status_code, one.json()["code"]) == (200, "BITC-MEET-A")
    assert set(one.json()["opening_hours"])
    assert one.json()["capacity"] > 0

    start = datetime.fromisoformat(starts_at)
    day = start.replace(hour=0)
    window = {"starts_at": day.isoformat(), "ends_at": (day + timedelta(days=1)).isoformat()}
    free = await anonymous.get(f"/spaces/{room}/availability", params=window)
    assert free.status_code == 200, free.text
    assert free.json() == (await booking.get(f"/spaces/{room}/availability", params=window)).json()
    assert all(set(interval) == {"starts_at", "ends_at"} for interval in free.json())
    assert tenant_id not in free.text
    assert booked.json()["id"] not in free.text
    assert all(
        not (datetime.fromisoformat(i["starts_at"]) < datetime.fromisoformat(ends_at))
        or not (start < datetime.fromisoformat(i["ends_at"]))
        for i in free.json()
    ), "the booked slot is not shown free"

    # Everything else still needs a token, and a bad token is refused on the catalogue too.
    for path in ("/bookings", "/waitlist", "/closures", f"/spaces/{room}/rules"):
        assert (await anonymous.get(path)).status_code == 401, path
    searched = await anonymous.get("/spaces/search", params={"type": "meeting_room"} | window)
    assert searched.status_code == 401
    forged = Tokens(DevSigningKey(tmp_path).ensure()).headers(Role.manager)
    assert (await anonymous.get("/spaces", headers=forged)).status_code == 401


async def _closure_day(booking: httpx.AsyncClient) -> tuple[str, datetime]:
    """A new Techno Park studio of its own (so closing it touches no other test) and a weekday
    three to five days ahead."""
    body = {
        "site": "techno_park",
        "code": f"CTP-PREVIEW-{uuid.uuid4().hex[:6].upper()}",
        "name": "Studio Pratinjau",
        "type": "meeting_room",
        "capacity": 4,
        "opening_hours": {
            d: ["08:00", "20:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        },
    }
    created = await booking.post("/spaces", json=body)
    assert created.status_code == 201, created.text
    day = datetime.now(WIB).replace(hour=0, minute=0, second=0, microsecond=0)
    day += timedelta(days=3 + (2 if (day + timedelta(days=3)).weekday() >= 5 else 0))
    return created.json()["id"], day


async def test_staff_see_the_bookings_a_closure_would_cancel_before_making_it(api, infra, tokens):
    _, booking, _ = api
    tenant_id = await known_tenant(infra, booking, TenantKind.STARTUP)
    studio, day = await _closure_day(booking)
    made = []
    for start in (day.replace(hour=9), day.replace(hour=12), day.replace(hour=9) + timedelta(1)):
        end = start + timedelta(hours=1)
        body = _booking(studio, tenant_id, start.isoformat(), end.isoformat())
        response = await booking.post("/bookings", json=body)
        assert response.status_code == 201, response.text
        made.append(response.json())
    closure = {
        "site": "techno_park",
        "space_id": studio,
        "starts_at": day.isoformat(),
        "ends_at": (day + timedelta(days=1)).isoformat(),
        "reason": "maintenance",
    }

    preview = await booking.get("/closures/preview", params=closure)
    assert preview.status_code == 200, preview.text
    shown = preview.json()
    assert shown["bookings_cancelled"] == 2
    assert [b["id"] for b in shown["bookings"]] == [made[0]["id"], made[1]["id"]]
    assert shown["bookings"][0]["tenant_id"] == tenant_id
    assert (await booking.get(f"/bookings/{made[0]['id']}")).json()["status"] == "confirmed"
    placed_so_far = (await booking.get("/closures", params={"site": "techno_park"})).json()
    assert all(c["space_id"] != studio for c in placed_so_far), "the preview placed nothing"
    site_wide = {name: value for name, value in closure.items() if name != "space_id"}
    whole_site = await booking.get("/closures/preview", params=site_wide)
    assert {made[0]["id"], made[1]["id"]} <= {b["id"] for b in whole_site.json()["bookings"]}

    # What POST would refuse, the preview refuses with the same problem.
    for wrong in (
        {"ends_at": closure["starts_at"]},
        {"site": "bitc"},
        {"space_id": str(uuid.uuid4())},
    ):
        previewed = await booking.get("/closures/preview", params=closure | wrong)
        placed = await booking.post("/closures", json=closure | wrong)
        assert previewed.status_code == placed.status_code == 422, (wrong, placed.text)
        assert {k: v for k, v in previewed.json().items() if k != "instance"} == {
            k: v for k, v in placed.json().items() if k != "instance"
        }
    member = tokens.headers(Role.tenant_member, tenant_id=tenant_id)
    refused = await booking.get("/closures/preview", params=closure, headers=member)
    assert refused.status_code == 403

    placed = await booking.post("/closures", json=closure)
    assert placed.json()["bookings_cancelled"] == shown["bookings_cancelled"]
    for previewed in shown["bookings"]:
        after = (await booking.get(f"/bookings/{previewed['id']}")).json()
        assert (after["status"], after["status_reason"]) == ("cancelled", "space_closed")
    assert (await booking.get(f"/bookings/{made[2]['id']}")).json()["status"] == "confirmed"
    again = await booking.get("/closures/preview", params=closure)
    assert again.json() == {"bookings_cancelled": 0, "bookings": []}


async def test_the_waitlist_lists_a_tenants_own_places_and_staff_see_all(api, infra, tokens):
    _, booking, _ = api
    holder = await known_tenant(infra, booking, TenantKind.STARTUP)
    first, second = [await known_tenant(infra, booking, TenantKind.COMPANY) for _ in range(2)]
    space = await space_id(booking, "BITC-DUB-1")
    starts_at, ends_at = fresh_slot()
    held = await booking.post("/bookings", json=_booking(space, holder, starts_at, ends_at))
    assert held.status_code == 201, held.text
    queued = []
    for tenant_id in (first, second):
        body = _booking(space, tenant_id, starts_at, ends_at)
        response = await booking.post("/waitlist", json=body)
        assert response.status_code == 201, response.text
        queued.append(response.json())

    of_slot = await booking.get("/waitlist", params={"space_id": space, "status": "waiting"})
    ids = [entry["id"] for entry in of_slot.json()["items"]]
    assert ids.index(queued[0]["id"]) < ids.index(queued[1]["id"]), "first come first"

    as_first = tokens.headers(Role.tenant_member, tenant_id=first)
    own = await booking.get("/waitlist", headers=as_first)
    assert own.status_code == 200, own.text
    assert [e["id"] for e in own.json()["items"]] == [queued[0]["id"]]
    theirs = await booking.get("/waitlist", params={"tenant_id": second}, headers=as_first)
    assert (theirs.status_code, theirs.json()["type"]) == (
        403,
        "urn:bitc:problem:forbidden-tenant",
    )

    assert (await booking.delete(f"/waitlist/{queued[0]['id']}")).status_code == 200
    withdrawn = await booking.get(
        "/waitlist", params={"space_id": space, "status": "withdrawn", "tenant_id": first}
    )
    assert [e["id"] for e in withdrawn.json()["items"]] == [queued[0]["id"]]
    assert withdrawn.json()["items"][0]["status"] == "withdrawn"

    whole = (await booking.get("/waitlist", params={"space_id": space, "limit": 200})).json()
    paged, params = [], {"space_id": space, "limit": 1}
    while True:
        page = (await booking.get("/waitlist", params=params)).json()
        paged += [e["id"] for e in page["items"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert paged == [e["id"] for e in whole["items"]]
    assert {queued[0]["id"], queued[1]["id"]} <= set(paged)
    bad = await booking.get("/waitlist", params={"cursor": "not-a-cursor"})
    assert (bad.status_code, bad.json()["type"]) == (400, "urn:bitc:problem:invalid-cursor")


async def test_the_staff_board_lists_one_sites_bookings(api, infra):
    _, booking, _ = api
    tenant_id = await known_tenant(infra, booking)
    made = {}
    for code in ("BITC-MEET-B", "CTP-MEET-1"):
        starts_at, ends_at = fresh_slot()
        body = _booking(await space_id(booking, code), tenant_id, starts_at, ends_at)
        response = await booking.post("/bookings", json=body)
        assert response.status_code == 201, response.text
        made[response.json()["site"]] = response.json()["id"]
    assert set(made) == {"bitc", "techno_park"}

    for site, booking_id in made.items():
        listed = await booking.get("/bookings", params={"tenant_id": tenant_id, "site": site})
        assert listed.status_code == 200, listed.text
        assert [b["id"] for b in listed.json()["items"]] == [booking_id]
    unknown = await booking.get("/bookings", params={"site": "bandung"})
    assert unknown.status_code == 422
