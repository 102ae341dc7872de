"""Scheduled work inside a service (lease notices, no-show release, reminders), run the same way
by every service.

Each run is one unit of work holding a transaction-scoped advisory lock named after the job, so
with several instances only one runs it at a time; a job makes its effects exactly-once by its
own state (e.g. a unique row per notice sent) written in that same transaction.
"""

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from shared.persistence.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    interval_s: float
    #: Does one round of the job in the given (entered) unit of work; the runner commits.
    run: Callable[[Any, datetime], Awaitable[None]]


async def run_job_once(job: PeriodicJob, uow: UnitOfWork, now: datetime | None = None) -> bool:
    """One round, if no other instance is running this job; True when it ran."""
    async with uow:
        lock = sa.select(sa.func.pg_try_advisory_xact_lock(sa.func.hashtext(f"job:{job.name}")))
        if not await uow.connection.scalar(lock):
            return False
        await job.run(uow, now or datetime.now(UTC))
        await uow.commit()
    return True


async def run_periodically(
    job: PeriodicJob, new_unit_of_work: Callable[[], UnitOfWork], stopping: asyncio.Event
) -> None:
    """Runs the job every ``interval_s`` (with jitter, so instances don't align) until
    ``stopping`` is set; a round under way then finishes first (graceful shutdown)."""
    while not stopping.is_set():
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(job.interval_s * random.uniform(0.8, 1.2)):
                await stopping.wait()
            return
        try:
            await run_job_once(job, new_unit_of_work())
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("periodic job failed; it runs again next round", extra={"job": job.name})
