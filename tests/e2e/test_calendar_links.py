"""Signed calendar feed links against the running booking service: a calendar app, which sends
no token, reads a feed through its link, and nothing else opens with a key."""

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from icalendar import Calendar

from shared.auth.access import Role
from tests.calendar_reading import read_feed
from tests.e2e.api_steps import book_when_booking_knows_tenant, fresh_slot, register, space_id
from tests.polling import eventually

pytestmark = pytest.mark.e2e
PROBLEM = "application/problem+json"


def _uids(feed: httpx.Response) -> set[str]:
    return {str(event["uid"]) for event in Calendar.from_ical(feed.content).walk("VEVENT")}


def _key_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["key"][0]


async def test_a_calendar_app_reads_a_tenants_feed_through_its_link_and_nothing_else(
    api, tokens, platform
):
    tenancy, booking, _ = api
    ours = await register(tenancy, activate=True)
    theirs = await register(tenancy, activate=True)
    room = await space_id(booking)
    starts_at, ends_at = fresh_slot()
    body = {"space_id": room, "tenant_id": ours, "starts_at": starts_at, "ends_at": ends_at}
    booked = await book_when_booking_knows_tenant(booking, body)
    assert booked.status_code == 201, booked.text
    uid = f"{booked.json()['id']}@booking.bitc"

    member = tokens.headers(Role.tenant_member, tenant_id=ours, subject="siti")
    link = await booking.get(f"/tenants/{ours}/calendar-link", headers=member)
    assert link.status_code == 200, link.text
    url = link.json()["url"]
    assert urlsplit(url).path == f"/tenants/{ours}/calendar.ics"

    # The calendar app: no Authorization header at all.
    async with httpx.AsyncClient(base_url=platform.service_urls["booking"], timeout=10) as app:
        feed = await app.get(url)
        assert feed.status_code == 200, feed.text
        assert feed.headers["content-type"].startswith("text/calendar")
        assert uid in _uids(feed)

        key = _key_of(url)
        tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
        for wrong in (
            app.get(f"/tenants/{ours}/calendar.ics", params={"key": tampered}),
            # Our key on their feed, and on a space's feed.
            app.get(f"/tenants/{theirs}/calendar.ics", params={"key": key}),
            app.get(f"/spaces/{room}/calendar.ics", params={"key": key}),
        ):
            refused = await wrong
            assert refused.status_code == 404, refused.text
            assert refused.headers["content-type"] == PROBLEM
            assert b"BEGIN:VCALENDAR" not in refused.content
        # A wrong key is not rescued by a valid token either.
        with_token = await app.get(
            f"/tenants/{ours}/calendar.ics", params={"key": tampered}, headers=member
        )
        assert with_token.status_code == 404
        # Neither key nor token: the usual 401.
        assert (await app.get(f"/tenants/{ours}/calendar.ics")).status_code == 401

    # Without a key the token still works, scoped to the member's tenant.
    assert (await booking.get(f"/tenants/{ours}/calendar.ics", headers=member)).status_code == 200
    assert (await booking.get(f"/tenants/{theirs}/calendar.ics", headers=member)).status_code == 404


async def test_a_calendar_app_polling_its_link_sees_the_cancellation_as_a_newer_event(
    api, tokens, platform
):
    tenancy, booking, _ = api
    ours = await register(tenancy, activate=True)
    room = await space_id(booking, "BITC-MEET-A")
    starts_at, ends_at = fresh_slot()
    body = {"space_id": room, "tenant_id": ours, "starts_at": starts_at, "ends_at": ends_at}
    booked = await book_when_booking_knows_tenant(booking, body)
    assert booked.status_code == 201, booked.text
    uid = f"{booked.json()['id']}@booking.bitc"
    member = tokens.headers(Role.tenant_member, tenant_id=ours, subject="siti")
    url = (await booking.get(f"/tenants/{ours}/calendar-link", headers=member)).json()["url"]

    async with httpx.AsyncClient(timeout=10) as app:
        before = read_feed((await app.get(url)).content)[uid]
        cancel = await booking.post(
            f"/bookings/{booked.json()['id']}/cancel", json={"reason": "by_booker"}, headers=member
        )
        assert cancel.status_code == 200, cancel.text
        after = read_feed((await app.get(url)).content)[uid]

    assert (before.status, after.status) == ("CONFIRMED", "CANCELLED")
    assert after.sequence > before.sequence
    assert after.stamp >= before.stamp
    assert after.starts_at == before.starts_at


async def test_another_tenants_member_gets_no_link_to_a_tenant_not_theirs(api, tokens):
    tenancy, booking, _ = api
    ours = await register(tenancy, activate=True)
    theirs = await register(tenancy, activate=True)
    own = tokens.headers(Role.tenant_member, tenant_id=ours, subject="siti")
    intruder = tokens.headers(Role.tenant_member, tenant_id=theirs, subject="budi")
    # Booking learns of tenants from Kafka: once it knows ours, its own member gets a link...
    await eventually(
        lambda: booking.get(f"/tenants/{ours}/calendar-link", headers=own),
        until=lambda r: r.status_code == 200,
        what="booking knows the tenant",
    )

    # ...and a member of another tenant gets the same answer as for no tenant at all.
    refused = await booking.get(f"/tenants/{ours}/calendar-link", headers=intruder)
    assert refused.status_code == 404
    assert refused.headers["content-type"] == PROBLEM
    assert "key=" not in refused.text
    unsigned = await booking.get(f"/tenants/{ours}/calendar-link", headers={"Authorization": ""})
    assert unsigned.status_code == 401


async def test_a_spaces_feed_opens_with_its_own_link(api, platform):
    _, booking, _ = api
    room = await space_id(booking, "BITC-MUSIC-2")
    link = await booking.get(f"/spaces/{room}/calendar-link")
    assert link.status_code == 200, link.text
    async with httpx.AsyncClient(base_url=platform.service_urls["booking"], timeout=10) as app:
        feed = await app.get(link.json()["url"])
        assert feed.status_code == 200, feed.text
        assert Calendar.from_ical(feed.content)["x-wr-calname"]
        other = await space_id(booking, "BITC-MUSIC-1")
        key = _key_of(link.json()["url"])
        moved = await app.get(f"/spaces/{other}/calendar.ics", params={"key": key})
        assert moved.status_code == 404
