"""Kafka over TLS as docs/operations.md ("TLS to PostgreSQL", Kafka) says: KAFKA_SECURITY_PROTOCOL
and KAFKA_SSL_CAFILE reach the aiokafka producer and consumer and FastStream's broker alike."""

import ssl
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.messaging.kafka_clients import PRODUCER_SETTINGS, KafkaSecurity
from shared.runtime.settings import KafkaClientSettings
from tests.tls_postgres import ca_certificate_pem


@pytest.fixture
def security(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> KafkaSecurity:
    ca = tmp_path / "kafka-ca.pem"
    ca.write_bytes(ca_certificate_pem("city Kafka CA"))
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "booking")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "s3cret")
    monkeypatch.setenv("KAFKA_SSL_CAFILE", str(ca))
    return KafkaSecurity.from_settings(KafkaClientSettings())


def _trusts_only_the_city_ca(context: ssl.SSLContext) -> bool:
    issuers = [dict(item[0] for item in ca["issuer"]) for ca in context.get_ca_certs()]
    return issuers == [{"commonName": "city Kafka CA"}] and context.check_hostname


async def test_the_producer_speaks_tls_trusting_the_configured_ca(security: KafkaSecurity) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers="kafka.example:9093", **PRODUCER_SETTINGS, **security.client_kwargs()
    )
    client = producer.client
    assert client._security_protocol == "SASL_SSL"
    assert client._sasl_plain_username == "booking"
    assert _trusts_only_the_city_ca(client._ssl_context)


async def test_the_consumer_speaks_tls_trusting_the_configured_ca(security: KafkaSecurity) -> None:
    consumer = AIOKafkaConsumer(bootstrap_servers="kafka.example:9093", **security.client_kwargs())
    assert consumer._client._security_protocol == "SASL_SSL"
    assert _trusts_only_the_city_ca(consumer._client._ssl_context)


def test_faststreams_broker_gets_the_same_context(security: KafkaSecurity) -> None:
    broker_security = security.faststream()
    assert broker_security is not None
    assert broker_security.use_ssl
    assert _trusts_only_the_city_ca(broker_security.ssl_context)


def test_plaintext_carries_no_tls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAFKA_SECURITY_PROTOCOL", raising=False)
    assert KafkaSecurity.from_settings(KafkaClientSettings()).client_kwargs() == {
        "security_protocol": "PLAINTEXT"
    }
