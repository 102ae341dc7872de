"""Recognising which database constraint refused a write, so a use case can answer 409."""

import sqlalchemy.exc as sa_exc


def violated_constraint(exc: sa_exc.DBAPIError) -> str | None:
    """The constraint name of an integrity error raised by asyncpg, if it names one."""
    cause: BaseException | None = exc.orig
    while cause is not None:
        name = getattr(cause, "constraint_name", None)
        if isinstance(name, str):
            return name
        cause = cause.__cause__
    return None
