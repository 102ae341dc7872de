"""What ``bitc dev up|down|status|logs`` do (the parser is bitc/dev_commands.py)."""

import argparse
import asyncio
import os

from bitc.demo import bind_demo_users, demo_notifications_env, demo_user_lines, seed_demo
from bitc.devstack import DevStack
from bitc.devstack.keycloak import realm_users
from bitc.platform import RunningPlatform, start_platform
from shared.auth.principal import Role

# Left in the state folder once demo data is in, so `up --demo` seeds it only once.
_DEMO_MARKER = "demo-seeded"


def _stack(args: argparse.Namespace) -> DevStack:
    return DevStack(args.state_dir)


def up(args: argparse.Namespace) -> None:
    stack = _stack(args)
    # Endpoints given in the environment are used instead of starting our own (docs/operations.md).
    platform = asyncio.run(
        start_platform(
            stack,
            kafka_bootstrap=os.environ.get("KAFKA_BOOTSTRAP_SERVERS"),
            admin_dsn=os.environ.get("DATABASE_URL"),
            extra_env={"notifications": demo_notifications_env()},
            keycloak=args.keycloak,
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
    if platform.keycloak and marker.exists():
        # Every time: the realm may be newer than the demo data (or the other way round).
        asyncio.run(bind_demo_users(platform.keycloak, marker.read_text().split()))
    print(f"Kafka      {platform.endpoints.kafka_bootstrap}{_kafka_note(platform)}")
    for service, url in platform.service_urls.items():
        note = (
            "web console: sign in at /sign-in" if service == "console" else f"API docs: {url}/docs"
        )
        print(f"{service:<14} {url}   ({note})")
    print(f"mail       smtp://127.0.0.1:{stack.ports.mail}   (caught mail: bitc dev mail)")
    if platform.keycloak:
        print(
            f"keycloak   {platform.keycloak.url}   (realm bitc; its admin's password: "
            f"{stack.state_dir / 'keycloak' / 'admin-password'})"
        )
        # The realm file's dev-only password (docs/security.md), never a real realm's.
        print("  sign in as (password bitc-dev-only):")
        for line in demo_user_lines(realm_users(stack.repo_root), marker.exists()):
            print(f"    {line}")
    print(f"logs: bitc dev logs NAME    stop: bitc dev down    state: {stack.state_dir}")


def _kafka_note(platform: RunningPlatform) -> str:
    if platform.endpoints.kafka_access is None:
        return ""
    return "   (SASL/SCRAM only; a subscriber's user: bitc dev subscriber-credential NAME)"


def down(args: argparse.Namespace) -> None:
    stack = _stack(args)
    stopped = [status.name for status in stack.status() if status.running]
    stack.stop_all()
    print(
        f"stopped: {', '.join(stopped) or 'nothing was running'} (data kept in {stack.state_dir})"
    )


def status(args: argparse.Namespace) -> None:
    statuses = _stack(args).status()
    if not statuses:
        print("nothing started from this state folder")
    for status in statuses:
        state = "running" if status.running else "stopped"
        print(f"{status.name:<14} {state:<8} pid {status.pid:<8} {status.url or ''}")


def logs(args: argparse.Namespace) -> None:
    _stack(args).show_log(args.name, follow=args.follow, lines=args.lines)
