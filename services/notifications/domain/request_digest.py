"""When BITC staff get the digest of booking requests waiting for their approval.

The first request not yet in a digest opens a window of ``max_delay``; whatever arrives before
the window closes goes into the same digest. A window never opens before the previous digest
went out, so staff get at most one such digest per ``max_delay``.
"""

from datetime import datetime, timedelta


def window_opens(first_waiting: datetime, last_digest: datetime | None) -> datetime:
    return first_waiting if last_digest is None else max(first_waiting, last_digest)


def request_digest_due(
    first_waiting: datetime, last_digest: datetime | None, now: datetime, max_delay: timedelta
) -> bool:
    return now >= window_opens(first_waiting, last_digest) + max_delay
