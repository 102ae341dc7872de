"""Runs a service process: settings from the environment, JSON logs, uvicorn with graceful
shutdown (on SIGTERM uvicorn stops accepting, finishes requests, then the lifespan stops the
consumers and the relay)."""

import sys
from collections.abc import Callable
from typing import TypeVar

import uvicorn
from fastapi import FastAPI
from pydantic import ValidationError

from shared.logging import configure_logging
from shared.runtime import instance_name
from shared.settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)

_GRACEFUL_SHUTDOWN_S = 20


def serve(service: str, settings_class: type[S], create_app: Callable[[S], FastAPI]) -> None:
    try:
        settings = settings_class()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        sys.exit(f"{service}: invalid settings from the environment: {problems}")
    configure_logging(service, instance_name(settings), settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=_GRACEFUL_SHUTDOWN_S,
    )
