"""Who may call what: every route declares the roles it allows with ``allow``, and routes about
one tenant's things check the caller may act for that tenant.

    @router.post("/bookings/{booking_id}/approve")
    async def approve(booking_id: UUID, caller: Annotated[Principal, Depends(allow(Role.manager))])

Public information (the space catalogue) is declared with ``anyone()`` instead: no token is
needed, and a token that is sent is checked as ``allow`` checks it.

Admin is allowed everywhere. No or an untrusted token is 401 (with ``WWW-Authenticate:
Bearer``), a trusted token without an allowed role 403. A tenant's user addressing another
tenant's booking, lease, contact or preferences by id gets 404, as if it did not exist, so ids
cannot be probed; naming another tenant in a request body or list filter is 403, because the
caller already knows that id and learns nothing (docs/security.md).
"""

import dataclasses
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Protocol, TypeVar

from fastapi import Depends, FastAPI, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.auth.principal import ALL_TENANTS, TENANT_BOUND, Principal, Role
from shared.auth.settings import AuthSettings
from shared.auth.tokens import InvalidToken, TokenVerifier
from shared.http.problems import Problem

__all__ = [
    "ALL_TENANTS",
    "ANY_ROLE",
    "TENANT_BOUND",
    "TENANT_USERS",
    "AuthSettings",
    "Principal",
    "Role",
    "allow",
    "anyone",
    "ensure_may_act_for",
    "ensure_visible",
    "install_auth",
    "tenant_filter",
]

log = logging.getLogger(__name__)

#: Everyone the platform knows; tenants' users then see only their own tenant's things.
ANY_ROLE = tuple(Role)
#: Those who book and cancel for their own tenant.
TENANT_USERS = (Role.tenant_member, Role.community_lead)
#: What the endpoint-by-role table says of a route ``anyone()`` admits without a token.
WITHOUT_TOKEN = "anyone"

_bearer = HTTPBearer(
    auto_error=False, description="A JWT from the city's SSO (or `bitc token` locally)"
)
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


class Unauthenticated(Problem):
    headers = {"WWW-Authenticate": "Bearer"}

    def __init__(self, detail: str) -> None:
        super().__init__(401, "unauthenticated", "A valid bearer token is required", detail)


def install_auth(app: FastAPI, settings: AuthSettings) -> None:
    app.state.token_verifier = TokenVerifier(settings)


def allow(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency answering the calling Principal, with only those of its roles that are
    among ``roles`` (or admin), when it holds any of them."""
    permitted = frozenset(roles) | {Role.admin}

    async def authorised(request: Request, credentials: Bearer) -> Principal:
        if credentials is None:
            raise Unauthenticated("Send `Authorization: Bearer <token>`.")
        verifier: TokenVerifier = request.app.state.token_verifier
        try:
            principal = await verifier.principal(credentials.credentials)
        except InvalidToken as exc:
            log.info("token refused", extra={"reason": str(exc), "path": request.url.path})
            raise Unauthenticated("The token is not valid here.") from exc
        granted = principal.roles & permitted
        if not granted:
            raise Problem(
                403,
                "forbidden",
                "Your role may not do this",
                allowed_roles=sorted(permitted),
            )
        # Seen through the roles that let it in, so a read-all role (integrator) held beside
        # a tenant role never widens what the tenant role may write.
        acting = dataclasses.replace(principal, roles=granted)
        if acting.tenant_bound and acting.tenant_id is None:
            raise Problem(403, "no-tenant", "Your account is not bound to a tenant")
        return acting

    # Read by the endpoint-by-role table (bitc security table).
    authorised.allowed_roles = permitted  # type: ignore[attr-defined]
    return authorised


def anyone() -> Callable[..., Awaitable[Principal | None]]:
    """A dependency for routes serving public information: None without a token; with one,
    the caller as ``allow`` with every role answers it (so a bad token is still 401)."""
    signed_in = allow(*ANY_ROLE)

    async def caller_if_any(request: Request, credentials: Bearer) -> Principal | None:
        if credentials is None:
            return None
        return await signed_in(request, credentials)

    # Read by the endpoint-by-role table and the OpenAPI document (optional bearer).
    caller_if_any.allowed_roles = signed_in.allowed_roles  # type: ignore[attr-defined]
    caller_if_any.without_token = WITHOUT_TOKEN  # type: ignore[attr-defined]
    return caller_if_any


def ensure_visible(principal: Principal, tenant_id: uuid.UUID | None, what: str) -> None:
    """404 when a tenant's user reads or acts on another tenant's ``what`` by its id."""
    if not principal.may_act_for(tenant_id):
        raise Problem(404, "not-found", f"No such {what}")


class OwnedByTenant(Protocol):
    tenant_id: uuid.UUID


Owned = TypeVar("Owned", bound=OwnedByTenant)


def visible_to(principal: Principal, found: Owned, what: str) -> Owned:
    """``found`` as loaded by its id, or 404 when it is another tenant's ``what``. Checking it
    before acting on it in a second transaction is safe: nothing here ever changes tenant."""
    ensure_visible(principal, found.tenant_id, what)
    return found


def ensure_may_act_for(principal: Principal, tenant_id: uuid.UUID) -> None:
    """403 when a tenant's user names another tenant in what it sends."""
    if not principal.may_act_for(tenant_id):
        raise Problem(
            403,
            "forbidden-tenant",
            "You may act only for your own tenant",
            tenant_id=str(tenant_id),
        )


def tenant_filter(principal: Principal, requested: uuid.UUID | None) -> uuid.UUID | None:
    """The tenant a list is filtered to: the caller's own for a tenant's user, else as asked."""
    if not principal.tenant_bound:
        return requested
    if requested is not None:
        ensure_may_act_for(principal, requested)
    return principal.tenant_id
