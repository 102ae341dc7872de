"""The console's Download CSV against the running platform: it relays the service's own CSV,
asked with the signed-in person's token and the list's filters, as a stream; only staff may
download, and a signed-out visitor is sent to sign in first."""

import csv
import io

import httpx
import pytest

from services.notifications.entrypoints.http.exports import COLUMNS
from tests.e2e.staff_steps import notification_in_log, register_active
from tests.e2e.test_console_frame import sign_in_as


@pytest.fixture
async def browser(platform):
    async with httpx.AsyncClient(base_url=platform.service_urls["console"], timeout=30) as client:
        yield client


def csv_rows(answer: httpx.Response) -> list[list[str]]:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8").removeprefix("\ufeff"))))


async def test_the_notifications_log_downloads_its_filtered_rows_as_the_services_csv(
    api, infra, browser
):
    tenancy, _, _ = api
    tenant = await register_active(tenancy, approval=False)
    url = infra.database_urls["notifications"]
    dead = await notification_in_log(url, tenant["id"], dead=True)
    withdrawn = await notification_in_log(url, tenant["id"], dead=False)
    await sign_in_as(browser, "manager")

    log = await browser.get(
        "/staff/notifications", params={"tenant_id": tenant["id"], "status": "dead"}
    )
    link = f'href="/exports/notifications.csv?status=dead&amp;tenant_id={tenant["id"]}"'
    assert link in log.text
    answer = await browser.get(
        "/exports/notifications.csv", params={"status": "dead", "tenant_id": tenant["id"]}
    )

    header, *rows = csv_rows(answer)
    assert header == list(COLUMNS)
    assert [row[0] for row in rows] == [dead]
    assert withdrawn not in answer.text
    assert "attachment" in answer.headers["content-disposition"]
    # Relayed as it comes: no length known in advance, so nothing was gathered first.
    assert "content-length" not in answer.headers


async def test_only_staff_download_and_a_signed_out_visitor_signs_in_first(api, browser):
    tenancy, _, _ = api
    tenant = await register_active(tenancy, approval=False)

    signed_out = await browser.get("/exports/notifications.csv?status=dead")
    assert signed_out.status_code == 303
    assert signed_out.headers["location"].startswith("/sign-in?next=")

    await sign_in_as(browser, "community_lead", tenant["id"])
    for path in ("/exports/notifications.csv", "/reports/sponsors.csv?month=2026-11", "/reports"):
        refused = await browser.get(path)
        assert refused.status_code == 403, path
        assert "Peran Anda tidak boleh membuka halaman ini." in refused.text, path


async def test_a_download_the_console_does_not_offer_is_not_found(browser):
    await sign_in_as(browser, "manager")

    answer = await browser.get("/exports/passwords.csv")

    assert answer.status_code == 404


async def test_a_period_the_service_refuses_is_a_page_saying_so_not_a_broken_file(browser):
    await sign_in_as(browser, "manager")

    answer = await browser.get(
        "/reports/sponsors.csv", params={"from": "2026-12-05", "to": "2026-11-01"}
    )

    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html")
    assert "<h1>Tidak dapat dilakukan</h1>" in answer.text
    assert "Ini tidak dapat dilakukan sesuai isian." in answer.text
