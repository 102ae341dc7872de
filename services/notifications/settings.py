"""Settings of the notifications service: every field has a safe default, so the service starts
with only DATABASE_URL and KAFKA_BOOTSTRAP_SERVERS (messages then wait for a real SMTP server)."""

from datetime import time

from pydantic import AliasChoices, Field, SecretStr, field_validator

from services.notifications.adapters.channels.email_message import sender_domain
from services.notifications.domain.webhook_targets import WebhookTargets
from shared.runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    http_port: int = 8003

    smtp_host: str = Field(default="127.0.0.1")
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str = Field(default="")
    smtp_password: SecretStr = Field(default=SecretStr(""))
    smtp_starttls: bool = Field(default=False)
    smtp_from: str = Field(default="BITC <noreply@bitc.cimahikota.go.id>")
    smtp_timeout_s: float = Field(default=30.0, gt=0)

    gateway_url: str = Field(
        default="", description="Base URL of the WhatsApp/SMS gateway; empty: no such channel"
    )
    gateway_token: SecretStr = Field(default=SecretStr(""))
    gateway_timeout_s: float = Field(default=15.0, gt=0)
    webhook_timeout_s: float = Field(default=10.0, gt=0)
    webhook_allowed_private_targets: list[str] = Field(
        default_factory=list,
        description="Internal webhook targets the city wants despite the rule against them: host "
        'names and IP addresses or networks, e.g. ["hooks.dinas.internal", "10.20.0.0/16"]',
    )

    staff_recipients: list[str] = Field(
        default_factory=list, description='E-mail addresses of BITC staff, e.g. ["ops@bitc.id"]'
    )
    staff_language: str = Field(default="id", pattern="^(id|en)$")
    staff_digest_max_delay_s: float = Field(
        default=900.0,
        gt=0,
        # Its earlier name (then a fixed period): a deployment still setting it keeps working.
        validation_alias=AliasChoices("staff_digest_max_delay_s", "staff_digest_interval_s"),
        description="Staff hear of a request awaiting approval within this long, in at most "
        "one digest per this long",
    )

    reminder_lead_s: float = Field(default=3600.0, gt=0, description="Reminder before a start")
    quiet_hours_start: time = Field(default=time(21, 0), description="WIB, WhatsApp/SMS only")
    quiet_hours_end: time = Field(default=time(7, 0))

    rate_limit_email_per_minute: int = Field(default=120, ge=1)
    rate_limit_whatsapp_per_minute: int = Field(default=60, ge=1)
    rate_limit_sms_per_minute: int = Field(default=30, ge=1)
    rate_limit_webhook_per_minute: int = Field(default=600, ge=1)

    delivery_max_attempts: int = Field(default=6, ge=1)
    delivery_backoff_initial_s: float = Field(default=30.0, gt=0)
    delivery_backoff_max_s: float = Field(default=3600.0, gt=0)
    #: A message still "sending" after this long belongs to an instance that died mid-send.
    delivery_sending_lease_s: float = Field(default=300.0, gt=0)
    sender_interval_s: float = Field(default=2.0, gt=0)
    sender_batch_size: int = Field(default=50, ge=1)

    @field_validator("webhook_allowed_private_targets")
    @classmethod
    def _networks_parse(cls, entries: list[str]) -> list[str]:
        WebhookTargets.allowing(entries)
        return entries

    def webhook_targets(self) -> WebhookTargets:
        return WebhookTargets.allowing(self.webhook_allowed_private_targets)

    @field_validator("smtp_from")
    @classmethod
    def _has_a_domain(cls, value: str) -> str:
        sender_domain(value)  # each Message-ID is named on the sender's own domain
        return value
