"""Every dependency of every route is ``async``: FastAPI runs a plain ``def`` dependency (or a
class) in its thread pool, a thread hop on every request that cost booking measurable CPU per
booking for code that does no I/O (docs/performance.md, "What changed")."""

import inspect
from collections.abc import Iterator

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from bitc import security_table


def _blocking(dependant: Dependant) -> Iterator[str]:
    for dependency in dependant.dependencies:
        call = dependency.call
        # A function, or an instance with an async __call__ (e.g. fastapi.security's schemes).
        runs_on_loop = inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(
            type(call).__call__
        )
        if call is not None and not runs_on_loop:
            yield getattr(call, "__qualname__", repr(call))
        yield from _blocking(dependency)


@pytest.mark.parametrize("service", [*security_table.SERVICES, "console"])
def test_no_route_of_the_service_sends_a_dependency_to_the_thread_pool(service):
    app = security_table.service_app(service)
    blocking = {
        f"{sorted(context.original_route.methods)} {context.path}: {name}"
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute)
        for name in _blocking(context.original_route.dependant)
    }
    assert not blocking
