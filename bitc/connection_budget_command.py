"""``bitc connection-budget``: the ``max_connections`` PostgreSQL needs for a replica count, e.g.

    bitc connection-budget --replicas 6                  # the HPAs' maximum, DB_POOL_SIZE 10
    bitc connection-budget --replicas 4 --pool-size 5 --check   # and ask the server

``--check`` reads ADMIN_DATABASE_URL (or ADMIN_DATABASE_URL_FILE) and exits 1 when the server's
``max_connections`` is smaller (docs/operations.md, "Scale out").
"""

import argparse

from bitc.command_runs import Run


def add_connection_budget_command(commands: argparse._SubParsersAction) -> None:
    budget = commands.add_parser(
        "connection-budget",
        help="the max_connections PostgreSQL needs for a replica count",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    budget.add_argument(
        "--replicas", type=int, default=6, help="pods per service at most (default 6, the HPAs')"
    )
    budget.add_argument("--pool-size", type=int, help="the services' DB_POOL_SIZE (default 10)")
    budget.add_argument(
        "--surge", type=int, default=1, help="extra pods during a rolling update (default 1)"
    )
    budget.add_argument(
        "--check", action="store_true", help="compare with the server's max_connections"
    )
    budget.set_defaults(run=Run("bitc.connection_budget_actions:print_connection_budget"))
