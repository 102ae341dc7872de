"""A relay told to stop by cancellation stops, even when the cancel lands in the very moment it
is woken: on Python 3.11 ``asyncio.wait_for`` swallowed such a cancel, and the relay went on
publishing and holding its lock with nobody left to stop it."""

import asyncio

import pytest

from shared.messaging.outbox_relay import OutboxRelay, RelayConfig
from shared.observability.metrics import ServiceMetrics


async def test_a_relay_cancelled_as_it_is_woken_still_stops() -> None:
    relay = OutboxRelay(
        RelayConfig(
            database_url="postgresql+asyncpg://nobody@localhost/none",
            schema="tenancy",
            bootstrap_servers="localhost:1",
            client_id="unit",
            poll_interval_s=30,
        ),
        ServiceMetrics(),
    )
    waiting = asyncio.create_task(relay._wait_for_work())
    await asyncio.sleep(0)  # the relay is now waiting for work
    relay._on_notify()  # a commit's NOTIFY wakes it ...
    waiting.cancel()  # ... in the same moment as the shutdown cancels it
    with pytest.raises(asyncio.CancelledError):
        await waiting
