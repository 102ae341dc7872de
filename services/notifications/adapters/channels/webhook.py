"""Outbound webhooks, signed so receivers can tell they come from BITC (docs/webhooks.md).

At least once: a send interrupted by a crash is repeated, with the same BITC-Webhook-Id, which
receivers use to drop duplicates.
"""

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

SIGNATURE_HEADER = "BITC-Signature"


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    """``t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>``."""
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class WebhookChannel:
    channel = Channel.WEBHOOK
    redeliver_interrupted = True

    def __init__(self, *, timeout_s: float) -> None:
        self._timeout_s = timeout_s

    async def send(self, message: OutboundMessage) -> None:
        body = json.dumps(message.data, separators=(",", ":"), ensure_ascii=False).encode()
        headers = {
            "Content-Type": "application/json",
            "BITC-Webhook-Id": str(message.notification_id),
            SIGNATURE_HEADER: signature_header(message.secret, int(time.time()), body),
        }
        try:
            async with httpx.AsyncClient(timeout=self._timeout_s) as client:
                response = await client.post(message.address, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise DeliveryError(f"subscriber unreachable: {type(exc).__name__}") from exc
        if not response.is_success:
            raise http_failure(response.status_code)
