"""Settings every service reads from its environment, in one class each services extends.

Any setting may instead come from a file named by ``<NAME>_FILE`` (mounted secrets); secrets are
``SecretStr``, so a logged or printed settings object shows ``**********`` instead of them.
"""

import re
from typing import Annotated, Any, Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict

from shared.auth.settings import AuthSettings
from shared.runtime.secret_files import FileReferenceSource


class KafkaClientSettings(BaseSettings):
    """How a process reaches and authenticates to Kafka; the ``bitc`` tools read it alone."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    kafka_bootstrap_servers: str = Field(default="127.0.0.1:9092")
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        default="PLAINTEXT", description="SASL_*: authenticate as KAFKA_SASL_USERNAME"
    )
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] = Field(
        default="SCRAM-SHA-512"
    )
    kafka_sasl_username: str = Field(default="", description="The service's Kafka principal")
    kafka_sasl_password: SecretStr = Field(default=SecretStr(""))
    kafka_ssl_cafile: str = Field(
        default="", description="CA bundle for SSL/SASL_SSL; empty: the system's trusted CAs"
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, FileReferenceSource(settings_cls))

    @model_validator(mode="after")
    def _sasl_needs_credentials(self) -> Self:
        sasl = self.kafka_security_protocol.startswith("SASL")
        if sasl and not (self.kafka_sasl_username and self.kafka_sasl_password.get_secret_value()):
            raise ValueError(
                f"KAFKA_SECURITY_PROTOCOL={self.kafka_security_protocol} needs "
                "KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE)"
            )
        return self


class ServiceSettings(KafkaClientSettings):
    """Environment variables shared by all services (names are the field names, upper-cased).

    Each process belongs to one service, so the names carry no service prefix: the deployment
    (launcher, compose, Kubernetes) gives each process its own values.
    """

    database_url: SecretStr = Field(
        description="SQLAlchemy URL of the service's own login role, e.g. "
        "postgresql+asyncpg://booking:secret@127.0.0.1:5432/bitc"
    )
    http_host: str = Field(default="127.0.0.1")
    http_port: int = Field(default=8000, ge=1, le=65535)
    log_level: str = Field(default="INFO")
    instance_id: str = Field(
        default="",
        description="Distinguishes instances of one service in logs and Kafka client ids; "
        "defaults to host name and pid.",
    )
    db_pool_size: int = Field(default=10, ge=1)
    # 2000, not 500: each round's fetch, ack wait and UPDATE cost ~20 ms whatever its size, so a
    # backlog of 20,000 drained in 1.7-2.1 s instead of 3.2-3.8 s (bench/event_pipeline.py).
    relay_batch_size: int = Field(default=2000, ge=1)
    relay_poll_interval_s: float = Field(default=1.0, gt=0)
    consumer_max_attempts: int = Field(default=5, ge=1)
    consumer_backoff_initial_s: float = Field(default=0.2, gt=0)
    consumer_backoff_max_s: float = Field(default=10.0, gt=0)
    outbox_retention_days: int = Field(default=7, ge=1, description="Published outbox rows")
    inbox_retention_days: int = Field(default=30, ge=1, description="Handled event ids")
    max_request_body_bytes: int = Field(
        default=262_144, ge=1024, description="Larger request bodies are refused with 413"
    )
    write_rate_limit_per_minute: int = Field(
        default=600, ge=1, description="Writes (POST/PUT/PATCH/DELETE) per client per minute"
    )
    write_rate_limit_burst: int = Field(
        default=60, ge=1, description="Writes per client within any one second"
    )
    cors_allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins (e.g. https://portal.bitc.example) whose browser scripts may call "
        "the API, comma-separated; empty: no CORS headers at all",
    )
    auth: AuthSettings = Field(
        default_factory=AuthSettings, description="Bearer tokens (AUTH_* variables)"
    )

    @field_validator("cors_allowed_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("cors_allowed_origins")
    @classmethod
    def _origins_not_paths(cls, origins: list[str]) -> list[str]:
        # A browser sends scheme://host[:port] only; anything else would never match.
        for origin in origins:
            if origin != "*" and not re.fullmatch(r"https?://[^/\s]+", origin):
                raise ValueError(f"{origin!r} is not an origin like https://portal.example")
        return origins


def environment_variables(settings: type[BaseSettings]) -> dict[str, FieldInfo]:
    """Environment variable name -> field, as pydantic-settings reads them; a nested settings
    block (e.g. ``auth``) is read from its own prefix, so its variables are listed instead.

    Deployment files are checked against this, so they never set a name no service reads.
    """
    prefix = str(settings.model_config.get("env_prefix") or "")
    names: dict[str, FieldInfo] = {}
    for field_name, field in settings.model_fields.items():
        nested = field.annotation
        if isinstance(nested, type) and issubclass(nested, BaseSettings):
            names |= environment_variables(nested)
            continue
        alias = field.validation_alias if isinstance(field.validation_alias, str) else None
        names[(alias or prefix + field_name).upper()] = field
    return names
