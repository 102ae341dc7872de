"""Keys of signed calendar feed links.

Calendar apps (Google Calendar, Thunderbird, iOS) subscribe to a URL and cannot send a bearer
token, so a feed's link carries ``?key=``: an HMAC-SHA256 of the feed's identity under
``CALENDAR_FEED_SECRET``. Nothing is stored: a key is valid as long as the secret is, so
rotating the secret revokes every link at once (docs/security.md, "Calendar feed links").
"""

import base64
import hashlib
import hmac
import uuid

#: Signed with every identity, so a key can never pass for another use of the same secret, and
#: a later scheme (say, per-tenant generations) can tell its keys from these.
_SCHEME = "bitc-calendar-feed/v1"


def tenant_feed(tenant_id: uuid.UUID) -> str:
    """The identity of a tenant's feed, as its key signs it."""
    return f"tenants/{tenant_id}"


def space_feed(space_id: uuid.UUID) -> str:
    """The identity of a space's feed, as its key signs it."""
    return f"spaces/{space_id}"


class FeedKeys:
    """Makes and checks the keys of feed links with one secret."""

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("a feed key needs a secret")
        self._secret = secret.encode()

    def key(self, feed: str) -> str:
        """The key of ``feed``'s link: URL-safe base64 of the HMAC, without padding."""
        message = f"{_SCHEME}\n{feed}".encode()
        digest = hmac.new(self._secret, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def verifies(self, feed: str, key: str) -> bool:
        """Whether ``key`` opens ``feed``, in time independent of where a wrong key differs."""
        # Bytes, not str: compare_digest refuses non-ASCII text, which a caller may send.
        return hmac.compare_digest(self.key(feed).encode(), key.encode(errors="replace"))
