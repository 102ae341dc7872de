"""The full ``Allow`` header of a 405 (RFC 9110 §15.5.6): every method some route answers at the
request's path.

Starlette's router hands a 405 to the first route whose path matched and names only that
route's methods, so ``OPTIONS /plans`` said ``Allow: POST`` although ``GET /plans`` exists.
"""

from collections.abc import Sequence

from fastapi.routing import iter_route_contexts
from starlette.routing import BaseRoute, get_route_path
from starlette.types import Scope


def allowed_methods(routes: Sequence[BaseRoute], scope: Scope) -> str:
    """The methods any of ``routes`` answers at the scope's path, sorted, as an Allow value."""
    path = get_route_path(scope)
    methods: set[str] = set()
    for route in iter_route_contexts(routes):
        pattern = getattr(route, "path_regex", None)
        if route.methods and pattern is not None and pattern.match(path):
            methods |= route.methods
    return ", ".join(sorted(methods))
