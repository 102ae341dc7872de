"""Per-client limits on writes (POST, PUT, PATCH, DELETE), answered with 429 and Retry-After.

Counted with the ``limits`` library's moving window in this process's memory: each instance
limits on its own, so N instances let a client write up to N times the configured rate. That
keeps a write free of a database round trip; the limit is a guard against floods and runaway
scripts, not a quota (booking quotas are kept in the database).
"""

import math
import time

from limits import RateLimitItem, RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.auth.tokens import InvalidToken
from shared.http.problems import Problem, problem_at

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class WriteRateLimiter:
    """At most ``burst`` writes in any second and ``per_minute`` in any minute, per client."""

    def __init__(self, per_minute: int, burst: int) -> None:
        self._limits: tuple[RateLimitItem, ...] = (
            RateLimitItemPerSecond(burst),
            RateLimitItemPerMinute(per_minute),
        )
        self._windows = MovingWindowRateLimiter(MemoryStorage())

    async def admit(self, client: str) -> int | None:
        """Counts a write by ``client``; None if allowed, else whole seconds until one is."""
        for limit in self._limits:
            if not await self._windows.test(limit, client):
                stats = await self._windows.get_window_stats(limit, client)
                return max(1, math.ceil(stats.reset_time - time.time()))
        # Counted only once admitted, so a refused write does not push the wait further out.
        for limit in self._limits:
            await self._windows.hit(limit, client)
        return None


async def client_identity(scope: Scope) -> str:
    """Who is writing: the verified subject of their bearer token, else their address.

    Only a verified token counts, so a flood cannot spread itself over made-up credentials.
    """
    verifier = getattr(scope["app"].state, "token_verifier", None) if "app" in scope else None
    scheme, _, token = (
        dict(scope["headers"]).get(b"authorization", b"").decode("latin-1").partition(" ")
    )
    if verifier is not None and scheme.lower() == "bearer" and token:
        try:
            principal = await verifier.principal(token)
        except InvalidToken:
            pass  # refused by the route anyway; counted by address until then
        else:
            return f"subject:{principal.subject}"
    host = scope["client"][0] if scope.get("client") else "unknown"
    return f"address:{host}"


class WriteThrottle:
    def __init__(self, app: ASGIApp, limiter: WriteRateLimiter) -> None:
        self._app = app
        self._limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in WRITE_METHODS:
            wait = await self._limiter.admit(await client_identity(scope))
            if wait is not None:
                problem = Problem(
                    429,
                    "too-many-requests",
                    "Too many changes in a short time",
                    f"Try again in {wait} s.",
                    retry_after_s=wait,
                )
                response = problem_at(problem, scope["path"], {"Retry-After": str(wait)})
                await response(scope, receive, send)
                return
        await self._app(scope, receive, send)
