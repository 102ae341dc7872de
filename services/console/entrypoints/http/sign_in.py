"""Signing in and out. ``/sign-in`` offers the city's SSO when it is configured
(``app.state.single_sign_on``, adapters/sso.py; its routes ``/sign-in/sso`` and
``/sign-in/callback`` start and finish the flow) and, with AUTH_DEVELOPMENT=true and the dev
stack's state folder set, ``/sign-in/dev``: pick a role and a tenant, get a token minted with
the dev key. Its tenant list is read with a minute-long manager token of that same dev key:
development only, never a production path."""

import uuid
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.console.adapters.dev_tokens import DevTokens
from services.console.adapters.service_api import ApiProblem
from services.console.entrypoints.http.pages import page_router, render
from services.console.entrypoints.http.refusals import NOT_FOUND, PageRefusal, safe_next
from services.console.entrypoints.http.viewer import (
    SESSION_COOKIE,
    Viewer,
    new_unit_of_work,
    set_cookie,
    viewer_of,
)
from services.console.service_layer.signing_in import sign_in, sign_out
from shared.auth.principal import TENANT_BOUND, Role

router = page_router()
Anyone = Annotated[Viewer, Depends(viewer_of)]
DEV_ROLES = (Role.tenant_member, Role.community_lead, Role.manager, Role.admin)
TENANT_NEEDED = "Choose the tenant this role acts for."


@router.get("/sign-in")
async def sign_in_page(request: Request, viewer: Anyone, next: str = "/") -> HTMLResponse:
    context = {
        "next": safe_next(next),
        "sso": request.app.state.single_sign_on is not None,
        "dev": request.app.state.dev_tokens is not None,
    }
    return render(request, viewer, "sign_in/sign_in.html", context)


@router.get("/sign-in/dev")
async def dev_sign_in_page(request: Request, viewer: Anyone, next: str = "/") -> HTMLResponse:
    return await _dev_form(request, viewer, {"next": safe_next(next)})


@router.post("/sign-in/dev")
async def dev_sign_in(
    request: Request,
    viewer: Anyone,
    role: Annotated[Role, Form()],
    tenant_id: Annotated[str, Form()] = "",
    tenant_text: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    dev: DevTokens = _dev_tokens(request)
    tenant_id = tenant_text.strip() or tenant_id.strip()
    try:
        tenant = uuid.UUID(tenant_id) if tenant_id else None
    except ValueError:
        tenant = None
    if role in TENANT_BOUND and tenant is None:
        values = {"next": safe_next(next), "role": role.value, "tenant_id": tenant_id}
        return await _dev_form(request, viewer, values | {"error": TENANT_NEEDED}, 422)
    tokens = dev.sign_in_as(role, tenant, subject=f"dev-{role.value}")
    settings = request.app.state.settings
    token = await sign_in(
        new_unit_of_work(request),
        request.app.state.token_verifier,
        tokens,
        viewer.language,
        timedelta(hours=settings.console_session_hours),
    )
    answer = RedirectResponse(safe_next(next), status_code=303)
    set_cookie(answer, SESSION_COOKIE, token, settings.console_cookie_secure)
    return answer


@router.post("/sign-out")
async def sign_out_route(request: Request, viewer: Anyone) -> RedirectResponse:
    """Ends the console's session and, after an SSO sign-in, the SSO's too (else the next
    "Sign in" would let the same person straight back in without a password)."""
    goodbye = "/"
    if viewer.session_token:
        await sign_out(new_unit_of_work(request), viewer.session_token)
        sso = request.app.state.single_sign_on
        id_token = viewer.session.tokens.id_token if viewer.session else None
        if sso is not None and id_token:
            goodbye = await sso.end_session_url(id_token, str(request.url_for("sites")))
    answer = RedirectResponse(goodbye, status_code=303)
    answer.delete_cookie(SESSION_COOKIE, path="/")
    return answer


def _dev_tokens(request: Request) -> DevTokens:
    dev = request.app.state.dev_tokens
    if dev is None:
        raise PageRefusal(404, NOT_FOUND)
    return dev


async def _dev_form(
    request: Request, viewer: Viewer, values: dict, status: int = 200
) -> HTMLResponse:
    dev = _dev_tokens(request)
    tenancy = request.app.state.service_clients.api("tenancy", dev.tenant_lister())
    try:
        tenants = (await tenancy.get("/tenants", {"limit": 100}))["items"]
    except ApiProblem:
        tenants = []  # the free-text tenant id still works
    context = {"roles": DEV_ROLES, "tenants": tenants, "role": "", "tenant_id": ""} | values
    return render(request, viewer, "sign_in/dev.html", context, status)
