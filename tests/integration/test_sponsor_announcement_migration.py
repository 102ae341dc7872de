"""Upgrading tenancy announces the agency of every community sponsored before tenant events
carried it (migration 0008), so booking's sponsor report counts them too; a tenant without a
sponsor is not announced."""

import asyncio
import json
import uuid

import asyncpg
import pytest

from shared.persistence.migrations import upgrade
from tests.fresh_database import fresh_database

pytestmark = pytest.mark.integration

OLD_TENANT = (
    "INSERT INTO tenancy.tenants (id, kind, display_name, plan_code, status, contact_name,"
    " contact_email, contact_language, registered_at, sponsor_agency)"
    " VALUES ($1, $2, 'Komunitas', 'community', 'active', 'Asep', 'asep@example.id', 'id',"
    " now(), $3)"
)


async def test_communities_sponsored_before_the_upgrade_are_announced_once(infra) -> None:
    async with fresh_database(infra.admin_dsn) as url:
        await asyncio.to_thread(upgrade, "tenancy", url, "0007")
        sponsored, unsponsored = uuid.uuid4(), uuid.uuid4()
        conn = await asyncpg.connect(url)
        try:
            await conn.execute(OLD_TENANT, sponsored, "community", "Dispudpar")
            await conn.execute(OLD_TENANT, unsponsored, "community", None)
            await asyncio.to_thread(upgrade, "tenancy", url, "head")
            rows = await conn.fetch(
                "SELECT aggregate_id, type, topic, payload FROM tenancy.outbox"
                " WHERE published_at IS NULL"
            )
        finally:
            await conn.close()
    assert [(r["aggregate_id"], r["type"], r["topic"]) for r in rows] == [
        (str(sponsored), "id.bitc.tenant.sponsor_changed.v1", "bitc.tenancy.events.v1")
    ]
    event = json.loads(rows[0]["payload"])
    assert event["source"] == "/bitc/tenancy"
    assert event["data"]["sponsor_agency"] == "Dispudpar"
    assert event["data"]["tenant_id"] == str(sponsored)
