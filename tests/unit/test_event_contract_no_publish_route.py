"""FastStream's AsyncAPI page has a "try it out" endpoint that publishes whatever a visitor sends
to the broker: no service may serve it. Each real app is built by its bootstrap
(lifespan not started, so nothing connects) and its routes are inspected and probed."""

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from tests.service_apps import SERVICES
from tests.service_apps import service_app as _app


@pytest.mark.parametrize("name", SERVICES)
def test_no_asyncapi_route_and_every_writing_route_is_the_services_own(name: str) -> None:
    app = _app(name)
    paths = [getattr(route, "path", "") for route in app.routes]
    assert not [path for path in paths if "asyncapi" in path.lower()], paths
    for route in app.routes:
        if isinstance(route, APIRoute) and route.methods & {"POST", "PUT", "PATCH"}:
            # A writing route belongs to the service's own API modules, not to FastStream.
            assert route.endpoint.__module__.startswith(f"services.{name}."), (
                f"{route.path} {sorted(route.methods)} is served by {route.endpoint.__module__}"
            )


@pytest.mark.parametrize("name", SERVICES)
def test_faststream_try_it_out_paths_are_not_served(name: str) -> None:
    # Without `with`, TestClient does not run the lifespan: nothing reaches Kafka or PostgreSQL.
    client = TestClient(_app(name), raise_server_exceptions=False)
    for path in ("/asyncapi", "/asyncapi/try", "/docs/asyncapi"):
        assert client.get(path).status_code == 404, path
        body = {"channelName": "bitc.tenancy.events.v1", "message": {"message": {}}}
        assert client.post(path, json=body).status_code in (404, 405), path
