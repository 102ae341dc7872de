"""Secrets reach a service from its environment or from mounted files, and never show in clear
when its settings are printed or logged."""

import logging
from pathlib import Path

import pytest
from pydantic import ValidationError

from services.notifications.settings import Settings
from shared.messaging.kafka_clients import KafkaSecurity
from shared.observability.logging import JsonFormatter
from shared.runtime.secret_files import SecretConflictError, env_or_file

URL = "postgresql+asyncpg://notifications:db-s3cret@db.example:5432/bitc"


@pytest.fixture
def secret_file(tmp_path: Path):
    def write(name: str, value: str) -> str:
        path = tmp_path / name
        path.write_text(value + "\n", encoding="utf-8")  # as `kubectl create secret` leaves it
        return str(path)

    return write


def test_a_setting_is_read_from_the_file_its_FILE_variable_names(monkeypatch, secret_file):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("DATABASE_URL_FILE", secret_file("database-url", URL))
    monkeypatch.setenv("SMTP_PASSWORD_FILE", secret_file("smtp", "mail-s3cret"))
    settings = Settings()
    assert settings.database_url.get_secret_value() == URL
    assert settings.smtp_password.get_secret_value() == "mail-s3cret"


def test_a_value_given_twice_is_refused(monkeypatch, secret_file):
    monkeypatch.setenv("DATABASE_URL", URL)
    monkeypatch.setenv("DATABASE_URL_FILE", secret_file("database-url", URL))
    with pytest.raises(SecretConflictError):
        Settings()
    with pytest.raises(SecretConflictError):
        env_or_file("DATABASE_URL")


def test_the_bitc_tools_read_the_same_files(monkeypatch, secret_file):
    monkeypatch.delenv("BOOKING_DB_PASSWORD", raising=False)
    monkeypatch.setenv("BOOKING_DB_PASSWORD_FILE", secret_file("booking", "pw"))
    assert env_or_file("BOOKING_DB_PASSWORD") == "pw"
    assert env_or_file("TENANCY_DB_PASSWORD", {}) is None


def test_printed_and_logged_settings_hide_every_secret(capsys):
    settings = Settings(
        database_url=URL,
        smtp_password="mail-s3cret",
        gateway_token="gateway-s3cret",
        kafka_security_protocol="SASL_PLAINTEXT",
        kafka_sasl_username="notifications",
        kafka_sasl_password="kafka-s3cret",
    )
    record = logging.makeLogRecord({"msg": "starting with %s", "args": (settings,)})
    shown = repr(settings) + JsonFormatter("notifications", "i").format(record)
    shown += repr(KafkaSecurity.from_settings(settings))
    for secret in ("db-s3cret", "mail-s3cret", "gateway-s3cret", "kafka-s3cret"):
        assert secret not in shown


def test_sasl_without_credentials_is_refused_at_start():
    with pytest.raises(ValidationError, match="KAFKA_SASL_USERNAME"):
        Settings(database_url=URL, kafka_security_protocol="SASL_SSL")


def test_every_kafka_client_gets_the_same_credentials():
    security = KafkaSecurity("SASL_SSL", "SCRAM-SHA-512", "booking", "kafka-s3cret")
    kwargs = security.client_kwargs()
    assert kwargs["security_protocol"] == "SASL_SSL"
    assert (kwargs["sasl_plain_username"], kwargs["sasl_plain_password"]) == (
        "booking",
        "kafka-s3cret",
    )
    assert kwargs["ssl_context"] is not None
    broker = security.faststream()
    assert (broker.username, broker.password, broker.use_ssl) == ("booking", "kafka-s3cret", True)
    assert KafkaSecurity().client_kwargs() == {"security_protocol": "PLAINTEXT"}
    assert KafkaSecurity().faststream() is None
