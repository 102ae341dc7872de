"""How long the event consumer pauses: between retries of a failing event, and while the database
or broker is out (an outage is waited out and the records read again, never dead-lettered)."""

import asyncio
import logging
import random
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    initial_backoff_s: float = 0.2
    max_backoff_s: float = 10.0

    def backoff(self, attempt: int) -> float:
        """Exponential with full jitter, so instances retrying together spread out."""
        ceiling = min(self.max_backoff_s, self.initial_backoff_s * 2 ** (attempt - 1))
        return random.uniform(0, ceiling)


class OutageWait:
    """Pauses longer the longer an outage lasts, until a batch goes through again."""

    def __init__(self, retry: RetryPolicy) -> None:
        self._retry = retry
        # Outages span redeliveries of the same records, so their backoff must outlive one call.
        self._streak = 0

    async def wait_out(self, exc: Exception) -> None:
        self._streak += 1
        log.warning(
            "outage while handling; the events will be read again",
            extra={"error": repr(exc), "streak": self._streak},
        )
        await asyncio.sleep(self._retry.backoff(self._streak))

    def over(self) -> None:
        self._streak = 0
