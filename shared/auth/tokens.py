"""Turns a bearer token into a Principal, or says why it cannot be trusted.

A token is trusted when its issuer is configured, its key id names one of that issuer's keys,
its signature verifies with an allowed algorithm, its audience is ours, and it is neither
expired nor issued in the future (within the clock-skew leeway).

A verified token is remembered, so a request's second look at it (the write limiter, then the
route) and the next requests with it skip the signature check: until it expires, and at most
``REVERIFY_AFTER_S``, so a key withdrawn from the issuer's JWKS stops being honoured soon after.
"""

import logging
import time
import uuid
from collections.abc import Mapping
from typing import Any

import jwt
from cachetools import TLRUCache

from shared.auth.keys import FileKeys, KeySource, RemoteKeys
from shared.auth.principal import Principal, Role
from shared.auth.settings import DEV_ISSUER, DEV_KEY_ID_PREFIX, AuthSettings

log = logging.getLogger(__name__)

_REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]
_ROLE_NAMES = frozenset(role.value for role in Role)
REVERIFY_AFTER_S = 60.0
#: Tokens remembered at once (each a few hundred bytes): more than the active users of a site.
_REMEMBERED_TOKENS = 4096


class InvalidToken(Exception):
    """The token proves nothing; the message says why (logged, never sent to the caller)."""


class TokenVerifier:
    def __init__(self, settings: AuthSettings) -> None:
        self._settings = settings
        self._issuers: dict[str, KeySource] = {}
        if settings.issuer and settings.jwks_url:
            self._issuers[settings.issuer] = RemoteKeys(
                settings.jwks_url, settings.jwks_cache_s, settings.jwks_refetch_min_s
            )
        if settings.development and settings.dev_jwks_file:
            self._issuers[DEV_ISSUER] = FileKeys(settings.dev_jwks_file)
        if not self._issuers:
            log.warning("no token issuer configured: every protected endpoint answers 401")
        self._verified: TLRUCache[str, tuple[Principal, float]] = TLRUCache(
            maxsize=_REMEMBERED_TOKENS, ttu=_trusted_until, timer=time.time
        )

    async def principal(self, token: str) -> Principal:
        remembered = self._verified.get(token)
        if remembered is not None:
            return remembered[0]
        principal, expires_at = await self._verify(token)
        self._verified[token] = (principal, expires_at)
        return principal

    async def _verify(self, token: str) -> tuple[Principal, float]:
        """The token's principal and the moment (epoch seconds) it expires."""
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise InvalidToken(f"malformed: {exc}") from exc
        issuer = unverified.get("iss")
        source = self._issuers.get(issuer) if isinstance(issuer, str) else None
        if source is None:
            raise InvalidToken(f"untrusted issuer {issuer!r}")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise InvalidToken("no key id")
        if kid.startswith(DEV_KEY_ID_PREFIX) and not self._settings.development:
            raise InvalidToken("signed with a dev key outside development")
        key = await source.key(kid)
        if key is None:
            raise InvalidToken(f"unknown key id {kid!r}")
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=self._settings.algorithms,
                audience=self._settings.audience,
                issuer=issuer,
                leeway=self._settings.leeway_s,
                options={"require": _REQUIRED_CLAIMS},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from exc
        return principal_of(claims, self._settings), float(claims["exp"])


def _trusted_until(_token: str, verified: tuple[Principal, float], now: float) -> float:
    return min(verified[1], now + REVERIFY_AFTER_S)


def principal_of(claims: Mapping[str, Any], settings: AuthSettings) -> Principal:
    granted = _claim(claims, settings.roles_claim)
    names = granted if isinstance(granted, list) else []
    # Roles the platform does not know (an SSO's own, e.g. offline_access) grant nothing.
    roles = frozenset(Role(n) for n in names if n in _ROLE_NAMES)
    tenant = _claim(claims, settings.tenant_claim)
    try:
        tenant_id = uuid.UUID(tenant) if isinstance(tenant, str) else None
    except ValueError as exc:
        raise InvalidToken(f"tenant claim is not a tenant id: {tenant!r}") from exc
    username = claims.get("preferred_username")
    sponsor = _claim(claims, settings.sponsor_claim)
    return Principal(
        subject=str(claims["sub"]),
        roles=roles,
        tenant_id=tenant_id,
        username=username if isinstance(username, str) else None,
        sponsor_agency=sponsor if isinstance(sponsor, str) and sponsor else None,
    )


def _claim(claims: Mapping[str, Any], path: str) -> Any:
    found: Any = claims
    for part in path.split("."):
        if not isinstance(found, Mapping):
            return None
        found = found.get(part)
    return found
