"""The services' APIs as the viewer: with their own token when signed in, with none otherwise
(the public catalogue)."""

from typing import Literal

from fastapi import Request

from services.console.adapters.service_api import ServiceApi
from services.console.entrypoints.http.viewer import Viewer

Upstream = Literal["tenancy", "booking", "notifications"]


def service_api(request: Request, viewer: Viewer, upstream: Upstream) -> ServiceApi:
    token = viewer.session.tokens.access if viewer.session else None
    return request.app.state.service_clients.api(upstream, token)
