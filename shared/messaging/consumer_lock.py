"""The lock that lets a projection be rebuilt while its service runs.

Every consumer batch holds its consumer's lock in shared mode for its transaction (instances of
one consumer do not block each other); a rebuild holds it exclusively for its whole transaction.
So a rebuild waits for in-flight batches to commit, the live consumer waits for the rebuild, and
neither ever sees the other half done. Taken first in the transaction, before any row lock, so
the two can never deadlock.
"""

import asyncpg
import sqlalchemy as sa

from shared.persistence.asyncpg_statements import AsyncpgStatement

# Built once: a live batch takes the shared one at the start of every transaction.
_LOCK_KEY = sa.func.hashtext(sa.bindparam("lock_name", type_=sa.Text))
_SHARED = AsyncpgStatement(sa.select(sa.func.pg_advisory_xact_lock_shared(_LOCK_KEY)))
_EXCLUSIVE = AsyncpgStatement(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_KEY)))


async def hold_consumer_lock(
    driver: asyncpg.Connection, consumer: str, *, exclusive: bool = False
) -> None:
    """Until this transaction ends: shared for a live batch, exclusive for a rebuild."""
    lock = _EXCLUSIVE if exclusive else _SHARED
    await lock.execute(driver, lock_name=f"consumer:{consumer}")
