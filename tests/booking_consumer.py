"""booking's consumers running in the test process: the real ServiceRuntime (broker, inbox,
retries, dead letters) with the subscriptions a test names, so a test proves what a running
booking instance does with what arrives on Kafka."""

import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import Any

from contracts.topics import dead_letter_topic
from services.booking.service_layer.unit_of_work import BookingUnitOfWork
from services.booking.settings import Settings
from shared.messaging.subscriptions import Subscription
from shared.runtime.blueprint import ServiceBlueprint
from shared.runtime.process import ServiceRuntime


@contextlib.asynccontextmanager
async def running_booking_consumer(
    infra: Any,
    subscriptions: Sequence[Subscription],
    *,
    dead_letters: str = dead_letter_topic("booking"),
    **settings: Any,
) -> AsyncIterator[ServiceRuntime]:
    """Started, and stopped on the way out; ``settings`` override booking's (e.g. backoff)."""
    runtime = ServiceRuntime(
        ServiceBlueprint(
            name="booking",
            title="test",
            description="",
            settings=Settings(
                database_url=infra.database_urls["booking"],
                kafka_bootstrap_servers=infra.kafka_bootstrap,
                **settings,
            ),
            unit_of_work=BookingUnitOfWork,
            dead_letter_topic=dead_letters,
            subscriptions=subscriptions,
        )
    )
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()
