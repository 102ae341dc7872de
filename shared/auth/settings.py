"""How a service trusts bearer tokens: the SSO issuer, its keys, and what the claims mean.

Read from ``AUTH_*`` environment variables, apart from the service's own settings so the same
block configures all three services (docs/security.md, "Configuring the city's SSO").
"""

from pathlib import Path
from typing import Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The issuer of tokens minted by ``bitc token`` with the dev stack's key (never an SSO's).
DEV_ISSUER = "urn:bitc:dev"
#: Key ids of dev keys start so, which lets a production service refuse them by name too.
DEV_KEY_ID_PREFIX = "bitc-dev-"


class AuthSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="AUTH_", env_file=None, extra="ignore", frozen=True
    )

    issuer: str = Field(
        default="",
        description="The SSO's issuer (`iss`), e.g. https://sso.example/realms/bitc. "
        "Empty: no SSO token is accepted.",
    )
    jwks_url: str = Field(
        default="",
        description="Where the issuer publishes its signing keys; Keycloak: "
        "<issuer>/protocol/openid-connect/certs",
    )
    audience: str = Field(default="bitc-space-ops", description="Required in `aud`")
    algorithms: list[str] = Field(default=["RS256", "PS256", "ES256"])
    leeway_s: float = Field(default=30, ge=0, le=300, description="Clock skew tolerated")
    jwks_cache_s: float = Field(default=300, gt=0, description="How long fetched keys are kept")
    jwks_refetch_min_s: float = Field(
        default=10, ge=0, description="Unknown key ids refetch the key set at most this often"
    )
    roles_claim: str = Field(
        default="realm_access.roles",
        description="Dotted path of the roles list: Keycloak realm roles by default, or `roles`",
    )
    tenant_claim: str = Field(default="bitc_tenant_id", description="The tenant a user acts for")
    sponsor_claim: str = Field(
        default="bitc_sponsor_agency",
        description="The sponsoring agency an integrator reports for (its communities only)",
    )
    development: bool = Field(
        default=False, description="Trust the dev stack's local key (never in production)"
    )
    dev_jwks_file: Path | None = Field(
        default=None, description="The dev stack's public keys; read only in development"
    )
    protect_docs: bool = Field(
        default=False, description="/openapi.json needs a token; /docs and /redoc are not served"
    )
    protect_metrics: bool = Field(default=False, description="/metrics needs an integrator token")

    @model_validator(mode="after")
    def _sso_named_whole(self) -> Self:
        # Half a configuration would start a service that silently refuses every token.
        if bool(self.issuer) != bool(self.jwks_url):
            raise ValueError("set AUTH_ISSUER and AUTH_JWKS_URL together")
        return self
