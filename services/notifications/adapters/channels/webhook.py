"""Outbound webhooks, signed so receivers can tell they come from BITC (docs/webhooks.md).

At least once: a send interrupted by a crash is repeated, with the same BITC-Webhook-Id, which
receivers use to drop duplicates.

Never inside the city's network (services/notifications/domain/webhook_targets.py): the host is
resolved at each send, every address it has is checked, and the request goes to an address just
checked rather than to the name, which, resolved again by the HTTP client, could by then lead
somewhere else (DNS rebinding). The Host header and the TLS server name still say the name.
"""

import contextlib
import hashlib
import hmac
import json
import time

import httpx

from contracts.notifications import Channel
from services.notifications.adapters.channels import (
    DeliveryError,
    OutboundMessage,
    http_failure,
)
from services.notifications.adapters.host_addresses import host_addresses
from services.notifications.domain.webhook_targets import IPAddress, WebhookTargets

SIGNATURE_HEADER = "BITC-Signature"


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    """``t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>``."""
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class WebhookChannel:
    channel = Channel.WEBHOOK
    redeliver_interrupted = True

    def __init__(self, *, timeout_s: float, targets: WebhookTargets) -> None:
        self._timeout_s = timeout_s
        self._targets = targets

    def round(self) -> contextlib.AbstractAsyncContextManager[None]:
        return contextlib.nullcontext()  # each request stands alone

    async def send(self, message: OutboundMessage) -> None:
        try:
            url = httpx.URL(message.address)
        except httpx.InvalidURL as exc:
            raise DeliveryError("not a URL", permanent=True) from exc
        addresses = await self._checked_addresses(url)
        body = json.dumps(message.data, separators=(",", ":"), ensure_ascii=False).encode()
        headers = {
            "Host": url.netloc.decode("ascii"),
            "Content-Type": "application/json",
            "BITC-Webhook-Id": str(message.notification_id),
            SIGNATURE_HEADER: signature_header(message.secret, int(time.time()), body),
        }
        response = await self._post(url, addresses, body, headers)
        if not response.is_success:
            raise http_failure(response.status_code)

    async def _checked_addresses(self, url: httpx.URL) -> list[IPAddress]:
        host = url.raw_host.decode("ascii")
        try:
            addresses = await host_addresses(
                host, url.port or (443 if url.scheme == "https" else 80)
            )
        except OSError as exc:
            # Perhaps a passing DNS failure: retried like an unreachable subscriber.
            raise DeliveryError(f"subscriber's host not found: {host}") from exc
        if reason := self._targets.refusal(host, addresses):
            raise DeliveryError(f"refused: {reason}", permanent=True)
        return addresses

    async def _post(
        self, url: httpx.URL, addresses: list[IPAddress], body: bytes, headers: dict[str, str]
    ) -> httpx.Response:
        tls_name = {"sni_hostname": url.raw_host.decode("ascii")}
        failure: httpx.HTTPError | None = None
        async with httpx.AsyncClient(timeout=self._timeout_s) as client:
            for address in addresses:
                try:
                    return await client.post(
                        url.copy_with(host=str(address)),
                        content=body,
                        headers=headers,
                        extensions=tls_name,
                    )
                except httpx.ConnectError as exc:
                    failure = exc  # nothing was sent: the host's next address may answer
                except httpx.HTTPError as exc:
                    failure = exc
                    break
        raise DeliveryError(f"subscriber unreachable: {type(failure).__name__}") from failure
