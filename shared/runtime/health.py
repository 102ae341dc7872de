"""Liveness (the process answers), readiness (it can take writes: its database answers), and
/metrics.

Each dependency is placed deliberately (docs/operations.md, "Health checks"): a failed liveness
probe restarts the pod, which cures no dependency, so liveness checks none. Readiness takes the
pod out of its Service, so it checks only what every write needs, PostgreSQL. Kafka is reported
but never fails readiness: writes commit their events to the outbox and the relay publishes
them once Kafka is back, so a broker outage only delays events (its backlog is a metric with
alerts), while taking every pod out of the Service would turn it into a full API outage.
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence

from fastapi import APIRouter, Response
from fastapi.params import Depends
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from shared.observability.metrics import ServiceMetrics

Check = Callable[[], Awaitable[object]]


class NotReady(Exception):
    """Raised by a check whose reason an operator should read in the readiness answer."""


_CHECK_TIMEOUT_S = 2.0


def health_router(
    required: Mapping[str, Check],
    reported: Mapping[str, Check],
    metrics: ServiceMetrics,
    metrics_guard: Sequence[Depends] = (),
) -> APIRouter:
    """``required`` checks fail readiness (503); ``reported`` ones only show in its body, and
    make its status ``degraded``."""
    router = APIRouter(tags=["operations"])
    checks = {**required, **reported}

    @router.get("/health/live", summary="The process is running")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/health/ready",
        summary="The service can take writes: its database answers (Kafka is reported only)",
    )
    async def ready() -> JSONResponse:
        results = await asyncio.gather(*(_run(check) for check in checks.values()))
        report = dict(zip(checks, results, strict=True))
        if any(report[name] != "ok" for name in required):
            status, code = "unavailable", 503
        elif any(result != "ok" for result in results):
            status, code = "degraded", 200
        else:
            status, code = "ok", 200
        return JSONResponse({"status": status, "checks": report}, code)

    @router.get(
        "/metrics",
        summary="Prometheus metrics",
        include_in_schema=False,
        dependencies=list(metrics_guard),
    )
    async def prometheus_metrics() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return router


async def _run(check: Check) -> str:
    try:
        async with asyncio.timeout(_CHECK_TIMEOUT_S):
            result = await check()
    except NotReady as exc:
        return f"failed: {exc}"
    except Exception as exc:
        return f"failed: {type(exc).__name__}"
    return "ok" if result is not False else "failed"
