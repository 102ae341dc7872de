"""The staff pages of bookings in a real browser (board, approvals, closures, notifications
log, audit log): each passes the audit at desktop and phone width, staff close a music room on
17 August seeing the affected booking before anything is cancelled, and approve several
requests at once from the queue."""

import uuid
from datetime import date, datetime, timedelta

import httpx
import pytest
from playwright.async_api import Page, expect

from shared.auth.access import Role
from tests.browser.page_checks import assert_fits_the_width, check_page, sign_in_as
from tests.e2e.api_steps import WIB, fresh_slot, space_id
from tests.e2e.staff_steps import book, register_active

INDEPENDENCE_DAY = (8, 17)
ALL_WEEK = {day: ["08:00", "22:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@pytest.fixture
async def api(platform, tokens):
    """The three services' APIs as an admin, to set the scene the pages then show."""
    urls = platform.service_urls
    admin = tokens.headers(Role.admin, subject="browser-admin")
    async with (
        httpx.AsyncClient(base_url=urls["tenancy"], timeout=10, headers=admin) as tenancy,
        httpx.AsyncClient(base_url=urls["booking"], timeout=10, headers=admin) as booking,
    ):
        yield tenancy, booking


def next_independence_day() -> date:
    today = datetime.now(WIB).date()
    this_year = date(today.year, *INDEPENDENCE_DAY)
    return this_year if this_year - today > timedelta(days=2) else date(today.year + 1, 8, 17)


async def music_room_bookable_a_year_ahead(booking: httpx.AsyncClient) -> dict:
    """A music room of its own (so closing it touches no other test), open every day and
    bookable up to two years ahead, so 17 August can be booked whenever the test runs."""
    space = {
        "site": "bitc",
        "code": f"MERDEKA-{uuid.uuid4().hex[:6].upper()}",
        "name": "Ruang Musik Merdeka",
        "type": "music_room",
        "capacity": 12,
        "amenities": ["drum kit", "amplifier"],
        "opening_hours": ALL_WEEK,
    }
    made = await booking.post("/spaces", json=space)
    assert made.status_code == 201, made.text
    rules = await booking.put(f"/spaces/{made.json()['id']}/rules", json={"max_days_ahead": 730})
    assert rules.status_code == 200, rules.text
    return made.json()


async def requested(api, name: str) -> tuple[dict, dict]:
    tenancy, booking = api
    tenant = await register_active(tenancy, approval=True, name=name)
    made = await book(booking, tenant["id"], await space_id(booking), fresh_slot())
    assert made["status"] == "requested"
    return tenant, made


async def status_of(booking: httpx.AsyncClient, booking_id: str) -> str:
    return (await booking.get(f"/bookings/{booking_id}")).json()["status"]


def unique(name: str) -> str:
    return f"{name} {uuid.uuid4().hex[:4]}"


async def audited_at_both_widths(page: Page, phone: Page, url: str, name: str) -> None:
    for browser, shot in ((page, name), (phone, f"{name}-phone")):
        await browser.goto(url)
        await expect(browser.locator("h1")).to_have_count(1)
        if browser is phone:
            await assert_fits_the_width(phone)
        await check_page(browser, shot)


async def test_every_staff_page_passes_the_audit_at_desktop_and_phone_width(api, page, phone):
    tenancy, booking = api
    await requested(api, unique("Sanggar Tari Cimahi"))
    in_today = await register_active(tenancy, approval=False, name=unique("Studio Animasi Baros"))
    period = fresh_slot(hours=3)
    await book(booking, in_today["id"], await space_id(booking), period)
    day = datetime.fromisoformat(period[0]).date().isoformat()
    for browser in (page, phone):
        await sign_in_as(browser, "manager")

    pages = (
        (f"/staff/board?site=bitc&day={day}", "staff-board"),
        ("/staff/approvals", "staff-approvals"),
        ("/staff/closures", "staff-closures"),
        ("/staff/closures/new", "staff-closure-new"),
        ("/staff/notifications", "staff-notifications"),
    )
    for url, name in pages:
        await audited_at_both_widths(page, phone, url, name)

    for browser in (page, phone):
        await sign_in_as(browser, "admin")
    await audited_at_both_widths(page, phone, "/admin/audit?service=tenancy", "admin-audit")


async def preview_closing(browser: Page, room_id: str, day: date) -> None:
    """Fills the closure form for the whole of ``day`` and asks for the preview."""
    await browser.goto("/staff/closures/new")
    await browser.select_option("#closure-target", room_id)
    await browser.fill("#closure-first-day", day.isoformat())
    await browser.select_option("#closure-reason", "public_holiday")
    await browser.get_by_role("button", name="Tampilkan pemesanan yang akan dibatalkan").click()
    await expect(browser.locator("h1")).to_have_text("Konfirmasi penutupan")


async def test_staff_close_a_music_room_on_17_august_seeing_the_booking_first(api, page, phone):
    tenancy, booking = api
    room = await music_room_bookable_a_year_ahead(booking)
    band = await register_active(tenancy, approval=False, name=unique("Band Pelajar Cimahi"))
    holiday = next_independence_day()
    at_ten = datetime(holiday.year, 8, 17, 10, tzinfo=WIB)
    made = await book(
        booking,
        band["id"],
        room["id"],
        (at_ten.isoformat(), (at_ten + timedelta(hours=2)).isoformat()),
    )
    assert made["status"] == "confirmed"
    await sign_in_as(page, "manager")

    await preview_closing(page, room["id"], holiday)

    affected = page.locator("main table tbody tr")
    await expect(affected).to_have_count(1)
    await expect(affected.first).to_contain_text(band["display_name"])
    await expect(affected.first).to_contain_text("10:00")
    assert await status_of(booking, made["id"]) == "confirmed"  # nothing cancelled yet
    await check_page(page, "staff-closure-preview")
    await sign_in_as(phone, "manager")
    await preview_closing(phone, room["id"], holiday)  # the preview only reads
    await assert_fits_the_width(phone)
    await check_page(phone, "staff-closure-preview-phone")

    await page.get_by_role("button", name="Konfirmasi: tutup dan batalkan pemesanan ini").click()

    await expect(page.locator("h1")).to_have_text("Ruang Musik Merdeka ditutup")
    await expect(page.get_by_text("1 pemesanan dibatalkan.")).to_be_visible()
    await expect(page.locator("main table")).to_contain_text(band["display_name"])
    assert await status_of(booking, made["id"]) == "cancelled"
    await check_page(page, "staff-closure-done")
    await page.get_by_role("link", name="Semua penutupan").click()
    await expect(page.locator("main table")).to_contain_text("Ruang Musik Merdeka")
    await check_page(page, "staff-closures")


async def test_staff_approve_several_requests_at_once_from_the_queue(api, page):
    _, booking = api
    choir, first = await requested(api, unique("Paduan Suara Baros"))
    dancers, second = await requested(api, unique("Sanggar Tari Cimahi"))
    await sign_in_as(page, "manager")

    await page.goto("/staff/approvals")
    await page.get_by_label(f"Pilih permintaan {choir['display_name']}").check()
    await page.get_by_label(f"Pilih permintaan {dancers['display_name']}").check()
    await page.get_by_role("button", name="Setujui yang dipilih").click()

    results = page.locator(".results li")
    await expect(results).to_have_count(2)
    await expect(results.filter(has_text="Disetujui:")).to_have_count(2)
    await expect(page.locator(f"input[value='{first['id']}']")).to_have_count(0)
    assert await status_of(booking, first["id"]) == "confirmed"
    assert await status_of(booking, second["id"]) == "confirmed"
    await check_page(page, "staff-approvals-results")


async def test_a_manager_rejects_a_request_with_a_reason_by_keyboard_alone(api, page):
    _, booking = api
    choir, made = await requested(api, unique("Paduan Suara Baros"))
    await sign_in_as(page, "manager")
    await page.goto("/staff/approvals")

    await page.focus("#reject-reason")
    await page.keyboard.press("ArrowDown")  # the first reason
    await expect(page.locator("#reject-reason")).not_to_have_value("")
    await page.focus(f"input[value='{made['id']}']")
    await page.keyboard.press("Tab")  # the row's "Setujui"
    await page.keyboard.press("Tab")  # the row's "Tolak"
    await expect(
        page.get_by_role("button", name=f"Tolak permintaan {choir['display_name']}")
    ).to_be_focused()
    await page.keyboard.press("Enter")

    await expect(page.locator(".results")).to_contain_text(f"Ditolak: {choir['display_name']}")
    assert await status_of(booking, made["id"]) == "rejected"
