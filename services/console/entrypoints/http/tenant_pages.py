"""What every page of a tenant's people starts from: a signed-in member or community lead and
the tenant they act for (an account bound to no tenant is told so, not shown an empty page)."""

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from services.console.adapters.service_api import ApiProblem
from services.console.domain.navigation import STAFF, TENANT_USERS
from services.console.domain.problem_sentences import BY_CODE, sentence_for
from services.console.entrypoints.http.refusals import PageRefusal
from services.console.entrypoints.http.viewer import Viewer, require


@dataclass(frozen=True)
class TenantUser:
    viewer: Viewer
    tenant_id: uuid.UUID
    #: Staff acting for the tenant (the booking form only).
    on_behalf: bool = False


async def tenant_user(request: Request) -> TenantUser:
    viewer = await require(*TENANT_USERS)(request)
    assert viewer.session is not None  # require() let only the signed-in through
    if viewer.session.tenant_id is None:
        raise PageRefusal(403, BY_CODE["no-tenant"])
    return TenantUser(viewer, viewer.session.tenant_id)


ForTenant = Annotated[TenantUser, Depends(tenant_user)]


async def tenant_or_staff(request: Request) -> TenantUser | Viewer:
    """A tenant's user for their own tenant; staff for the tenant the address or the form
    names (``tenant_id``), or, naming none, staff still to choose one (their Viewer)."""
    viewer = await require(*TENANT_USERS, *STAFF)(request)
    assert viewer.session is not None  # require() let only the signed-in through
    if viewer.session.tenant_id is not None:
        return TenantUser(viewer, viewer.session.tenant_id)
    named = request.query_params.get("tenant_id")
    if request.method == "POST":
        named = (await request.form()).get("tenant_id")
    try:
        return TenantUser(viewer, uuid.UUID(str(named)), on_behalf=True)
    except ValueError:
        return viewer


ForTenantOrStaff = Annotated[TenantUser | Viewer, Depends(tenant_or_staff)]


def refusal_of(problem: ApiProblem, missing: str | None = None) -> PageRefusal:
    """A page that cannot be drawn without what a service refused: its sentence instead.
    ``missing`` names (as a problem code) what a 404 means on this page: another tenant's
    thing answers a plain ``not-found``, and the person should hear which thing it was."""
    status = problem.status if problem.status < 500 else 502
    code = missing if missing and problem.status == 404 else problem.code
    return PageRefusal(status, sentence_for(problem.status, code))
