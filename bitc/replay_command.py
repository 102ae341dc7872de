"""``bitc replay SERVICE PROJECTION``: rebuild a service's projection (bitc/replay_actions.py
runs it)."""

import argparse

from bitc.command_runs import Run

#: Service -> the projections it lets operators rebuild, by name: those of
#: bitc/replay_actions.py's PROJECTIONS (a unit test compares), named here so that parsing the
#: command line loads no service code.
PROJECTION_NAMES = {"booking": ("tenants",)}


def add_replay_command(commands: argparse._SubParsersAction) -> None:
    names = sorted(f"{s} {p}" for s, ps in PROJECTION_NAMES.items() for p in ps)
    replay = commands.add_parser(
        "replay",
        help="rebuild a service's projection from the beginning of its topic",
        description=f"Projections: {', '.join(names)}. Safe while the service runs.",
    )
    replay.add_argument("service", choices=sorted(PROJECTION_NAMES))
    replay.add_argument("projection")
    replay.add_argument(
        "--kafka", help="bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS, else the dev stack)"
    )
    replay.add_argument(
        "--database-url",
        help="the service's own DATABASE_URL (default: $DATABASE_URL, else the dev stack's)",
    )
    replay.set_defaults(run=Run("bitc.replay_actions:replay"))
