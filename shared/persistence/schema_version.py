"""The schema a build needs: each service's image carries its migrations, so it knows the Alembic
head it was built with. It runs on a database at that head or ahead of it (a newer release has
migrated it: during a rolling upgrade the previous release's pods keep running on the new
schema, which expand/contract keeps compatible), never on one behind it, whose tables lack what
its code uses. Readiness reports the difference (shared/runtime/health.py) and `bitc
wait-for-schema` holds a new pod until the migration has run (docs/operations.md, "Upgrade")."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.persistence.migration_files import migration_chain

#: undefined_table, invalid_schema_name: no version table to read.
_NEVER_MIGRATED = ("42P01", "3F000")


@dataclass(frozen=True)
class RequiredSchema:
    service: str
    head: str
    #: Revisions before the head: a database at one of them has not been migrated for this build.
    older: frozenset[str]

    @classmethod
    def of(cls, service: str) -> "RequiredSchema":
        chain = migration_chain(service)
        return cls(service, chain.head, chain.revisions - {chain.head})

    def shortfall(self, current: str | None) -> str | None:
        """Why this build cannot run on a database at ``current`` (None: it can). A revision it
        does not know comes from a newer release, so the database is ahead."""
        if current is None:
            return f"the {self.service} schema has no migrations yet: run bitc setup"
        if current in self.older:
            return (
                f"the {self.service} schema is at migration {current}, this build needs "
                f"{self.head}: run bitc setup of this release"
            )
        return None

    async def unmet(self, conn: AsyncConnection) -> str | None:
        """The shortfall of the database ``conn`` is connected to."""
        query = sa.text(f"SELECT version_num FROM {self.service}.alembic_version")
        try:
            current = await conn.scalar(query)
        except ProgrammingError as exc:
            if getattr(exc.orig, "sqlstate", None) not in _NEVER_MIGRATED:
                raise
            await conn.rollback()
            current = None
        return self.shortfall(current)
