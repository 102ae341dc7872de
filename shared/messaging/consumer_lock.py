"""The lock that lets a projection be rebuilt while its service runs.

Every consumer batch holds its consumer's lock in shared mode for its transaction (instances of
one consumer do not block each other); a rebuild holds it exclusively for its whole transaction.
So a rebuild waits for in-flight batches to commit, the live consumer waits for the rebuild, and
neither ever sees the other half done. Taken first in the transaction, before any row lock, so
the two can never deadlock.
"""

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection


async def hold_consumer_lock(
    connection: AsyncConnection, consumer: str, *, exclusive: bool = False
) -> None:
    """Until this transaction ends: shared for a live batch, exclusive for a rebuild."""
    lock = sa.func.pg_advisory_xact_lock if exclusive else sa.func.pg_advisory_xact_lock_shared
    await connection.execute(sa.select(lock(sa.func.hashtext(f"consumer:{consumer}"))))
