"""Session fixtures: one real Kafka broker and PostgreSQL for the whole run, and the three
services as real processes for the end-to-end tests (started only when such a test runs)."""

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling

from bitc.devstack import DevStack, throwaway_stack
from bitc.devstack.caught_mail import caught_messages
from bitc.devstack.dev_keys import DevSigningKey
from bitc.devstack.keycloak import KeycloakEndpoints
from bitc.platform import DEV_PASSWORDS, RunningPlatform, start_platform
from bitc.provision import setup_platform
from tests.infrastructure import GivenEndpoints, external_endpoints
from tests.tokens import Tokens


@dataclass(frozen=True)
class SmtpSink:
    """The e-mail the platform's mail catcher (a real SMTP server of the stack) has caught."""

    maildir: Path
    port: int

    @property
    def messages(self) -> list[bytes]:
        return [message.raw for message in caught_messages(self.maildir)]


@dataclass(frozen=True)
class Infra:
    kafka_bootstrap: str
    admin_dsn: str
    database_urls: dict[str, str]


@pytest.fixture(scope="session")
def given_endpoints() -> Iterator[GivenEndpoints]:
    with external_endpoints() as endpoints:
        yield endpoints


@pytest.fixture(scope="session")
def stack() -> Iterator[DevStack]:
    with throwaway_stack("bitc-test-") as stack:
        yield stack


@pytest.fixture(scope="session")
def tokens(stack: DevStack) -> Tokens:
    """Tokens for any role, trusted by the platform's services (the same dev key)."""
    return Tokens(DevSigningKey(stack.state_dir).ensure())


#: The tests that start a whole platform of their own: the fault tests, which mostly wait on
#: timeouts, and the secured dev stack.
OWN_PLATFORM = ("tests/faults/", "tests/e2e/test_secured_dev_stack.py")


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> LoadScopeScheduling:
    """`make test` runs two pytest-xdist workers: the tests with a platform of their own in one,
    beside the rest of the suite (on the session's platform, started once) in the other; each
    keeps its order. A scope here is the group of a test, which the worker is given whole."""
    return _PlatformGroups(config, log)


class _PlatformGroups(LoadScopeScheduling):
    def _split_scope(self, nodeid: str) -> str:
        return "own-platform" if nodeid.startswith(OWN_PLATFORM) else "session-platform"


@pytest.fixture(scope="session")
async def keycloak_boot(
    stack: DevStack, request: pytest.FixtureRequest
) -> asyncio.Task[KeycloakEndpoints] | None:
    """Keycloak starting, when any test of the run signs in through it. Its JVM takes half a
    minute or more to boot; begun with the suite's Kafka and PostgreSQL, it boots while the
    tests before those run, instead of holding up the first of them."""
    if not any("keycloak" in item.fixturenames for item in request.session.items):
        return None
    return asyncio.create_task(stack.start_keycloak())


@pytest.fixture(scope="session")
async def keycloak(
    stack: DevStack, keycloak_boot: asyncio.Task[KeycloakEndpoints] | None
) -> KeycloakEndpoints:
    """The stack's Keycloak with the repo's realm (deploy/keycloak), started only for runs with
    tests that ask for it; the built distribution is cached like the Kafka jars."""
    if keycloak_boot is None:
        return await stack.start_keycloak()
    return await keycloak_boot


@pytest.fixture(scope="session")
async def infra(
    stack: DevStack,
    given_endpoints: GivenEndpoints,
    keycloak_boot: asyncio.Task[KeycloakEndpoints] | None,
) -> Infra:
    """The suite's Kafka and PostgreSQL, provisioned; ``keycloak_boot`` is asked for only so
    that Keycloak starts beside them."""
    endpoints = await stack.start_infra(
        kafka_bootstrap=given_endpoints.kafka_bootstrap, admin_dsn=given_endpoints.admin_dsn
    )
    urls = await setup_platform(endpoints.admin_dsn, endpoints.kafka_bootstrap, DEV_PASSWORDS)
    return Infra(endpoints.kafka_bootstrap, endpoints.admin_dsn, urls)


@pytest.fixture(scope="session")
async def smtp_sink(stack: DevStack) -> SmtpSink:
    # Only the catcher, not the platform: integration tests that run their own relay or consumer
    # must not find the services' ones already holding the leadership or the partitions.
    await stack.start_mail_catcher()
    return SmtpSink(stack.mail_dir, stack.ports.mail)


@pytest.fixture(scope="session")
async def platform(stack: DevStack, infra: Infra) -> RunningPlatform:
    # A generous e-mail budget: on start-up notifications reads every event the integration
    # tests left on the topics, and its rate limit is tested on its own, not here.
    mail = {"RATE_LIMIT_EMAIL_PER_MINUTE": "100000"}
    # Every test writes as the same client; the write limit has its own test
    # (tests/e2e/test_request_limits.py), which restarts a service with a low one.
    unthrottled = {"WRITE_RATE_LIMIT_PER_MINUTE": "1000000", "WRITE_RATE_LIMIT_BURST": "100000"}
    return await start_platform(
        stack,
        kafka_bootstrap=infra.kafka_bootstrap,
        admin_dsn=infra.admin_dsn,
        extra_env={
            "tenancy": unthrottled,
            "booking": unthrottled,
            "notifications": mail | unthrottled,
        },
    )
