"""The outbox, read and written through one vocabulary built on its declared table
(shared/messaging/tables.py): a unit of work appends rows in its own transaction, the relay
takes the pending ones in order and records what became of them, and retention prunes."""

import functools
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.messaging.envelope import kafka_headers, wrap_event
from shared.messaging.events import DomainEvent
from shared.messaging.outbox_publishing import BatchOutcome
from shared.messaging.tables import outbox_table
from shared.observability.correlation import current_causation_id, current_correlation_id
from shared.persistence.asyncpg_statements import AsyncpgStatement


def outbox_notify_channel(schema: str) -> str:
    return f"{schema}_outbox"


async def append(
    driver: asyncpg.Connection, outbox: sa.Table, events: Sequence[DomainEvent], source: str
) -> None:
    """Writes the events in the caller's transaction. The relay is woken when it commits, by
    the outbox's own trigger (shared/persistence/migration_ops.py ``outbox_wakes_its_relay_v1``),
    so this is one round trip."""
    if not events:
        return
    rows = [outbox_row(event, source) for event in events]
    for row in rows:  # jsonb travels as its JSON text on the driver
        row["payload"], row["headers"] = json.dumps(row["payload"]), json.dumps(row["headers"])
    await _append_statement(outbox).executemany(driver, rows)


@functools.cache
def _append_statement(outbox: sa.Table) -> AsyncpgStatement:
    return AsyncpgStatement(
        outbox.insert().values({name: sa.bindparam(name) for name in _APPENDED})
    )


#: What ``outbox_row`` gives; the rest of the columns take their defaults.
_APPENDED = (
    "id",
    "aggregate_type",
    "aggregate_id",
    "type",
    "topic",
    "payload",
    "headers",
    "tombstone",
)


async def prune_published(connection: AsyncConnection, outbox: sa.Table, before: datetime) -> None:
    await connection.execute(outbox.delete().where(outbox.c.published_at < before))


def outbox_row(event: DomainEvent, source: str) -> dict[str, Any]:
    event_id = uuid.uuid4()
    payload = wrap_event(
        event,
        source=source,
        correlation_id=current_correlation_id(),
        causation_id=current_causation_id(),
        event_id=event_id,
    )
    return {
        "id": event_id,
        "aggregate_type": event.aggregate_type,
        "aggregate_id": event.aggregate_id,
        "type": payload["type"],
        "topic": event.topic,
        "payload": payload,
        "headers": kafka_headers(payload),
        "tombstone": event.tombstone,
    }


@dataclass(frozen=True)
class OutboxFigures:
    pending: int  # waiting for the relay
    oldest_pending_age_s: float  # 0 when nothing waits
    parked: int  # refused by Kafka for good, waiting for an operator


class RelayOutbox:
    """One service's outbox as the relay reads and marks it, on a raw asyncpg connection."""

    def __init__(self, schema: str) -> None:
        self.schema = schema
        outbox = outbox_table(sa.MetaData(schema=schema))
        unpublished = outbox.c.published_at.is_(None)
        pending = sa.and_(unpublished, outbox.c.parked_at.is_(None))
        # payload and headers as text: the producer sends the bytes as stored, undecoded.
        sendable = sa.select(
            outbox.c.id,
            outbox.c.topic,
            outbox.c.aggregate_id,
            sa.cast(outbox.c.payload, sa.Text).label("payload"),
            sa.cast(outbox.c.headers, sa.Text).label("headers"),
            outbox.c.tombstone,
        ).order_by(outbox.c.seq)
        self._next_batch = AsyncpgStatement(sendable.where(pending).limit(sa.bindparam("limit")))
        self._unpublished_of = AsyncpgStatement(
            sendable.where(
                unpublished,
                outbox.c.aggregate_id == sa.func.any(sa.bindparam("keys", type_=ARRAY(sa.Text))),
            )
        )
        ids = sa.bindparam("ids", type_=ARRAY(UUID(as_uuid=True)))
        self._mark_published = AsyncpgStatement(
            outbox.update()
            .where(outbox.c.id == sa.func.any(ids))
            .values(published_at=sa.func.now())
        )
        failed = outbox.update().where(outbox.c.id == sa.bindparam("row_id"))
        failed = failed.values(attempts=outbox.c.attempts + 1, last_error=sa.bindparam("error"))
        self._mark_failed = AsyncpgStatement(failed)
        self._park = AsyncpgStatement(failed.values(parked_at=sa.func.now()))
        self._figures = AsyncpgStatement(
            sa.select(
                sa.func.count().filter(pending),
                sa.func.coalesce(
                    sa.extract(
                        "epoch", sa.func.now() - sa.func.min(outbox.c.created_at).filter(pending)
                    ),
                    0,
                ),
                sa.func.count().filter(outbox.c.parked_at.is_not(None)),
            ).where(unpublished)
        )

    async def next_batch(self, conn: asyncpg.Connection, limit: int) -> list[asyncpg.Record]:
        """The oldest pending rows, in publication order."""
        return await self._next_batch.fetch(conn, limit=limit)

    async def unpublished_of(
        self, conn: asyncpg.Connection, aggregate_ids: Iterable[str]
    ) -> list[asyncpg.Record]:
        """Unpublished rows of these aggregates in publication order, shaped as next_batch's."""
        return await self._unpublished_of.fetch(conn, keys=list(aggregate_ids))

    async def record(self, conn: asyncpg.Connection, outcome: BatchOutcome) -> None:
        async with conn.transaction():
            # Losing this commit in a crash only means sending the rows again, which consumers
            # drop by event id, so it need not wait for the disk.
            await conn.execute("SET LOCAL synchronous_commit = off")
            if outcome.published:
                await self._mark_published.execute(conn, ids=outcome.published)
            if outcome.failed:
                failed = [{"row_id": row_id, "error": error} for row_id, error in outcome.failed]
                await self._mark_failed.executemany(conn, failed)
            if outcome.parked:
                parked = [{"row_id": row_id, "error": error} for row_id, error in outcome.parked]
                await self._park.executemany(conn, parked)

    async def figures(self, conn: asyncpg.Connection) -> OutboxFigures:
        pending, oldest_age, parked = await self._figures.fetchrow(conn)
        return OutboxFigures(pending, float(oldest_age), parked)
