"""What every page of a tenant's people starts from: a signed-in member or community lead and
the tenant they act for (an account bound to no tenant is told so, not shown an empty page)."""

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from services.console.adapters.service_api import ApiProblem
from services.console.domain.navigation import TENANT_USERS
from services.console.domain.problem_sentences import BY_CODE, sentence_for
from services.console.entrypoints.http.refusals import PageRefusal
from services.console.entrypoints.http.viewer import Viewer, require


@dataclass(frozen=True)
class TenantUser:
    viewer: Viewer
    tenant_id: uuid.UUID


async def tenant_user(request: Request) -> TenantUser:
    viewer = await require(*TENANT_USERS)(request)
    assert viewer.session is not None  # require() let only the signed-in through
    if viewer.session.tenant_id is None:
        raise PageRefusal(403, BY_CODE["no-tenant"])
    return TenantUser(viewer, viewer.session.tenant_id)


ForTenant = Annotated[TenantUser, Depends(tenant_user)]


def refusal_of(problem: ApiProblem, missing: str | None = None) -> PageRefusal:
    """A page that cannot be drawn without what a service refused: its sentence instead.
    ``missing`` names (as a problem code) what a 404 means on this page: another tenant's
    thing answers a plain ``not-found``, and the person should hear which thing it was."""
    status = problem.status if problem.status < 500 else 502
    code = missing if missing and problem.status == 404 else problem.code
    return PageRefusal(status, sentence_for(problem.status, code))
