"""Kafka client settings in one place; aiokafka's defaults (acks=1, no idempotence, auto-commit
every 5 s) are unsafe for us, so every client is built here with them set explicitly, and every
client of a process (FastStream broker, relay, lag probe, tools) authenticates the same way."""

import ssl
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

from shared.runtime.settings import KafkaClientSettings

PRODUCER_SETTINGS = {
    "acks": "all",
    "enable_idempotence": True,
    # Small linger lets the relay's batch leave as few large requests instead of many small ones.
    "linger_ms": 5,
    "max_batch_size": 256 * 1024,
    "request_timeout_ms": 30_000,
}

_FASTSTREAM_SASL = {
    "SCRAM-SHA-512": SASLScram512,
    "SCRAM-SHA-256": SASLScram256,
    "PLAIN": SASLPlaintext,
}


@dataclass(frozen=True)
class KafkaSecurity:
    """Who a client is to Kafka. The default, PLAINTEXT, is the local dev stack's listener."""

    protocol: str = "PLAINTEXT"
    mechanism: str = "SCRAM-SHA-512"
    username: str = ""
    password: str = field(default="", repr=False)
    cafile: str = ""

    @classmethod
    def from_settings(cls, settings: KafkaClientSettings) -> "KafkaSecurity":
        return cls(
            settings.kafka_security_protocol,
            settings.kafka_sasl_mechanism,
            settings.kafka_sasl_username,
            settings.kafka_sasl_password.get_secret_value(),
            settings.kafka_ssl_cafile,
        )

    @property
    def _sasl(self) -> bool:
        return self.protocol.startswith("SASL")

    def _ssl_context(self) -> ssl.SSLContext | None:
        if not self.protocol.endswith("SSL"):
            return None
        return ssl.create_default_context(cafile=self.cafile or None)

    def client_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for any aiokafka client (producer, consumer, admin)."""
        kwargs: dict[str, Any] = {"security_protocol": self.protocol}
        if context := self._ssl_context():
            kwargs["ssl_context"] = context
        if self._sasl:
            kwargs |= {
                "sasl_mechanism": self.mechanism,
                "sasl_plain_username": self.username,
                "sasl_plain_password": self.password,
            }
        return kwargs

    def faststream(self) -> BaseSecurity | None:
        """The same, as FastStream's KafkaBroker takes it."""
        context = self._ssl_context()
        if self._sasl:
            sasl = _FASTSTREAM_SASL[self.mechanism]
            return sasl(self.username, self.password, ssl_context=context, use_ssl=bool(context))
        return BaseSecurity(ssl_context=context, use_ssl=True) if context else None


#: The local dev stack's listener (and the compose network's internal one): no authentication.
PLAINTEXT = KafkaSecurity()


async def new_idempotent_producer(
    bootstrap_servers: str, client_id: str, security: KafkaSecurity = PLAINTEXT
) -> AIOKafkaProducer:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        client_id=client_id,
        **PRODUCER_SETTINGS,
        **security.client_kwargs(),
    )
    try:
        await producer.start()
    except BaseException:
        await producer.stop()
        raise
    return producer
