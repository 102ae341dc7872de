"""Outage or fault? An outage never dead-letters an event; a fault never blocks a partition."""

import asyncpg
import pytest
from sqlalchemy import exc as sa_exc

from shared.messaging.failures import is_outage


def raised(make):
    """The exception as code would see it after ``raise``, with its chain filled in."""
    try:
        make()
    except Exception as exc:
        return exc
    raise AssertionError("nothing was raised")


def wrapped_by_sqlalchemy(driver_error, wrapper=sa_exc.DBAPIError, **kwargs):
    def make():
        try:
            raise driver_error
        except Exception as exc:
            raise wrapper("INSERT INTO inbox ...", {}, exc, **kwargs) from exc

    return raised(make)


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connection refused"),
        ConnectionResetError(104, "Connection reset by peer"),
        TimeoutError("timed out"),
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed"),
        asyncpg.exceptions.ConnectionFailureError("could not connect"),
        asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
        asyncpg.exceptions.TooManyConnectionsError("too many clients already"),
        asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_an_unreachable_or_restarting_database_or_broker_is_an_outage(error):
    assert is_outage(error)


def test_a_sqlalchemy_error_whose_connection_was_invalidated_is_an_outage():
    error = sa_exc.DBAPIError(
        "SELECT 1", {}, Exception("server closed"), connection_invalidated=True
    )
    assert is_outage(error)


def test_a_sqlalchemy_error_wrapping_a_lost_asyncpg_connection_is_an_outage():
    error = wrapped_by_sqlalchemy(asyncpg.exceptions.ConnectionDoesNotExistError("closed"))
    assert is_outage(error)


@pytest.mark.parametrize(
    "error",
    [
        ValueError("plan_code must not be empty"),
        KeyError("tenant_id"),
        RuntimeError("handler bug"),
        asyncpg.exceptions.CheckViolationError("new row violates check constraint"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_a_fault_in_the_event_or_the_handler_is_not_an_outage(error):
    assert not is_outage(error)


def test_a_unique_violation_wrapped_in_an_integrity_error_is_not_an_outage():
    error = wrapped_by_sqlalchemy(
        asyncpg.UniqueViolationError("duplicate key value"), wrapper=sa_exc.IntegrityError
    )
    assert isinstance(error, sa_exc.IntegrityError)
    assert not error.connection_invalidated
    assert not is_outage(error)


def test_an_outage_anywhere_in_the_cause_chain_is_an_outage():
    def make():
        try:
            try:
                raise ConnectionRefusedError(111, "Connection refused")
            except ConnectionRefusedError as refused:
                raise RuntimeError("could not load tenant standing") from refused
        except RuntimeError as middle:
            raise ValueError("projection update failed") from middle

    assert is_outage(raised(make))


def test_a_fault_caused_by_another_fault_is_not_an_outage():
    def make():
        try:
            raise KeyError("space_id")
        except KeyError as missing:
            raise ValueError("bad event") from missing

    assert not is_outage(raised(make))


@pytest.mark.parametrize(
    "error",
    [PermissionError(13, "Permission denied"), FileNotFoundError(2, "No such file")],
    ids=lambda error: type(error).__name__,
)
def test_a_local_file_error_in_a_handler_is_not_an_outage(error):
    assert not is_outage(error)
