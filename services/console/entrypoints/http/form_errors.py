"""When a service refuses what a form sent: the same form again, with what was filled in, one
sentence saying why in the person's language, and the service's status mirrored.

    try:
        await api.post("/bookings", json=body)
    except ApiProblem as problem:
        return form_refused(request, viewer, "booking_form/book.html", problem, {"form": values})
"""

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from services.console.adapters.service_api import ApiProblem
from services.console.domain.problem_sentences import sentence_for
from services.console.entrypoints.http.pages import render
from services.console.entrypoints.http.viewer import Viewer


def form_refused(
    request: Request,
    viewer: Viewer,
    template: str,
    problem: ApiProblem,
    context: dict[str, Any],
) -> HTMLResponse:
    """The template gets ``problem_sentence`` (a msgid: show it with ``_(problem_sentence)``)
    and ``context``, in which the form's values are kept; a 5xx upstream answers 502."""
    status = problem.status if problem.status < 500 else 502
    sentence = sentence_for(problem.status, problem.code)
    return render(request, viewer, template, context | {"problem_sentence": sentence}, status)
