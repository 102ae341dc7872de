"""The console's unit of work: one transaction over its sessions and sign-ins under way."""

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.console.adapters.session_store import SessionStore
from services.console.adapters.sign_in_attempt_store import SignInAttemptStore
from services.console.adapters.tables import frame_tables
from shared.domain.aggregate import Aggregate
from shared.persistence.unit_of_work import UnitOfWork

SOURCE = "/bitc/console"


class ConsoleUnitOfWork(UnitOfWork):
    sessions: SessionStore
    sign_in_attempts: SignInAttemptStore

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(engine, source=SOURCE, tables=frame_tables)

    def _open_repositories(self, connection: AsyncConnection, seen: list[Aggregate]) -> None:
        self.sessions = SessionStore(connection, seen)
        self.sign_in_attempts = SignInAttemptStore(connection, seen)
