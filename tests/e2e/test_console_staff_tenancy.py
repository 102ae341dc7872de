"""Staff's tenant, unit, lease and occupancy pages against the running platform: what a manager
does through the pages changes the tenant or lease in tenancy, a refusal is a sentence on the
page, an erasure needs its confirmation, and nobody else may open them."""

import html
import uuid
from datetime import datetime, timedelta

import httpx
import pytest

from services.console.domain.formatting import rupiah
from services.tenancy.domain.lease import WIB
from tests.e2e.api_steps import ensure_open_plan, register
from tests.e2e.test_console_frame import csrf_of, sign_in_as

pytestmark = pytest.mark.e2e
ILLEGAL = "Ini tidak dapat dilakukan dalam keadaannya sekarang."


@pytest.fixture
async def manager(platform):
    async with httpx.AsyncClient(base_url=platform.service_urls["console"], timeout=20) as client:
        await sign_in_as(client, "manager")
        yield client


async def _post(browser: httpx.AsyncClient, form_url: str, action: str, data: dict):
    form = await browser.get(form_url)
    assert form.status_code == 200, form.text
    return await browser.post(action, data={"csrf_token": csrf_of(form)} | data)


async def _tenant(tenancy: httpx.AsyncClient, tenant_id: str) -> dict:
    answer = await tenancy.get(f"/tenants/{tenant_id}")
    assert answer.status_code == 200, answer.text
    return answer.json()


async def _startup(tenancy: httpx.AsyncClient, name: str, *, activate: bool = True) -> str:
    body = {
        "kind": "startup",
        "display_name": name,
        "plan_code": await ensure_open_plan(tenancy),
        "contact": {"name": "Siti Rahayu", "email": "siti@example.id"},
    }
    answer = await tenancy.post("/tenants", json=body)
    assert answer.status_code == 201, answer.text
    tenant_id = answer.json()["id"]
    if activate:
        assert (await tenancy.post(f"/tenants/{tenant_id}/activate")).status_code == 200
    return tenant_id


async def _vacant_unit(tenancy: httpx.AsyncClient) -> dict:
    unit = {
        "site": "techno_park",
        "code": f"CTP-CON-{uuid.uuid4().hex[:6]}",
        "floor": 2,
        "area_m2": 24.5,
        "monthly_rate_idr": 3_500_000,
    }
    answer = await tenancy.post("/units", json=unit)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_the_search_finds_a_tenant_by_part_of_its_name(manager, api):
    tenancy, _, _ = api
    mark = uuid.uuid4().hex[:8]
    await _startup(tenancy, f"Kopi Kode {mark}")

    found = await manager.get("/staff/tenants", params={"q": f"kode {mark[:5]}"})
    other = await manager.get("/staff/tenants", params={"q": f"batik {mark}"})

    assert found.status_code == 200
    assert f"Kopi Kode {mark}" in found.text
    assert f"Kopi Kode {mark}" not in other.text
    assert "Tidak ada tenant yang cocok." in other.text


async def test_register_activate_suspend_and_reinstate_through_the_pages(manager, api):
    tenancy, _, _ = api
    plan = await ensure_open_plan(tenancy)
    name = f"Studio Animasi {uuid.uuid4().hex[:6]}"
    registered = await _post(
        manager,
        "/staff/tenants/new",
        "/staff/tenants/new",
        {
            "kind": "startup",
            "display_name": name,
            "plan_code": plan,
            "contact_name": "Dewi Lestari",
            "contact_email": "dewi@animasi.id",
            "contact_phone": "0812-3456-7890",
        },
    )
    assert registered.status_code == 303, registered.text
    page = registered.headers["location"]
    tenant_id = page.rsplit("/", 1)[1]
    assert (await _tenant(tenancy, tenant_id))["status"] == "applied"

    steps = [("activate", {}, "active"), ("suspend", {"reason": "payment_overdue"}, "suspended")]
    steps.append(("reinstate", {"note": "paid"}, "active"))
    for action, data, status in steps:
        answer = await _post(manager, page, f"{page}/{action}", data)
        assert answer.status_code == 303, answer.text
        assert (await _tenant(tenancy, tenant_id))["status"] == status

    shown = await manager.get(page)
    assert html.escape(name) in shown.text
    assert "Pembayaran terlambat" in shown.text  # the suspension's reason, in the history
    assert "Tangguhkan" in shown.text  # active again: suspending is offered once more


async def test_an_action_the_status_does_not_allow_is_a_sentence_and_changes_nothing(manager, api):
    tenancy, _, _ = api
    tenant_id = await _startup(tenancy, "Sudah Aktif")
    page = f"/staff/tenants/{tenant_id}"

    refused = await _post(manager, page, f"{page}/reinstate", {})

    assert refused.status_code == 409
    assert ILLEGAL in refused.text
    assert (await _tenant(tenancy, tenant_id))["status"] == "active"


async def test_a_refused_registration_keeps_the_form_and_marks_the_field(manager, api):
    tenancy, _, _ = api
    refused = await _post(
        manager,
        "/staff/tenants/new",
        "/staff/tenants/new",
        {
            "kind": "startup",
            "display_name": "Alamat Salah",
            "plan_code": await ensure_open_plan(tenancy),
            "contact_name": "Asep",
            "contact_email": "not-an-address",
        },
    )

    assert refused.status_code == 422
    assert 'role="alert"' in refused.text
    assert 'value="Alamat Salah"' in refused.text
    assert 'id="contact_email" name="contact_email"' in refused.text
    email_input = refused.text.split('id="contact_email"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in email_input


async def test_erasing_personal_data_needs_the_tenants_name_typed(manager, api):
    tenancy, _, _ = api
    name = f"Pergi Jauh {uuid.uuid4().hex[:6]}"
    tenant_id = await _startup(tenancy, name)
    left = await tenancy.post(f"/tenants/{tenant_id}/offboard", json={"reason": "left"})
    assert left.status_code == 200, left.text
    confirm = f"/staff/tenants/{tenant_id}/erase"

    shown = await manager.get(confirm)
    unconfirmed = await _post(manager, confirm, confirm, {"confirm_name": "someone else"})
    without = await _post(manager, confirm, confirm, {})

    assert "siti@example.id" in shown.text  # the page says what will be erased
    assert unconfirmed.status_code == 422
    assert without.status_code == 422
    assert (await _tenant(tenancy, tenant_id))["personal_data_erased_at"] is None

    erased = await _post(manager, confirm, confirm, {"confirm_name": name.upper()})

    assert erased.status_code == 303
    tenant = await _tenant(tenancy, tenant_id)
    assert tenant["personal_data_erased_at"] is not None
    assert tenant["contact"]["email"] != "siti@example.id"


async def test_sign_renew_and_terminate_a_lease_through_the_pages(manager, api):
    tenancy, _, _ = api
    tenant_id = await _startup(tenancy, f"Penyewa {uuid.uuid4().hex[:6]}")
    unit = await _vacant_unit(tenancy)
    today = datetime.now(WIB).date()
    starts, ends = today + timedelta(days=1), today + timedelta(days=365)

    signed = await _post(
        manager,
        "/staff/leases/new",
        "/staff/leases/new",
        {
            "tenant_id": tenant_id,
            "unit_id": unit["id"],
            "starts_on": starts.isoformat(),
            "ends_on": ends.isoformat(),
            "rent": "4.000.000",
        },
    )
    assert signed.status_code == 303, signed.text
    page = signed.headers["location"]
    lease = (await tenancy.get(page.replace("/staff", ""))).json()
    assert (lease["state"], lease["monthly_rent_idr"]) == ("active", 4_000_000)
    assert (await tenancy.get(f"/units/{unit['id']}")).json()["status"] == "leased"
    assert "Rp4.000.000" in (await manager.get(page)).text

    later = ends + timedelta(days=180)
    renewed = await _post(manager, page, f"{page}/renew", {"ends_on": later.isoformat()})
    assert renewed.status_code == 303, renewed.text
    assert (await tenancy.get(page.replace("/staff", ""))).json()["ends_on"] == later.isoformat()

    last_day = today + timedelta(days=30)
    terminated = await _post(
        manager,
        f"{page}/terminate",
        f"{page}/terminate",
        {"notice_given_on": today.isoformat(), "ends_on": last_day.isoformat()},
    )
    assert terminated.status_code == 303, terminated.text
    lease = (await tenancy.get(page.replace("/staff", ""))).json()
    assert (lease["state"], lease["ends_on"]) == ("terminated", last_day.isoformat())


async def test_signing_a_lease_for_a_unit_already_leased_is_a_sentence_with_the_form_kept(
    manager, api
):
    tenancy, _, _ = api
    first, second = await _startup(tenancy, "Pertama"), await _startup(tenancy, "Kedua")
    unit = await _vacant_unit(tenancy)
    today = datetime.now(WIB).date()
    terms = {"starts_on": today.isoformat(), "ends_on": (today + timedelta(days=90)).isoformat()}
    lease = await tenancy.post("/leases", json={"tenant_id": first, "unit_id": unit["id"]} | terms)
    assert (await tenancy.post(f"/leases/{lease.json()['id']}/sign")).status_code == 200

    refused = await _post(
        manager,
        "/staff/leases/new",
        "/staff/leases/new",
        {"tenant_id": second, "unit_id": unit["id"], "rent": "123"} | terms,
    )

    assert refused.status_code == 409
    assert "Unit ini sudah disewa untuk sebagian periode tersebut." in refused.text
    assert f'value="{terms["ends_on"]}"' in refused.text
    drafts = (await tenancy.get("/leases", params={"tenant_id": second})).json()["items"]
    assert [lease["state"] for lease in drafts] == ["draft"]  # kept, to be signed later


async def test_a_draft_lease_is_signed_from_its_page(manager, api):
    tenancy, _, _ = api
    tenant_id = await _startup(tenancy, "Draf Dulu")
    unit = await _vacant_unit(tenancy)
    today = datetime.now(WIB).date()
    terms = {"starts_on": today.isoformat(), "ends_on": (today + timedelta(days=90)).isoformat()}
    drafted = await tenancy.post(
        "/leases", json={"tenant_id": tenant_id, "unit_id": unit["id"]} | terms
    )
    page = f"/staff/leases/{drafted.json()['id']}"

    signed = await _post(manager, page, f"{page}/sign", {})

    assert signed.status_code == 303, signed.text
    assert (await tenancy.get(page.replace("/staff", ""))).json()["state"] == "active"
    assert (await tenancy.get(f"/units/{unit['id']}")).json()["status"] == "leased"


async def test_leases_ending_soon_and_occupancy_show_what_tenancy_counts(manager, api):
    tenancy, _, _ = api
    tenant_id = await _startup(tenancy, f"Hampir Habis {uuid.uuid4().hex[:6]}")
    unit = await _vacant_unit(tenancy)
    today = datetime.now(WIB).date()
    terms = {"starts_on": (today - timedelta(days=60)).isoformat()}
    terms["ends_on"] = (today + timedelta(days=5)).isoformat()
    lease = await tenancy.post(
        "/leases", json={"tenant_id": tenant_id, "unit_id": unit["id"]} | terms
    )
    assert (await tenancy.post(f"/leases/{lease.json()['id']}/sign")).status_code == 200
    counted = (await tenancy.get("/occupancy")).json()["sites"]["techno_park"]

    soon = await manager.get("/staff/leases", params={"expiring": 7})
    occupancy = await manager.get("/staff/occupancy", params={"site": "techno_park"})
    units = await manager.get("/staff/units", params={"site": "techno_park"})

    assert unit["code"] in soon.text
    leased, total = counted["units_leased"], counted["units_total"]
    assert f"{leased} dari {total} unit disewa" in occupancy.text
    first = (await tenancy.get("/units", params={"site": "techno_park", "limit": 1})).json()
    shown = first["items"][0]
    assert shown["code"] in units.text
    assert rupiah(shown["monthly_rate_idr"]) in units.text


async def test_a_tenants_member_may_not_open_the_staff_pages(platform, api):
    tenancy, _, _ = api
    tenant_id = await register(tenancy, activate=True)
    async with httpx.AsyncClient(base_url=platform.service_urls["console"], timeout=20) as member:
        await sign_in_as(member, "tenant_member", tenant_id)
        for url in (
            "/staff/tenants",
            f"/staff/tenants/{tenant_id}",
            "/staff/tenants/new",
            "/staff/units",
            "/staff/leases",
            "/staff/leases/new",
            "/staff/occupancy",
        ):
            answer = await member.get(url)
            assert answer.status_code == 403, url
            assert "Peran Anda tidak boleh membuka halaman ini." in answer.text
        home = await member.get("/")
        assert "/staff/tenants" not in home.text  # nor does the menu offer them


async def test_an_admin_opens_the_staff_pages_too(platform):
    async with httpx.AsyncClient(base_url=platform.service_urls["console"], timeout=20) as admin:
        await sign_in_as(admin, "admin")
        answer = await admin.get("/staff/occupancy")

    assert answer.status_code == 200
    assert "Keterisian" in answer.text


async def test_a_signed_out_visitor_is_sent_to_sign_in_first(platform):
    async with httpx.AsyncClient(base_url=platform.service_urls["console"], timeout=20) as visitor:
        answer = await visitor.get("/staff/leases?expiring=30")

    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=/staff/leases%3Fexpiring%3D30"
