"""A tenant's pages of the console against the running platform, as a browser without
JavaScript uses them: booking a free slot (once, however often the form is sent), a slot taken
meanwhile refused with the sentence and the form kept, cancelling after a confirmation page,
another tenant's booking out of reach, and a weekly series telling which dates were skipped."""

import html
import re
from datetime import datetime, time, timedelta

import httpx
import pytest

from tests.e2e.api_steps import WIB, space_id
from tests.e2e.console_tenant_steps import (
    SERIES_ROOM,
    SINGLE_ROOM,
    active_tenant,
    free_evening,
    weekday_dates,
)
from tests.e2e.test_console_frame import csrf_of

KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
CONFIRMED = "Pemesanan Anda sudah terkonfirmasi."
TAKEN = "Ruang ini sudah dipesan orang lain pada waktu itu."  # booking-conflict, in Bahasa


@pytest.fixture
async def console(platform):
    async with httpx.AsyncClient(base_url=platform.service_urls["console"], timeout=20) as client:
        yield client


@pytest.fixture
async def other_console(platform):
    """Another tenant's browser."""
    async with httpx.AsyncClient(base_url=platform.service_urls["console"], timeout=20) as client:
        yield client


async def sign_in(console: httpx.AsyncClient, tenant_id: str, role: str = "community_lead"):
    form = await console.get("/sign-in/dev")
    answer = await console.post(
        "/sign-in/dev",
        data={"csrf_token": csrf_of(form), "role": role, "tenant_text": tenant_id, "next": "/"},
    )
    assert answer.status_code == 303, answer.text


async def book_through_api(booking: httpx.AsyncClient, tenant_id: str, room: str) -> str:
    starts, ends = free_evening()
    body = {
        "space_id": room,
        "tenant_id": tenant_id,
        "starts_at": starts.isoformat(),
        "ends_at": ends.isoformat(),
    }
    made = await booking.post("/bookings", json=body)
    assert made.status_code == 201, made.text
    return made.json()["id"]


def form_of(page: httpx.Response, slot: str, attendees: int = 2) -> dict:
    day = datetime.fromisoformat(slot).date().isoformat()
    return {
        "csrf_token": csrf_of(page),
        "idempotency_key": KEY.search(page.text).group(1),
        "day": day,
        "minutes": "120",
        "slot": slot,
        "attendees": str(attendees),
    }


async def test_a_lead_books_a_free_slot_once_however_often_the_form_is_sent(console, api):
    tenancy, booking, _ = api
    tenant = await active_tenant(tenancy, booking)
    room = await space_id(booking, SINGLE_ROOM)
    starts, _ = free_evening()
    await sign_in(console, tenant)

    page = await console.get(f"/book/{room}", params={"day": starts.date(), "minutes": 120})
    assert page.status_code == 200
    assert f'value="{starts.isoformat()}"' in page.text  # the slot is offered as a choice
    sent = form_of(page, starts.isoformat())
    first = await console.post(f"/book/{room}", data=sent)
    again = await console.post(f"/book/{room}", data=sent)  # a double click

    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    shown = await console.get(first.headers["location"])
    assert CONFIRMED in shown.text
    listed = await booking.get("/bookings", params={"tenant_id": tenant})
    made = listed.json()["items"]
    assert len(made) == 1
    assert made[0]["attendees"] == 2
    assert datetime.fromisoformat(made[0]["starts_at"]) == starts
    quota = (await console.get("/my/quota")).text
    assert re.search(r'<th scope="row">Ruang musik</th>\s*<td>2</td>', quota), "2 hours used"


async def test_a_slot_taken_meanwhile_is_refused_in_a_sentence_with_the_form_kept(console, api):
    tenancy, booking, _ = api
    tenant, rival = await active_tenant(tenancy, booking), await active_tenant(tenancy, booking)
    room = await space_id(booking, SINGLE_ROOM)
    starts, ends = free_evening()
    await sign_in(console, tenant)
    page = await console.get(f"/book/{room}", params={"day": starts.date(), "minutes": 120})
    rival_body = {
        "space_id": room,
        "tenant_id": rival,
        "starts_at": starts.isoformat(),
        "ends_at": ends.isoformat(),
    }
    assert (await booking.post("/bookings", json=rival_body)).status_code == 201

    refused = await console.post(f"/book/{room}", data=form_of(page, starts.isoformat(), 5))

    assert refused.status_code == 409
    assert TAKEN in html.unescape(refused.text)
    assert 'role="alert"' in refused.text
    assert 'name="attendees" type="number" min="1" max="8" value="5"' in refused.text
    assert f'name="day" value="{starts.date().isoformat()}"' in refused.text
    mine = await booking.get("/bookings", params={"tenant_id": tenant})
    assert mine.json()["items"] == []


async def test_cancelling_asks_first_and_then_cancels_the_booking(console, api):
    tenancy, booking, _ = api
    tenant = await active_tenant(tenancy, booking)
    made = await book_through_api(booking, tenant, await space_id(booking, SINGLE_ROOM))
    await sign_in(console, tenant, role="tenant_member")

    asked = await console.get(f"/my/bookings/{made}/cancel")
    assert asked.status_code == 200
    assert "Ya, batalkan pemesanan" in asked.text
    assert (await booking.get(f"/bookings/{made}")).json()["status"] == "confirmed"
    done = await console.post(f"/my/bookings/{made}/cancel", data={"csrf_token": csrf_of(asked)})

    assert done.status_code == 303
    assert (await booking.get(f"/bookings/{made}")).json()["status"] == "cancelled"
    cancelled_tab = await console.get("/my/bookings", params={"tab": "cancelled"})
    upcoming_tab = await console.get("/my/bookings", params={"tab": "upcoming"})
    assert made in cancelled_tab.text
    assert made not in upcoming_tab.text


async def test_another_tenants_booking_is_not_listed_shown_or_cancellable(
    console, other_console, api
):
    tenancy, booking, _ = api
    owner, stranger = await active_tenant(tenancy, booking), await active_tenant(tenancy, booking)
    made = await book_through_api(booking, owner, await space_id(booking, SINGLE_ROOM))
    await sign_in(console, owner)
    await sign_in(other_console, stranger)

    assert made in (await console.get("/my/bookings")).text
    listed = await other_console.get("/my/bookings")
    opened = await other_console.get(f"/my/bookings/{made}")
    cancelled = await other_console.post(
        f"/my/bookings/{made}/cancel", data={"csrf_token": csrf_of(listed)}
    )

    assert made not in listed.text
    assert opened.status_code == cancelled.status_code == 404
    assert "bukan milik tenant Anda" in html.unescape(opened.text)
    assert "bukan milik tenant Anda" in html.unescape(cancelled.text)
    assert (await booking.get(f"/bookings/{made}")).json()["status"] == "confirmed"


async def test_a_weekly_series_shows_the_dates_made_and_the_closed_one_skipped(console, api):
    tenancy, booking, _ = api
    tenant = await active_tenant(tenancy, booking)
    room = await space_id(booking, SERIES_ROOM)
    dates = weekday_dates(1, 3, first_ahead=30)  # three Tuesdays
    closed = datetime.combine(dates[1], time(0), WIB)
    closure = {
        "site": "bitc",
        "space_id": room,
        "starts_at": closed.isoformat(),
        "ends_at": (closed + timedelta(days=1)).isoformat(),
        "reason": "maintenance",
    }
    assert (await booking.post("/closures", json=closure)).status_code == 201, "closure"
    await sign_in(console, tenant)
    form = await console.get("/series/new", params={"space_id": room})
    assert form.status_code == 200

    made = await console.post(
        "/series",
        data={
            "csrf_token": csrf_of(form),
            "idempotency_key": KEY.search(form.text).group(1),
            "space_id": room,
            "weekday": "tue",
            "start": "20:00",
            "minutes": "120",
            "first_day": dates[0].isoformat(),
            "last_day": dates[-1].isoformat(),
        },
    )

    assert made.status_code == 303, made.text
    shown = html.unescape((await console.get(made.headers["location"])).text)
    assert "2 tanggal dipesan, 1 tanggal dilewati" in shown
    assert "Ruang tutup pada hari itu. (tutup karena perawatan)" in shown
    skipped_section = shown[shown.index('id="skipped-heading"') :]
    assert str(dates[1].day) in skipped_section
    series = (await booking.get(f"/series/{made.headers['location'].rsplit('/', 1)[1]}")).json()
    assert (series["booked"], series["skipped"]) == (2, 1)


async def test_the_preferences_form_changes_the_tenants_notification_preferences(console, api):
    tenancy, booking, notifications = api
    tenant = await active_tenant(tenancy, booking)
    await sign_in(console, tenant, role="tenant_member")
    page = await console.get("/my/preferences")

    saved = await console.post(
        "/my/preferences",
        data={
            "csrf_token": csrf_of(page),
            "wanted": ["booking_reminder"],
            "quiet": "true",
            "quiet_start": "22:00",
            "quiet_end": "06:00",
        },
    )

    assert saved.status_code == 303
    kept = (await notifications.get(f"/preferences/{tenant}")).json()
    assert kept["opted_out"] == ["quota_exhausted"]
    assert kept["quiet_hours"] == {"start": "22:00:00", "end": "06:00:00"}
    shown = await console.get(saved.headers["location"])
    assert 'id="wanted-quota_exhausted" name="wanted" value="quota_exhausted">' in shown.text


async def test_tenant_pages_send_the_signed_out_to_sign_in_and_refuse_staff(console):
    signed_out = await console.get("/my/bookings")
    assert signed_out.status_code == 303
    assert signed_out.headers["location"].startswith("/sign-in?next=")

    form = await console.get("/sign-in/dev")
    await console.post(
        "/sign-in/dev", data={"csrf_token": csrf_of(form), "role": "manager", "next": "/"}
    )
    refused = await console.get("/my/bookings")

    assert refused.status_code == 403
    assert 'role="alert"' in refused.text
    assert "Pemesanan saya" not in refused.text  # a manager's menu has no tenant entries


async def test_a_waitlist_place_is_listed_and_left_from_the_waitlist_page(console, api):
    tenancy, booking, _ = api
    owner, waiting = await active_tenant(tenancy, booking), await active_tenant(tenancy, booking)
    room = await space_id(booking, SINGLE_ROOM)
    starts, ends = free_evening()
    period = {"space_id": room, "starts_at": starts.isoformat(), "ends_at": ends.isoformat()}
    assert (await booking.post("/bookings", json=period | {"tenant_id": owner})).status_code == 201
    place = await booking.post("/waitlist", json=period | {"tenant_id": waiting})
    assert place.status_code == 201, place.text
    entry = place.json()["id"]
    await sign_in(console, waiting, role="tenant_member")

    listed = await console.get("/my/waitlist")
    assert f'action="/my/waitlist/{entry}/leave"' in listed.text
    left = await console.post(f"/my/waitlist/{entry}/leave", data={"csrf_token": csrf_of(listed)})

    assert left.status_code == 303
    assert (await booking.get(f"/waitlist/{entry}")).json()["status"] == "withdrawn"
    assert entry not in (await console.get(left.headers["location"])).text


async def test_staff_choose_a_tenant_and_book_on_its_behalf(console, api):
    tenancy, booking, _ = api
    tenant = await active_tenant(tenancy, booking)
    room = await space_id(booking, SINGLE_ROOM)
    starts, _ = free_evening()
    form = await console.get("/sign-in/dev")
    await console.post(
        "/sign-in/dev", data={"csrf_token": csrf_of(form), "role": "manager", "next": "/"}
    )

    choice = await console.get(f"/book/{room}")
    assert choice.status_code == 200
    assert 'id="tenant-choice" name="tenant_id"' in choice.text
    page = await console.get(
        f"/book/{room}", params={"tenant_id": tenant, "day": starts.date(), "minutes": 120}
    )
    booked = await console.post(
        f"/book/{room}", data=form_of(page, starts.isoformat()) | {"tenant_id": tenant}
    )

    assert booked.status_code == 303
    assert "booked=confirmed" in booked.headers["location"]
    assert CONFIRMED in (await console.get(booked.headers["location"])).text
    made = (await booking.get("/bookings", params={"tenant_id": tenant})).json()["items"]
    assert [datetime.fromisoformat(b["starts_at"]) for b in made] == [starts]


async def test_a_tenants_user_books_only_for_its_own_tenant_whatever_the_form_says(console, api):
    tenancy, booking, _ = api
    tenant, other = await active_tenant(tenancy, booking), await active_tenant(tenancy, booking)
    room = await space_id(booking, SINGLE_ROOM)
    starts, _ = free_evening()
    await sign_in(console, tenant, role="tenant_member")
    page = await console.get(f"/book/{room}", params={"day": starts.date(), "minutes": 120})

    sent = form_of(page, starts.isoformat()) | {"tenant_id": other}
    assert (await console.post(f"/book/{room}", data=sent)).status_code == 303

    assert len((await booking.get("/bookings", params={"tenant_id": tenant})).json()["items"]) == 1
    assert (await booking.get("/bookings", params={"tenant_id": other})).json()["items"] == []
