"""The dev stack's Kafka credentials, kept in its state folder (no broker needed here; the
secured stack itself: tests/e2e/test_secured_dev_stack.py)."""

import stat
from pathlib import Path

import pytest

from bitc.devstack import DevStack, DevStackError, pick_free_ports
from bitc.devstack.infra import launch_kafka
from bitc.devstack.kafka_access import DevKafkaAccess
from shared.runtime.settings import KafkaClientSettings


def test_a_password_is_made_once_per_state_folder_and_readable_by_its_owner_only(
    tmp_path: Path,
) -> None:
    access = DevKafkaAccess(tmp_path)
    first = access.security("booking")
    assert access.security("booking") == first
    assert DevKafkaAccess(tmp_path).security("booking").password == first.password
    assert access.security("tenancy").password != first.password
    path = access.password_file("booking")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert DevKafkaAccess(tmp_path / "other").security("booking").password != first.password


def test_a_service_reads_its_password_from_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    access = DevKafkaAccess(tmp_path)
    env = access.client_env("notifications")
    assert "KAFKA_SASL_PASSWORD" not in env, "the password stays in its file"
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = KafkaClientSettings()
    assert settings.kafka_sasl_username == "notifications"
    assert settings.kafka_security_protocol == "SASL_PLAINTEXT"
    password = settings.kafka_sasl_password.get_secret_value()
    assert password == access.security("notifications").password


@pytest.mark.parametrize("name", ["booking", "bitc-operator", "bitc-admin", "a b", "-x", ""])
def test_a_subscriber_gets_no_name_of_the_platforms_nor_a_malformed_one(
    tmp_path: Path, name: str
) -> None:
    with pytest.raises(DevStackError, match="subscriber name"):
        DevKafkaAccess(tmp_path).add_subscriber(name, "127.0.0.1:1")
    assert not (tmp_path / "kafka").exists(), "nothing made for a refused name"


def test_a_kafka_storage_from_before_sasl_is_refused_with_what_to_do(tmp_path: Path) -> None:
    data = tmp_path / "kafka" / "data"
    data.mkdir(parents=True)
    (data / "meta.properties").write_text("version=1\n")
    stack = DevStack(tmp_path, pick_free_ports())
    with pytest.raises(DevStackError, match=r"remove that folder .* or use another --state-dir"):
        launch_kafka(tmp_path, stack.ports, stack.table, tmp_path, tmp_path, stack.kafka_access)
    assert stack.table.get("kafka") is None, "nothing was started"
    assert not (tmp_path / "kafka" / "secrets").exists(), "no admin password was made up"
