"""What a service's ``bootstrap.py`` declares about itself; shared/runtime/app.py turns it into
the running ASGI app."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from fastapi import APIRouter
from prometheus_client import CollectorRegistry
from sqlalchemy.ext.asyncio import AsyncEngine

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
    subscriptions: Sequence[Subscription] = ()
    jobs: Sequence[PeriodicJob] = ()
    #: The service's Prometheus registry; its own metrics (business gauges, delivery counters)
    #: are created on it before the blueprint is built, the shared ones are added by the runtime.
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    version: str = "0.1.0"
