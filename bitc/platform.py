"""Brings up the whole platform on a DevStack: infrastructure, roles and schemas, migrations,
topics, a mail catcher, then the services (the console last: it calls the other three).
``bitc dev up`` and the test suite both start it this way.

The services trust the state folder's dev signing key (bitc/devstack/dev_keys.py), so tokens
from ``bitc token`` and the tests work against them; with ``keycloak``, also the tokens of the
stack's Keycloak (bitc/devstack/keycloak.py), started alongside Kafka and PostgreSQL.
"""

import asyncio
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from bitc.devstack import DevStack, Endpoints
from bitc.devstack.dev_keys import DevSigningKey
from bitc.devstack.keycloak import KeycloakEndpoints
from bitc.devstack.keycloak_admin import KeycloakAdmin
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


async def console_sso_env(sso: KeycloakEndpoints, console_url: str) -> dict[str, str]:
    """The console signs people in at this Keycloak as the realm's console client, which takes
    it back at ``console_url`` (a test stack's console runs on a free port)."""
    async with KeycloakAdmin(sso) as admin:
        await admin.allow_redirect_uri(f"{console_url}/*")
        return {"CONSOLE_OIDC_CLIENT_SECRET": await admin.client_secret()}


@dataclass(frozen=True)
class RunningPlatform:
    endpoints: Endpoints
    database_urls: dict[str, str]
    service_urls: dict[str, str]
    signing_key: DevSigningKey
    keycloak: KeycloakEndpoints | None = None


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
    keycloak: bool = False,
    durability: TopicDurability = SINGLE_BROKER,
) -> RunningPlatform:
    """Starts what is not given or not yet running and returns where everything answers.

    Notifications sends its e-mail to the stack's mail catcher; ``extra_env`` adds or overrides
    settings per service. ``durability`` is for a given cluster of several brokers.
    """
    endpoints, sso = await _infra_and_sso(stack, kafka_bootstrap, admin_dsn, keycloak)
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
    envs = {}
    for service in SERVICES:
        env = service_env(
            database_urls[service], endpoints.kafka_bootstrap, stack.ports.service(service)
        )
        env |= signing_key.service_env() | (feed_secret if service == "booking" else {})
        env |= mail if service == "notifications" else {}
        env |= console_env(stack.ports, stack.state_dir) if service == "console" else {}
        env |= access.client_env(service) if access else {}
        env |= sso.service_env() if sso else {}
        if sso and service == "console":
            env |= await console_sso_env(sso, f"http://{HOST}:{stack.ports.service(service)}")
        envs[service] = env | (extra_env or {}).get(service, {})
    # At once: each spends its first seconds importing, and none needs another to start.
    records = await asyncio.gather(*(stack.start_service(s, env) for s, env in envs.items()))
    service_urls = {record.name: str(record.url) for record in records}
    return RunningPlatform(endpoints, database_urls, service_urls, signing_key, sso)


async def _infra_and_sso(
    stack: DevStack, kafka_bootstrap: str | None, admin_dsn: str | None, keycloak: bool
) -> tuple[Endpoints, KeycloakEndpoints | None]:
    """Kafka, PostgreSQL and Keycloak start at once: Keycloak's JVM takes as long as Kafka's."""

    async def sso() -> KeycloakEndpoints | None:
        return await stack.start_keycloak() if keycloak else None

    infra = stack.start_infra(kafka_bootstrap=kafka_bootstrap, admin_dsn=admin_dsn)
    results = await asyncio.gather(infra, sso(), return_exceptions=True)
    # Both run to the end, so a failure of one never leaves the other half-started.
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return cast(Endpoints, results[0]), cast(KeycloakEndpoints | None, results[1])
