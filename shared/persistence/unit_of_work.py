"""One database transaction per use case; the events it causes are written to the outbox in it.

Repositories register the aggregates they hand out; on commit the unit of work drains their
recorded events into the outbox (shared/messaging/outbox_store.py) and commits, so a state
change and its events are both stored or both not (docs/architecture.md, "Events"). Staff
actions recorded on ``audit`` are written in the same commit, so neither is stored without the
other.

The transaction is the asyncpg connection's own: SQLAlchemy is told the connection autocommits,
so it sends no BEGIN or COMMIT of its own, and the statements it runs and those a repository
runs on the driver directly (``SqlRepository.driver``: the statements of the hot paths, compiled
once, shared/persistence/asyncpg_statements.py) are one transaction. A connection whose
transaction could not be ended is discarded, never handed back to the pool.
"""

import uuid
from collections.abc import Awaitable, Callable, Sequence
from types import TracebackType
from typing import Any, NamedTuple, Protocol, Self, TypeVar

import asyncpg
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.audit.log import AuditLog, audit_table
from shared.domain.aggregate import Aggregate
from shared.http.idempotency import IdempotencyKey, IdempotencyRecords, idempotency_table
from shared.messaging import inbox_store, outbox_store
from shared.messaging.consumer_lock import hold_consumer_lock
from shared.messaging.events import DomainEvent
from shared.messaging.tables import inbox_table, outbox_table
from shared.persistence.asyncpg_statements import driver_of


class _Identified(Protocol):
    @property
    def id(self) -> uuid.UUID: ...


Created = TypeVar("Created", bound=_Identified)


class FrameTables(NamedTuple):
    """The tables the frame itself keeps in every service's schema, declared the same way."""

    outbox: sa.Table
    inbox: sa.Table
    idempotency_keys: sa.Table
    audit_log: sa.Table

    @classmethod
    def declare(cls, metadata: sa.MetaData) -> "FrameTables":
        return cls(
            outbox_table(metadata),
            inbox_table(metadata),
            idempotency_table(metadata),
            audit_table(metadata),
        )


class SqlRepository:
    """Base of every repository: it tells its unit of work which aggregates it handed out."""

    def __init__(self, connection: AsyncConnection, seen: list[Aggregate]) -> None:
        self.connection = connection
        self._seen = seen

    @property
    def driver(self) -> asyncpg.Connection:
        """The asyncpg connection under ``connection``, in the unit of work's transaction."""
        return driver_of(self.connection)

    def _track(self, aggregate: Aggregate) -> None:
        self._seen.append(aggregate)

    async def _first(self, query: sa.Select) -> sa.RowMapping | None:
        """The first row ``query`` finds, by column name; None if it finds none."""
        return (await self.connection.execute(query)).mappings().first()

    async def _upsert(self, table: sa.Table, key: dict[str, Any], values: dict[str, Any]) -> None:
        """Inserts the row under ``key``, or overwrites ``values`` of the one already there."""
        await self.connection.execute(
            pg_insert(table)
            .values(**key, **values)
            .on_conflict_do_update(index_elements=[table.c[name] for name in key], set_=values)
        )


class UnitOfWork:
    """Subclasses add their repositories in ``_open_repositories``."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        source: str,
        tables: FrameTables,
    ) -> None:
        self._engine = engine
        self._source = source
        self.outbox_table = tables.outbox
        self.inbox_table = tables.inbox
        self._idempotency_keys = tables.idempotency_keys
        self.audit_table = tables.audit_log
        self.connection: AsyncConnection

    def _open_repositories(self, connection: AsyncConnection, seen: list[Aggregate]) -> None:
        """Hook for the service's repositories."""

    async def __aenter__(self) -> Self:
        self.connection = await self._engine.connect()
        try:
            await self.connection.execution_options(isolation_level="AUTOCOMMIT")
            self.driver = driver_of(self.connection)
            self._transaction = self.driver.transaction()
            await self._transaction.start()
        except BaseException:
            await self.connection.invalidate()
            await self.connection.close()
            raise
        self._open = True
        self._seen: list[Aggregate] = []
        self.idempotency = IdempotencyRecords(self.driver, self._idempotency_keys)
        self.audit = AuditLog(self.connection, self.audit_table)
        self._open_repositories(self.connection, self._seen)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._open:
                self._open = False
                await self._transaction.rollback()
        finally:
            if self.driver.is_in_transaction() or self.driver.is_closed():
                await self.connection.invalidate()
            await self.connection.close()

    async def hold_consumer_lock(self, consumer: str, *, exclusive: bool = False) -> None:
        """Shared by a consumer's batches, exclusive for a rebuild
        (shared/messaging/consumer_lock.py)."""
        await hold_consumer_lock(self.driver, consumer, exclusive=exclusive)

    async def claim_events(self, consumer: str, events: Sequence[tuple[str, str]]) -> set[str]:
        """Records that ``consumer`` handles these (event id, type) pairs; returns the ids it had
        not handled before (the others are duplicates), in one statement.

        Written in this transaction, so the records and the handlers' effects commit together.
        """
        return await inbox_store.claim(self.driver, self.inbox_table, consumer, events)

    async def create_once(
        self,
        key: IdempotencyKey | None,
        create: Callable[[], Awaitable[Created]],
        existing: Callable[[Self, uuid.UUID], Awaitable[Created]],
    ) -> Created:
        """In one transaction, ``create()`` and commit, unless ``key`` already created something:
        then ``existing`` reads that again by its id."""

        async def load(created_id: str) -> Created:
            return await existing(self, uuid.UUID(created_id))

        async with self:
            created = await self.idempotency.create_once(key, create, load, lambda made: made.id)
            await self.commit()
        return created

    async def commit(self) -> None:
        """Writes the collected events to the outbox, the recorded staff actions to the audit
        log, and commits."""
        events = [event for aggregate in self._seen for event in aggregate.events]
        await outbox_store.append(self.driver, self.outbox_table, events, self._source)
        await self.audit.write_pending()
        self._open = False
        await self._transaction.commit()
        for aggregate in self._seen:
            aggregate.events.clear()
        self._committed(events)

    def _committed(self, events: Sequence[DomainEvent]) -> None:
        """Hook: the events that have just been committed (business metrics count them here,
        so a rolled-back change is never counted)."""
