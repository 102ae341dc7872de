"""The whole benchmark on one running platform, in an order where no row disturbs another: the
HTTP rows while the pipeline runs, the memory the services hold idle and after them, and the
event pipeline last, on the same Kafka and PostgreSQL in a database of its own."""

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import event_pipeline
from bench.availability_row import availability_rows
from bench.bench_platform import BenchPlatform
from bench.booking_rows import booking_rows, warm_up
from bench.fleet import Fleet, make_fleet
from bench.notification_latency import commit_to_notification
from bench.pipeline_database import pipeline_infra
from bench.process_usage import resident_mb
from bench.table import Line, number, ratio
from bench.wrk_runner import write_fleet

CONCURRENCIES = (1, 16, 64)
log = logging.getLogger("bench")


ROWS = frozenset({1, 2, 3, 4, 5})


@dataclass(frozen=True)
class Options:
    seconds: float = 30.0  # each HTTP row and each baseline
    events: int = 20_000  # through the event pipeline
    rate: float = 200.0  # bookings/s offered for commit → notification
    #: Which rows run (all by default); one row alone makes a quick before/after.
    rows: frozenset[int] = ROWS
    #: Row 1's concurrencies.
    clients: tuple[int, ...] = CONCURRENCIES


async def run_suite(platform: BenchPlatform, options: Options) -> list[Line]:
    """Every row on a running platform, with tenants and rooms of the run's own."""
    fleet = await make_fleet(platform)
    log.info("%d tenants and %d rooms made", len(fleet.tenants), len(fleet.rooms))
    idle = resident_mb(platform.processes())
    lines: list[Line] = []
    with tempfile.TemporaryDirectory(prefix="bitc-bench-wrk-") as folder:
        fleet_file = write_fleet(fleet, Path(folder))
        await warm_up(platform, fleet_file)
        for clients in options.clients if 1 in options.rows else ():
            log.info("row 1: booking, %d client(s), then its asyncpg baseline", clients)
            lines += await booking_rows(platform, fleet, fleet_file, clients, options.seconds)
        if 5 in options.rows:
            log.info("row 5: availability, then its asyncpg baseline")
            lines += await availability_rows(platform, fleet, fleet_file, options.seconds)
        if 3 in options.rows:
            log.info("row 3: commit → notification at %g bookings/s", options.rate)
            lines += await _latency_rows(platform, fleet, fleet_file, options)
    if 4 in options.rows:
        loaded = resident_mb(platform.processes())
        memory = "4. resident memory"
        lines += [
            Line(memory, f"MB {name} (baseline: idle)", number(mb), number(idle[name]))
            for name, mb in loaded.items()
        ]
    if 2 in options.rows:
        log.info("row 2: the event pipeline, in a database of its own")
        lines += await _pipeline_rows(platform, options.events)
    return _ordered(lines)


async def _latency_rows(
    platform: BenchPlatform, fleet: Fleet, fleet_file: Path, options: Options
) -> list[Line]:
    booking_url = platform.url("booking")
    result = await commit_to_notification(
        booking_url, platform.admin_dsn, fleet, fleet_file, options.rate, options.seconds
    )
    row = f"3. commit → notification, {options.rate:g} bookings/s offered"
    return [
        Line(
            row,
            "bookings/s (baseline: offered)",
            number(result.achieved_per_s),
            number(options.rate),
        ),
        Line(row, "p50 ms (baseline: target)", number(result.p50_ms), "≤ 20"),
        Line(row, "p99 ms (baseline: target)", number(result.p99_ms), "≤ 100"),
        Line(row, "errors", str(result.errors), "0"),
    ]


async def _pipeline_rows(platform: BenchPlatform, events: int) -> list[Line]:
    async with pipeline_infra(platform) as infra:
        result = await event_pipeline.measure(infra, events)
    row = f"2. event pipeline, {events} events"
    return [
        Line(
            row,
            "events/s outbox→relay→Kafka→inbox (baseline: raw aiokafka)",
            number(result.ours_per_s),
            number(result.raw_per_s),
            ratio(result.ours_per_s, result.raw_per_s),
        )
    ]


def _ordered(lines: list[Line]) -> list[Line]:
    """In the issue's order of rows (each row's lines as they came)."""
    return sorted(lines, key=lambda line: line.row.split(".")[0])
