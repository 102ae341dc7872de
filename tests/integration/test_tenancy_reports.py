"""The occupancy and admissions reports over HTTP against the real database: every figure is
checked against a count made from the timeline the test writes (tests/integration/
tenancy_timeline.py), in a year of its own so nothing else in the database counts. Moments in a
month's first WIB hours (the previous day in UTC) count in the WIB month; only staff and
city-wide integrators may read the reports."""

import csv
import io
from uuid import uuid4

import httpx
import pytest

from shared.auth.access import Role
from tests.integration.tenancy_timeline import (
    MONTHS,
    PERIOD,
    expected_admissions,
    expected_occupancy,
    seed,
)
from tests.integration.test_audit_api import service_app

pytestmark = pytest.mark.integration
#: The contract's CSV headers (docs/reports.md).
HEADERS = {
    "occupancy": "month,site,units_total,units_leased,area_leased_m2,leases_started,"
    "leases_renewed,leases_ending,leases_ended",
    "admissions": "month,kind,registered,admitted,graduated,offboarded,active_at_month_end",
}


@pytest.fixture
async def tenancy(infra, tokens):
    app = service_app(infra, tokens, "tenancy")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://tenancy",
        headers=tokens.headers(Role.manager),
    ) as client:
        yield client, app.state.runtime.engine
    await app.state.runtime.engine.dispose()


async def test_the_reports_count_what_happened_in_each_wib_month(tenancy):
    client, engine = tenancy
    await seed(engine)

    occupancy = await client.get("/reports/occupancy", params=PERIOD)
    admissions = await client.get("/reports/admissions", params=PERIOD)

    assert occupancy.status_code == 200, occupancy.text
    assert occupancy.json() == {**PERIOD, "rows": expected_occupancy()}
    assert admissions.status_code == 200, admissions.text
    assert admissions.json() == {**PERIOD, "rows": expected_admissions()}
    one_site = await client.get("/reports/occupancy", params={**PERIOD, "site": "techno_park"})
    assert one_site.json()["rows"] == [
        row for row in expected_occupancy() if row["site"] == "techno_park"
    ]
    as_csv = await client.get(
        "/reports/admissions", params={"month": MONTHS[1]}, headers={"Accept": "text/csv"}
    )
    assert as_csv.headers["content-disposition"] == (
        f'attachment; filename="admissions-{MONTHS[1]}-01-{MONTHS[1]}-30.csv"'
    )
    assert read_csv(as_csv) == [
        {name: str(value) for name, value in row.items()}
        for row in expected_admissions()
        if row["month"] == MONTHS[1]
    ]
    occupancy_csv = await client.get(
        "/reports/occupancy", params=PERIOD, headers={"Accept": "text/csv"}
    )
    assert occupancy_csv.headers["content-disposition"] == (
        f'attachment; filename="occupancy-{PERIOD["from"]}-{PERIOD["to"]}.csv"'
    )
    assert read_csv(occupancy_csv) == [
        {
            name: str(float(value) if name == "area_leased_m2" else value)
            for name, value in row.items()
        }
        for row in expected_occupancy()
    ]


def read_csv(answer) -> list[dict[str, str]]:
    """The rows of a report's CSV, once its header is checked to be the contract's."""
    assert answer.status_code == 200, answer.text
    reader = csv.DictReader(io.StringIO(answer.text.removeprefix("\ufeff")))
    report = answer.headers["content-disposition"].split('"')[1].split("-")[0]
    assert ",".join(reader.fieldnames or []) == HEADERS[report]
    return list(reader)


async def test_only_staff_and_city_wide_integrators_read_the_reports(tenancy, tokens):
    client, _ = tenancy
    scoped = tokens.key.mint([Role.integrator], sponsor_agency="Dispudpar")
    month = {"month": MONTHS[0]}
    for path in ("/reports/occupancy", "/reports/admissions"):
        tenant_user = await client.get(
            path, params=month, headers=tokens.headers(Role.tenant_member, tenant_id=uuid4())
        )
        assert tenant_user.status_code == 403, path
        sponsor = await client.get(
            path, params=month, headers={"Authorization": f"Bearer {scoped}"}
        )
        assert sponsor.status_code == 403, path
        assert sponsor.json()["type"] == "urn:bitc:problem:sponsor-scoped"
        city = await client.get(path, params=month, headers=tokens.headers(Role.integrator))
        assert city.status_code == 200, path


@pytest.mark.parametrize(
    "period",
    [
        {"from": "2026-11-30", "to": "2026-11-01"},
        {"from": "2025-01-01", "to": "2026-12-31"},
        {"from": "2026-11-01"},
        {},
    ],
)
async def test_a_bad_period_is_422_invalid_period(tenancy, period):
    client, _ = tenancy
    for path in ("/reports/occupancy", "/reports/admissions"):
        answer = await client.get(path, params=period)
        assert answer.status_code == 422, (path, period)
        assert answer.json()["type"] == "urn:bitc:problem:invalid-period", answer.text
