"""Sessions in the console schema. The browser holds a random token; the table holds only its
SHA-256, so neither a database copy nor a log of rows lets anyone act as a signed-in person."""

import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa

from services.console.adapters.tables import sessions
from services.console.domain.session import ConsoleSession, Tokens
from shared.auth.principal import Role
from shared.persistence.unit_of_work import SqlRepository


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionStore(SqlRepository):
    async def add(self, token: str, session: ConsoleSession, now: datetime) -> None:
        values = _row(session) | {"token_sha256": token_hash(token), "created_at": now}
        await self.connection.execute(sa.insert(sessions).values(**values))

    async def find(self, token: str) -> ConsoleSession | None:
        row = await self._first(sa.select(sessions).where(_keyed(token)))
        return None if row is None else _session(row)

    async def save(self, token: str, session: ConsoleSession) -> None:
        await self.connection.execute(
            sa.update(sessions).where(_keyed(token)).values(_row(session))
        )

    async def delete(self, token: str) -> None:
        await self.connection.execute(sa.delete(sessions).where(_keyed(token)))

    async def delete_expired(self, now: datetime) -> int:
        done = await self.connection.execute(
            sa.delete(sessions).where(sessions.c.expires_at <= now)
        )
        return done.rowcount


def _keyed(token: str) -> sa.ColumnElement[bool]:
    return sessions.c.token_sha256 == token_hash(token)


def _row(session: ConsoleSession) -> dict:
    return {
        "subject": session.subject,
        "username": session.username,
        "display_name": session.display_name,
        "roles": sorted(session.roles),
        "tenant_id": session.tenant_id,
        "language": session.language,
        "access_token": session.tokens.access,
        "refresh_token": session.tokens.refresh,
        "id_token": session.tokens.id_token,
        "access_expires_at": session.tokens.access_expires_at,
        "expires_at": session.expires_at,
    }


def _session(row: sa.RowMapping) -> ConsoleSession:
    return ConsoleSession(
        subject=row["subject"],
        username=row["username"],
        display_name=row["display_name"],
        roles=frozenset(Role(name) for name in row["roles"] if name in Role.__members__),
        tenant_id=row["tenant_id"],
        language=row["language"],
        tokens=Tokens(
            access=row["access_token"],
            access_expires_at=row["access_expires_at"],
            refresh=row["refresh_token"],
            id_token=row["id_token"],
        ),
        expires_at=row["expires_at"],
    )
