"""The baselines' load: a fixed number of asyncpg connections, each issuing its next unit of
work as soon as the last one finished, for a while (wrk's model, without HTTP), with the
latency of every unit."""

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import asyncpg


@dataclass(frozen=True)
class LoopResult:
    done: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def per_s(self) -> float:
        return self.done / self.seconds


def percentiles(latencies_s: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in ms (all equal to the one value when there is only one)."""
    if len(latencies_s) < 2:
        only = latencies_s[0] * 1000 if latencies_s else 0.0
        return only, only, only
    cuts = statistics.quantiles(latencies_s, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


async def closed_loop(
    connect_args: dict,
    unit: Callable[[asyncpg.Connection], Awaitable[None]],
    connections: int,
    seconds: float,
) -> LoopResult:
    conns = [await asyncpg.connect(**connect_args) for _ in range(connections)]
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    deadline = started + seconds

    async def worker(conn: asyncpg.Connection) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                await unit(conn)
            except asyncpg.PostgresError:
                errors += 1
            else:
                latencies.append(time.perf_counter() - began)

    try:
        await asyncio.gather(*(worker(conn) for conn in conns))
    finally:
        for conn in conns:
            await conn.close()
    elapsed = time.perf_counter() - started
    return LoopResult(len(latencies), elapsed, errors, *percentiles(latencies))
