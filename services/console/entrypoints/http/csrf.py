"""CSRF protection of every form, decided once here: a signed double-submit token. A form
carries ``csrf_token`` = HMAC(secret, the browser's session token, or its visitor cookie when
signed out); another site can neither read that cookie nor compute the token, and SameSite=Lax
already keeps the cookie off its cross-site POSTs. Every route of a ``page_router``
(entrypoints/http/pages.py) checks it before it runs, so no POST can forget it."""

import hashlib
import hmac
import secrets

from fastapi import Request

from services.console.entrypoints.http.refusals import PageRefusal
from services.console.entrypoints.http.viewer import Viewer, viewer_of

FIELD = "csrf_token"
REFUSED = "This form has expired or did not come from this site. Please go back and try again."


class CsrfTokens:
    def __init__(self, secret: str) -> None:
        # Without a configured secret, a random one: forms work within this process only.
        self._key = (secret or secrets.token_urlsafe(32)).encode()

    def token_for(self, viewer: Viewer) -> str:
        binding = viewer.session_token or viewer.visitor
        return hmac.new(self._key, binding.encode(), hashlib.sha256).hexdigest()

    def valid(self, viewer: Viewer, sent: object) -> bool:
        if not isinstance(sent, str) or not (viewer.session_token or viewer.visitor):
            return False
        return hmac.compare_digest(sent, self.token_for(viewer))


async def checked_form(request: Request) -> None:
    """Router dependency: a POST without the viewer's token is refused with 403 before the route
    reads anything; other methods pass."""
    if request.method != "POST":
        return
    viewer = await viewer_of(request)
    form = await request.form()
    if not request.app.state.csrf.valid(viewer, form.get(FIELD)):
        raise PageRefusal(403, REFUSED)
