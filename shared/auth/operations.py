"""Who may read a service's API description and metrics: open by default (local use, the
shipped Prometheus config), restricted by ``AUTH_PROTECT_DOCS`` and ``AUTH_PROTECT_METRICS``."""

from typing import Any

from fastapi import Depends, FastAPI
from fastapi.params import Depends as DependsParam

from shared.auth.access import allow
from shared.auth.principal import Role
from shared.auth.settings import AuthSettings


def docs_urls(settings: AuthSettings) -> dict[str, Any]:
    """FastAPI's own docs routes, or none when they are protected: the Swagger page cannot send
    a bearer token when it fetches the description, so it is not served at all then."""
    if settings.protect_docs:
        return {"docs_url": None, "redoc_url": None, "openapi_url": None}
    return {}


def serve_protected_openapi(app: FastAPI, settings: AuthSettings) -> None:
    if not settings.protect_docs:
        return

    @app.get(
        "/openapi.json",
        include_in_schema=False,
        dependencies=[Depends(allow(Role.manager, Role.integrator))],
    )
    async def openapi() -> dict[str, Any]:
        return app.openapi()


def metrics_guard(settings: AuthSettings) -> list[DependsParam]:
    return [Depends(allow(Role.integrator))] if settings.protect_metrics else []
