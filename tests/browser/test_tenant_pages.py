"""A tenant's pages in a real browser: every one passes the accessibility audit at desktop and
phone width; a community lead books a slot by keyboard alone on a phone; a tenant cannot see
or cancel another tenant's booking; a weekly series says which dates were skipped and why;
and my bookings switches language."""

from datetime import datetime, time, timedelta

import httpx
import pytest
from playwright.async_api import Page, expect

from shared.auth.access import Role
from tests.browser.page_checks import assert_fits_the_width, check_page, sign_in_as
from tests.e2e.api_steps import WIB, space_id
from tests.e2e.console_tenant_steps import (
    SERIES_ROOM,
    SINGLE_ROOM,
    active_tenant,
    free_evening,
    weekday_dates,
)


@pytest.fixture
async def apis(platform, tokens):
    """Tenancy and booking as admin, to set the scene the pages are looked at in."""
    urls, admin = platform.service_urls, tokens.headers(Role.admin, subject="browser-admin")
    async with (
        httpx.AsyncClient(base_url=urls["tenancy"], timeout=10, headers=admin) as tenancy,
        httpx.AsyncClient(base_url=urls["booking"], timeout=10, headers=admin) as booking,
    ):
        yield tenancy, booking


async def book(booking: httpx.AsyncClient, tenant: str, room: str) -> dict:
    starts, ends = free_evening()
    body = {"space_id": room, "tenant_id": tenant, "starts_at": starts.isoformat()}
    made = await booking.post("/bookings", json=body | {"ends_at": ends.isoformat()})
    assert made.status_code == 201, made.text
    return made.json()


async def weekly_series(
    booking: httpx.AsyncClient, tenant: str, room: str, weekday: int, weeks: int = 3
) -> dict:
    first = datetime.combine(weekday_dates(weekday, 1, first_ahead=30)[0], time(20), WIB)
    body = {
        "space_id": room,
        "tenant_id": tenant,
        "starts_at": first.isoformat(),
        "ends_at": (first + timedelta(hours=2)).isoformat(),
        "frequency": "weekly",
        "count": weeks,
    }
    made = await booking.post("/series", json=body)
    assert made.status_code == 201, made.text
    return made.json()


async def test_every_tenant_page_passes_the_audit_at_desktop_and_phone_width(page, phone, apis):
    tenancy, booking = apis
    tenant = await active_tenant(tenancy, booking)
    room = await space_id(booking, SINGLE_ROOM)
    made = await book(booking, tenant, room)
    series = await weekly_series(booking, tenant, await space_id(booking, SERIES_ROOM), 2)
    taken = await book(booking, await active_tenant(tenancy, booking), room)
    wait = {key: taken[key] for key in ("space_id", "starts_at", "ends_at")}
    place = await booking.post("/waitlist", json=wait | {"tenant_id": tenant})
    assert place.status_code == 201, place.text
    day = made["starts_at"][:10]
    pages = (
        (f"/book/{room}?day={day}&minutes=60", "book"),
        (f"/series/new?space_id={room}", "series-new"),
        (f"/series/{series['id']}", "series"),
        ("/my/bookings", "my-bookings"),
        ("/my/bookings?tab=cancelled", "my-bookings-cancelled"),
        (f"/my/bookings/{made['id']}?booked=1", "my-booking"),
        (f"/my/bookings/{made['id']}/cancel", "my-booking-cancel"),
        ("/my/waitlist", "my-waitlist"),
        ("/my/quota", "my-quota"),
        ("/my/calendar", "my-calendar"),
        ("/my/preferences", "my-preferences"),
    )
    await sign_in_as(page, "community_lead", tenant)
    await sign_in_as(phone, "community_lead", tenant)
    for url, name in pages:
        answer = await page.goto(url)
        assert answer.status == 200, url
        await expect(page.locator("h1")).to_have_count(1)
        await check_page(page, name)
        await phone.goto(url)
        await assert_fits_the_width(phone)
        await check_page(phone, f"{name}-phone")


async def _tab_to(page: Page, selector: str, presses: int = 80) -> None:
    """Presses Tab until the element matching ``selector`` has the focus."""
    for _ in range(presses):
        await page.keyboard.press("Tab")
        if await page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} never got the focus by Tab")


async def test_a_community_lead_books_a_slot_by_keyboard_alone_on_a_phone(phone, apis):
    tenancy, booking = apis
    tenant = await active_tenant(tenancy, booking)
    room = await space_id(booking, SINGLE_ROOM)
    starts, _ = free_evening()
    await sign_in_as(phone, "community_lead", tenant)
    await phone.goto(f"/book/{room}?day={starts.date().isoformat()}&minutes=120")
    await assert_fits_the_width(phone)
    wanted = f"input[name=slot][value='{starts.isoformat()}']"
    await expect(phone.locator(wanted)).to_have_count(1)

    await _tab_to(phone, "input[name=slot]")
    for _ in range(40):  # the arrows move through the radio group, choosing as they go
        if await phone.evaluate(f"() => document.activeElement.matches({wanted!r})"):
            break
        await phone.keyboard.press("ArrowDown")
    await expect(phone.locator(wanted)).to_be_checked()
    await _tab_to(phone, "#book-attendees")
    await phone.keyboard.press("Control+A")
    await phone.keyboard.type("3")
    await _tab_to(phone, "form[method=post] button[type=submit]")
    async with phone.expect_navigation():
        await phone.keyboard.press("Enter")

    await expect(phone.get_by_role("status")).to_have_text("Pemesanan Anda sudah terkonfirmasi.")
    await assert_fits_the_width(phone)
    mine = (await booking.get("/bookings", params={"tenant_id": tenant})).json()["items"]
    assert [(datetime.fromisoformat(b["starts_at"]), b["attendees"]) for b in mine] == [(starts, 3)]


async def test_a_tenant_cannot_see_or_cancel_another_tenants_booking(page, second_page, apis):
    tenancy, booking = apis
    owner, stranger = await active_tenant(tenancy, booking), await active_tenant(tenancy, booking)
    made = await book(booking, owner, await space_id(booking, SINGLE_ROOM))
    await sign_in_as(page, "tenant_member", owner)
    await sign_in_as(second_page, "tenant_member", stranger)

    await page.goto("/my/bookings")
    await expect(page.locator(f"#booking-{made['id']}")).to_have_count(1)
    await second_page.goto("/my/bookings")
    await expect(second_page.locator(f"#booking-{made['id']}")).to_have_count(0)
    for url in (f"/my/bookings/{made['id']}", f"/my/bookings/{made['id']}/cancel"):
        answer = await second_page.goto(url)
        assert answer.status == 404, url
        await expect(second_page.get_by_role("alert")).to_have_text(
            "Pemesanan ini tidak ada, atau bukan milik tenant Anda."
        )
        await expect(
            second_page.get_by_role("button", name="Ya, batalkan pemesanan")
        ).to_have_count(0)

    assert (await booking.get(f"/bookings/{made['id']}")).json()["status"] == "confirmed"


async def test_a_weekly_series_shows_which_dates_were_skipped_and_why(page, apis):
    tenancy, booking = apis
    tenant = await active_tenant(tenancy, booking)
    room = await space_id(booking, SERIES_ROOM)
    dates = weekday_dates(3, 3, first_ahead=30)  # three Thursdays
    closed = datetime.combine(dates[2], time(0), WIB)
    closure = {
        "site": "bitc",
        "space_id": room,
        "starts_at": closed.isoformat(),
        "ends_at": (closed + timedelta(days=1)).isoformat(),
        "reason": "public_holiday",
    }
    assert (await booking.post("/closures", json=closure)).status_code == 201
    await sign_in_as(page, "community_lead", tenant)

    await page.goto(f"/series/new?space_id={room}")
    await page.select_option("#series-weekday", "thu")
    await page.select_option("#series-start", "20:00")
    await page.select_option("#series-minutes", "120")
    await page.fill("#series-first", dates[0].isoformat())
    await page.fill("#series-last", dates[-1].isoformat())
    await page.get_by_role("button", name="Pesan rangkaian ini").click()
    await page.wait_for_url("**/series/*")

    skipped = page.locator("section[aria-labelledby=skipped-heading] li")
    await expect(skipped).to_have_count(1)
    await expect(skipped).to_contain_text(
        "Ruang tutup pada hari itu. (tutup karena hari libur nasional)"
    )
    await expect(page.locator("section[aria-labelledby=made-heading] li")).to_have_count(2)
    await check_page(page, "series-skipped")


async def test_my_bookings_switches_to_english_and_back(page, apis):
    tenancy, booking = apis
    tenant = await active_tenant(tenancy, booking)
    await sign_in_as(page, "tenant_member", tenant)
    await page.goto("/my/bookings?tab=past")
    await expect(page.locator("h1")).to_have_text("Pemesanan saya")

    await page.select_option("#language-choice", "en")
    await page.get_by_role("button", name="Ganti").click()
    await page.wait_for_load_state()

    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(page.locator("h1")).to_have_text("My bookings")
    await expect(page.get_by_role("link", name="Past")).to_have_attribute("aria-current", "page")
    await page.select_option("#language-choice", "id")
    await page.get_by_role("button", name="Switch").click()
    await page.wait_for_load_state()
    await expect(page.locator("h1")).to_have_text("Pemesanan saya")


async def test_staff_pick_the_tenant_they_book_for_on_an_audited_page(page, apis):
    tenancy, booking = apis
    await active_tenant(tenancy, booking)
    room = await space_id(booking, SINGLE_ROOM)
    await sign_in_as(page, "manager")

    await page.goto(f"/book/{room}")
    await expect(page.locator("#tenant-choice")).to_be_visible()
    await check_page(page, "book-for-tenant")
    await page.get_by_role("button", name="Pesan untuk tenant ini").click()
    await page.wait_for_load_state()

    await expect(page.get_by_text("Memesan sebagai staf untuk")).to_be_visible()
    await check_page(page, "book-as-staff")
