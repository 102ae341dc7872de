"""Tells a passing infrastructure outage from a fault in the event or its handling.

An outage (database or broker unreachable, credentials or schema not yet in place, a failover in
progress) must never dead-letter an event: the consumer waits and reads it again. A fault in the
data (a value out of range, a broken constraint) or the code is retried a bounded number of
times, then dead-lettered. PostgreSQL tells which by the SQLSTATE class of its error.
"""

import socket

import asyncpg
from sqlalchemy import exc as sa_exc

# 08 connection, 53 resources, 57P shutdown, 25006 read-only (failover), 28 credentials,
# 40 serialisation/deadlock (passes by itself), 3D000/3F000/42P01 database, schema or table
# missing (a deployment still in progress).
_WAIT_SQLSTATES = ("08", "53", "57P", "25006", "28", "40", "3D000", "3F000", "42P01")

_NETWORK_ERRORS: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError, socket.gaierror)


def is_outage(exc: BaseException) -> bool:
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, sa_exc.TimeoutError):  # the connection pool is exhausted
        return True
    cause: BaseException | None = exc
    while cause is not None:
        sqlstate = getattr(cause, "sqlstate", None)
        if isinstance(sqlstate, str) and sqlstate:
            return sqlstate.startswith(_WAIT_SQLSTATES)
        if isinstance(cause, _NETWORK_ERRORS):
            return True
        # asyncpg reports a closed connection as a bare InterfaceError; DataError (a bad
        # parameter) subclasses it but is the data's fault.
        if isinstance(cause, asyncpg.InterfaceError) and not isinstance(cause, asyncpg.DataError):
            return True
        cause = cause.__cause__
    return False
