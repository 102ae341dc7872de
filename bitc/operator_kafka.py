"""How the operator commands (``bitc dlq``, ``bitc replay``) reach Kafka: where (``--kafka``,
else ``KAFKA_BOOTSTRAP_SERVERS``, else the dev stack), as whom (the ``KAFKA_SECURITY_PROTOCOL``
and ``KAFKA_SASL_*`` settings a service reads, read once here and passed to every client; on the
dev stack without them, its bitc-operator), and
what to tell the operator when the broker refuses, instead of a traceback."""

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from aiokafka.errors import (
    ClusterAuthorizationFailedError,
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    TopicAuthorizationFailedError,
)

from bitc.devstack import DevStack
from bitc.kafka_principals import OPERATOR
from shared.messaging.kafka_clients import KafkaSecurity
from shared.runtime.settings import KafkaClientSettings

_CREDENTIALS = (
    "set KAFKA_SECURITY_PROTOCOL (SASL_PLAINTEXT on compose's kafka:9094, SASL_SSL on "
    f"Kubernetes), KAFKA_SASL_USERNAME={OPERATOR} and KAFKA_SASL_PASSWORD (or "
    "KAFKA_SASL_PASSWORD_FILE); see docs/operations.md"
)


@dataclass(frozen=True)
class OperatorKafka:
    bootstrap: str
    security: KafkaSecurity

    @property
    def who(self) -> str:
        return self.security.username or "no user"


def operator_kafka(kafka_argument: str | None) -> OperatorKafka:
    """Where Kafka is and the credentials the operator's environment gives; on the developer's
    own dev stack, which takes SASL clients only, bitc-operator's unless others are given."""
    security = KafkaSecurity.from_settings(KafkaClientSettings())
    given = kafka_argument or os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if given:
        return OperatorKafka(given, security)
    stack = DevStack()
    access = stack.kafka_access
    if not security.username and access is not None and (access.secrets / OPERATOR).exists():
        security = access.security(OPERATOR)
    return OperatorKafka(f"127.0.0.1:{stack.ports.kafka}", security)


@contextlib.contextmanager
def explained_refusals(command: str, kafka: OperatorKafka) -> Iterator[None]:
    """Exits with what to set when Kafka cannot be reached as configured or denies access."""
    try:
        yield
    except KafkaConnectionError:
        sys.exit(
            f"{command}: cannot connect to Kafka at {kafka.bootstrap} over "
            f"{kafka.security.protocol} as {kafka.who}: it is down, or it requires other "
            f"credentials. Where the brokers require SASL, {_CREDENTIALS}"
        )
    except (
        TopicAuthorizationFailedError,
        GroupAuthorizationFailedError,
        ClusterAuthorizationFailedError,
    ) as exc:
        sys.exit(
            f"{command}: Kafka at {kafka.bootstrap} denied {kafka.who} ({exc}); "
            f"operators use the principal {OPERATOR}: {_CREDENTIALS}"
        )
