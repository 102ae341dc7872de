"""Every migration of every service keeps the previous release's code working while a rolling
upgrade replaces its pods (expand/contract, docs/operations.md "Upgrade"): each service's
migrations are applied one at a time to a fresh database of the real PostgreSQL, and what each
one changed is checked for what breaks old code (shared/persistence/rolling_upgrade.py).

A migration that breaks old code fails here unless it says why the change is safe
(``rolling_upgrade_reviewed``) or is a contract step (``contract``), or a later migration fixes it
forward (``repairs``): it is then judged by the schema after the fix, since Alembic applies every
pending migration in one transaction and old pods never see one without the other."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Mapping

import asyncpg
import pytest

from bitc.provision import SERVICES
from shared.persistence.migrations import revisions, upgrade
from shared.persistence.rolling_upgrade import breaking_changes
from shared.persistence.schema_snapshot import Schema, read_schema
from tests.fresh_database import fresh_database as new_database

pytestmark = pytest.mark.integration

#: Findings of migrations released before this check existed, each with why it is safe for the
#: code of the release before it (that code is in git history at the migration's parent commit).
RELEASED_BEFORE_THE_CHECK: Mapping[tuple[str, str], Mapping[str, str]] = {
    ("booking", "0004"): {
        "constraint bookings.booking_blocked_covers_period added": "old writers' rows get their "
        "own period as blocked span (0007), which covers it",
        "constraint bookings.bookings_no_overlap changed": "now over the blocked span; an old "
        "writer's booking that overlaps a new one's buffer is refused as an overlap, which it "
        "already answered with 409",
    },
    ("notifications", "0004"): {
        "constraint notifications.known_status added": "the code before it only wrote 'pending'",
        "constraint notifications.one_send_per_event_recipient_channel added": "with recipient "
        "= tenant and channel e-mail (0009) it is the old one-per-event-and-tenant rule: that "
        "code made one notification per event",
    },
    ("tenancy", "0004"): {
        "constraint tenants.tenants_plan_code_fkey added": "the code before it accepted only "
        "community, coworking-flex and office-tenant, all three seeded by this migration",
    },
}


@pytest.fixture
async def fresh_database(infra) -> AsyncIterator[str]:
    async with new_database(infra.admin_dsn) as url:
        yield url


async def _migrate(service: str, url: str, revision: str) -> None:
    await asyncio.to_thread(upgrade, service, url, revision)


async def _schema(url: str, service: str) -> Schema:
    conn = await asyncpg.connect(url)
    try:
        return await read_schema(conn, service)
    finally:
        await conn.close()


@pytest.mark.parametrize("service", SERVICES)
async def test_no_migration_breaks_the_previous_release(fresh_database, service):
    scripts = revisions(service)
    schemas: list[Schema] = [{}]  # before the first migration
    for script in scripts:
        await _migrate(service, fresh_database, script.revision)
        schemas.append(await _schema(fresh_database, service))
    position = {script.revision: index for index, script in enumerate(scripts, start=1)}
    repaired_at = {
        script.module.repairs: position[script.revision]
        for script in scripts
        if getattr(script.module, "repairs", None)
    }

    problems = []
    for index, script in enumerate(scripts, start=1):
        if getattr(script.module, "contract", None):
            continue
        after = schemas[repaired_at.get(script.revision, index)]
        found = {f.key: f.why for f in breaking_changes(schemas[index - 1], after)}
        reviewed = dict(getattr(script.module, "rolling_upgrade_reviewed", {}))
        reviewed |= RELEASED_BEFORE_THE_CHECK.get((service, script.revision), {})
        problems += [
            f"{service} {script.revision}: {key} ({why})"
            for key, why in found.items()
            if key not in reviewed
        ]
        problems += [
            f"{service} {script.revision}: reviewed {key!r}, which it does not do"
            for key in reviewed.keys() - found.keys()
        ]
    assert problems == [], "\n".join(problems)


#: What the code of the release before each 0004 inserted (git history at 0004's parent commit),
#: the columns 0004 left it unable to write, and the row it should get from the fix forward.
OLD_INSERTS = {
    "booking": (
        "INSERT INTO booking.bookings (id, space_id, tenant_id, starts_at, ends_at, status,"
        " created_at) SELECT $1, id, $2, '2030-01-07 09:00+07', '2030-01-07 10:00+07',"
        " 'confirmed', now() FROM booking.spaces LIMIT 1",
        ("blocked_from", "blocked_until"),
        "SELECT blocked_from = starts_at AND blocked_until = ends_at FROM booking.bookings"
        " WHERE id = $1 AND tenant_id = $2",
    ),
    "notifications": (
        "INSERT INTO notifications.notifications (id, tenant_id, category, source_event_id,"
        " status, details, created_at) VALUES ($1, $2, 'booking_confirmed', 'evt-1', 'pending',"
        " '{}', now())",
        ("channel", "event_time", "next_attempt_at", "recipient", "recipient_kind"),
        "SELECT recipient = tenant_id::text AND recipient_kind = 'tenant' AND channel = 'email'"
        " AND event_time = created_at AND next_attempt_at = created_at AND status = 'pending'"
        " FROM notifications.notifications WHERE id = $1 AND tenant_id = $2",
    ),
}


@pytest.mark.parametrize("service", sorted(OLD_INSERTS))
async def test_old_pods_could_not_insert_after_0004_and_can_after_its_fix(fresh_database, service):
    insert, unwritable, filled = OLD_INSERTS[service]
    await _migrate(service, fresh_database, "0003")
    before = await _schema(fresh_database, service)
    await _migrate(service, fresh_database, "0004")
    table = insert.split()[2].split(".")[1]
    assert {f.key for f in breaking_changes(before, await _schema(fresh_database, service))} >= {
        f"column {table}.{column} NOT NULL without default" for column in unwritable
    }, "the check misses what broke the old pods"
    conn = await asyncpg.connect(fresh_database)
    try:
        with pytest.raises(asyncpg.NotNullViolationError):
            await conn.execute(insert, uuid.uuid4(), uuid.uuid4())
        await _migrate(service, fresh_database, "head")
        row, tenant = uuid.uuid4(), uuid.uuid4()
        await conn.execute(insert, row, tenant)
        assert await conn.fetchval(filled, row, tenant) is True
    finally:
        await conn.close()
