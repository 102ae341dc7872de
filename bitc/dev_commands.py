"""``bitc dev up|down|status|logs``: the whole platform on this machine, without Docker (the
native launcher is bitc/devstack/)."""

import argparse
import asyncio
import os
from pathlib import Path

from bitc.demo import seed_demo
from bitc.devstack import DevStack
from bitc.platform import RunningPlatform, start_platform
from bitc.provision import SERVICES
from bitc.subscriber_command import add_subscriber_command
from shared.auth import Role

# Left in the state folder once demo data is in, so `up --demo` seeds it only once.
_DEMO_MARKER = "demo-seeded"


def add_dev_commands(commands: argparse._SubParsersAction) -> None:
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
    add_subscriber_command(dev_commands)


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
    print(f"Kafka      {platform.endpoints.kafka_bootstrap}{_kafka_note(platform)}")
    for service, url in platform.service_urls.items():
        print(f"{service:<14} {url}   (API docs: {url}/docs)")
    print(f"logs: bitc dev logs NAME    stop: bitc dev down    state: {stack.state_dir}")


def _kafka_note(platform: RunningPlatform) -> str:
    if platform.endpoints.kafka_access is None:
        return ""
    return "   (SASL/SCRAM only; a subscriber's user: bitc dev subscriber-credential NAME)"


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
