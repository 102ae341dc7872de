"""The delivery state machine's states and its retry timing.

pending → sending → sent
                  → failed → (backoff) → sending … → dead after the last attempt
pending | failed → withdrawn (booking cancelled, reminder too late, contact erased)
dead → pending (retried by staff)
"""

import enum
import random
from dataclasses import dataclass


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    DEAD = "dead"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class BackoffPolicy:
    max_attempts: int = 6
    initial_s: float = 30.0
    max_s: float = 3600.0

    def delay_s(self, attempt: int, rng: random.Random | None = None) -> float:
        """Exponential, with "equal jitter": at least half the step so retries still back off,
        plus a random half so instances that failed together don't retry together."""
        step = min(self.max_s, self.initial_s * 2 ** (attempt - 1))
        return step / 2 + (rng or random).uniform(0, step / 2)


@dataclass(frozen=True)
class RateLimit:
    """At most ``per_minute`` attempts per channel over any sliding minute, counted in the
    database so it holds across rounds, restarts and instances."""

    per_minute: int

    def budget(self, attempted_last_minute: int, batch_size: int) -> int:
        return max(0, min(batch_size, self.per_minute - attempted_last_minute))
