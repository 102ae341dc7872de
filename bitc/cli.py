"""The ``bitc`` command: run the platform locally, set up a deployment, seed demo data."""

import argparse
import asyncio
import os
import sys
from pathlib import Path

from pydantic import ValidationError

from bitc.demo import seed_demo
from bitc.devstack import DevStack
from bitc.devstack.errors import DevStackError
from bitc.dlq_commands import add_dlq_commands
from bitc.event_contract.commands import add_contract_commands
from bitc.platform import start_platform
from bitc.provision import SERVICES, setup_platform
from bitc.replay_command import add_replay_command
from bitc.security_table import add_security_commands
from bitc.token_command import add_token_command, staff_token
from bitc.topic_provisioning import ProvisionError
from shared.auth import Role
from shared.kafka_clients import KafkaSecurity
from shared.secret_files import SecretConflictError, env_or_file
from shared.settings import KafkaClientSettings

_DEMO_MARKER = "demo-seeded"


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

    dev = commands.add_parser("dev", help="run the whole platform on this machine, without Docker")
    dev.add_argument(
        "--state-dir", type=Path, help="where data, logs and pids live (default .local/dev)"
    )
    dev_commands = dev.add_subparsers(required=True, metavar="ACTION")
    up = dev_commands.add_parser("up", help="start Kafka, PostgreSQL and the services")
    up.add_argument("--demo", action="store_true", help="seed demo tenants and bookings once")
    up.set_defaults(run=_dev_up)
    dev_commands.add_parser("down", help="stop exactly what `up` started; data stays").set_defaults(
        run=_dev_down
    )
    dev_commands.add_parser("status", help="what is running, where").set_defaults(run=_dev_status)
    logs = dev_commands.add_parser("logs", help="show a process's log")
    logs.add_argument("name", choices=[*SERVICES, "kafka", "postgres"])
    logs.add_argument("-f", "--follow", action="store_true")
    logs.add_argument("-n", "--lines", type=int, default=50)
    logs.set_defaults(run=_dev_logs)

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


def _stack(args: argparse.Namespace) -> DevStack:
    return DevStack(args.state_dir)


def _dev_up(args: argparse.Namespace) -> None:
    stack = _stack(args)
    # Endpoints given in the environment are used instead of starting our own (design.md §6).
    platform = asyncio.run(
        start_platform(
            stack,
            kafka_bootstrap=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"),
            admin_dsn=os.environ.get("DATABASE_URL"),
        )
    )
    marker = stack.state_dir / _DEMO_MARKER
    if args.demo and not marker.exists():
        urls = platform.service_urls
        token = platform.signing_key.mint([Role.admin], subject="demo-seed")
        result = asyncio.run(seed_demo(urls["tenancy"], urls["booking"], token))
        marker.write_text("\n".join(result.tenant_ids) + "\n")
        print(
            f"demo data: {len(result.tenant_ids)} tenants, {len(result.lease_ids)} leases, "
            f"{len(result.booking_ids)} bookings"
        )
    print(f"Kafka      {platform.endpoints.kafka_bootstrap}")
    for service, url in platform.service_urls.items():
        print(f"{service:<14} {url}   (API docs: {url}/docs)")
    print(f"logs: bitc dev logs NAME    stop: bitc dev down    state: {stack.state_dir}")


def _dev_down(args: argparse.Namespace) -> None:
    stack = _stack(args)
    stopped = [status.name for status in stack.status() if status.running]
    stack.stop_all()
    print(
        f"stopped: {', '.join(stopped) or 'nothing was running'} (data kept in {stack.state_dir})"
    )


def _dev_status(args: argparse.Namespace) -> None:
    statuses = _stack(args).status()
    if not statuses:
        print("nothing started from this state folder")
    for status in statuses:
        state = "running" if status.running else "stopped"
        print(f"{status.name:<14} {state:<8} pid {status.pid:<8} {status.url or ''}")


def _dev_logs(args: argparse.Namespace) -> None:
    _stack(args).show_log(args.name, follow=args.follow, lines=args.lines)


def _setup(_: argparse.Namespace) -> None:
    names = (
        "ADMIN_DATABASE_URL",
        "KAFKA_BOOTSTRAP_SERVERS",
        *(f"{s.upper()}_DB_PASSWORD" for s in SERVICES),
    )
    values = {name: env_or_file(name) for name in names}
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
