"""What every service process runs besides its own routes: the database engine, the Kafka broker
with its consumers, the outbox relay, health and metrics, wired the same way for all three.

A service's ``bootstrap.py`` describes itself as a ``ServiceBlueprint``; ``create_service_app``
turns that into the ASGI app whose lifespan starts and stops everything in order.
"""

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from fastapi import APIRouter, FastAPI, Request
from faststream.kafka import KafkaBroker
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from prometheus_client import CollectorRegistry
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.auth import install_auth
from shared.auth_operations import docs_urls, metrics_guard, serve_protected_openapi
from shared.consumer_backoff import RetryPolicy
from shared.consumer_lag import ConsumerLagProbe
from shared.db import asyncpg_dsn, create_engine
from shared.dead_letters import DeadLetterPublisher
from shared.event_consumer import EventConsumer
from shared.health import health_router
from shared.http_middleware import RequestObservability
from shared.kafka_clients import PRODUCER_SETTINGS, KafkaSecurity
from shared.messaging_retention import retention_job
from shared.metrics import ServiceMetrics
from shared.nul_characters import NulCharacterGuard
from shared.outbox_relay import OutboxRelay, RelayConfig
from shared.periodic_jobs import PeriodicJob, run_periodically
from shared.problem_docs import document_problems
from shared.problems import install_problem_handlers
from shared.rate_limiting import WriteRateLimiter, WriteThrottle
from shared.request_size import RequestSizeLimit
from shared.settings import ServiceSettings
from shared.subscriptions import Subscription
from shared.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass
class ServiceBlueprint:
    name: str
    title: str
    description: str
    settings: ServiceSettings
    unit_of_work: Callable[[AsyncEngine], UnitOfWork]
    dead_letter_topic: str
    routers: Sequence[APIRouter] = ()
    subscriptions: Sequence[Subscription] = ()
    jobs: Sequence[PeriodicJob] = ()
    #: The service's Prometheus registry; its own metrics (business gauges, delivery counters)
    #: are created on it before the blueprint is built, the shared ones are added by the runtime.
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    version: str = "0.1.0"


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
        client_id = f"bitc-{blueprint.name}-{instance_name(settings)}"
        self.broker = KafkaBroker(
            settings.kafka_bootstrap_servers,
            client_id=client_id,
            security=kafka_security.faststream(),
            # Topics are `bitc setup`'s to create; a service's principal may not.
            allow_auto_create_topics=False,
            acks=PRODUCER_SETTINGS["acks"],
            enable_idempotence=PRODUCER_SETTINGS["enable_idempotence"],
            middlewares=[
                KafkaPrometheusMiddleware(registry=self.metrics.registry, app_name=blueprint.name)
            ],
            logger=logging.getLogger(f"bitc.{blueprint.name}.kafka"),
            graceful_timeout=CONSUMER_GRACE_S,
        )
        dead_letters = DeadLetterPublisher(self.broker, blueprint.dead_letter_topic)
        retry = RetryPolicy(
            settings.consumer_max_attempts,
            settings.consumer_backoff_initial_s,
            settings.consumer_backoff_max_s,
        )
        for subscription in blueprint.subscriptions:
            EventConsumer(
                subscription, self.new_unit_of_work, dead_letters, self.metrics, retry
            ).attach(self.broker)
        schema = blueprint.name
        self.relay = OutboxRelay(
            RelayConfig(
                dsn=asyncpg_dsn(database_url),
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
        groups = [(sub.consumer, sub.topic) for sub in self.blueprint.subscriptions]
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

    async def kafka_answers(self) -> bool:
        return await self.broker.ping(timeout=_PING_TIMEOUT_S)


_PING_TIMEOUT_S = 2.0
#: On shutdown: how long in-flight consumer batches, then the relay and jobs, may take to finish.
CONSUMER_GRACE_S = 8.0
WORKER_GRACE_S = 5.0


def create_service_app(blueprint: ServiceBlueprint) -> FastAPI:
    runtime = ServiceRuntime(blueprint)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    auth = blueprint.settings.auth
    app = FastAPI(
        title=blueprint.title,
        description=blueprint.description,
        version=blueprint.version,
        lifespan=lifespan,
        **docs_urls(auth),
    )
    app.state.runtime = runtime
    install_problem_handlers(app)
    document_problems(app)
    install_auth(app, auth)
    serve_protected_openapi(app, auth)
    checks = {"database": runtime.database_answers, "kafka": runtime.kafka_answers}
    app.include_router(health_router(checks, runtime.metrics, metrics_guard(auth)))
    for router in blueprint.routers:
        app.include_router(router)
    # The last added runs first: observe everything, refuse floods before reading bodies.
    settings = blueprint.settings
    app.add_middleware(NulCharacterGuard)
    app.add_middleware(RequestSizeLimit, max_body_bytes=settings.max_request_body_bytes)
    limiter = WriteRateLimiter(
        settings.write_rate_limit_per_minute, settings.write_rate_limit_burst
    )
    app.add_middleware(WriteThrottle, limiter=limiter)
    app.add_middleware(RequestObservability, metrics=runtime.metrics)
    return app


def unit_of_work(request: Request) -> UnitOfWork:
    """FastAPI dependency: a fresh unit of work for the request (entered by the route)."""
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime.new_unit_of_work()
