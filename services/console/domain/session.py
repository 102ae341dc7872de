"""A signed-in person as the console keeps them: who they are for the services (the same
Principal the services derive from the token) and the tokens it acts with on their behalf."""

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from shared.auth.principal import Principal, Role

#: An access token closer than this to its expiry is refreshed before it is used.
REFRESH_MARGIN = timedelta(seconds=60)
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


def supported_language(wanted: str | None) -> str:
    """``wanted`` if the console speaks it, else Bahasa Indonesia."""
    return wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Tokens:
    access: str
    access_expires_at: datetime
    refresh: str | None = None
    id_token: str | None = None


@dataclass(frozen=True)
class ConsoleSession:
    subject: str
    username: str | None
    display_name: str
    roles: frozenset[Role]
    tenant_id: uuid.UUID | None
    language: str
    tokens: Tokens
    expires_at: datetime

    @classmethod
    def begin(
        cls,
        principal: Principal,
        tokens: Tokens,
        language: str,
        *,
        now: datetime,
        lifetime: timedelta,
    ) -> "ConsoleSession":
        """A new session for ``principal``: it ends ``lifetime`` after sign-in at the latest,
        and with its access token when that cannot be refreshed."""
        ends = now + lifetime
        if tokens.refresh is None:
            ends = min(ends, tokens.access_expires_at)
        return cls(
            subject=principal.subject,
            username=principal.username,
            display_name=principal.username or principal.subject,
            roles=principal.roles,
            tenant_id=principal.tenant_id,
            language=supported_language(language),
            tokens=tokens,
            expires_at=ends,
        )

    @property
    def principal(self) -> Principal:
        return Principal(self.subject, self.roles, self.tenant_id, self.username)

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def needs_refresh(self, now: datetime) -> bool:
        return self.tokens.refresh is not None and now + REFRESH_MARGIN >= (
            self.tokens.access_expires_at
        )

    def with_tokens(self, tokens: Tokens) -> "ConsoleSession":
        return replace(self, tokens=tokens)

    def may_open(self, allowed: frozenset[Role]) -> bool:
        """Admin opens every page, like admin may call every route of the services."""
        return bool(self.roles & (allowed | {Role.admin}))
