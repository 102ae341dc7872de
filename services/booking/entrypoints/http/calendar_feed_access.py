"""Who may read a calendar feed: whoever holds its signed link (a calendar app, which cannot
send a bearer token), or a caller whose token may read it, scoped to its tenant as usual."""

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Query, Request

from services.booking.entrypoints.http.calendar_feed_keys import FeedKeys, space_feed
from shared.auth.access import ANY_ROLE, Principal, allow, ensure_visible
from shared.auth.access import Bearer as BearerCredentials
from shared.http.problems import Problem

_reader = allow(*ANY_ROLE)

FeedKey = Annotated[
    str | None,
    Query(
        max_length=100,
        description="The key of a signed feed link (from `calendar-link`): read the feed "
        "without a bearer token",
    ),
]


def feed_keys(request: Request) -> FeedKeys | None:
    """The app's feed keys; None when CALENDAR_FEED_SECRET is not set (no links then)."""
    return request.app.state.feed_keys


@dataclass(frozen=True)
class FeedAccess:
    """How a feed request came: with a link's key, or as a signed-in caller."""

    key: str | None
    caller: Principal | None
    keys: FeedKeys | None

    def ensure_reads(self, feed: str, tenant_id: uuid.UUID | None = None) -> None:
        """404 unless the key opens ``feed`` or the caller may read ``tenant_id``'s things:
        a wrong key must not tell whether the feed exists."""
        if self.caller is not None:
            if tenant_id is not None:
                ensure_visible(self.caller, tenant_id, "tenant")
            return
        if self.keys is None or self.key is None or not self.keys.verifies(feed, self.key):
            raise Problem(404, "not-found", "No such calendar feed")


async def feed_access(
    request: Request, credentials: BearerCredentials, key: FeedKey = None
) -> FeedAccess:
    """FastAPI dependency: a key, when sent, stands in for the token (and a wrong one is not
    rescued by a token); without one the token is checked as on every other route."""
    if key is not None:
        return FeedAccess(key, None, feed_keys(request))
    return FeedAccess(None, await _reader(request, credentials), None)


# Read by the endpoint-by-role table (bitc security table): with a token, as any reader.
feed_access.allowed_roles = _reader.allowed_roles  # type: ignore[attr-defined]


async def space_feed_access(
    request: Request, space_id: uuid.UUID, credentials: BearerCredentials, key: FeedKey = None
) -> None:
    """FastAPI dependency of a space's feed, which every reader sees whole (no tenant names)."""
    access = await feed_access(request, credentials, key)
    access.ensure_reads(space_feed(space_id))


space_feed_access.allowed_roles = _reader.allowed_roles  # type: ignore[attr-defined]
