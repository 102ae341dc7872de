"""Runs the fault drills of issues #6 and #16 on a platform of their own and prints what happened.

    .venv/bin/python -m tools.fault_drill                    # every scenario
    .venv/bin/python -m tools.fault_drill kafka-frozen ...   # some of them
    .venv/bin/python -m tools.fault_drill --kafka-outage-s 20 kafka-outage   # a shorter outage
    .venv/bin/python -m tools.fault_drill broker-loss        # on a cluster of three brokers

Exit status 1 when any scenario lost a booking or broke another guarantee.
"""

import argparse
import asyncio
import functools
import logging
import sys

from bitc.fault_drill import (
    REPLICATED_SCENARIOS,
    SCENARIOS,
    Scenario,
    ScenarioReport,
    drill_session,
    table,
)
from bitc.fault_drill.broker_loss import BROKER_DOWN_S, broker_loss
from bitc.fault_drill.kafka_outage import KAFKA_OUTAGE_S, kafka_outage

EVERY_SCENARIO = SCENARIOS | REPLICATED_SCENARIOS


async def drill(scenarios: dict[str, Scenario]) -> list[ScenarioReport]:
    """The single-broker scenarios on one platform, then those needing three brokers on
    another, never both at once."""
    reports = []
    for replicated in (False, True):
        chosen = {n: s for n, s in scenarios.items() if (n in REPLICATED_SCENARIOS) == replicated}
        if not chosen:
            continue
        async with drill_session(replicated) as session:
            for name, scenario in chosen.items():
                print(f"… {name}", file=sys.stderr, flush=True)
                reports.append(await scenario(session))
    return reports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", metavar="SCENARIO", help=", ".join(EVERY_SCENARIO))
    parser.add_argument(
        "--kafka-outage-s",
        type=float,
        default=KAFKA_OUTAGE_S,
        help=f"how long kafka-outage keeps Kafka down (default {KAFKA_OUTAGE_S:.0f})",
    )
    parser.add_argument(
        "--broker-down-s",
        type=float,
        default=BROKER_DOWN_S,
        help=f"how long broker-loss keeps one broker down (default {BROKER_DOWN_S:.0f})",
    )
    arguments = parser.parse_args()
    names = arguments.scenarios or list(EVERY_SCENARIO)
    unknown = sorted(set(names) - set(EVERY_SCENARIO))
    if unknown:
        parser.error(
            f"unknown scenario(s) {', '.join(unknown)}: choose from {', '.join(EVERY_SCENARIO)}"
        )
    # aiokafka reports every refused connection while Kafka is down; that is the drill, not news.
    logging.basicConfig(level=logging.CRITICAL)
    scenarios = {name: EVERY_SCENARIO[name] for name in names}
    if "kafka-outage" in scenarios:
        scenarios["kafka-outage"] = functools.partial(kafka_outage, down_s=arguments.kafka_outage_s)
    if "broker-loss" in scenarios:
        scenarios["broker-loss"] = functools.partial(broker_loss, down_s=arguments.broker_down_s)
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
