"""Each service's real ASGI app built by its bootstrap, lifespan not started, so nothing reaches
PostgreSQL or Kafka: for unit tests of what the HTTP side answers before any I/O."""

import importlib
from typing import Any

from fastapi import FastAPI

SERVICES = ("tenancy", "booking", "notifications")
UNREACHABLE = {
    "database_url": "postgresql+asyncpg://nobody:nothing@127.0.0.1:9/none",
    "kafka_bootstrap_servers": "127.0.0.1:9",
}


def service_app(name: str, **settings: Any) -> FastAPI:
    settings_class = importlib.import_module(f"services.{name}.settings").Settings
    built = settings_class(**UNREACHABLE | settings)
    return importlib.import_module(f"services.{name}.bootstrap").create_app(built)
