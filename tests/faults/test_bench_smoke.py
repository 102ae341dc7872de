"""Issue #17: a short run of the benchmark suite (python -m bench --quick) prints its one table
with every row the issue lists, each with figures, and the load met no error. It runs on the
fault tests' platform (started anyway, the services unthrottled) with tenants and rooms of its
own, and asserts nothing about speed: the figures of a busy test machine mean nothing."""

import re

import pytest

from bench.__main__ import QUICK
from bench.bench_platform import BenchPlatform
from bench.suite import run_suite
from bench.table import render
from bitc.fault_drill import Drill

pytestmark = pytest.mark.faults

ROWS = (
    "1. booking, 1 client",
    "1. booking, 16 clients",
    "1. booking, 64 clients",
    "2. event pipeline",
    "3. commit → notification",
    "4. resident memory",
    "5. a room's week free",
)
NUMBER = re.compile(r"\d")


def table_cells(table: str) -> list[list[str]]:
    """The Markdown table's body as cells (row, metric, measured, baseline, ratio)."""
    lines = [line for line in table.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


async def test_a_short_run_prints_every_row_with_figures_and_no_error(drill: Drill) -> None:
    platform = BenchPlatform(drill.platform.stack, drill.platform.running)
    cells = table_cells(render(await run_suite(platform, QUICK)))

    for row in ROWS:
        lines = [line for line in cells if line[0].startswith(row)]
        assert lines, f"no line of row {row!r}"
        for line in lines:
            assert NUMBER.search(line[2]), line
            assert NUMBER.search(line[3]), line
    errors = [line for line in cells if line[1].startswith("errors")]
    assert len(errors) == 5  # three booking runs, commit → notification, availability
    for line in errors:
        assert line[2].split()[0] == "0", line
        assert line[3] == "0", line
    booked = [line for line in cells if line[1].startswith("bookings/s")]
    assert all(float(line[2].replace(",", "")) > 0 for line in booked), booked
