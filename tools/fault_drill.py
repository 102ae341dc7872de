"""Runs the fault drills of issue #6 on a platform of their own and prints what happened.

    .venv/bin/python -m tools.fault_drill                    # every scenario
    .venv/bin/python -m tools.fault_drill kafka-frozen ...   # some of them

Exit status 1 when any scenario lost a booking or broke another guarantee.
"""

import argparse
import asyncio
import logging
import sys

from bitc.fault_drill import SCENARIOS, ScenarioReport, drill_session, table


async def drill(names: list[str]) -> list[ScenarioReport]:
    reports = []
    async with drill_session() as session:
        for name in names:
            print(f"… {name}", file=sys.stderr, flush=True)
            reports.append(await SCENARIOS[name](session))
    return reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", metavar="SCENARIO", help=", ".join(SCENARIOS))
    names = parser.parse_args().scenarios or list(SCENARIOS)
    unknown = sorted(set(names) - set(SCENARIOS))
    if unknown:
        parser.error(
            f"unknown scenario(s) {', '.join(unknown)}: choose from {', '.join(SCENARIOS)}"
        )
    # aiokafka reports every refused connection while Kafka is down; that is the drill, not news.
    logging.basicConfig(level=logging.CRITICAL)
    reports = asyncio.run(drill(names))
    print(table(reports))
    failed = False
    for report in reports:
        for violation in report.violations:
            failed = True
            print(f"{report.scenario}: {violation}")
        if report.facts:
            print(f"{report.scenario}: {report.facts}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
