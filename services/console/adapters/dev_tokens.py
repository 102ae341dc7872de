"""Tokens for the dev sign-in, minted with the dev stack's signing key (the key the local
services trust with AUTH_DEVELOPMENT=true); a production service refuses them by key id."""

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bitc.devstack.dev_keys import DevSigningKey
from services.console.domain.session import Tokens
from shared.auth.principal import Role

DEV_TOKEN_TTL = timedelta(hours=8)
#: Only lists tenants for the dev sign-in form: a minute is enough for that one call.
LISTING_TOKEN_TTL = timedelta(minutes=1)


class DevTokens:
    def __init__(self, state_dir: Path) -> None:
        self._key = DevSigningKey(state_dir)

    def sign_in_as(self, role: Role, tenant_id: uuid.UUID | None, subject: str) -> Tokens:
        expires = datetime.now(UTC) + DEV_TOKEN_TTL
        access = self._key.mint(
            [role], tenant_id=tenant_id, subject=subject, ttl_s=int(DEV_TOKEN_TTL.total_seconds())
        )
        return Tokens(access=access, access_expires_at=expires)

    def tenant_lister(self) -> str:
        """A short-lived manager token, only to fill the dev form's list of tenants."""
        ttl_s = int(LISTING_TOKEN_TTL.total_seconds())
        return self._key.mint([Role.manager], subject="dev-console-tenant-list", ttl_s=ttl_s)
