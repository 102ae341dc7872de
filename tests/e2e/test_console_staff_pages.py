"""The staff pages of the console against the running platform: the board, the approval
queue (one, with a reason, several at once), a closure previewed before it cancels anything,
the notifications log's retry, the audit log, and who may open them."""

import html
import re
from datetime import datetime

import httpx
import pytest

from tests.e2e.api_steps import fresh_slot, space_id
from tests.e2e.staff_steps import book, notification_in_log, register_active
from tests.e2e.test_console_frame import csrf_of, sign_in_as

STAFF_PAGES = (
    "/staff/board",
    "/staff/approvals",
    "/staff/closures",
    "/staff/closures/new",
    "/staff/notifications",
)
NOT_DONE = "Ini tidak dapat dilakukan dalam keadaannya sekarang."  # illegal-transition, in id


@pytest.fixture
async def browser(platform):
    async with httpx.AsyncClient(base_url=platform.service_urls["console"], timeout=30) as client:
        yield client


@pytest.fixture
async def manager(browser):
    await sign_in_as(browser, "manager")
    return browser


async def status_of(booking: httpx.AsyncClient, booking_id: str) -> dict:
    return (await booking.get(f"/bookings/{booking_id}")).json()


async def requested_booking(api, name: str = "") -> tuple[dict, dict]:
    tenancy, booking, _ = api
    tenant = await register_active(tenancy, approval=True, name=name)
    made = await book(booking, tenant["id"], await space_id(booking), fresh_slot())
    assert made["status"] == "requested"
    return tenant, made


async def test_a_manager_sees_the_request_and_approves_it(api, manager):
    _, booking, _ = api
    tenant, made = await requested_booking(api)

    queue = await manager.get("/staff/approvals")
    assert html.escape(tenant["display_name"]) in queue.text
    approved = await manager.post(
        "/staff/approvals", data={"csrf_token": csrf_of(queue), "approve_one": made["id"]}
    )

    assert approved.status_code == 200
    assert "Disetujui:" in approved.text
    assert (await status_of(booking, made["id"]))["status"] == "confirmed"
    assert f'value="{made["id"]}"' not in approved.text  # it left the queue


async def test_rejecting_without_a_reason_is_refused_and_with_one_goes_through(api, manager):
    _, booking, _ = api
    _, made = await requested_booking(api)
    queue = await manager.get("/staff/approvals")

    refused = await manager.post(
        "/staff/approvals", data={"csrf_token": csrf_of(queue), "reject_one": made["id"]}
    )
    assert refused.status_code == 422
    assert "Pilih alasan penolakan." in refused.text
    assert (await status_of(booking, made["id"]))["status"] == "requested"

    rejected = await manager.post(
        "/staff/approvals",
        data={
            "csrf_token": csrf_of(refused),
            "reject_one": made["id"],
            "reason": "incomplete-request",
        },
    )

    assert rejected.status_code == 200
    assert "Ditolak:" in rejected.text
    after = await status_of(booking, made["id"])
    assert (after["status"], after["status_reason"]) == ("rejected", "incomplete-request")


async def test_approving_several_at_once_reports_each_and_one_handled_meanwhile(api, manager):
    _, booking, _ = api
    _, first = await requested_booking(api)
    _, second = await requested_booking(api)
    _, handled = await requested_booking(api)
    queue = await manager.get("/staff/approvals")
    # Another manager approves one of them while this page is open.
    assert (await booking.post(f"/bookings/{handled['id']}/approve")).status_code == 200

    answer = await manager.post(
        "/staff/approvals",
        data={
            "csrf_token": csrf_of(queue),
            "action": "approve",
            "booking_id": [first["id"], second["id"], handled["id"]],
        },
    )

    assert answer.status_code == 200
    assert answer.text.count("Disetujui:") == 2
    assert answer.text.count(NOT_DONE) == 1
    for made in (first, second, handled):
        assert (await status_of(booking, made["id"]))["status"] == "confirmed"


async def test_bulk_rejection_needs_its_reason_and_a_selection(api, manager):
    _, booking, _ = api
    _, made = await requested_booking(api)
    queue = await manager.get("/staff/approvals")
    token = csrf_of(queue)

    nothing = await manager.post("/staff/approvals", data={"csrf_token": token, "action": "reject"})
    no_reason = await manager.post(
        "/staff/approvals",
        data={"csrf_token": token, "action": "reject", "booking_id": made["id"]},
    )

    assert nothing.status_code == no_reason.status_code == 422
    assert "Pilih setidaknya satu permintaan terlebih dahulu." in nothing.text
    assert "Pilih alasan penolakan." in no_reason.text
    assert f'value="{made["id"]}" checked' in no_reason.text  # the selection is kept
    assert (await status_of(booking, made["id"]))["status"] == "requested"


async def test_the_board_shows_who_is_in_which_hours_of_the_day(api, manager):
    tenancy, booking, _ = api
    tenant = await register_active(tenancy, approval=False)
    period = fresh_slot(hours=2)
    made = await book(booking, tenant["id"], await space_id(booking), period)
    day = datetime.fromisoformat(period[0]).date()

    board = await manager.get("/staff/board", params={"site": "bitc", "day": day.isoformat()})

    assert board.status_code == 200
    assert board.text.count(html.escape(tenant["display_name"])) == 2  # both hours
    assert "Dikonfirmasi, belum check-in" in board.text
    assert f'value="{day.isoformat()}"' in board.text
    assert made["status"] == "confirmed"


async def test_a_closure_lists_the_bookings_first_and_cancels_them_when_confirmed(api, manager):
    tenancy, booking, _ = api
    tenant = await register_active(tenancy, approval=False)
    room = await space_id(booking)
    starts, ends = fresh_slot(hours=2)
    made = await book(booking, tenant["id"], room, (starts, ends))
    start, end = datetime.fromisoformat(starts), datetime.fromisoformat(ends)
    form = await manager.get("/staff/closures/new")
    fields = {
        "target": room,
        "first_day": start.date().isoformat(),
        "from_time": start.strftime("%H:%M"),
        "until_time": end.strftime("%H:%M"),
        "reason": "maintenance",
    }

    preview = await manager.post("/staff/closures/new", data=fields | {"csrf_token": csrf_of(form)})

    assert preview.status_code == 200
    assert html.escape(tenant["display_name"]) in preview.text
    assert (await status_of(booking, made["id"]))["status"] == "confirmed"  # nothing yet
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', preview.text))
    assert {name: hidden[name] for name in fields} == fields

    done = await manager.post("/staff/closures", data=hidden)

    assert done.status_code == 201
    assert "1 pemesanan dibatalkan." in done.text
    after = await status_of(booking, made["id"])
    assert (after["status"], after["status_reason"]) == ("cancelled", "space_closed")
    listed = await manager.get("/staff/closures")
    room_name = (await booking.get(f"/spaces/{room}")).json()["name"]
    assert html.escape(room_name) in listed.text
    assert "Perawatan" in listed.text  # maintenance


async def test_a_closure_form_that_is_incomplete_is_kept_with_a_sentence(manager):
    form = await manager.get("/staff/closures/new")

    answer = await manager.post(
        "/staff/closures/new",
        data={"csrf_token": csrf_of(form), "first_day": "2030-01-02", "reason": "other"},
    )

    assert answer.status_code == 422
    assert "Pilih apa yang ditutup." in answer.text
    assert 'value="2030-01-02"' in answer.text


async def test_a_dead_notification_is_retried_and_one_no_longer_dead_says_why(api, infra, manager):
    tenancy, _, notifications = api
    tenant = await register_active(tenancy, approval=False)
    url = infra.database_urls["notifications"]
    dead = await notification_in_log(url, tenant["id"], dead=True)
    withdrawn = await notification_in_log(url, tenant["id"], dead=False)

    log = await manager.get(
        "/staff/notifications", params={"tenant_id": tenant["id"], "status": "dead"}
    )
    assert "Gagal permanen" in log.text
    assert "recipient refused" in log.text
    assert f"/staff/notifications/{dead}/retry" in log.text
    retried = await manager.post(
        f"/staff/notifications/{dead}/retry",
        data={"csrf_token": csrf_of(log), "back": f"/staff/notifications?tenant_id={tenant['id']}"},
        follow_redirects=True,
    )
    refused = await manager.post(
        f"/staff/notifications/{withdrawn}/retry", data={"csrf_token": csrf_of(log)}
    )

    assert retried.status_code == 200
    assert "Notifikasi akan dikirim ulang." in retried.text
    audit = await notifications.get("/audit", params={"target_id": dead})
    assert [e["action"] for e in audit.json()["items"]] == ["notification.retry"]
    assert refused.status_code == 409
    assert NOT_DONE in refused.text


async def test_an_admin_reads_each_services_audit_log_and_a_manager_may_not(api, browser):
    _, made = await requested_booking(api)
    _, booking, _ = api
    assert (await booking.post(f"/bookings/{made['id']}/approve")).status_code == 200
    await sign_in_as(browser, "manager")
    assert (await browser.get("/admin/audit")).status_code == 403

    await sign_in_as(browser, "admin")
    log = await browser.get("/admin/audit", params={"service": "booking", "target_id": made["id"]})
    tenancy_log = await browser.get("/admin/audit", params={"service": "tenancy"})

    assert log.status_code == 200
    assert "booking.approve" in log.text
    assert tenancy_log.status_code == 200
    assert "tenant.activate" in tenancy_log.text


async def test_a_tenant_member_may_not_open_the_staff_pages(api, browser):
    tenancy, _, _ = api
    tenant = await register_active(tenancy, approval=False)
    await sign_in_as(browser, "tenant_member", tenant["id"])

    for url in STAFF_PAGES:
        answer = await browser.get(url)
        assert answer.status_code == 403, url
        assert "Peran Anda tidak boleh membuka halaman ini." in answer.text
    assert "/staff/board" not in (await browser.get("/")).text  # nor are they in its menu


async def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(browser):
    for url in (*STAFF_PAGES, "/admin/audit"):
        answer = await browser.get(url)
        assert answer.status_code == 303, url
        assert answer.headers["location"] == f"/sign-in?next={url}"


async def test_the_staff_pages_speak_english_after_the_switch(manager):
    page = await manager.get("/staff/approvals")
    switched = await manager.post(
        "/language",
        data={"csrf_token": csrf_of(page), "language": "en", "next": "/staff/approvals"},
    )
    assert switched.status_code == 303

    board = await manager.get("/staff/board", params={"site": "techno_park"})
    approvals = await manager.get("/staff/approvals")

    assert "Board of Cimahi Techno Park" in board.text
    assert "Requests awaiting approval" in approvals.text
    assert 'lang="en"' in approvals.text
