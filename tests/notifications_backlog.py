"""Notifications' engine for a test that sends: the unsent messages earlier tests left behind are
withdrawn first, or the test's sender would deliver them to the test's own servers and spend
the test's rate-limit budget on them."""

import contextlib
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncEngine

from services.notifications.adapters.tables import notifications
from shared.persistence.db import create_engine


@contextlib.asynccontextmanager
async def engine_without_backlog(infra) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(infra.database_urls["notifications"], 5)
    async with engine.begin() as conn:
        await conn.execute(
            notifications.update()
            .where(notifications.c.status.in_(["pending", "failed", "sending"]))
            .values(status="withdrawn")
        )
    try:
        yield engine
    finally:
        await engine.dispose()
