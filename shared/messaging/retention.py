"""Keeps the outbox and inbox from growing without end: published outbox rows and inbox entries
older than their retention are deleted by a periodic job every service runs.

The inbox must remember an event for longer than it could be redelivered (consumer restarts,
rebalances, dead-letter replays), so its retention is counted in weeks, not hours.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa

from shared.messaging import inbox_store, outbox_store
from shared.persistence.unit_of_work import UnitOfWork
from shared.runtime.periodic_jobs import PeriodicJob

_HOURLY_S = 3600.0


def retention_job(
    outbox: sa.Table, inbox: sa.Table, outbox_days: int, inbox_days: int
) -> PeriodicJob:
    async def prune(uow: UnitOfWork, now: datetime) -> None:
        await outbox_store.prune_published(
            uow.connection, outbox, now - timedelta(days=outbox_days)
        )
        await inbox_store.prune(uow.connection, inbox, now - timedelta(days=inbox_days))

    return PeriodicJob(name=f"{outbox.schema}.messaging-retention", interval_s=_HOURLY_S, run=prune)
