"""Signing in through the city's SSO (adapters/sso.py): leave for its login page with what will
prove the way back is ours, come back with a code, keep the person as a session (the same
sign_in as the dev page), and refresh their tokens while they work."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from services.console.adapters.session_store import new_session_token
from services.console.adapters.sso import SignInFailed, SignInStart, SingleSignOn
from services.console.adapters.sso import Tokens as SsoTokens
from services.console.domain.session import ConsoleSession, Tokens
from services.console.domain.sign_in_attempt import ATTEMPT_LIFETIME, SignInAttempt
from services.console.service_layer.signing_in import sign_in
from services.console.service_layer.unit_of_work import ConsoleUnitOfWork
from shared.auth.tokens import TokenVerifier


@dataclass(frozen=True)
class Departure:
    attempt_token: str  # for the browser's short-lived cookie
    login_url: str  # the SSO's login page


async def leave_for_sign_in(
    uow: ConsoleUnitOfWork, sso: SingleSignOn, callback_url: str, next_url: str, now: datetime
) -> Departure:
    start = await sso.begin(callback_url)
    attempt = SignInAttempt(
        start.state, start.nonce, start.code_verifier, next_url, now + ATTEMPT_LIFETIME
    )
    token = new_session_token()
    async with uow:
        await uow.sign_in_attempts.add(token, attempt)
        await uow.commit()
    return Departure(token, start.url)


async def come_back_signed_in(
    uow: ConsoleUnitOfWork,
    sso: SingleSignOn,
    verifier: TokenVerifier,
    attempt_token: str,
    returned: dict[str, str],
    callback_url: str,
    language: str,
    lifetime: timedelta,
    now: datetime,
) -> tuple[str, str]:
    """The new session's cookie token and where the person was going. Raises SignInFailed when
    the way back proves nothing: no or an old attempt, another state, a refused code."""
    async with uow:
        attempt = await uow.sign_in_attempts.take(attempt_token)
        await uow.commit()
    if attempt is None or attempt.expired(now):
        raise SignInFailed("no sign-in of this browser is under way (or it took too long)")
    start = SignInStart("", attempt.state, attempt.nonce, attempt.code_verifier)
    start.check_state(returned.get("state"))
    if "code" not in returned:
        raise SignInFailed(f"the SSO sent no code: {returned.get('error', 'no reason given')}")
    tokens = await sso.finish(returned["code"], start, callback_url)
    name = tokens.claims.get("name") or tokens.claims.get("preferred_username")
    session_token = await sign_in(uow, verifier, _kept(tokens), language, lifetime, name)
    return session_token, attempt.next_url


async def refresh_session(
    uow: ConsoleUnitOfWork, sso: SingleSignOn, session_token: str, session: ConsoleSession
) -> ConsoleSession | None:
    """The session with fresh tokens; None (and the session gone) once the SSO says no, e.g.
    because the person signed out there or an administrator ended their SSO session."""
    try:
        fresh = await sso.refresh(session.tokens.refresh or "")
    except SignInFailed:
        fresh = None
    async with uow:
        if fresh is None:
            await uow.sessions.delete(session_token)
            refreshed = None
        else:
            refreshed = session.with_tokens(_kept(fresh))
            await uow.sessions.save(session_token, refreshed)
        await uow.commit()
    return refreshed


def _kept(tokens: SsoTokens) -> Tokens:
    return Tokens(
        access=tokens.access,
        access_expires_at=tokens.expires_at,
        refresh=tokens.refresh,
        id_token=tokens.id_token,
    )
