"""SSO sign-ins under way, in the console schema: the browser holds a random token in a
short-lived cookie; the table holds its SHA-256 with what proves the way back is ours. An
attempt is taken once: a replayed callback finds nothing."""

from datetime import datetime

import sqlalchemy as sa

from services.console.adapters.session_store import token_hash
from services.console.adapters.tables import sign_in_attempts
from services.console.domain.sign_in_attempt import SignInAttempt
from shared.persistence.unit_of_work import SqlRepository


class SignInAttemptStore(SqlRepository):
    async def add(self, token: str, attempt: SignInAttempt) -> None:
        values = {
            "token_sha256": token_hash(token),
            "state": attempt.state,
            "nonce": attempt.nonce,
            "code_verifier": attempt.code_verifier,
            "next_url": attempt.next_url,
            "expires_at": attempt.expires_at,
        }
        await self.connection.execute(sa.insert(sign_in_attempts).values(**values))

    async def take(self, token: str) -> SignInAttempt | None:
        """The attempt, removed so that it cannot be used twice."""
        taken = await self.connection.execute(
            sa.delete(sign_in_attempts)
            .where(sign_in_attempts.c.token_sha256 == token_hash(token))
            .returning(sign_in_attempts)
        )
        row = taken.mappings().first()
        if row is None:
            return None
        return SignInAttempt(
            row["state"], row["nonce"], row["code_verifier"], row["next_url"], row["expires_at"]
        )

    async def delete_expired(self, now: datetime) -> int:
        done = await self.connection.execute(
            sa.delete(sign_in_attempts).where(sign_in_attempts.c.expires_at <= now)
        )
        return done.rowcount
