"""What ``bitc wait-for-schema`` does (the parser is in bitc/schema_wait_command.py)."""

import argparse
import asyncio
import sys
import time
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from shared.persistence.database_url import async_engine
from shared.persistence.schema_version import RequiredSchema
from shared.runtime.secret_files import env_or_file

_POLL_S = 2.0


def wait_for_schema(args: argparse.Namespace) -> None:
    url = args.database_url or env_or_file("DATABASE_URL")
    if not url:
        sys.exit("bitc wait-for-schema: set DATABASE_URL (the service's own) or --database-url")
    reason = asyncio.run(wait_until_migrated(args.service, url, args.timeout))
    if reason is not None:
        sys.exit(f"bitc wait-for-schema: gave up after {args.timeout:g} s: {reason}")


async def wait_until_migrated(
    service: str, database_url: str, timeout_s: float | None, say: Callable[[str], None] = print
) -> str | None:
    """None once the schema is ready for this build; else, at the deadline, why it is not."""
    required = RequiredSchema.of(service)
    engine = async_engine(database_url, poolclass=NullPool)
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    said = None
    try:
        while True:
            try:
                async with engine.connect() as conn:
                    reason = await required.unmet(conn)
            except (OSError, SQLAlchemyError) as exc:
                reason = f"the database does not answer ({type(exc).__name__})"
            if reason is None:
                say(f"{service}: the schema is at or past migration {required.head}")
                return None
            if reason != said:
                say(f"{service}: waiting: {reason}")
                said = reason
            if deadline is not None and time.monotonic() >= deadline:
                return reason
            await asyncio.sleep(_POLL_S)
    finally:
        await engine.dispose()
