"""Signing keys of trusted issuers: the SSO's JWKS fetched over HTTP, or the dev stack's file.

Fetched with httpx rather than PyJWT's PyJWKClient, whose urllib fetch would block the event
loop inside a request. Keys are cached; a token naming an unknown key id refetches the set
(the SSO rotated its keys), at most once per ``refetch_min_s`` so forged key ids cannot turn
every request into a fetch.
"""

import asyncio
import json
import logging
import time
from pathlib import Path
from typing import Any, Protocol

import httpx
from jwt import PyJWK, PyJWKSet, PyJWTError

log = logging.getLogger(__name__)

_FETCH_TIMEOUT_S = 5.0


class KeySource(Protocol):
    async def key(self, kid: str) -> PyJWK | None: ...


def signing_keys(jwks: dict[str, Any]) -> dict[str, PyJWK]:
    """The usable signing keys of a JWK set by key id (encryption keys and keys without id
    are left out, as PyJWKClient does)."""
    try:
        keys = PyJWKSet.from_dict(jwks)
    except PyJWTError:
        return {}
    return {k.key_id: k for k in keys if k.key_id and k.public_key_use in ("sig", None)}


class FileKeys:
    """A JWKS file read once: the dev stack's public key."""

    def __init__(self, path: Path) -> None:
        self._keys = signing_keys(json.loads(path.read_text()))

    async def key(self, kid: str) -> PyJWK | None:
        return self._keys.get(kid)


class RemoteKeys:
    def __init__(self, url: str, cache_s: float, refetch_min_s: float) -> None:
        self._url = url
        self._cache_s = cache_s
        self._refetch_min_s = refetch_min_s
        self._keys: dict[str, PyJWK] = {}
        self._fetched_at = float("-inf")
        # One fetch at a time: requests arriving while the cache is stale wait for it.
        self._fetching = asyncio.Lock()

    async def key(self, kid: str) -> PyJWK | None:
        if self._should_fetch(kid):
            async with self._fetching:
                if self._should_fetch(kid):
                    await self._fetch()
        return self._keys.get(kid)

    def _should_fetch(self, kid: str) -> bool:
        age = time.monotonic() - self._fetched_at
        return age > self._cache_s or (kid not in self._keys and age > self._refetch_min_s)

    async def _fetch(self) -> None:
        # Stamped before fetching, so an unreachable SSO is asked again only after the pause.
        self._fetched_at = time.monotonic()
        try:
            async with httpx.AsyncClient(timeout=_FETCH_TIMEOUT_S) as client:
                response = await client.get(self._url)
                response.raise_for_status()
                fresh = signing_keys(response.json())
        except (httpx.HTTPError, ValueError) as exc:
            # Keep the keys we had: a brief SSO outage must not sign everybody out.
            log.warning("could not fetch signing keys", extra={"url": self._url, "error": str(exc)})
            return
        self._keys = fresh
