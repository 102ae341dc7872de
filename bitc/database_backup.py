"""``bitc backup``: the whole ``bitc`` database, every service's schema in one snapshot, so the
outboxes and inboxes in the dump agree with each other (docs/operations.md, "Back up and
restore").

The snapshot is exported by a read-only REPEATABLE READ transaction held open while pg_dump
dumps it (``--snapshot``), and the manifest is read in that same transaction. Each backup is a
folder ``bitc-<UTC time>`` holding bitc.dump (pg_dump's custom format) and manifest.json; the
manifest is written last, so a folder without one is an interrupted backup.
"""

import argparse
import asyncio
import shutil
import sys
from pathlib import Path

import asyncpg

from bitc.backup_manifest import DUMP, MANIFEST, BackupError, Manifest, read_manifest
from bitc.pg_client_tools import asyncpg_dsn, libpq_target, pg_tool
from shared.runtime.secret_files import env_or_file

DATABASE_URL_SETTING = "ADMIN_DATABASE_URL"
#: A migration holding a table lock must not stall the backup for ever, nor the backup it.
_LOCK_WAIT = "60s"


def database_url(given: str | None, command: str) -> str:
    url = given or env_or_file(DATABASE_URL_SETTING)
    if not url:
        sys.exit(f"bitc {command}: pass --database-url or set {DATABASE_URL_SETTING}")
    return str(url)


def backup(args: argparse.Namespace) -> None:
    url = database_url(args.database_url, "backup")
    folder, manifest = asyncio.run(take_backup(url, args.into, args.pg_bin))
    print(f"backed up {', '.join(manifest.schemas)} as of {manifest.taken_at.isoformat()}")
    print(folder)
    if args.keep:
        for old in prune_backups(args.into, args.keep):
            print(f"removed {old}")


async def take_backup(
    database_url: str, into: Path, pg_bin: str | None = None
) -> tuple[Path, Manifest]:
    """Dumps the database into a new folder under ``into``; returns it and its manifest."""
    pg_dump = pg_tool("pg_dump", pg_bin)
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await conn.fetchval("SELECT pg_export_snapshot()")
            manifest = await read_manifest(conn)
            folder = into / f"bitc-{manifest.taken_at.strftime('%Y%m%dT%H%M%S.%fZ')}"
            folder.mkdir(parents=True)
            await _dump(pg_dump, database_url, snapshot, folder)
    finally:
        await conn.close()
    manifest.write(folder)
    return folder, manifest


async def _dump(pg_dump: str, database_url: str, snapshot: str, folder: Path) -> None:
    target, environment = libpq_target(database_url)
    partial = folder / f"{DUMP}.partial"
    process = await asyncio.create_subprocess_exec(
        pg_dump,
        "--format=custom",
        f"--snapshot={snapshot}",
        f"--lock-wait-timeout={_LOCK_WAIT}",
        "--no-password",
        f"--file={partial}",
        f"--dbname={target}",
        stdin=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env=environment,
    )
    _, errors = await process.communicate()
    if process.returncode != 0:
        raise BackupError(f"pg_dump failed (exit {process.returncode}): {errors.decode().strip()}")
    partial.rename(folder / DUMP)


def prune_backups(into: Path, keep: int) -> list[Path]:
    """Removes complete backups beyond the newest ``keep``; interrupted ones are left for a
    person to look at."""
    complete = sorted(p for p in into.glob("bitc-*") if (p / MANIFEST).is_file())
    old = complete[:-keep] if keep > 0 else []
    for folder in old:
        shutil.rmtree(folder)
    return old
