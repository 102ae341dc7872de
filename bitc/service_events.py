"""What each service consumes and which projections it lets operators rebuild, read from the
service's own blueprint (services/<svc>/bootstrap.py, wired from entrypoints/events.py) rather
than from lists kept beside it: the Kafka ACLs (bitc/kafka_principals.py) and ``bitc replay``
follow whatever the services really run (docs/architecture.md, "The frame")."""

import importlib
from functools import cache

from bitc.provision import SERVICES
from shared.runtime.blueprint import ServiceBlueprint


@cache
def blueprint_of(service: str) -> ServiceBlueprint:
    """The blueprint as the service builds it, on default settings: what it consumes does not
    depend on where its database or broker are, so no environment is read."""
    settings = importlib.import_module(f"services.{service}.settings").Settings.model_construct()
    return importlib.import_module(f"services.{service}.bootstrap").blueprint(settings)


def consumed_topics(service: str) -> tuple[str, ...]:
    return tuple(sorted({s.topic for s in blueprint_of(service).subscriptions}))


def replayable() -> dict[str, ServiceBlueprint]:
    """The services that have projections to rebuild, with their blueprints."""
    return {s: blueprint_of(s) for s in SERVICES if blueprint_of(s).projections}
