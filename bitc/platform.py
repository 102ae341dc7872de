"""Brings up the whole platform on a DevStack: infrastructure, roles and schemas, migrations,
topics, a mail catcher, then the services (the console last: it calls the other three).
``bitc dev up`` and the test suite both start it this way.

The services trust the state folder's dev signing key (bitc/devstack/dev_keys.py), so tokens
from ``bitc token`` and the tests work against them.
"""

import asyncio
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bitc.devstack import DevStack, Endpoints
from bitc.devstack.dev_keys import DevSigningKey
from bitc.devstack.ports import HOST, Ports
from bitc.kafka_principals import ADMIN
from bitc.provision import SERVICES, setup_platform
from bitc.topic_durability import SINGLE_BROKER, TopicDurability
from shared.messaging.kafka_clients import PLAINTEXT

#: The local stack listens on 127.0.0.1 only; deployments set real secrets (see .env.example).
DEV_PASSWORDS = {service: f"{service}-dev" for service in SERVICES}


def calendar_feed_secret_file(state_dir: Path) -> Path:
    """The secret booking signs calendar feed links with, made once per state folder so links
    given out keep working across restarts; passed as a file, like a mounted secret."""
    path = state_dir / "calendar-feed-secret"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
    return path


def console_env(ports: Ports, state_dir: Path) -> dict[str, str]:
    """The console reaches the three services of this stack, sets its cookies over plain http
    (127.0.0.1 only) and offers the dev sign-in with this state folder's key."""
    return {
        **{
            f"CONSOLE_{upstream.upper()}_URL": f"http://{HOST}:{ports.service(upstream)}"
            for upstream in ("tenancy", "booking", "notifications")
        },
        "CONSOLE_COOKIE_SECURE": "false",
        "CONSOLE_DEV_STATE_DIR": str(state_dir),
    }


@dataclass(frozen=True)
class RunningPlatform:
    endpoints: Endpoints
    database_urls: dict[str, str]
    service_urls: dict[str, str]
    signing_key: DevSigningKey


def service_env(
    database_url: str, kafka_bootstrap: str, port: int, log_level: str = "INFO"
) -> dict[str, str]:
    """A service process's environment, in the names of
    ``shared.runtime.settings.ServiceSettings``."""
    return {
        "DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "HTTP_HOST": "127.0.0.1",
        "HTTP_PORT": str(port),
        "LOG_LEVEL": log_level,
    }


async def start_platform(
    stack: DevStack,
    *,
    kafka_bootstrap: str | None = None,
    admin_dsn: str | None = None,
    passwords: Mapping[str, str] = DEV_PASSWORDS,
    extra_env: Mapping[str, Mapping[str, str]] | None = None,
    durability: TopicDurability = SINGLE_BROKER,
) -> RunningPlatform:
    """Starts what is not given or not yet running and returns where everything answers.

    Notifications sends its e-mail to the stack's mail catcher; ``extra_env`` adds or overrides
    settings per service. ``durability`` is for a given cluster of several brokers.
    """
    endpoints = await stack.start_infra(kafka_bootstrap=kafka_bootstrap, admin_dsn=admin_dsn)
    access = endpoints.kafka_access
    # On a secured broker setup creates the topics as the admin principal, and each service
    # connects as its own, with compose's ACLs (bitc/devstack/kafka_access.py).
    kafka_admin = access.security(ADMIN) if access else PLAINTEXT
    database_urls = await setup_platform(
        endpoints.admin_dsn, endpoints.kafka_bootstrap, passwords, kafka_admin, durability
    )
    if access:
        await asyncio.to_thread(access.apply_principals, endpoints.kafka_bootstrap)
    signing_key = DevSigningKey(stack.state_dir).ensure()
    feed_secret = {"CALENDAR_FEED_SECRET_FILE": str(calendar_feed_secret_file(stack.state_dir))}
    await stack.start_mail_catcher()
    mail = {"SMTP_HOST": HOST, "SMTP_PORT": str(stack.ports.mail)}
    service_urls = {}
    for service in SERVICES:
        env = service_env(
            database_urls[service], endpoints.kafka_bootstrap, stack.ports.service(service)
        )
        env |= signing_key.service_env() | (feed_secret if service == "booking" else {})
        env |= mail if service == "notifications" else {}
        env |= console_env(stack.ports, stack.state_dir) if service == "console" else {}
        env |= access.client_env(service) if access else {}
        env |= (extra_env or {}).get(service, {})
        record = await stack.start_service(service, env)
        service_urls[service] = str(record.url)
    return RunningPlatform(endpoints, database_urls, service_urls, signing_key)
