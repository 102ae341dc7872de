"""Signing in through the city's SSO: OpenID Connect authorization code with PKCE (S256), with
Authlib, against the issuer's discovery document (Keycloak: <issuer>/.well-known/...).

    sso = SingleSignOn(issuer, client_id, client_secret)  # bootstrap.py, from the settings
    start = await sso.begin(callback)         # keep `start` with the visitor, send them to .url
    start.check_state(returned_state)
    tokens = await sso.finish(code, start, callback)
    tokens = await sso.refresh(tokens.refresh)

The ID token is verified here (signature by the issuer's keys, issuer, audience = our client id,
nonce, times); the access token is the services' business and is read with shared/auth.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

_SCOPE = "openid profile email"
_TIMEOUT_S = 10.0
_LEEWAY_S = 30


class SignInFailed(Exception):
    """The SSO's answer proves nothing (refused code, bad ID token); the message says why."""


@dataclass(frozen=True)
class SignInStart:
    """What must stay with the visitor (server-side) between begin and finish."""

    url: str
    state: str
    nonce: str
    code_verifier: str

    def check_state(self, returned: str | None) -> None:
        """Refuse a way back that belongs to another sign-in (forged or crossed requests)."""
        if not returned or not secrets.compare_digest(returned, self.state):
            raise SignInFailed("the sign-in came back with another state than it started with")


@dataclass(frozen=True)
class Tokens:
    access: str
    refresh: str | None
    id_token: str
    expires_at: datetime  # when the access token expires
    claims: dict[str, Any]  # the verified ID token's


class SingleSignOn:
    def __init__(self, issuer: str, client_id: str, client_secret: str | None = None) -> None:
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self._client_secret = client_secret or None
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None

    async def begin(self, redirect_uri: str) -> SignInStart:
        """Where to send the visitor to sign in, with the secrets to check the way back."""
        metadata = await self._discovery()
        verifier, nonce = generate_token(48), generate_token(24)
        async with self._client(redirect_uri) as client:
            url, state = client.create_authorization_url(
                metadata["authorization_endpoint"], code_verifier=verifier, nonce=nonce
            )
        return SignInStart(url, state, nonce, verifier)

    async def finish(self, code: str, start: SignInStart, redirect_uri: str) -> Tokens:
        """Exchange the code sent back to ``redirect_uri`` (the caller has checked that the
        returned state is ``start.state``) for verified tokens."""
        metadata = await self._discovery()
        async with self._client(redirect_uri) as client:
            try:
                token = await client.fetch_token(
                    metadata["token_endpoint"], code=code, code_verifier=start.code_verifier
                )
            except (AuthlibBaseError, httpx.HTTPError) as exc:
                raise SignInFailed(f"the SSO refused the code: {exc}") from exc
        return await self._tokens(token, start.nonce)

    async def refresh(self, refresh_token: str) -> Tokens:
        """Fresh tokens for a signed-in visitor; SignInFailed once the SSO session is over."""
        metadata = await self._discovery()
        async with self._client() as client:
            try:
                token = await client.refresh_token(
                    metadata["token_endpoint"], refresh_token=refresh_token
                )
            except (AuthlibBaseError, httpx.HTTPError) as exc:
                raise SignInFailed(f"the SSO refused the refresh: {exc}") from exc
        return await self._tokens(token, nonce=None)

    async def end_session_url(self, id_token: str, post_logout_redirect_uri: str) -> str:
        """Where to send the visitor to end their SSO session too (RP-initiated logout)."""
        metadata = await self._discovery()
        query = httpx.QueryParams(
            id_token_hint=id_token,
            post_logout_redirect_uri=post_logout_redirect_uri,
            client_id=self.client_id,
        )
        return f"{metadata['end_session_endpoint']}?{query}"

    def _client(self, redirect_uri: str | None = None) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.client_id,
            client_secret=self._client_secret,
            token_endpoint_auth_method="client_secret_basic" if self._client_secret else "none",
            scope=_SCOPE,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            timeout=_TIMEOUT_S,
        )

    async def _tokens(self, token: dict[str, Any], nonce: str | None) -> Tokens:
        if "id_token" not in token:
            raise SignInFailed("the SSO sent no ID token (is `openid` among the client's scopes?)")
        claims = await self._verified_id_token(token["id_token"], token["access_token"], nonce)
        if "expires_at" in token:
            expires_at = datetime.fromtimestamp(int(token["expires_at"]), UTC)
        else:
            expires_at = datetime.now(UTC) + timedelta(seconds=int(token["expires_in"]))
        return Tokens(
            access=token["access_token"],
            refresh=token.get("refresh_token"),
            id_token=token["id_token"],
            expires_at=expires_at,
            claims=dict(claims),
        )

    async def _verified_id_token(
        self, id_token: str, access_token: str, nonce: str | None
    ) -> CodeIDToken:
        metadata = await self._discovery()
        algorithms = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        registry = JWSRegistry(algorithms=algorithms)
        try:
            try:
                decoded = jwt.decode(id_token, await self._key_set(), registry=registry)
            except JoseError:
                # The issuer may have rotated its keys since they were fetched: once more, fresh.
                decoded = jwt.decode(id_token, await self._key_set(fresh=True), registry=registry)
            claims = CodeIDToken(
                decoded.claims,
                decoded.header,
                {
                    "iss": {"essential": True, "value": self.issuer},
                    "aud": {"essential": True, "value": self.client_id},
                },
                {"nonce": nonce, "client_id": self.client_id, "access_token": access_token},
            )
            claims.validate(leeway=_LEEWAY_S)
        except (JoseError, ValueError) as exc:
            raise SignInFailed(f"the ID token is not valid: {exc}") from exc
        return claims

    async def _discovery(self) -> dict[str, Any]:
        if self._metadata is None:
            url = f"{self.issuer}/.well-known/openid-configuration"
            metadata = await _get_json(url)
            if metadata.get("issuer") != self.issuer:
                raise SignInFailed(f"{url} names another issuer: {metadata.get('issuer')!r}")
            self._metadata = metadata
        return self._metadata

    async def _key_set(self, fresh: bool = False) -> KeySet:
        if self._keys is None or fresh:
            metadata = await self._discovery()
            self._keys = KeySet.import_key_set(await _get_json(metadata["jwks_uri"]))
        return self._keys


async def _get_json(url: str) -> dict[str, Any]:
    try:
        async with httpx.AsyncClient(timeout=_TIMEOUT_S) as http:
            response = await http.get(url)
            response.raise_for_status()
            found: dict[str, Any] = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise SignInFailed(f"the SSO did not answer {url}: {exc}") from exc
    return found
