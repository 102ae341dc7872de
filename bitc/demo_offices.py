"""Demo office units at both sites and the leases of the tenants that rent them, created
through the tenancy API (signing a lease marks its unit leased and publishes lease.signed)."""

from datetime import date, timedelta

import httpx

# (site, code, floor, area m², monthly rate in rupiah)
DEMO_UNITS = [
    ("bitc", "BITC-OF-1.01", 1, 18.0, 2_700_000),
    ("bitc", "BITC-OF-1.02", 1, 24.5, 3_600_000),
    ("bitc", "BITC-OF-2.01", 2, 36.0, 5_200_000),
    ("bitc", "BITC-OF-2.02", 2, 12.0, 1_900_000),
    ("techno_park", "CTP-OF-A.01", 1, 30.0, 4_200_000),
    ("techno_park", "CTP-OF-A.02", 1, 45.0, 6_000_000),
]
# (unit index, tenant index into the demo tenants, months)
DEMO_LEASES = [(1, 1, 12), (4, 2, 24)]


async def seed_offices(tenancy: httpx.AsyncClient, tenant_ids: list[str]) -> list[str]:
    """Creates the units and signs the leases; returns the lease ids."""
    unit_ids = []
    for site, code, floor, area, rate in DEMO_UNITS:
        body = {
            "site": site,
            "code": code,
            "floor": floor,
            "area_m2": area,
            "monthly_rate_idr": rate,
        }
        unit_ids.append(checked(await tenancy.post("/units", json=body)).json()["id"])
    lease_ids = []
    starts = date.today().replace(day=1)
    for unit, tenant, months in DEMO_LEASES:
        body = {
            "tenant_id": tenant_ids[tenant],
            "unit_id": unit_ids[unit],
            "starts_on": starts.isoformat(),
            "ends_on": (starts + timedelta(days=30 * months)).isoformat(),
            "deposit_idr": 2 * DEMO_UNITS[unit][4],
        }
        lease_id = checked(await tenancy.post("/leases", json=body)).json()["id"]
        checked(await tenancy.post(f"/leases/{lease_id}/sign"))
        lease_ids.append(lease_id)
    return lease_ids


def checked(response: httpx.Response) -> httpx.Response:
    if response.status_code >= 400:
        request = response.request
        raise RuntimeError(
            f"{request.method} {request.url} -> {response.status_code}: {response.text}"
        )
    return response
