"""Staff's report pages in a real browser against the running platform: each passes the
accessibility audit and fits a phone, shows a figure a person would look for (a sponsored
community's name and its booked hours, a space's hours, a site's leased units), and its
Download CSV link gives a CSV file with the contracted header (docs/reports.md)."""

import csv
import io
import uuid
from datetime import datetime, timedelta

import httpx
import pytest
from playwright.async_api import Page, expect

from shared.auth.access import Role
from tests.browser.page_checks import assert_fits_the_width, check_page, sign_in_as
from tests.e2e.api_steps import WIB, ensure_open_plan, fresh_slot, space_id
from tests.e2e.staff_steps import book

#: The CSV headers of the contract (REPORTS.md), written out so a drift in a service shows.
SPONSORS = (
    "month,sponsor_agency,tenant_id,site,space_type,"
    "hours_requested,hours_approved,hours_used,hours_cancelled,hours_no_show"
)
UTILISATION = (
    "month,site,space_id,space_code,space_name,space_type,tenant_kind,"
    "booked_hours,used_hours,opening_hours,share_of_opening,no_show_rate"
)
OCCUPANCY = (
    "month,site,units_total,units_leased,area_leased_m2,"
    "leases_started,leases_renewed,leases_ending,leases_ended"
)
ADMISSIONS = "month,kind,registered,admitted,graduated,offboarded,active_at_month_end"
BOOKINGS = (
    "booking_id,space_id,space_code,site,space_type,tenant_id,tenant_kind,starts_at,ends_at,"
    "hours,status,status_reason,attendees,series_id,checked_in_at,created_at"
)

TENANTS = (
    "tenant_id,display_name,kind,status,plan_code,sponsor_agency,registered_at,activated_at,"
    "contact_name,contact_email,contact_phone"
)
LEASES = (
    "lease_id,tenant_id,unit_id,unit_code,site,area_m2,state,starts_on,ends_on,"
    "monthly_rent_idr,signed_at,ended_at"
)


@pytest.fixture
async def api(platform, tokens):
    urls = platform.service_urls
    admin = tokens.headers(Role.admin, subject="browser-reports")
    async with (
        httpx.AsyncClient(base_url=urls["tenancy"], timeout=10, headers=admin) as tenancy,
        httpx.AsyncClient(base_url=urls["booking"], timeout=10, headers=admin) as booking,
    ):
        yield tenancy, booking


@pytest.fixture
async def sponsored_booking(api) -> dict:
    """A community Dispudpar sponsors, with a two-hour practice booked in BITC's music room."""
    tenancy, booking = api
    body = {
        "kind": "community",
        "display_name": f"Komunitas Keroncong Cimahi {uuid.uuid4().hex[:4]}",
        "plan_code": await ensure_open_plan(tenancy),
        "sponsor_agency": "Dispudpar",
        "contact": {"name": "Rina", "email": "rina@example.id", "phone": "0812-1111-2222"},
    }
    made = await tenancy.post("/tenants", json=body)
    assert made.status_code == 201, made.text
    tenant = made.json()
    assert (await tenancy.post(f"/tenants/{tenant['id']}/activate")).status_code == 200
    slot = fresh_slot(hours=2)
    music_room = await space_id(booking)
    practice = await book(booking, tenant["id"], music_room, slot)
    month = datetime.fromisoformat(slot[0]).astimezone(WIB).strftime("%Y-%m")
    return {"tenant": tenant, "booking": practice, "month": month, "space_id": music_room}


async def signed_in_at(page: Page, url: str) -> None:
    """Signed in as a manager, on ``url`` (whose query the sign-in's ``next`` would cut)."""
    await sign_in_as(page, "manager")
    await page.goto(url)


async def downloaded_csv(page: Page, link_name: str) -> list[list[str]]:
    """What the link gives the browser as a file, read as a spreadsheet would."""
    async with page.expect_download() as started:
        await page.get_by_role("link", name=link_name).click()
    download = await started.value
    assert download.suggested_filename.endswith(".csv"), download.suggested_filename
    text = (await download.path()).read_bytes().decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


async def test_the_reports_index_lists_the_reports_for_staff(page: Page, phone: Page):
    await signed_in_at(page, "/reports")

    await (
        page.get_by_role("navigation", name="Menu utama")
        .get_by_role("link", name="Laporan")
        .click()
    )

    await expect(page.get_by_role("heading", level=1)).to_have_text("Laporan")
    for title in ("Laporan sponsor", "Pemanfaatan ruang", "Keterisian dan penerimaan tenant"):
        await expect(page.get_by_role("link", name=title)).to_be_visible()
    await check_page(page, "reports")
    await signed_in_at(phone, "/reports")
    await assert_fits_the_width(phone)


async def test_the_sponsor_report_shows_the_community_by_name_with_its_hours_and_its_csv(
    page: Page, phone: Page, sponsored_booking: dict
):
    name, month = sponsored_booking["tenant"]["display_name"], sponsored_booking["month"]
    url = f"/reports/sponsors?month={month}&site=bitc&sponsor_agency=Dispudpar"
    await signed_in_at(page, url)

    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name))
    await expect(row.get_by_role("cell")).to_have_text(["Dispudpar", "2", "2", "0", "0", "0"])
    await expect(page.get_by_role("figure", name="Jam per komunitas")).to_contain_text(name)
    await check_page(page, "reports-sponsors")

    await expect(page.get_by_label("Dinas sponsor")).to_have_value("Dispudpar")
    header, *rows = await downloaded_csv(page, "Unduh CSV")
    assert ",".join(header) == SPONSORS
    assert {r[1] for r in rows} == {"Dispudpar"}, "the file keeps the page's agency"
    ours = [r for r in rows if r[2] == sponsored_booking["tenant"]["id"]]
    assert [(r[0], r[1], r[3], r[4], float(r[5])) for r in ours] == [
        (month, "Dispudpar", "bitc", "music_room", 2.0)
    ]

    await signed_in_at(phone, url)
    await expect(phone.get_by_role("rowheader", name=name)).to_be_attached()
    await assert_fits_the_width(phone)
    await check_page(phone, "reports-sponsors-phone")


async def test_the_utilisation_report_shows_the_music_rooms_hours_and_its_csv(
    page: Page, phone: Page, sponsored_booking: dict
):
    url = f"/reports/utilisation?month={sponsored_booking['month']}&site=bitc"
    await signed_in_at(page, url)

    music_room = page.get_by_role("row").filter(has_text="Ruang Musik")
    await expect(music_room.first).to_be_visible()
    await expect(page.get_by_role("figure", name="Porsi dari jam buka")).to_be_visible()
    await check_page(page, "reports-utilisation")

    header, *rows = await downloaded_csv(page, "Unduh CSV")
    assert ",".join(header) == UTILISATION
    totals = [r for r in rows if r[2] == sponsored_booking["space_id"] and r[6] == "all"]
    assert len(totals) == 1
    assert float(totals[0][7]) >= 2, "the practice's two hours are booked"

    await signed_in_at(phone, url)
    await assert_fits_the_width(phone)


async def leased_unit(tenancy: httpx.AsyncClient, tenant_id: str) -> None:
    """A new BITC office unit, leased to ``tenant_id`` from today for a year."""
    unit = {
        "site": "bitc",
        "code": f"BITC-LAP-{uuid.uuid4().hex[:4].upper()}",
        "floor": 2,
        "area_m2": 24.5,
        "monthly_rate_idr": 3_000_000,
    }
    made = await tenancy.post("/units", json=unit)
    assert made.status_code == 201, made.text
    today = datetime.now(WIB).date()
    terms = {
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=365)).isoformat(),
    }
    lease = await tenancy.post(
        "/leases", json={"tenant_id": tenant_id, "unit_id": made.json()["id"]} | terms
    )
    assert lease.status_code == 201, lease.text
    signed = await tenancy.post(f"/leases/{lease.json()['id']}/sign")
    assert signed.status_code == 200, signed.text


async def test_the_occupancy_page_shows_each_sites_leased_units_and_both_csv_files(
    api, page: Page, phone: Page, sponsored_booking: dict
):
    tenancy, _ = api
    await leased_unit(tenancy, sponsored_booking["tenant"]["id"])
    month = datetime.now(WIB).strftime("%Y-%m")
    report = await tenancy.get("/reports/occupancy", params={"month": month, "site": "bitc"})
    [bitc] = report.json()["rows"]
    assert bitc["units_leased"] >= 1
    await signed_in_at(page, f"/reports/occupancy?month={month}")

    offices = page.get_by_role("table", name="Kantor per bulan")
    row = offices.get_by_role("row").filter(has=page.get_by_role("cell", name="BITC", exact=True))
    await expect(row.get_by_role("cell").nth(1)).to_have_text(
        f"{bitc['units_leased']} dari {bitc['units_total']}"
    )
    admissions = page.get_by_role("table", name="Tenant per bulan dan jenis")
    await expect(admissions.get_by_role("row").filter(has_text="Komunitas")).to_be_visible()
    await check_page(page, "reports-occupancy")

    header, *_ = await downloaded_csv(page, "Unduh data kantor (CSV)")
    assert ",".join(header) == OCCUPANCY
    header, *_ = await downloaded_csv(page, "Unduh penerimaan tenant (CSV)")
    assert ",".join(header) == ADMISSIONS

    await signed_in_at(phone, f"/reports/occupancy?month={month}")
    await assert_fits_the_width(phone)


async def test_the_board_downloads_the_shown_days_bookings(page: Page, sponsored_booking: dict):
    starts = datetime.fromisoformat(sponsored_booking["booking"]["starts_at"])
    day = starts.astimezone(WIB).date().isoformat()
    await signed_in_at(page, f"/staff/board?site=bitc&day={day}")

    header, *rows = await downloaded_csv(page, "Unduh pemesanan hari yang ditampilkan (CSV)")

    assert ",".join(header) == BOOKINGS
    assert sponsored_booking["booking"]["id"] in {r[0] for r in rows}


async def test_the_tenants_and_leases_lists_download_what_they_show(
    api, page: Page, sponsored_booking: dict
):
    tenancy, _ = api
    tenant = sponsored_booking["tenant"]
    await leased_unit(tenancy, tenant["id"])
    await signed_in_at(page, f"/staff/tenants?q={tenant['display_name']}&kind=community")

    header, *rows = await downloaded_csv(page, "Unduh tenant ini (CSV)")

    assert ",".join(header) == TENANTS
    assert [(r[0], r[1], r[5]) for r in rows] == [
        (tenant["id"], tenant["display_name"], "Dispudpar")
    ]
    await signed_in_at(page, "/staff/leases")
    header, *rows = await downloaded_csv(page, "Unduh sewa ini (CSV)")
    assert ",".join(header) == LEASES
    assert tenant["id"] in {r[1] for r in rows}


async def test_a_manager_picks_another_month_by_keyboard_alone(page: Page) -> None:
    await sign_in_as(page, "manager")
    await page.goto("/reports/utilisation")
    month = page.locator("#report-month")
    shown = await month.input_value()

    await month.focus()
    await page.keyboard.press("ArrowDown")  # the next month in the list
    chosen = await month.input_value()
    assert chosen != shown, "the month list offers one month only"
    label = await month.locator(f"option[value='{chosen}']").inner_text()
    await page.keyboard.press("Tab")  # "Tampilkan bulan"
    await expect(page.get_by_role("button", name="Tampilkan bulan")).to_be_focused()
    await page.keyboard.press("Enter")

    await expect(page.locator("#report-period")).to_contain_text(label.strip())
    await expect(page.locator("#report-month")).to_have_value(chosen)
