"""A SASL/ACL broker configured as in docker-compose.yml, with the topics `bitc setup` creates as
the admin principal and the principals deploy/kafka-security/create-service-principals.sh
creates (the services' and the operators'), both run as compose runs them, shared by the
modules proving those principals' rights: it takes about 45 s to start, so it is started once
for this package and stopped when the package's tests are done."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bitc.kafka_principals import OPERATOR
from bitc.provision import SERVICES
from bitc.topic_provisioning import create_topics
from shared.messaging.kafka_clients import KafkaSecurity
from shared.runtime.settings import KafkaClientSettings
from tests.integration.test_audit_api import service_app
from tests.secured_kafka import (
    SecuredBroker,
    compose_environment,
    run_security_script,
    secured_broker,
    wait_until_up,
)

#: Each principal's password, from the compose one-shot that creates it (the test .env's).
PASSWORDS = {
    user: compose_environment("kafka-service-access")[
        f"KAFKA_{user.upper().replace('-', '_')}_PASSWORD"
    ]
    for user in (*SERVICES, OPERATOR)
}


@pytest.fixture(scope="package")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecuredBroker]:
    with secured_broker(tmp_path_factory.mktemp("kafka-services")) as started:
        yield started


@pytest.fixture(scope="package")
async def principals(broker: SecuredBroker, tmp_path_factory) -> dict[str, KafkaSecurity]:
    """Topics as `bitc setup` creates them, then the users and ACLs; one password from a file,
    as a mounted secret would give it. Returns each principal's security (a service's as
    compose sets it; the operator's alike), by user name."""
    await wait_until_up(broker)
    await create_topics(broker.internal, security=broker.admin)
    secret = Path(tmp_path_factory.mktemp("secrets")) / "booking"
    secret.write_text(PASSWORDS["booking"] + "\n", encoding="utf-8")
    # The one-shot's environment, but booking's password from the file (which takes precedence).
    env = compose_environment("kafka-service-access") | {"KAFKA_BOOKING_PASSWORD_FILE": str(secret)}
    output = await run_security_script(broker, "create-service-principals.sh", env)
    assert all(password not in output for password in PASSWORDS.values())
    assert broker.admin.password not in output
    compose = compose_environment("booking")  # the shared service settings, as compose has them
    return {
        service: KafkaSecurity.from_settings(
            KafkaClientSettings(
                kafka_bootstrap_servers=broker.listeners["SERVICES"],
                kafka_security_protocol=compose["KAFKA_SECURITY_PROTOCOL"],
                kafka_sasl_mechanism=compose["KAFKA_SASL_MECHANISM"],
                kafka_sasl_username=service,
                kafka_sasl_password=PASSWORDS[service],
            )
        )
        for service in (*SERVICES, OPERATOR)
    }


@pytest.fixture
async def booking(infra, tokens):
    """Booking's app in this process, on the suite's database: (its HTTP client, its engine)."""
    app = service_app(infra, tokens, "booking")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://booking"
    ) as client:
        yield client, app.state.runtime.engine
    await app.state.runtime.engine.dispose()
