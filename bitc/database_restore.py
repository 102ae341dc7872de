"""``bitc restore``: a backup of ``bitc backup`` into an empty database (a fresh cluster), or
over an existing one when told to (``--replace``), then a check of the migration heads.

The dump names each schema's owner and login role (bitc/schema_privileges.py); roles live in
the cluster, not the dump, so the missing ones are created NOLOGIN first and ``bitc setup``
afterwards gives the login roles their passwords back. pg_restore runs in one transaction:
a restore that fails leaves the target as it was, but for the roles it created.
"""

import asyncio
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from bitc.backup_manifest import DUMP, BackupError, Manifest, migration_head
from bitc.pg_client_tools import asyncpg_dsn, libpq_target, pg_tool
from shared.persistence.migrations import SERVICES_DIR, owner_role

_SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")


@dataclass(frozen=True)
class RestoredHead:
    schema: str
    restored: str | None
    code: str  # the head this release's migrations reach

    def advice(self) -> str:
        if self.restored == self.code:
            return f"{self.schema}: at {self.code}, as this release expects"
        if not _known(self.schema, self.restored):
            return (
                f"{self.schema}: at {self.restored}, which this release does not know (the "
                "backup is from a newer release): run that release's `bitc setup` and services"
            )
        return f"{self.schema}: at {self.restored}; `bitc setup` migrates it to {self.code}"


async def restore_backup(
    database_url: str, folder: Path, *, replace: bool = False, pg_bin: str | None = None
) -> list[RestoredHead]:
    manifest = Manifest.read(folder)
    dump = folder / DUMP
    if not dump.is_file():
        raise BackupError(f"{dump} is missing: {folder} is not a complete backup")
    pg_restore = pg_tool("pg_restore", pg_bin)
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        occupied = await _occupied(conn)
        if occupied and not replace:
            raise BackupError(
                f"the target database already holds {', '.join(occupied)}: restore into an "
                "empty database, or stop every service and pass --replace to overwrite it"
            )
        for schema in manifest.schemas:
            for role in (owner_role(schema), schema):
                if not await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
                    await conn.execute(f'CREATE ROLE "{role}" NOLOGIN')
        await _pg_restore(pg_restore, database_url, dump, clean=bool(occupied))
        heads = [
            RestoredHead(schema, await migration_head(conn, schema), _code_head(schema))
            for schema in manifest.schemas
        ]
    finally:
        await conn.close()
    differing = [h.schema for h in heads if h.restored != manifest.migration_heads[h.schema]]
    if differing:
        raise BackupError(f"after the restore {differing} differ from the manifest's heads")
    return heads


async def _occupied(conn: asyncpg.Connection) -> list[str]:
    """Schemas other than an empty ``public``, and any table in ``public``."""
    rows = await conn.fetch(
        "SELECT nspname FROM pg_namespace WHERE NOT nspname = ANY($1::text[]) "
        "AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%' "
        "AND (nspname <> 'public' OR EXISTS (SELECT 1 FROM pg_class c "
        "WHERE c.relnamespace = pg_namespace.oid AND c.relkind IN ('r', 'p', 'v', 'm')))",
        list(_SYSTEM_SCHEMAS),
    )
    return sorted(row["nspname"] for row in rows)


async def _pg_restore(pg_restore: str, database_url: str, dump: Path, *, clean: bool) -> None:
    target, environment = libpq_target(database_url)
    options = ["--clean", "--if-exists"] if clean else []
    process = await asyncio.create_subprocess_exec(
        pg_restore,
        "--exit-on-error",
        "--single-transaction",
        "--no-password",
        *options,
        f"--dbname={target}",
        str(dump),
        stdin=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env=environment,
    )
    _, errors = await process.communicate()
    if process.returncode != 0:
        raise BackupError(
            f"pg_restore failed (exit {process.returncode}), nothing was restored: "
            f"{errors.decode().strip()}"
        )


def _scripts(schema: str) -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(SERVICES_DIR / schema / "migrations"))
    return ScriptDirectory.from_config(config)


def _code_head(schema: str) -> str:
    return str(_scripts(schema).get_current_head())


def _known(schema: str, revision: str | None) -> bool:
    if revision is None:
        return True
    try:
        return _scripts(schema).get_revision(revision) is not None
    except CommandError:
        return False
