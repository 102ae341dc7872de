"""``bitc dlq list|show|replay|discard``: what operators do with a service's dead letters."""

import argparse

from bitc.command_runs import Run
from bitc.devstack.ports import SERVICES


def add_dlq_commands(commands: argparse._SubParsersAction) -> None:
    dlq = commands.add_parser("dlq", help="inspect, replay or discard a service's dead letters")
    dlq.add_argument(
        "--kafka", help="bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS, else the dev stack)"
    )
    actions = dlq.add_subparsers(required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="dead letters still needing attention")
    listing.add_argument("service", choices=SERVICES)
    listing.add_argument(
        "--all", action="store_true", help="also those already replayed or discarded"
    )
    listing.set_defaults(run=Run("bitc.dlq_actions:list_letters"))
    for name, what in (
        ("show", "one dead letter with its headers and body"),
        ("replay", "publish the original event to its topic again"),
        ("discard", "mark as dealt with, without replaying"),
    ):
        action = actions.add_parser(name, help=what)
        action.add_argument("service", choices=SERVICES)
        action.add_argument(
            "position", help="PARTITION:OFFSET on the dead-letter topic, as `list` shows"
        )
        if name == "discard":
            action.add_argument("--why", required=True, help="recorded with the decision")
        action.set_defaults(run=Run(f"bitc.dlq_actions:{name}"))
