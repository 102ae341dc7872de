"""The levers a drill pulls on the platform's processes and database: kill, freeze and bring
back a process through the dev stack's records, and see who waits on a lock the drill holds."""

import asyncio
import signal

import asyncpg

from bitc.devstack import DevStack


async def kill(stack: DevStack, name: str) -> None:
    """SIGKILL a process (its whole group) and wait until it is gone; its record stays."""
    await asyncio.to_thread(stack.stop_service, name, signal.SIGKILL)


async def crash_postgres(stack: DevStack) -> None:
    """Immediate shutdown (SIGQUIT): backends end at once and the next start recovers from
    the WAL as after a crash. A SIGKILL would leave a killed postmaster the launcher cannot
    reap, whose pid the next start mistakes for a server still running."""
    await asyncio.to_thread(stack.stop_service, "postgres", signal.SIGQUIT)


def freeze(stack: DevStack, name: str) -> None:
    """SIGSTOP: connections stay open and nothing answers, as with a hung machine."""
    stack.send_signal(name, signal.SIGSTOP)


def thaw(stack: DevStack, name: str) -> None:
    stack.send_signal(name, signal.SIGCONT)


async def bring_back_infra(stack: DevStack) -> None:
    """Start Kafka and PostgreSQL again where they are down, on their old ports and data."""
    await stack.start_infra()


async def bring_back(stack: DevStack, service: str) -> None:
    """Start a service again with the environment it last ran with; waits until ready."""
    await stack.restart_service(service)


async def lock_waiters(conn: asyncpg.Connection, role: str, application: str | None = None) -> int:
    """Sessions of ``role`` (optionally of one application) blocked on a heavyweight lock."""
    waiting: int = await conn.fetchval(
        "SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND wait_event_type = 'Lock' "
        "AND ($2::text IS NULL OR application_name = $2)",
        role,
        application,
    )
    return waiting
