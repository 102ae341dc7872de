"""Composition root of the console: the web front of BITC for staff and tenants (issue #15).

It owns only what a web front needs (sessions, in its schema ``console``) and acts through the
three services' public HTTP APIs with the signed-in person's own token (adapters/service_api.py).
Pages are server-rendered (templates/, entrypoints/http/pages.py), translated from
translations/<lang>/*.po, and work without JavaScript (static/console.js only enhances).
"""

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from prometheus_client import CollectorRegistry

from contracts.topics import dead_letter_topic
from services.console.adapters.dev_tokens import DevTokens
from services.console.adapters.live_metrics import LiveMetrics
from services.console.adapters.service_api import ServiceClients
from services.console.adapters.sso import SingleSignOn
from services.console.entrypoints import events, jobs
from services.console.entrypoints.http import ROUTERS
from services.console.entrypoints.http.csrf import CsrfTokens
from services.console.entrypoints.http.pages import Pages, install_refusal_pages
from services.console.entrypoints.http.viewer import install_visitor_cookie
from services.console.service_layer.live_hub import LiveHub
from services.console.service_layer.unit_of_work import ConsoleUnitOfWork
from services.console.settings import Settings
from shared.runtime.app import create_service_app
from shared.runtime.blueprint import ServiceBlueprint

STATIC_DIR = Path(__file__).resolve().parent / "static"


def blueprint(settings: Settings, hub: LiveHub | None = None) -> ServiceBlueprint:
    """``hub``: where the live feed hands its events (create_app's); the operator commands,
    which only read what the console consumes, leave it out."""
    hub = hub or LiveHub(LiveMetrics(CollectorRegistry()))
    return ServiceBlueprint(
        name="console",
        title="BITC console",
        description="The web front of BITC's space operations for staff and tenants.",
        settings=settings,
        unit_of_work=ConsoleUnitOfWork,
        dead_letter_topic=dead_letter_topic("console"),
        routers=ROUTERS,
        subscriptions=events.subscriptions(settings, hub),
        jobs=jobs.JOBS,
        registry=hub.metrics.registry,
    )


def create_app(settings: Settings) -> FastAPI:
    hub = LiveHub(LiveMetrics(CollectorRegistry()))
    app = create_service_app(blueprint(settings, hub))
    clients = ServiceClients(
        {
            "tenancy": settings.console_tenancy_url,
            "booking": settings.console_booking_url,
            "notifications": settings.console_notifications_url,
        },
        settings.console_api_timeout_s,
    )
    app.state.settings = settings
    app.state.service_clients = clients
    app.state.pages = Pages()
    app.state.live_hub = hub
    app.state.csrf = CsrfTokens(settings.console_csrf_secret.get_secret_value())
    app.state.single_sign_on = (
        SingleSignOn(
            settings.auth.issuer,
            settings.console_oidc_client_id,
            settings.console_oidc_client_secret.get_secret_value(),
        )
        if settings.auth.issuer
        else None
    )
    state_dir = settings.console_dev_state_dir
    app.state.dev_tokens = DevTokens(state_dir) if settings.auth.development and state_dir else None
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_refusal_pages(app)
    install_visitor_cookie(app, settings.console_cookie_secure)
    _close_with_app(app, clients)
    return app


def _close_with_app(app: FastAPI, clients: ServiceClients) -> None:
    """The upstream connection pools close after the runtime has stopped."""
    runtime_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        async with runtime_lifespan(application):
            yield
        await clients.aclose()

    app.router.lifespan_context = lifespan
