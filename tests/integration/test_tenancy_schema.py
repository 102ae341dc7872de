"""The tenancy migrations: they downgrade and upgrade cleanly, and the schema they build is
the one adapters/tables.py describes (the code's view of the database must not drift)."""

import asyncio
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from services.tenancy.adapters.tables import metadata
from shared.persistence.db import create_engine
from shared.persistence.migrations import alembic_config

pytestmark = pytest.mark.integration


def _differences(connection: sa.Connection) -> list[Any]:
    # The role's default schema is tenancy, which reflection reports as "no schema"; compare
    # against the same tables without their schema name.
    unqualified = sa.MetaData()
    for table in metadata.sorted_tables:
        table.to_metadata(unqualified, schema=None)
    context = MigrationContext.configure(
        connection, opts={"include_object": lambda _, name, *__: name != "alembic_version"}
    )
    changes = [op for diff in compare_metadata(context, unqualified) for op in _ops(diff)]
    # Column comments document the shared outbox in code; they are not part of its DDL.
    return [op for op in changes if op[0] != "modify_comment"]


def _ops(diff: Any) -> list[Any]:
    """compare_metadata groups a column's modifications in a list; flatten them."""
    return diff if isinstance(diff, list) else [diff]


async def test_migrations_round_trip_and_match_the_tables_the_code_uses(infra):
    url = infra.database_urls["tenancy"]
    config = alembic_config("tenancy", infra.admin_dsn)
    # Alembic runs its own event loop, so it gets a thread of its own.
    await asyncio.to_thread(command.downgrade, config, "0003")
    await asyncio.to_thread(command.upgrade, config, "head")
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            differences = await conn.run_sync(_differences)
            plans = await conn.scalar(sa.text("SELECT count(*) FROM tenancy.plans"))
    finally:
        await engine.dispose()
    assert differences == []
    assert plans >= 3
