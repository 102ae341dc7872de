"""Signing in and out, the same for the city's SSO and the dev sign-in: the services' own
token parser (shared/auth) says who the token is for, and the console keeps that as a session."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from services.console.adapters.session_store import new_session_token
from services.console.domain.session import ConsoleSession, Tokens
from services.console.service_layer.unit_of_work import ConsoleUnitOfWork
from shared.auth.tokens import TokenVerifier


async def sign_in(
    uow: ConsoleUnitOfWork,
    verifier: TokenVerifier,
    tokens: Tokens,
    language: str,
    lifetime: timedelta,
    display_name: str | None = None,
) -> str:
    """A new session for whom ``tokens.access`` names; answers the cookie's token.

    Raises shared.auth.tokens.InvalidToken when the services would not trust the token either.
    """
    principal = await verifier.principal(tokens.access)
    now = datetime.now(UTC)
    session = ConsoleSession.begin(principal, tokens, language, now=now, lifetime=lifetime)
    if display_name:
        session = replace(session, display_name=display_name)
    token = new_session_token()
    async with uow:
        await uow.sessions.add(token, session, now)
        await uow.commit()
    return token


async def sign_out(uow: ConsoleUnitOfWork, token: str) -> None:
    async with uow:
        await uow.sessions.delete(token)
        await uow.commit()


async def choose_language(uow: ConsoleUnitOfWork, token: str, language: str) -> None:
    async with uow:
        session = await uow.sessions.find(token)
        if session is not None:
            await uow.sessions.save(token, replace(session, language=language))
            await uow.commit()


async def delete_expired_sessions(uow: ConsoleUnitOfWork, now: datetime) -> None:
    """A periodic job's round: a session past its end is refused anyway; deleting it keeps the
    table small and its tokens out of the database. Abandoned SSO sign-ins go with them."""
    await uow.sessions.delete_expired(now)
    await uow.sign_in_attempts.delete_expired(now)
