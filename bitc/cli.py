"""The ``bitc`` command: run the platform locally, set up a deployment, seed demo data."""

import argparse
import sys
from pathlib import Path

from bitc.backup_commands import add_backup_commands
from bitc.command_runs import Run
from bitc.connection_budget_command import add_connection_budget_command
from bitc.dev_commands import add_dev_commands
from bitc.dlq_commands import add_dlq_commands
from bitc.doc_commands import add_doc_commands
from bitc.replay_command import add_replay_command
from bitc.schema_wait_command import add_schema_wait_command
from bitc.token_command import add_token_command

#: Errors whose message says what to fix: printed without a traceback. Named, not imported (see
#: bitc/command_runs.py): a command that never loaded a module cannot have raised its error.
_USER_ERRORS = (
    ("bitc.devstack.errors", "DevStackError"),
    ("bitc.backup_manifest", "BackupError"),
    ("bitc.topic_provisioning", "ProvisionError"),
    ("shared.runtime.secret_files", "SecretConflictError"),
    ("pydantic", "ValidationError"),
    ("shared.persistence.database_url", "DatabaseUrlError"),
)


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if not _is_user_error(exc):
            raise
        sys.exit(f"bitc: {exc}")


def _is_user_error(exc: Exception) -> bool:
    return any(
        isinstance(exc, getattr(sys.modules[module], name))
        for module, name in _USER_ERRORS
        if module in sys.modules
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bitc", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    add_dev_commands(commands)
    setup = commands.add_parser(
        "setup",
        help="prepare a database and Kafka for a deployment (roles, schemas, migrations, topics)",
        description="Reads ADMIN_DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS and "
        "TENANCY_DB_PASSWORD, BOOKING_DB_PASSWORD, NOTIFICATIONS_DB_PASSWORD from the environment "
        "(each also as <NAME>_FILE, a file holding the value).",
    )
    setup.set_defaults(run=Run("bitc.setup_actions:set_up_deployment"))

    seed = commands.add_parser(
        "seed-demo", help="create demo tenants and bookings through the APIs"
    )
    seed.add_argument("--tenancy-url", default="http://127.0.0.1:8001")
    seed.add_argument("--booking-url", default="http://127.0.0.1:8002")
    seed.add_argument(
        "--state-dir", type=Path, help="whose dev key signs (default .local/dev; or BITC_TOKEN)"
    )
    seed.set_defaults(run=Run("bitc.setup_actions:seed_demo_data"))
    add_dlq_commands(commands)
    add_replay_command(commands)
    add_backup_commands(commands)
    add_schema_wait_command(commands)
    add_token_command(commands)
    add_doc_commands(commands)
    add_connection_budget_command(commands)
    return parser


if __name__ == "__main__":
    main()
