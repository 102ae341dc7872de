"""Idempotency-Key on POSTs that create things: a retried request returns what the first one
created instead of creating it twice.

The key is recorded in the same transaction as the creation, so a crash can never keep one
without the other; a concurrent retry blocks on the key's unique index until the first request
commits, then replays its result (or, if the first rolled back, creates it itself).
"""

import functools
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

import asyncpg
import sqlalchemy as sa
from fastapi import Depends, Header, Request, Response
from sqlalchemy.dialects.postgresql import insert as pg_insert

from shared.http.problems import Problem
from shared.persistence.asyncpg_statements import AsyncpgStatement

T = TypeVar("T")
MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class IdempotencyKey:
    key: str
    #: What the request asked for (method, path, body); the same key must always ask the same.
    fingerprint: str


def idempotency_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "idempotency_keys",
        metadata,
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("fingerprint", sa.Text, nullable=False),
        sa.Column("resource_id", sa.Text),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )


async def idempotency_key(
    request: Request,
    idempotency_key: Annotated[
        str | None,
        Header(
            description="Any unique string (a UUID is ideal). Retrying with the same key returns "
            "what the first request created instead of creating it again."
        ),
    ] = None,
) -> IdempotencyKey | None:
    """FastAPI dependency reading the Idempotency-Key header of a creating POST."""
    if idempotency_key is None:
        return None
    if not idempotency_key or len(idempotency_key) > MAX_KEY_LENGTH:
        raise Problem(
            400,
            "invalid-idempotency-key",
            "The Idempotency-Key header is not valid",
            f"use 1 to {MAX_KEY_LENGTH} characters",
        )
    digest = hashlib.sha256(f"{request.method} {request.url.path}\n".encode())
    digest.update(await request.body())
    return IdempotencyKey(idempotency_key, digest.hexdigest())


#: Declares a route's Idempotency-Key parameter.
IdempotencyKeyHeader = Annotated[IdempotencyKey | None, Depends(idempotency_key)]


class Creation:
    """What a creating POST (201) reads and answers besides its body: the Idempotency-Key it
    was sent, and the Location header naming what it created."""

    def __init__(self, response: Response, key: IdempotencyKey | None) -> None:
        self.key = key
        self._response = response

    def located(self, location: str, created: T) -> T:
        """``created``, answered with ``location`` as its Location header."""
        self._response.headers["Location"] = location
        return created


async def creation(response: Response, key: IdempotencyKeyHeader) -> Creation:
    """FastAPI dependency (``async``: a class as dependency would run in the thread pool)."""
    return Creation(response, key)


#: Declares a creating route's Idempotency-Key parameter and lets it set its Location.
Create = Annotated[Creation, Depends(creation)]


class _Statements:
    """Built once per table: a creating POST with a key runs the claim and the pointing."""

    def __init__(self, table: sa.Table) -> None:
        key, fingerprint = sa.bindparam("key"), sa.bindparam("fingerprint")
        self.claim = AsyncpgStatement(
            pg_insert(table)
            .values(key=key, fingerprint=fingerprint)
            .on_conflict_do_nothing()
            .returning(table.c.key)
        )
        self.point = AsyncpgStatement(
            table.update()
            .where(table.c.key == sa.bindparam("claimed_key"))
            .values(resource_id=sa.bindparam("resource_id"))
        )
        self.claimed = AsyncpgStatement(
            sa.select(table.c.fingerprint, table.c.resource_id).where(
                table.c.key == sa.bindparam("claimed_key")
            )
        )


@functools.cache
def _statements(table: sa.Table) -> _Statements:
    return _Statements(table)


class IdempotencyRecords:
    def __init__(self, driver: asyncpg.Connection, table: sa.Table) -> None:
        self._driver = driver
        self._statements = _statements(table)

    async def create_once(
        self,
        key: IdempotencyKey | None,
        create: Callable[[], Awaitable[T]],
        load: Callable[[str], Awaitable[T]],
        id_of: Callable[[T], object],
    ) -> T:
        """``create()`` unless this key already created something: then ``load(its id)``."""
        if key is None:
            return await create()
        previous = await self._claim(key)
        if previous is not None:
            return await load(previous)
        created = await create()
        resource_id = str(id_of(created))
        await self._statements.point.execute(
            self._driver, claimed_key=key.key, resource_id=resource_id
        )
        return created

    async def _claim(self, key: IdempotencyKey) -> str | None:
        claimed = await self._statements.claim.fetchrow(
            self._driver, key=key.key, fingerprint=key.fingerprint
        )
        if claimed is not None:
            return None
        row = await self._statements.claimed.fetchrow(self._driver, claimed_key=key.key)
        if row is None:
            raise RuntimeError(f"idempotency key {key.key} neither claimed nor found")
        if row["fingerprint"] != key.fingerprint:
            raise IdempotencyKeyReused(key.key)
        return row["resource_id"]


class IdempotencyKeyReused(Problem):
    """The key already stands for a different request."""

    def __init__(self, key: str) -> None:
        super().__init__(
            422,
            "idempotency-key-reused",
            "The Idempotency-Key was used for a different request",
            "Resend the original request to get its result, or use a new key for a new request.",
            idempotency_key=key,
        )
