"""The audit trail over HTTP with real tokens against the running services: a manager suspends
a tenant, and an admin finds who did it, when, what and why in GET /audit; nobody but an admin
reads the log."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from shared.auth.access import Role
from tests.e2e.api_steps import register

pytestmark = pytest.mark.e2e


async def test_an_admin_sees_who_suspended_a_tenant_when_and_why(api, platform, tokens):
    tenancy, _, _ = api  # signed in as admin
    tenant_id = await register(tenancy, activate=True)
    url = platform.service_urls["tenancy"]
    manager = tokens.headers(Role.manager, subject="manager-rina")
    before = datetime.now(UTC) - timedelta(seconds=1)

    async with httpx.AsyncClient(base_url=url, headers=manager, timeout=10) as as_manager:
        suspended = await as_manager.post(
            f"/tenants/{tenant_id}/suspend", json={"reason": "payment_overdue"}
        )
        assert suspended.status_code == 200, suspended.text
        refused = await as_manager.get("/audit")

    found = await tenancy.get(
        "/audit",
        params={"target_id": tenant_id, "action": "tenant.suspend", "since": before.isoformat()},
    )
    assert found.status_code == 200, found.text
    (entry,) = found.json()["items"]
    assert (entry["actor"], entry["target_type"], entry["reason"]) == (
        "manager-rina",
        "tenant",
        "payment_overdue",
    )
    assert entry["details"] == {"from_status": "active", "to_status": "suspended"}
    assert before <= datetime.fromisoformat(entry["occurred_at"]) <= datetime.now(UTC)
    assert entry["correlation_id"]

    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("service", ["tenancy", "booking", "notifications"])
async def test_a_tenant_member_may_not_read_the_audit_log(api, platform, tokens, service):
    tenancy, _, _ = api
    tenant_id = await register(tenancy, activate=True)
    member = tokens.headers(Role.tenant_member, tenant_id=tenant_id)
    async with httpx.AsyncClient(base_url=platform.service_urls[service], timeout=10) as client:
        as_member = await client.get("/audit", headers=member)
        unsigned = await client.get("/audit")
    assert (as_member.status_code, unsigned.status_code) == (403, 401)
