"""WhatsApp and SMS through the operator's HTTP gateway.

POST {gateway_url}/messages with {"channel", "to", "text", "reference"} and a bearer token. At most
once: the notification id goes along as Idempotency-Key and reference, but we do not rely on the
gateway honouring it, so an interrupted send is not repeated automatically.
"""

import contextlib

import httpx

from contracts.notifications import Channel
from services.notifications.adapters.channels import (
    DeliveryError,
    OutboundMessage,
    http_failure,
)


class GatewayChannel:
    redeliver_interrupted = False

    def __init__(self, channel: Channel, *, url: str, token: str, timeout_s: float) -> None:
        self.channel = channel
        self._url, self._token, self._timeout_s = url.rstrip("/"), token, timeout_s

    def round(self) -> contextlib.AbstractAsyncContextManager[None]:
        return contextlib.nullcontext()  # each request stands alone

    async def send(self, message: OutboundMessage) -> None:
        if not self._url:
            raise DeliveryError("no WhatsApp/SMS gateway configured", permanent=True)
        headers = {"Idempotency-Key": str(message.notification_id)}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        body = {
            "channel": self.channel.value,
            "to": message.address,
            "text": message.text,
            "reference": str(message.notification_id),
        }
        try:
            async with httpx.AsyncClient(timeout=self._timeout_s) as client:
                response = await client.post(f"{self._url}/messages", json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise DeliveryError(f"gateway unreachable: {type(exc).__name__}") from exc
        if not response.is_success:
            raise http_failure(response.status_code)
