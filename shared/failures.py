"""Tells a passing infrastructure outage from a fault in the event or its handling.

An outage (database or broker unreachable) must never dead-letter an event: the consumer waits
and reads it again. Anything else is retried a bounded number of times, then dead-lettered.
"""

import socket

import asyncpg
from sqlalchemy import exc as sa_exc

_OUTAGE_TYPES: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.InterfaceError,
)


def is_outage(exc: BaseException) -> bool:
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, sa_exc.InterfaceError | sa_exc.TimeoutError):
        return True
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, _OUTAGE_TYPES):
            return True
        cause = cause.__cause__ or cause.__context__
    return False
