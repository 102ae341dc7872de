"""Settings of the console. Its own settings carry the ``CONSOLE_`` prefix in their names, so a
deployment reads at a glance which variables belong to the web front rather than the frame."""

from pathlib import Path

from pydantic import Field, SecretStr

from shared.runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    http_port: int = 8004

    console_tenancy_url: str = Field(default="http://127.0.0.1:8001")
    console_booking_url: str = Field(default="http://127.0.0.1:8002")
    console_notifications_url: str = Field(default="http://127.0.0.1:8003")
    console_api_timeout_s: float = Field(default=10.0, gt=0)
    console_cookie_secure: bool = Field(
        default=True, description="Cookies only over https; false only for the local dev stack"
    )
    console_session_hours: float = Field(
        default=8, gt=0, description="A session ends this long after sign-in at the latest"
    )
    console_csrf_secret: SecretStr = Field(
        default=SecretStr(""),
        description="Signs the forms' CSRF tokens; every replica needs the same one. Empty: a "
        "random one per process (a single replica only; forms open across a restart fail once)",
    )
    console_oidc_client_id: str = Field(
        default="bitc-console",
        description="The console's client at the city's SSO (AUTH_ISSUER); sign-in through the "
        "SSO is offered when AUTH_ISSUER is set",
    )
    console_oidc_client_secret: SecretStr = Field(
        default=SecretStr(""),
        description="The client's secret (Keycloak's Credentials tab); empty for a public client",
    )
    console_dev_state_dir: Path | None = Field(
        default=None,
        description="The dev stack's state folder; with AUTH_DEVELOPMENT=true, /sign-in/dev "
        "mints tokens with its signing key",
    )
    console_live_stream_s: float = Field(
        default=300,
        gt=0,
        description="A live page stream (GET /live) ends after this long and the browser opens "
        "a new one, so a session signed out or expired meanwhile stops hearing of events",
    )
