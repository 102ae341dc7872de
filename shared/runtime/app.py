"""Turns a service's blueprint into its ASGI app: the runtime started and stopped by the app's
lifespan, and the HTTP side every service shares (auth, problem documents, health and metrics,
request limits, observability and CORS) around the service's own routes."""

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI

from shared.auth.access import install_auth
from shared.auth.operations import docs_urls, metrics_guard, serve_protected_openapi
from shared.http.cors import CrossOriginRequests
from shared.http.middleware import RequestObservability
from shared.http.nul_characters import NulCharacterGuard
from shared.http.problem_docs import document_problems
from shared.http.problems import install_problem_handlers
from shared.http.rate_limiting import WriteRateLimiter, WriteThrottle
from shared.http.request_size import RequestSizeLimit
from shared.runtime.blueprint import ServiceBlueprint
from shared.runtime.health import health_router
from shared.runtime.process import ServiceRuntime


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
    app.include_router(
        health_router(
            required={"database": runtime.database_answers, "schema": runtime.schema_is_migrated},
            reported={"kafka": runtime.kafka_answers},
            metrics=runtime.metrics,
            metrics_guard=metrics_guard(auth),
        )
    )
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
    # Outermost, so every answer (a 429, a 500) carries the CORS headers a browser needs to
    # show it to the calling script; with no origin configured nothing changes.
    if settings.cors_allowed_origins:
        app.add_middleware(CrossOriginRequests, allowed_origins=settings.cors_allowed_origins)
    return app
