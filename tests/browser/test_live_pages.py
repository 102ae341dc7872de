"""Live pages in a real browser: an open page redraws its live regions when an event it cares
about arrives on GET /live, without a reload, and says so to screen readers."""

from datetime import date, datetime, timedelta

import httpx
import pytest
from playwright.async_api import Page, expect

from shared.auth.access import Role
from tests.browser.page_checks import check_page, sign_in_as
from tests.e2e.api_steps import book_when_booking_knows_tenant, fresh_slot, register, space_id

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
