"""``bitc replay SERVICE PROJECTION``: rebuild a service's projection (bitc/replay_actions.py
runs it)."""

import argparse

from bitc.command_runs import Run
from bitc.devstack.ports import SERVICES


def add_replay_command(commands: argparse._SubParsersAction) -> None:
    # The projections are not listed here: parsing loads no service code, and the command itself
    # names what each service's blueprint offers when asked for one it does not have.
    replay = commands.add_parser(
        "replay",
        help="rebuild a service's projection from the beginning of its topic",
        description="Rebuilds a projection a service declares (e.g. `bitc replay booking "
        "tenants`). Safe while the service runs.",
    )
    replay.add_argument("service", choices=sorted(SERVICES))
    replay.add_argument("projection")
    replay.add_argument(
        "--kafka", help="bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS, else the dev stack)"
    )
    replay.add_argument(
        "--database-url",
        help="the service's own DATABASE_URL (default: $DATABASE_URL, else the dev stack's)",
    )
    replay.set_defaults(run=Run("bitc.replay_actions:replay"))
