"""A sign-in through the city's SSO between leaving for its login page and coming back."""

from dataclasses import dataclass
from datetime import datetime, timedelta

#: Long enough to type a password (and fetch a forgotten one), short enough that an abandoned
#: attempt soon proves nothing.
ATTEMPT_LIFETIME = timedelta(minutes=15)


@dataclass(frozen=True)
class SignInAttempt:
    state: str
    nonce: str
    code_verifier: str
    #: Where the person was going when asked to sign in (a path of this site).
    next_url: str
    expires_at: datetime

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at
