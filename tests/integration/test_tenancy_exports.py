"""The tenant and lease exports over HTTP against the real database: the contract's CSV
header, the lists' filters, the lists' visibility (a tenant's user gets its own rows only), no
personal data once erased, and times in WIB."""

import csv
import io
import uuid
from datetime import date, timedelta

import pytest

from shared.auth.access import Role
from tests.integration.test_tenancy_events import today, vacant_unit
from tests.integration.test_tenancy_reports import tenancy

pytestmark = pytest.mark.integration
__all__ = ["tenancy"]  # the fixture, used by name
CSV = {"Accept": "text/csv"}
#: The contract's columns (docs/reports.md), in order.
TENANT_COLUMNS = [
    "tenant_id",
    "display_name",
    "kind",
    "status",
    "plan_code",
    "sponsor_agency",
    "registered_at",
    "activated_at",
    "contact_name",
    "contact_email",
    "contact_phone",
]
LEASE_COLUMNS = [
    "lease_id",
    "tenant_id",
    "unit_id",
    "unit_code",
    "site",
    "area_m2",
    "state",
    "starts_on",
    "ends_on",
    "monthly_rent_idr",
    "signed_at",
    "ended_at",
]


def table(answer) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a CSV answer (after its byte-order mark)."""
    assert answer.status_code == 200, answer.text
    assert answer.text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(answer.text.removeprefix("\ufeff")))
    return list(reader.fieldnames or []), list(reader)


async def registered(client, kind: str, name: str, **extra) -> str:
    body = {
        "kind": kind,
        "display_name": name,
        "plan_code": "community" if kind == "community" else "office-tenant",
        "contact": {"name": f"Asep {name}", "email": f"{uuid.uuid4().hex}@example.id"},
        **extra,
    }
    created = await client.post("/tenants", json=body)
    assert created.status_code == 201, created.text
    tenant_id = created.json()["id"]
    assert (await client.post(f"/tenants/{tenant_id}/activate", json={})).status_code == 200
    return tenant_id


async def lease_for(client, engine, tenant_id: str, starts_on: date) -> str:
    unit = await vacant_unit(engine)
    body = {
        "tenant_id": tenant_id,
        "unit_id": str(unit.id),
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on + timedelta(days=365)).isoformat(),
    }
    lease_id = (await client.post("/leases", json=body)).json()["id"]
    assert (await client.post(f"/leases/{lease_id}/sign")).status_code == 200
    return lease_id


async def test_the_tenant_export_has_the_contract_header_and_the_lists_filters(tenancy):
    client, _ = tenancy
    tag = uuid.uuid4().hex[:12]
    community = await registered(
        client, "community", f"Komunitas {tag}", sponsor_agency="Dispudpar"
    )
    startup = await registered(client, "startup", f"Startup {tag}")
    filters = {"q": tag, "kind": "community"}

    header, rows = table(await client.get("/exports/tenants", params=filters, headers=CSV))
    listed = (await client.get("/tenants", params=filters)).json()["items"]

    assert header == TENANT_COLUMNS
    assert [row["tenant_id"] for row in rows] == [t["id"] for t in listed] == [community]
    (row,) = rows
    assert (row["kind"], row["status"], row["sponsor_agency"]) == (
        "community",
        "active",
        "Dispudpar",
    )
    assert row["contact_name"] == f"Asep Komunitas {tag}"
    assert row["registered_at"].endswith("+07:00")
    assert row["activated_at"].endswith("+07:00")
    as_json = await client.get("/exports/tenants", params={"q": tag})
    assert as_json.headers["content-type"].startswith("application/json")
    assert [item["tenant_id"] for item in as_json.json()] == [community, startup]
    assert all(list(item) == TENANT_COLUMNS for item in as_json.json())


async def test_an_erased_tenant_is_exported_without_its_contact(tenancy):
    client, _ = tenancy
    tag = uuid.uuid4().hex[:12]
    gone = await registered(client, "company", f"PT {tag}")
    await client.post(f"/tenants/{gone}/offboard", json={"reason": "left"})
    erased = await client.post(f"/tenants/{gone}/erase-personal-data")
    assert erased.status_code == 200, erased.text

    _, rows = table(
        await client.get("/exports/tenants", params={"status": "offboarded"}, headers=CSV)
    )

    (row,) = [row for row in rows if row["tenant_id"] == gone]
    assert (row["contact_name"], row["contact_email"], row["contact_phone"]) == ("", "", "")


async def test_a_tenants_user_exports_only_its_own_rows_as_the_lists_show_them(tenancy, tokens):
    client, engine = tenancy
    own = await registered(client, "startup", f"Own {uuid.uuid4().hex[:8]}")
    other = await registered(client, "startup", f"Other {uuid.uuid4().hex[:8]}")
    own_lease = await lease_for(client, engine, own, today())
    other_lease = await lease_for(client, engine, other, today())
    user = tokens.headers(Role.tenant_member, tenant_id=own)

    leases = (await client.get("/exports/leases", headers=user)).json()
    tenants = (await client.get("/exports/tenants", headers=user)).json()
    refused = await client.get("/exports/leases", params={"tenant_id": other}, headers=user)

    assert [lease["lease_id"] for lease in leases] == [own_lease]
    assert [tenant["tenant_id"] for tenant in tenants] == [own]
    assert refused.status_code == 403
    assert refused.json()["type"] == "urn:bitc:problem:forbidden-tenant"
    header, rows = table(
        await client.get("/exports/leases", params={"tenant_id": other}, headers=CSV)
    )
    assert header == LEASE_COLUMNS
    assert [row["lease_id"] for row in rows] == [other_lease]


async def test_an_exported_lease_that_is_over_ended_at_the_end_of_its_last_day(tenancy):
    client, engine = tenancy
    tenant = await registered(client, "company", f"PT {uuid.uuid4().hex[:8]}")
    lease_id = await lease_for(client, engine, tenant, today())
    last_day = today() + timedelta(days=20)
    terminated = await client.post(
        f"/leases/{lease_id}/terminate",
        json={"notice_given_on": today().isoformat(), "ends_on": last_day.isoformat()},
    )
    assert terminated.status_code == 200, terminated.text

    _, rows = table(
        await client.get(
            "/exports/leases", params={"tenant_id": tenant, "state": "terminated"}, headers=CSV
        )
    )

    (row,) = rows
    assert (row["lease_id"], row["state"], row["area_m2"]) == (lease_id, "terminated", "24.5")
    assert row["ends_on"] == last_day.isoformat()
    assert row["ended_at"] == f"{last_day + timedelta(days=1)}T00:00:00+07:00"
    assert row["signed_at"].endswith("+07:00")
