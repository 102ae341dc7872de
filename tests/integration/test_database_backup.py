"""`bitc backup` and `bitc restore` on the real PostgreSQL: the whole database comes back into an
empty one with every schema at its migration head, the manifest says what the dump holds, and a
database that already holds schemas is overwritten only when asked."""

import uuid
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bitc.backup_manifest import DUMP, MANIFEST, BackupError, Manifest
from bitc.database_backup import take_backup
from bitc.database_restore import restore_backup
from bitc.provision import SERVICES

pytestmark = pytest.mark.integration


def _dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    parsed = parsed.set(database=database) if database else parsed
    return parsed.render_as_string(hide_password=False)


async def _outbox_row(conn: asyncpg.Connection, *, published: bool) -> str:
    row_id = str(uuid.uuid4())
    await conn.execute(
        "INSERT INTO booking.outbox (id, aggregate_type, aggregate_id, type, topic, payload, "
        "headers, published_at) VALUES ($1, 'booking', $2, 'test.backup', 'test', '{}', '{}', "
        "CASE WHEN $3 THEN now() END)",
        row_id,
        str(uuid.uuid4()),
        published,
    )
    return row_id


@pytest.fixture
async def empty_database(infra):
    name = f"bitc_restore_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(_dsn(infra.admin_dsn))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _dsn(infra.admin_dsn, name)
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def test_a_backup_restored_into_an_empty_database_holds_what_its_manifest_says(
    infra, empty_database: str, tmp_path: Path
) -> None:
    conn = await asyncpg.connect(_dsn(infra.admin_dsn))
    try:
        published = await _outbox_row(conn, published=True)
        waiting = await _outbox_row(conn, published=False)
        folder, manifest = await take_backup(infra.admin_dsn, tmp_path)
        last_seq = await conn.fetchval("SELECT max(seq) FROM booking.outbox")
    finally:
        await conn.close()

    assert (folder / DUMP).is_file()
    assert (folder / MANIFEST).is_file()
    assert Manifest.read(folder) == manifest
    assert set(manifest.schemas) == set(SERVICES)
    assert manifest.outbox["booking"].last_seq == last_seq
    assert manifest.outbox["booking"].unpublished >= 1

    heads = await restore_backup(empty_database, folder)

    assert {head.schema: head.restored for head in heads} == manifest.migration_heads
    assert all(head.restored == head.code for head in heads)
    restored = await asyncpg.connect(empty_database)
    try:
        rows = await restored.fetch(
            "SELECT id::text, published_at IS NOT NULL AS published FROM booking.outbox "
            "WHERE id = ANY($1::uuid[])",
            [published, waiting],
        )
    finally:
        await restored.close()
    assert {row["id"]: row["published"] for row in rows} == {published: True, waiting: False}


async def test_a_database_holding_schemas_is_refused_unless_replace_is_asked_for(
    infra, empty_database: str, tmp_path: Path
) -> None:
    folder, manifest = await take_backup(infra.admin_dsn, tmp_path)
    await restore_backup(empty_database, folder)

    with pytest.raises(BackupError, match="already holds booking"):
        await restore_backup(empty_database, folder)

    heads = await restore_backup(empty_database, folder, replace=True)
    assert {head.schema: head.restored for head in heads} == manifest.migration_heads
