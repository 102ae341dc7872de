"""What a backup holds, written beside the dump as manifest.json: when its snapshot was taken,
which schemas it covers, each service's migration head and outbox high-water mark.

The facts are read inside the very snapshot pg_dump dumps (bitc/database_backup.py), so they
describe the dump exactly, not a moment near it.
"""

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import asyncpg

from bitc.provision import SERVICES

MANIFEST = "manifest.json"
DUMP = "bitc.dump"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


@dataclass(frozen=True)
class OutboxMark:
    """How far a service's outbox had got: rows up to ``last_seq`` exist, those up to
    ``last_published_seq`` had been published, ``unpublished`` had not (the relay sends them
    again after a restore unless the restore finds them on Kafka)."""

    last_seq: int
    last_published_seq: int
    unpublished: int


@dataclass(frozen=True)
class Manifest:
    taken_at: datetime  # the snapshot's time (PostgreSQL's now() inside it)
    database: str
    server_version: str
    schemas: list[str]
    migration_heads: dict[str, str | None]  # schema -> alembic revision (None: never migrated)
    outbox: dict[str, OutboxMark] = field(default_factory=dict)

    def write(self, folder: Path) -> None:
        facts = asdict(self) | {"taken_at": self.taken_at.isoformat()}
        (folder / MANIFEST).write_text(json.dumps(facts, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        facts = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return cls(
            taken_at=datetime.fromisoformat(facts["taken_at"]),
            database=facts["database"],
            server_version=facts["server_version"],
            schemas=facts["schemas"],
            migration_heads=facts["migration_heads"],
            outbox={schema: OutboxMark(**mark) for schema, mark in facts["outbox"].items()},
        )


async def read_manifest(conn: asyncpg.Connection) -> Manifest:
    """The facts as ``conn``'s current transaction (the dump's snapshot) sees them."""
    schemas = [
        row["nspname"]
        for row in await conn.fetch(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY nspname",
            list(SERVICES),
        )
    ]
    heads = {schema: await migration_head(conn, schema) for schema in schemas}
    outbox = {
        schema: await _outbox_mark(conn, schema)
        for schema in schemas
        if await _has_table(conn, schema, "outbox")
    }
    return Manifest(
        taken_at=await conn.fetchval("SELECT now()"),
        database=await conn.fetchval("SELECT current_database()"),
        server_version=await conn.fetchval("SHOW server_version"),
        schemas=schemas,
        migration_heads=heads,
        outbox=outbox,
    )


async def migration_head(conn: asyncpg.Connection, schema: str) -> str | None:
    """The Alembic revision recorded in the schema's own version table."""
    if not await _has_table(conn, schema, "alembic_version"):
        return None
    head: str | None = await conn.fetchval(f'SELECT version_num FROM "{schema}".alembic_version')
    return head


async def _outbox_mark(conn: asyncpg.Connection, schema: str) -> OutboxMark:
    row = await conn.fetchrow(
        f"SELECT coalesce(max(seq), 0) AS last_seq, "
        f"coalesce(max(seq) FILTER (WHERE published_at IS NOT NULL), 0) AS last_published_seq, "
        f"count(*) FILTER (WHERE published_at IS NULL) AS unpublished "
        f'FROM "{schema}".outbox'
    )
    return OutboxMark(**dict(row))


async def _has_table(conn: asyncpg.Connection, schema: str, table: str) -> bool:
    found = await conn.fetchval("SELECT to_regclass($1)", f'"{schema}".{table}')
    return found is not None
