"""``bitc wait-for-schema SERVICE``: hold a new pod until its migration has run (bitc/schema_wait.py
runs it; deploy/k8s runs it as each Deployment's init container)."""

import argparse

from bitc.command_runs import Run
from bitc.devstack.ports import SERVICES


def add_schema_wait_command(commands: argparse._SubParsersAction) -> None:
    wait = commands.add_parser(
        "wait-for-schema",
        help="wait until a service's database schema is at the migration this build needs",
        description="Exits 0 once the service's schema is at this build's Alembic head or ahead "
        "of it (a newer release migrated it); until then says what it waits for. Run by the "
        "init container of each Kubernetes Deployment, so a new pod never starts before "
        '`bitc setup` has migrated for it (docs/operations.md, "Upgrade").',
    )
    wait.add_argument("service", choices=sorted(SERVICES))
    wait.add_argument(
        "--database-url",
        help="the service's own DATABASE_URL (default: $DATABASE_URL or file $DATABASE_URL_FILE)",
    )
    wait.add_argument(
        "--timeout", type=float, help="give up after this many seconds (default: wait for ever)"
    )
    wait.set_defaults(run=Run("bitc.schema_wait:wait_for_schema"))
