"""What ``bitc connection-budget`` does (the parser is in bitc/connection_budget_command.py)."""

import argparse
import asyncio
import sys

import asyncpg

from bitc.provision import SERVICES
from shared.persistence.connection_budget import ConnectionBudget
from shared.persistence.db import asyncpg_connect_args
from shared.runtime.secret_files import env_or_file
from shared.runtime.settings import ServiceSettings


def print_connection_budget(args: argparse.Namespace) -> None:
    for name in ("replicas", "pool_size", "surge"):
        value = getattr(args, name)
        if value is not None and value < (0 if name == "surge" else 1):
            sys.exit(f"bitc connection-budget: --{name.replace('_', '-')} {value} is too small")
    pool_size = args.pool_size or ServiceSettings.model_fields["db_pool_size"].default
    budget = ConnectionBudget(len(SERVICES), args.replicas, pool_size, args.surge)
    if not args.check:
        print(budget.explained())
        return
    admin_url = env_or_file("ADMIN_DATABASE_URL")
    if not admin_url:
        sys.exit("bitc connection-budget --check: set ADMIN_DATABASE_URL (or its _FILE)")
    limit, reserved = asyncio.run(server_limits(admin_url))
    budget = ConnectionBudget(len(SERVICES), args.replicas, pool_size, args.surge, reserved)
    print(budget.explained())
    print(f"the server's max_connections: {limit}")
    if limit < budget.max_connections:
        sys.exit(
            f"too few: raise max_connections to {budget.max_connections}, or lower "
            "DB_POOL_SIZE or the replica count"
        )


async def server_limits(admin_url: str) -> tuple[int, int]:
    """The server's ``max_connections`` and ``superuser_reserved_connections``."""
    conn = await asyncpg.connect(**asyncpg_connect_args(admin_url))
    try:
        return (
            int(await conn.fetchval("SHOW max_connections")),
            int(await conn.fetchval("SHOW superuser_reserved_connections")),
        )
    finally:
        await conn.close()
