"""The inbox, read and written through one vocabulary built on its declared table
(shared/messaging/tables.py): a consumer claims the events of a batch in its handlers'
transaction, a rebuild asks which events were handled, and retention prunes."""

import functools
from collections.abc import Sequence
from datetime import datetime

import asyncpg
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.persistence.asyncpg_statements import AsyncpgStatement


async def claim(
    driver: asyncpg.Connection, inbox: sa.Table, consumer: str, events: Sequence[tuple[str, str]]
) -> set[str]:
    """Records that ``consumer`` handles these (event id, type) pairs; returns the ids it had
    not handled before (the others are duplicates), in one statement."""
    claimed = await _claim_statement(inbox).fetch(
        driver,
        consumer=consumer,
        event_ids=[event_id for event_id, _ in events],
        types=[kind for _, kind in events],
    )
    return {row["event_id"] for row in claimed}


async def handled_among(
    connection: AsyncConnection, inbox: sa.Table, consumer: str, event_ids: Sequence[str]
) -> set[str]:
    """Which of these events ``consumer`` has handled."""
    if not event_ids:
        return set()
    rows = await connection.execute(
        sa.select(inbox.c.event_id).where(
            inbox.c.consumer == consumer, inbox.c.event_id.in_(event_ids)
        )
    )
    return set(rows.scalars())


async def prune(connection: AsyncConnection, inbox: sa.Table, before: datetime) -> None:
    await connection.execute(inbox.delete().where(inbox.c.handled_at < before))


@functools.cache
def _claim_statement(inbox: sa.Table) -> AsyncpgStatement:
    """Inserts (consumer, event_ids[i], types[i]) and returns the ids that were new.

    The ids travel as two arrays, not one VALUES row each, so the statement is the same for any
    batch size: SQLAlchemy compiles it and PostgreSQL prepares it once per connection, where a
    500-row VALUES list was compiled anew for every batch and took most of a consumer's time.
    """
    claimed = (
        sa.func.unnest(
            sa.bindparam("event_ids", type_=ARRAY(sa.Text)),
            sa.bindparam("types", type_=ARRAY(sa.Text)),
        )
        .table_valued("event_id", "type")
        .render_derived()
    )
    rows = sa.select(sa.bindparam("consumer", type_=sa.Text), claimed.c.event_id, claimed.c.type)
    return AsyncpgStatement(
        pg_insert(inbox)
        .from_select(["consumer", "event_id", "type"], rows)
        .on_conflict_do_nothing()
        .returning(inbox.c.event_id)
    )
