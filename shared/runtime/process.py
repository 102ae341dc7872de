"""What every service process runs besides its own routes, started and stopped in order: the
database engine, the Kafka broker with its consumers (shared/runtime/broker.py), the outbox
relay, the consumer-lag probe and periodic jobs, wired the same way for all three.

shared/runtime/app.py builds the ASGI app whose lifespan calls ``start`` and ``stop``.
"""

import asyncio
import contextlib
import logging
import os
import socket

import sqlalchemy as sa
from fastapi import Request

from shared.messaging.consumer_lag import ConsumerLagProbe
from shared.messaging.kafka_clients import KafkaSecurity
from shared.messaging.outbox_relay import OutboxRelay, RelayConfig
from shared.messaging.retention import retention_job
from shared.observability.metrics import ServiceMetrics
from shared.persistence.db import create_engine
from shared.persistence.schema_version import RequiredSchema
from shared.persistence.unit_of_work import UnitOfWork
from shared.runtime.blueprint import ServiceBlueprint
from shared.runtime.broker import service_broker
from shared.runtime.health import NotReady
from shared.runtime.periodic_jobs import PeriodicJob, run_periodically
from shared.runtime.settings import ServiceSettings

log = logging.getLogger(__name__)


def instance_name(settings: ServiceSettings) -> str:
    return settings.instance_id or f"{socket.gethostname()}-{os.getpid()}"


class ServiceRuntime:
    def __init__(self, blueprint: ServiceBlueprint) -> None:
        settings = blueprint.settings
        self.blueprint = blueprint
        self.metrics = ServiceMetrics(blueprint.registry)
        database_url = settings.database_url.get_secret_value()
        kafka_security = KafkaSecurity.from_settings(settings)
        self.engine = create_engine(database_url, settings.db_pool_size)
        self.required_schema = RequiredSchema.of(blueprint.name)
        client_id = f"bitc-{blueprint.name}-{instance_name(settings)}"
        self.broker = service_broker(
            blueprint, client_id, kafka_security, self.metrics, self.new_unit_of_work
        )
        schema = blueprint.name
        self.relay = OutboxRelay(
            RelayConfig(
                database_url=database_url,
                schema=schema,
                bootstrap_servers=settings.kafka_bootstrap_servers,
                client_id=f"{client_id}-relay",
                batch_size=settings.relay_batch_size,
                poll_interval_s=settings.relay_poll_interval_s,
                security=kafka_security,
            ),
            self.metrics,
        )
        self._kafka_security = kafka_security
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = asyncio.Event()
        self._probe: asyncio.Task[None] | None = None

    def _retention_job(self) -> PeriodicJob:
        tables = self.new_unit_of_work()  # constructing one opens no connection
        settings = self.blueprint.settings
        return retention_job(
            tables.outbox_table,
            tables.inbox_table,
            settings.outbox_retention_days,
            settings.inbox_retention_days,
        )

    def new_unit_of_work(self) -> UnitOfWork:
        return self.blueprint.unit_of_work(self.engine)

    async def start(self) -> None:
        await self.broker.start()
        self._tasks.append(asyncio.create_task(self.relay.run(), name="outbox-relay"))
        # A live feed commits no offsets (shared/messaging/live_consumer.py): it has no lag.
        subscriptions = [sub for sub in self.blueprint.subscriptions if not sub.live]
        groups = [(sub.consumer, sub.topic) for sub in subscriptions]
        if groups:
            probe = ConsumerLagProbe(
                self.blueprint.settings.kafka_bootstrap_servers,
                groups,
                self.metrics,
                self._kafka_security,
            )
            self._probe = asyncio.create_task(probe.run(), name="consumer-lag")
        for job in (*self.blueprint.jobs, self._retention_job()):
            task = run_periodically(job, self.new_unit_of_work, self._stopping)
            self._tasks.append(asyncio.create_task(task, name=f"job:{job.name}"))
        log.info("service started", extra={"service": self.blueprint.name})

    async def stop(self) -> None:
        """Graceful: consumers stop fetching and their in-flight batch commits (with its offsets)
        first; then the relay publishes what is pending, including that batch's events, and a job
        round under way finishes; only then the pool closes. Each step is bounded, so the whole
        fits the platform's 30 s termination grace together with uvicorn's HTTP drain."""
        await self.broker.stop()
        self.relay.stop()
        self._stopping.set()
        _, unfinished = await asyncio.wait(self._tasks, timeout=WORKER_GRACE_S)
        if self._probe is not None:
            unfinished.add(self._probe)  # it only measures: nothing to finish
        for task in unfinished:
            task.cancel()
        for task in unfinished:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.engine.dispose()
        log.info("service stopped", extra={"service": self.blueprint.name})

    async def database_answers(self) -> bool:
        async with self.engine.connect() as conn:
            return (await conn.scalar(sa.text("SELECT 1"))) == 1

    async def schema_is_migrated(self) -> bool:
        """At this build's migration head or ahead of it (docs/operations.md, "Upgrade")."""
        async with self.engine.connect() as conn:
            if reason := await self.required_schema.unmet(conn):
                raise NotReady(reason)
        return True

    async def kafka_answers(self) -> bool:
        return await self.broker.ping(timeout=_PING_TIMEOUT_S)


_PING_TIMEOUT_S = 2.0
#: On shutdown, once the consumers are done (shared/runtime/broker.py): how long the relay and
#: jobs may take to finish.
WORKER_GRACE_S = 5.0


async def unit_of_work(request: Request) -> UnitOfWork:
    """FastAPI dependency: a fresh unit of work for the request (entered by the route).

    ``async`` although it awaits nothing, as every dependency here is: FastAPI runs a plain
    ``def`` dependency in its thread pool, a thread hop per request for no I/O."""
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime.new_unit_of_work()
