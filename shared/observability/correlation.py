"""The correlation and causation ids of the work in progress, carried across await points.

An HTTP request or a consumed event sets them; logs and every event written to the outbox read
them, so one booking can be followed from the request through Kafka to its notification.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
_causation_id: ContextVar[str | None] = ContextVar("causation_id", default=None)


def current_correlation_id() -> str | None:
    return _correlation_id.get()


def current_causation_id() -> str | None:
    return _causation_id.get()


@contextmanager
def correlated(correlation_id: str | None, causation_id: str | None = None) -> Iterator[str]:
    """Runs a block of work under a correlation id (a fresh one when none is given)."""
    cid = correlation_id or str(uuid.uuid4())
    token_corr = _correlation_id.set(cid)
    token_cause = _causation_id.set(causation_id)
    try:
        yield cid
    finally:
        _correlation_id.reset(token_corr)
        _causation_id.reset(token_cause)
