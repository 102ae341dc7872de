"""What a schema looks like to the code writing to it, read from PostgreSQL's catalogue: each
table's columns (type, nullability, whether an INSERT that omits the column still gets a value)
and the constraints and unique indexes its rows must satisfy. shared/persistence/rolling_upgrade.py
compares two of them."""

import re
from collections.abc import Mapping
from dataclasses import dataclass

import asyncpg


@dataclass(frozen=True)
class Column:
    type: str
    nullable: bool
    #: A server default or a BEFORE INSERT trigger that sets it: an INSERT may leave it out.
    filled_on_insert: bool


@dataclass(frozen=True)
class Rule:
    """A constraint or unique index: what it says, and the columns it reads (empty: unknown,
    e.g. an expression the catalogue does not resolve to columns)."""

    definition: str
    columns: frozenset[str]


@dataclass(frozen=True)
class Table:
    columns: Mapping[str, Column]
    rules: Mapping[str, Rule]


Schema = Mapping[str, Table]

_COLUMNS = """
SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
       NOT a.attnotnull AS nullable, a.atthasdef OR a.attidentity <> '' AS has_default
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
  AND c.relname <> 'alembic_version'
"""
_RULES = """
SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition,
       ARRAY(SELECT a.attname FROM pg_attribute a
             WHERE a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey)) AS columns,
       0 = ANY(k.conkey) OR k.conkey IS NULL AS opaque
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND k.contype IN ('c', 'u', 'x', 'f', 'p')
UNION ALL
SELECT c.relname, i.relname, pg_get_indexdef(i.oid),
       ARRAY(SELECT a.attname FROM pg_attribute a
             WHERE a.attrelid = x.indrelid AND a.attnum = ANY(x.indkey)),
       0 = ANY(x.indkey) OR x.indexprs IS NOT NULL
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class c ON c.oid = x.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND x.indisunique
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
"""
_INSERT_TRIGGERS = """
SELECT c.relname AS table, p.prosrc AS source
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid
WHERE n.nspname = $1 AND NOT t.tgisinternal
  -- tgtype bits: 1 row-level, 2 BEFORE, 4 INSERT
  AND t.tgtype & 7 = 7
"""
_ASSIGNED = re.compile(r"\bNEW\.(\w+)\s*:=", re.IGNORECASE)


async def read_schema(conn: asyncpg.Connection, schema: str) -> Schema:
    filled: dict[str, set[str]] = {}
    for row in await conn.fetch(_INSERT_TRIGGERS, schema):
        filled.setdefault(row["table"], set()).update(_ASSIGNED.findall(row["source"]))
    columns: dict[str, dict[str, Column]] = {}
    for row in await conn.fetch(_COLUMNS, schema):
        set_by_trigger = row["column"] in filled.get(row["table"], set())
        columns.setdefault(row["table"], {})[row["column"]] = Column(
            row["type"], row["nullable"], row["has_default"] or set_by_trigger
        )
    rules: dict[str, dict[str, Rule]] = {table: {} for table in columns}
    for row in await conn.fetch(_RULES, schema):
        read = frozenset() if row["opaque"] else frozenset(row["columns"])
        if row["table"] in rules:  # not Alembic's version table
            rules[row["table"]][row["name"]] = Rule(row["definition"], read)
    return {table: Table(columns[table], rules[table]) for table in columns}
