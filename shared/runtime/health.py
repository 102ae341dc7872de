"""Liveness (the process answers) and readiness (its database and Kafka answer), plus /metrics."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence

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
    checks: dict[str, Check], metrics: ServiceMetrics, metrics_guard: Sequence[Depends] = ()
) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/health/live", summary="The process is running")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/health/ready", summary="The service can do its work: database and Kafka answer")
    async def ready() -> JSONResponse:
        results = await asyncio.gather(*(_run(check) for check in checks.values()))
        report = dict(zip(checks, results, strict=True))
        healthy = all(result == "ok" for result in results)
        return JSONResponse(
            {"status": "ok" if healthy else "unavailable", "checks": report},
            200 if healthy else 503,
        )

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
        result = await asyncio.wait_for(check(), _CHECK_TIMEOUT_S)
    except NotReady as exc:
        return f"failed: {exc}"
    except Exception as exc:
        return f"failed: {type(exc).__name__}"
    return "ok" if result is not False else "failed"
