"""The benchmark suite of issue #17 in one command: a throwaway platform, every row, one table.

    .venv/bin/python -m bench              # the full run (30 s a row; about 10 minutes)
    .venv/bin/python -m bench --quick      # a smoke run (a few seconds a row)
    .venv/bin/python -m bench --rows 1 --clients 16   # one row, e.g. before and after a change

See docs/performance.md for what each row measures and how its baseline is derived.
"""

import argparse
import asyncio
import dataclasses
import logging
from pathlib import Path

from bench.bench_platform import bench_platform
from bench.suite import ROWS, Options, run_suite
from bench.table import Line, render

QUICK = Options(seconds=1, events=1000, rate=50)


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: every row, briefly")
    parser.add_argument("--seconds", type=float, help="of each HTTP row and of each baseline")
    parser.add_argument("--events", type=int, help="through the event pipeline")
    parser.add_argument("--rate", type=float, help="bookings/s for commit → notification")
    parser.add_argument(
        "--rows", type=_numbers, help="which rows, e.g. 1,4 (default: all; 4 needs 1 or 5 first)"
    )
    parser.add_argument("--clients", type=_numbers, help="row 1's concurrencies, e.g. 16")
    parser.add_argument(
        "--keep-logs", type=Path, metavar="DIR", help="copy the processes' logs here at the end"
    )
    return parser.parse_args(argv)


def _numbers(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not numbers separated by commas: {text!r}") from None


def options(args: argparse.Namespace) -> Options:
    given = {k: getattr(args, k) for k in ("seconds", "events", "rate") if getattr(args, k)}
    if args.rows:
        unknown = set(args.rows) - ROWS
        if unknown:
            raise SystemExit(f"no such row: {sorted(unknown)} (rows are 1 to 5)")
        given["rows"] = frozenset(args.rows)
    if args.clients:
        given["clients"] = args.clients
    return dataclasses.replace(QUICK if args.quick else Options(), **given)


def main() -> None:
    # Progress on stderr, the table alone on stdout.
    progress = logging.StreamHandler()
    progress.setFormatter(logging.Formatter("%(asctime)s bench: %(message)s"))
    logging.getLogger("bench").addHandler(progress)
    logging.getLogger("bench").setLevel(logging.INFO)
    args = arguments()
    print(render(asyncio.run(_run(options(args), args.keep_logs))))


async def _run(chosen: Options, keep_logs: Path | None) -> list[Line]:
    logging.getLogger("bench").info("starting a platform of its own: Kafka, PostgreSQL, services")
    async with bench_platform(keep_logs) as platform:
        return await run_suite(platform, chosen)


if __name__ == "__main__":
    main()
