"""Live pages in a real browser: an open page redraws its live regions when an event it cares
about arrives on GET /live, without a reload, and says so to screen readers. A community lead
books a weekly practice series, staff approve it from the queue, and the lead's page shows it
confirmed at once; a slot booked elsewhere leaves the catalogue's free times."""

import uuid
from datetime import date, datetime, time, timedelta

import httpx
import pytest
from playwright.async_api import Page, expect

from shared.auth.access import Role
from tests.browser.page_checks import check_page, sign_in_as
from tests.e2e.api_steps import (
    WIB,
    book_when_booking_knows_tenant,
    fresh_slot,
    register,
    space_id,
)
from tests.e2e.staff_steps import register_active

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: Whether the interval [starts, ends) overlaps a free time shown in the week's live region.
SHOWN_FREE = """([starts, ends]) => [...document.querySelectorAll('#week .free-times li')].some(
  (li) => {
    const [from, to] = [...li.querySelectorAll('time')].map((t) => Date.parse(t.dateTime));
    return from < Date.parse(ends) && Date.parse(starts) < to;
  })"""


@pytest.fixture
async def services_as_admin(platform, tokens):
    urls, admin = platform.service_urls, tokens.headers(Role.admin, subject="browser-admin")
    async with (
        httpx.AsyncClient(base_url=urls["tenancy"], timeout=10, headers=admin) as tenancy,
        httpx.AsyncClient(base_url=urls["booking"], timeout=10, headers=admin) as booking,
    ):
        yield tenancy, booking


def monday_of(moment: str) -> date:
    day = datetime.fromisoformat(moment).date()
    return day - timedelta(days=day.weekday())


async def test_a_booking_made_elsewhere_leaves_the_free_times_without_a_reload(
    page: Page, services_as_admin
):
    tenancy, booking = services_as_admin
    tenant = await register(tenancy, activate=True)
    room = await space_id(booking)
    starts_at, ends_at = fresh_slot()
    await sign_in_as(page, "tenant_member", tenant)
    await page.goto(f"/spaces/{room}?week={monday_of(starts_at).isoformat()}")
    await expect(page.locator("body")).to_have_attribute("data-live-listening", "true")
    assert await page.evaluate(SHOWN_FREE, [starts_at, ends_at])
    await page.evaluate("() => { window.notReloaded = true; }")

    body = {"space_id": room, "tenant_id": tenant, "starts_at": starts_at, "ends_at": ends_at}
    made = await book_when_booking_knows_tenant(booking, body)
    assert made.status_code == 201, made.text

    announcer = page.locator("[data-live-announcer]")
    await expect(announcer).to_have_text("Waktu kosong minggu ini telah diperbarui.")
    assert not await page.evaluate(SHOWN_FREE, [starts_at, ends_at])
    assert await page.evaluate("() => window.notReloaded === true")
    await check_page(page, "catalogue-space-live")


async def test_a_signed_out_visitor_opens_no_stream(page: Page, services_as_admin):
    _, booking = services_as_admin
    asked_for: list[str] = []
    page.on("request", lambda request: asked_for.append(request.url))

    await page.goto(f"/spaces/{await space_id(booking)}")
    await page.wait_for_load_state("networkidle")

    await expect(page.locator("body")).not_to_have_attribute("data-live-stream", "/live")
    assert not [url for url in asked_for if url.endswith("/live")]


def evening(day: date) -> tuple[str, str]:
    """17:00-19:00 WIB of ``day``: just before the series' practice."""
    starts = datetime.combine(day, time(17), WIB)
    return starts.isoformat(), (starts + timedelta(hours=2)).isoformat()


async def book(
    booking: httpx.AsyncClient, tenant_id: str, space: str, starts: str, ends: str
) -> str:
    body = {"space_id": space, "tenant_id": tenant_id, "starts_at": starts, "ends_at": ends}
    made = await book_when_booking_knows_tenant(booking, body)
    assert made.status_code == 201, made.text
    return made.json()["id"]


async def a_practice_room(booking: httpx.AsyncClient) -> dict:
    """A music room of its own, open every evening, so the series collides with no other test."""
    space = {
        "site": "bitc",
        "code": f"LATIHAN-{uuid.uuid4().hex[:6].upper()}",
        "name": "Ruang Latihan Mingguan",
        "type": "music_room",
        "capacity": 10,
        "amenities": ["drum kit"],
        "opening_hours": {day: ["08:00", "22:00"] for day in WEEKDAYS},
    }
    made = await booking.post("/spaces", json=space)
    assert made.status_code == 201, made.text
    return made.json()


async def test_staff_approve_a_weekly_series_and_the_leads_page_shows_it_confirmed_at_once(
    page: Page, second_page: Page, services_as_admin
):
    tenancy, booking = services_as_admin
    tenant = await register_active(tenancy, approval=True)
    room = await a_practice_room(booking)
    today = datetime.now(WIB).date()
    first = today + timedelta(days=7 + (1 - today.weekday()) % 7)  # a Tuesday, a week or more on
    tuesdays = [first + timedelta(weeks=n) for n in range(3)]
    lead, staff = page, second_page
    await sign_in_as(staff, "manager")
    await staff.goto("/staff/approvals")
    await expect(staff.locator("body")).to_have_attribute("data-live-listening", "true")
    await staff.evaluate("() => { window.notReloaded = true; }")

    await sign_in_as(lead, "community_lead", tenant["id"])
    await lead.goto(f"/series/new?space_id={room['id']}")
    await lead.select_option("#series-weekday", "tue")
    await lead.select_option("#series-start", "19:00")
    await lead.select_option("#series-minutes", "120")
    await lead.fill("#series-first", tuesdays[0].isoformat())
    await lead.fill("#series-last", tuesdays[-1].isoformat())
    await lead.get_by_role("button", name="Pesan rangkaian ini").click()
    await lead.wait_for_url("**/series/*")
    await lead.goto("/my/bookings")
    await expect(lead.locator("body")).to_have_attribute("data-live-listening", "true")
    practices = lead.locator("#my-bookings li.card")
    await expect(practices.filter(has_text="Menunggu persetujuan")).to_have_count(3)
    booking_ids = await practices.evaluate_all("(cards) => cards.map((c) => c.id.slice(8))")
    await lead.evaluate("() => { window.notReloaded = true; }")

    # The three requests came into the open queue by themselves; staff tick them, and what they
    # ticked survives another request arriving meanwhile, which is not approved with them.
    for booking_id in booking_ids:
        await staff.check(f"#select-{booking_id}")
    other = await register_active(tenancy, approval=True)
    elsewhere = await book(booking, other["id"], room["id"], *evening(tuesdays[0]))
    await expect(staff.locator(f"#select-{elsewhere}")).not_to_be_checked()
    for booking_id in booking_ids:
        await expect(staff.locator(f"#select-{booking_id}")).to_be_checked()
    assert await staff.evaluate("() => window.notReloaded === true")
    await check_page(staff, "staff-approvals-live")
    await staff.get_by_role("button", name="Setujui yang dipilih").click()
    await staff.wait_for_load_state()

    await expect(practices.filter(has_text="Terkonfirmasi")).to_have_count(3)
    announcer = lead.locator("[data-live-announcer]")
    await expect(announcer).to_have_text("Halaman ini telah diperbarui.")
    assert await lead.evaluate("() => window.notReloaded === true")
    assert (await booking.get(f"/bookings/{elsewhere}")).json()["status"] == "requested"
    await check_page(lead, "my-bookings-live")
