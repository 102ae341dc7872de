"""Staff's tenant, unit, lease and occupancy pages in a real browser: every page passes the
accessibility audit and fits a phone, and a manager registers a startup, activates it and signs
a lease for a free unit by keyboard alone, then sees the unit counted in the occupancy."""

import uuid
from datetime import date, datetime, timedelta

import httpx
import pytest
from playwright.async_api import Page, expect

from services.tenancy.domain.lease import WIB
from shared.auth.access import Role
from tests.browser.page_checks import assert_fits_the_width, check_page, sign_in_as


@pytest.fixture
async def tenancy(platform, tokens):
    headers = tokens.headers(Role.manager, subject="browser-manager")
    async with httpx.AsyncClient(
        base_url=platform.service_urls["tenancy"], timeout=15, headers=headers
    ) as client:
        yield client


def _created(answer: httpx.Response) -> dict:
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


async def _plan(tenancy: httpx.AsyncClient) -> str:
    return (_created(await tenancy.get("/plans")))["items"][0]["code"]


async def _tenant(tenancy: httpx.AsyncClient, name: str) -> dict:
    body = {
        "kind": "startup",
        "display_name": name,
        "plan_code": await _plan(tenancy),
        "contact": {"name": "Rina Wijaya", "email": "rina@example.id", "phone": "081234567890"},
    }
    return _created(await tenancy.post("/tenants", json=body))


async def _vacant_unit(tenancy: httpx.AsyncClient) -> dict:
    unit = {
        "site": "bitc",
        "code": f"BITC-OF-{uuid.uuid4().hex[:4].upper()}",
        "floor": 3,
        "area_m2": 18.75,
        "monthly_rate_idr": 2_750_000,
    }
    return _created(await tenancy.post("/units", json=unit))


async def _staff_pages(tenancy: httpx.AsyncClient) -> list[tuple[str, str]]:
    """Every page of the area, with something on it: an active tenant with a lease, and a
    tenant that has left (whose data can be erased)."""
    active = await _tenant(tenancy, f"Kreasi Digital {uuid.uuid4().hex[:4]}")
    _created(await tenancy.post(f"/tenants/{active['id']}/activate"))
    gone = await _tenant(tenancy, f"Sudah Lulus {uuid.uuid4().hex[:4]}")
    _created(await tenancy.post(f"/tenants/{gone['id']}/offboard", json={"reason": "graduated"}))
    unit = await _vacant_unit(tenancy)
    today = datetime.now(WIB).date()
    terms = {"starts_on": today.isoformat(), "ends_on": (today + timedelta(days=20)).isoformat()}
    body = {"tenant_id": active["id"], "unit_id": unit["id"]} | terms
    lease = _created(await tenancy.post("/leases", json=body))
    _created(await tenancy.post(f"/leases/{lease['id']}/sign"))
    return [
        ("/staff/tenants", "staff-tenants"),
        ("/staff/tenants/new", "staff-tenant-new"),
        (f"/staff/tenants/{active['id']}", "staff-tenant"),
        (f"/staff/tenants/{gone['id']}/erase", "staff-tenant-erase"),
        ("/staff/units", "staff-units"),
        ("/staff/leases?expiring=30", "staff-leases"),
        ("/staff/leases/new", "staff-lease-new"),
        (f"/staff/leases/{lease['id']}", "staff-lease"),
        (f"/staff/leases/{lease['id']}/terminate", "staff-lease-terminate"),
        ("/staff/occupancy", "staff-occupancy"),
    ]


async def test_every_staff_tenancy_page_passes_the_audit_at_desktop_and_phone_width(
    page, phone, tenancy
):
    pages = await _staff_pages(tenancy)
    await sign_in_as(page, "manager")
    await sign_in_as(phone, "manager")
    for url, name in pages:
        await page.goto(url)
        await expect(page.locator("h1")).to_have_count(1)
        await check_page(page, name)
        await phone.goto(url)
        await assert_fits_the_width(phone)
        await check_page(phone, f"{name}-phone")


async def _type_into(page: Page, selector: str, text: str) -> None:
    await page.focus(selector)
    await page.keyboard.type(text)


async def _choose(page: Page, selector: str, value: str) -> None:
    """A select by keyboard: the arrow keys move through its options until ``value``."""
    await page.focus(selector)
    options = await page.locator(f"{selector} option").count()
    for _ in range(options):
        if await page.locator(selector).input_value() == value:
            return
        await page.keyboard.press("ArrowDown")
    await expect(page.locator(selector)).to_have_value(value)


async def _type_day(page: Page, selector: str, day: date) -> None:
    """A date field by keyboard. Chromium orders its parts by the browser's own locale (day or
    month first), so the days typed are ones whose day and month are the same number."""
    assert day.day == day.month
    await page.focus(selector)
    await page.keyboard.type(day.strftime("%d%m%Y"))
    await expect(page.locator(selector)).to_have_value(day.isoformat())


def _day_like_month(after: date) -> date:
    """The first day after ``after`` that is written the same either way, e.g. 12/12/2026."""
    day = after + timedelta(days=1)
    while day.day != day.month:
        day += timedelta(days=1)
    return day


async def test_a_manager_registers_activates_and_leases_a_unit_by_keyboard(page, tenancy):
    unit = await _vacant_unit(tenancy)
    plan = await _plan(tenancy)
    name = f"Startup Keyboard {uuid.uuid4().hex[:4]}"
    await sign_in_as(page, "manager", next_url="/staff/tenants/new")

    await _choose(page, "#kind", "startup")
    await _type_into(page, "#display_name", name)
    await _choose(page, "#plan_code", plan)
    await _type_into(page, "#contact_name", "Budi Santoso")
    await _type_into(page, "#contact_email", "budi@startup.id")
    await _type_into(page, "#contact_phone", "0812 1111 2222")
    await page.keyboard.press("Enter")
    await expect(page.locator("h1")).to_have_text(name)
    await expect(page.locator(".facts")).to_contain_text("Mendaftar")  # applied

    await page.focus("#activate-note")
    await page.keyboard.type("Lolos seleksi inkubasi")
    await page.keyboard.press("Enter")
    await expect(page.locator(".facts")).to_contain_text("Aktif")
    tenant_id = page.url.rsplit("/", 1)[1]

    await page.get_by_role("link", name="Tanda tangani sewa untuk tenant ini").focus()
    await page.keyboard.press("Enter")
    await expect(page.locator("h1")).to_have_text("Tanda tangani sewa")
    await expect(page.locator("#lease-tenant")).to_have_value(tenant_id)
    await _choose(page, "#lease-unit", unit["id"])
    starts = _day_like_month(datetime.now(WIB).date())
    await _type_day(page, "#lease-start", starts)
    await _type_day(page, "#lease-end", _day_like_month(starts + timedelta(days=300)))
    await page.focus("#lease-rent")
    await page.keyboard.press("Tab")  # to the submit button
    await page.keyboard.press("Enter")
    await expect(page.locator("h1")).to_have_text(f"Sewa {unit['code']}")
    await expect(page.locator(".facts")).to_contain_text("Rp2.750.000")

    counted = (_created(await tenancy.get("/occupancy")))["sites"]["bitc"]
    await page.goto("/staff/occupancy?site=bitc")
    leased, total = counted["units_leased"], counted["units_total"]
    await expect(page.locator("main")).to_contain_text(f"{leased} dari {total} unit disewa")
    assert (_created(await tenancy.get(f"/units/{unit['id']}")))["status"] == "leased"
