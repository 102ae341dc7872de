"""Settings every service reads from its environment, in one class each services extends."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.auth_settings import AuthSettings


class ServiceSettings(BaseSettings):
    """Environment variables shared by all services (names are the field names, upper-cased).

    Each process belongs to one service, so the names carry no service prefix: the deployment
    (launcher, compose, Kubernetes) gives each process its own values.
    """

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    database_url: str = Field(
        description="SQLAlchemy URL of the service's own login role, e.g. "
        "postgresql+asyncpg://booking:secret@127.0.0.1:5432/bitc"
    )
    kafka_bootstrap_servers: str = Field(default="127.0.0.1:9092")
    http_host: str = Field(default="127.0.0.1")
    http_port: int = Field(default=8000, ge=1, le=65535)
    log_level: str = Field(default="INFO")
    instance_id: str = Field(
        default="",
        description="Distinguishes instances of one service in logs and Kafka client ids; "
        "defaults to host name and pid.",
    )
    db_pool_size: int = Field(default=10, ge=1)
    relay_batch_size: int = Field(default=500, ge=1)
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
    auth: AuthSettings = Field(
        default_factory=AuthSettings, description="Bearer tokens (AUTH_* variables)"
    )
