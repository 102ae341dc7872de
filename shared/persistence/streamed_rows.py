"""Rows of a query as the database yields them, through a server-side cursor, for exports that
must not hold a whole table in memory (shared/http/tabular_responses.py)."""

from collections.abc import AsyncIterator

from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Select

BATCH_ROWS = 500


async def streamed_rows(
    connection: AsyncConnection, query: Select, *, batch: int = BATCH_ROWS
) -> AsyncIterator[RowMapping]:
    """Each row of ``query``; ``batch`` rows are fetched at a time (asyncpg's cursor needs the
    transaction a unit of work opens)."""
    result = await connection.stream(query.execution_options(yield_per=batch))
    async for row in result.mappings():
        yield row
