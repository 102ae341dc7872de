"""Runs the fault drills of issue #6 on a platform of their own and prints what happened.

    .venv/bin/python -m tools.fault_drill                    # every scenario
    .venv/bin/python -m tools.fault_drill kafka-frozen ...   # some of them
    .venv/bin/python -m tools.fault_drill --kafka-outage-s 20 kafka-outage   # a shorter outage

Exit status 1 when any scenario lost a booking or broke another guarantee.
"""

import argparse
import asyncio
import functools
import logging
import sys

from bitc.fault_drill import SCENARIOS, Scenario, ScenarioReport, drill_session, table
from bitc.fault_drill.kafka_outage import KAFKA_OUTAGE_S, kafka_outage


async def drill(scenarios: dict[str, Scenario]) -> list[ScenarioReport]:
    reports = []
    async with drill_session() as session:
        for name, scenario in scenarios.items():
            print(f"… {name}", file=sys.stderr, flush=True)
            reports.append(await scenario(session))
    return reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", metavar="SCENARIO", help=", ".join(SCENARIOS))
    parser.add_argument(
        "--kafka-outage-s",
        type=float,
        default=KAFKA_OUTAGE_S,
        help=f"how long kafka-outage keeps Kafka down (default {KAFKA_OUTAGE_S:.0f})",
    )
    arguments = parser.parse_args()
    names = arguments.scenarios or list(SCENARIOS)
    unknown = sorted(set(names) - set(SCENARIOS))
    if unknown:
        parser.error(
            f"unknown scenario(s) {', '.join(unknown)}: choose from {', '.join(SCENARIOS)}"
        )
    # aiokafka reports every refused connection while Kafka is down; that is the drill, not news.
    logging.basicConfig(level=logging.CRITICAL)
    scenarios = {name: SCENARIOS[name] for name in names}
    if "kafka-outage" in scenarios:
        scenarios["kafka-outage"] = functools.partial(kafka_outage, down_s=arguments.kafka_outage_s)
    reports = asyncio.run(drill(scenarios))
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
