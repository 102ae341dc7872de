"""The ``bitc`` command: run the platform locally, set up a deployment, seed demo data."""

import argparse
import asyncio
import sys
from pathlib import Path

from pydantic import ValidationError

from bitc.demo import seed_demo
from bitc.dev_commands import add_dev_commands
from bitc.devstack.errors import DevStackError
from bitc.dlq_commands import add_dlq_commands
from bitc.event_contract.commands import add_contract_commands
from bitc.provision import SERVICES, setup_platform
from bitc.replay_command import add_replay_command
from bitc.security_table import add_security_commands
from bitc.token_command import add_token_command, staff_token
from bitc.topic_provisioning import ProvisionError
from shared.kafka_clients import KafkaSecurity
from shared.secret_files import SecretConflictError, env_or_file
from shared.settings import KafkaClientSettings


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    try:
        args.run(args)
    except (DevStackError, ProvisionError, SecretConflictError, ValidationError) as exc:
        sys.exit(f"bitc: {exc}")
    except KeyboardInterrupt:
        sys.exit(130)


def _parser() -> argparse.ArgumentParser:
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
    setup.set_defaults(run=_setup)

    seed = commands.add_parser(
        "seed-demo", help="create demo tenants and bookings through the APIs"
    )
    seed.add_argument("--tenancy-url", default="http://127.0.0.1:8001")
    seed.add_argument("--booking-url", default="http://127.0.0.1:8002")
    seed.add_argument(
        "--state-dir", type=Path, help="whose dev key signs (default .local/dev; or BITC_TOKEN)"
    )
    seed.set_defaults(run=_seed_demo)
    add_dlq_commands(commands)
    add_contract_commands(commands)
    add_replay_command(commands)
    add_token_command(commands)
    add_security_commands(commands)
    return parser


#: What `bitc setup` reads from its environment.
SETUP_ENV = (
    "ADMIN_DATABASE_URL",
    "KAFKA_BOOTSTRAP_SERVERS",
    *(f"{s.upper()}_DB_PASSWORD" for s in SERVICES),
)


def _setup(_: argparse.Namespace) -> None:
    values = {name: env_or_file(name) for name in SETUP_ENV}
    missing = [name for name, value in values.items() if not value]
    if missing:
        sys.exit(f"bitc setup: set {', '.join(missing)} (or <NAME>_FILE) in the environment")
    passwords = {service: values[f"{service.upper()}_DB_PASSWORD"] for service in SERVICES}
    # Where Kafka demands it, setup authenticates with the KAFKA_SECURITY_PROTOCOL and
    # KAFKA_SASL_* settings, as a principal allowed to create topics.
    kafka_security = KafkaSecurity.from_settings(KafkaClientSettings())
    asyncio.run(
        setup_platform(
            values["ADMIN_DATABASE_URL"],
            values["KAFKA_BOOTSTRAP_SERVERS"],
            passwords,
            kafka_security,
        )
    )
    print("database roles, schemas, migrations and Kafka topics are in place")


def _seed_demo(args: argparse.Namespace) -> None:
    result = asyncio.run(seed_demo(args.tenancy_url, args.booking_url, staff_token(args)))
    print(
        f"demo data: {len(result.tenant_ids)} tenants, {len(result.lease_ids)} leases, "
        f"{len(result.booking_ids)} bookings"
    )


if __name__ == "__main__":
    main()
