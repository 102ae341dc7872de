"""What a service's ``bootstrap.py`` declares about itself; shared/runtime/app.py turns it into
the running ASGI app, and the operator commands (``bitc replay``) and the generated Kafka ACLs
read what it consumes from it rather than from lists of their own."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from fastapi import APIRouter
from prometheus_client import CollectorRegistry
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.messaging.projections import Projection
from shared.messaging.subscriptions import Subscription
from shared.persistence.unit_of_work import UnitOfWork
from shared.runtime.periodic_jobs import PeriodicJob
from shared.runtime.settings import ServiceSettings


@dataclass
class ServiceBlueprint:
    name: str
    title: str
    description: str
    settings: ServiceSettings
    unit_of_work: Callable[[AsyncEngine], UnitOfWork]
    dead_letter_topic: str
    routers: Sequence[APIRouter] = ()
    #: Every consumer the service runs (entrypoints/events.py), projections' included.
    subscriptions: Sequence[Subscription] = ()
    #: The projections among them that ``bitc replay`` may rebuild.
    projections: Sequence[Projection] = ()
    jobs: Sequence[PeriodicJob] = ()
    #: The service's Prometheus registry; its own metrics (business gauges, delivery counters)
    #: are created on it before the blueprint is built, the shared ones are added by the runtime.
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    version: str = "0.1.0"

    def __post_init__(self) -> None:
        running = {s.consumer for s in self.subscriptions}
        if stray := [p.name for p in self.projections if p.consumer not in running]:
            raise ValueError(f"projections {stray} have no running consumer in {self.name}")
