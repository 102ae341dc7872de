"""Runs a service process: settings from the environment, JSON logs, uvicorn with graceful
shutdown. On SIGTERM uvicorn stops accepting connections and lets requests under way finish
(up to _HTTP_DRAIN_S), then the lifespan stops the consumers, the relay and the jobs in order
(shared.runtime.process.ServiceRuntime.stop), all within the 30 s grace Kubernetes and compose
give."""

import sys
from collections.abc import Callable
from typing import TypeVar

import uvicorn
from fastapi import FastAPI
from pydantic import ValidationError

from shared.observability.logging import configure_logging
from shared.persistence.database_url import DatabaseUrlError
from shared.runtime.process import instance_name
from shared.runtime.settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)

_HTTP_DRAIN_S = 10


def serve(service: str, settings_class: type[S], create_app: Callable[[S], FastAPI]) -> None:
    try:
        settings = settings_class()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        sys.exit(f"{service}: invalid settings from the environment: {problems}")
    configure_logging(service, instance_name(settings), settings.log_level)
    try:
        app = create_app(settings)
    except DatabaseUrlError as exc:  # says what to write instead; the URL holds a password
        sys.exit(f"{service}: DATABASE_URL: {exc}")
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=_HTTP_DRAIN_S,
    )
