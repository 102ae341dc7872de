"""Drawing pages: one Jinja2 environment per language (autoescaped, with that language's merged
translations and the formatting filters), and the layout's context every page gets. An area
module makes its router with ``page_router()`` and answers with ``render(...)``:

    router = page_router()

    @router.get("/my/quota")
    async def quota(request: Request, viewer: Annotated[Viewer, Depends(require(*TENANT_USERS))]):
        return render(request, viewer, "my_bookings/quota.html", {"rows": rows})
"""

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.console.adapters.translations import load_language
from services.console.domain import formatting
from services.console.domain.navigation import visible_entries
from services.console.domain.session import LANGUAGES
from services.console.entrypoints.http import csrf
from services.console.entrypoints.http.refusals import (
    INVALID_ADDRESS,
    NOT_FOUND,
    PageRefusal,
    SignInRequired,
    safe_next,
)
from services.console.entrypoints.http.viewer import Viewer, viewer_of

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
SITE_NAME = "BITC"


def page_router() -> APIRouter:
    """Every console router is one: HTML answers, out of the OpenAPI document, CSRF-checked."""
    return APIRouter(include_in_schema=False, dependencies=[Depends(csrf.checked_form)])


class Pages:
    def __init__(self, templates: Path = TEMPLATES_DIR) -> None:
        self.environments = {language: _environment(templates, language) for language in LANGUAGES}

    def render(
        self,
        request: Request,
        viewer: Viewer,
        template: str,
        context: dict[str, Any] | None = None,
        status: int = 200,
    ) -> HTMLResponse:
        page = self.environments[viewer.language].get_template(template)
        roles = viewer.session.roles if viewer.session else None
        layout = {
            "request": request,
            "viewer": viewer,
            "site_name": SITE_NAME,
            "language": viewer.language,
            "languages": LANGUAGES,
            "nav": visible_entries(roles),
            "csrf_field": csrf.FIELD,
            "csrf_token": request.app.state.csrf.token_for(viewer),
            "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        }
        return HTMLResponse(page.render(layout | (context or {})), status_code=status)


def render(
    request: Request,
    viewer: Viewer,
    template: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return request.app.state.pages.render(request, viewer, template, context, status)


def _environment(templates: Path, language: str) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_translations(load_language(language), newstyle=True)
    environment.filters |= {
        "wib_time": lambda moment: formatting.wib_time(moment, language),
        "wib_datetime": lambda moment: formatting.wib_datetime(moment, language),
        "long_date": lambda day: formatting.long_date(day, language),
        "short_date": lambda day: formatting.short_date(day, language),
        "rupiah": formatting.rupiah,
    }
    return environment


def install_refusal_pages(app: FastAPI) -> None:
    """Replaces the services' JSON error answers: whatever a browser asks is answered in HTML."""

    @app.exception_handler(SignInRequired)
    async def to_sign_in(request: Request, exc: SignInRequired) -> Response:
        return RedirectResponse(f"/sign-in?next={quote(safe_next(exc.back_to))}", status_code=303)

    @app.exception_handler(PageRefusal)
    async def refused(request: Request, exc: PageRefusal) -> Response:
        return await _refusal_page(request, exc.status, exc.sentence)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        sentence = NOT_FOUND if exc.status_code == 404 else INVALID_ADDRESS
        return await _refusal_page(request, exc.status_code, sentence)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return await _refusal_page(request, 400, INVALID_ADDRESS)


async def _refusal_page(request: Request, status: int, sentence: str) -> Response:
    viewer = await viewer_of(request)
    return render(request, viewer, "errors/refused.html", {"sentence": sentence}, status)
