"""SQLAlchemy Core statements run on a raw asyncpg connection, compiled once.

For the statements that run on every request or event (the outbox relay's, a booking's, a
consumed event's): SQLAlchemy's execution costs about 0.1 ms of CPU per statement on top of
asyncpg's own (docs/performance.md). They are still built from the declared tables, so the
columns are named in one place. Compiled with the asyncpg dialect they carry ``$n``
placeholders, and asyncpg prepares each once per connection. In a unit of work they run on
``SqlRepository.driver``, inside its transaction (shared/persistence/unit_of_work.py).

Values are asyncpg's, not SQLAlchemy's types: a text column holding an enum's value comes back
as that string. On a unit of work's connection ``jsonb`` comes back parsed and is sent as its
JSON text (the codecs SQLAlchemy's dialect sets on the connections it opens); on a plain asyncpg
connection, such as the relay's, it is text both ways.
"""

from collections.abc import Sequence
from typing import Any

import asyncpg
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Executable

_DIALECT = asyncpg_dialect.dialect()


def driver_of(connection: AsyncConnection) -> asyncpg.Connection:
    """The asyncpg connection under a checked-out SQLAlchemy connection (no greenlet hop)."""
    return connection.sync_connection.connection.driver_connection


class AsyncpgStatement:
    def __init__(self, statement: Executable) -> None:
        compiled = statement.compile(dialect=_DIALECT)
        self.sql = compiled.string
        self._names = tuple(compiled.positiontup or ())
        # Literals inside the construct (e.g. ``attempts + 1``) are binds with a value.
        self._defaults = {
            name: value for name, value in compiled.params.items() if value is not None
        }

    def args(self, **values: Any) -> list[Any]:
        """The positional arguments, in placeholder order, for these named values."""
        given = self._defaults | values
        return [given[name] for name in self._names]

    async def fetch(self, conn: asyncpg.Connection, **values: Any) -> list[asyncpg.Record]:
        return await conn.fetch(self.sql, *self.args(**values))

    async def fetchrow(self, conn: asyncpg.Connection, **values: Any) -> asyncpg.Record | None:
        return await conn.fetchrow(self.sql, *self.args(**values))

    async def fetchval(self, conn: asyncpg.Connection, **values: Any) -> Any:
        return await conn.fetchval(self.sql, *self.args(**values))

    async def execute(self, conn: asyncpg.Connection, **values: Any) -> None:
        await conn.execute(self.sql, *self.args(**values))

    async def executemany(self, conn: asyncpg.Connection, rows: Sequence[dict[str, Any]]) -> None:
        await conn.executemany(self.sql, [self.args(**row) for row in rows])
