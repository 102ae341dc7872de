"""Every error answer is an RFC 9457 problem document clients can match on."""

import logging

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel, Field
from sqlalchemy.exc import TimeoutError as PoolTimeout

from shared.http.middleware import RequestObservability
from shared.http.problems import PROBLEM_CONTENT_TYPE, Problem, install_problem_handlers
from shared.observability.metrics import ServiceMetrics

SECRET = "password=hunter2 at db.internal:5432"


class Reservation(BaseModel):
    space_code: str = Field(min_length=1)
    seats: int = Field(ge=1)


def build_app():
    # Wired as shared.runtime.app wires every service: the middleware answers unexpected errors.
    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(RequestObservability, metrics=ServiceMetrics())

    @app.post("/bookings")
    async def conflicting_booking():
        raise Problem(
            409,
            "booking-conflict",
            "The space is already booked over that period",
            "BITC-STUDIO-1 is taken 19:00-21:00",
            conflicting_period={"starts_at": "2026-12-02T12:00:00Z"},
            rule="no-overlap",
        )

    @app.get("/terse")
    async def terse_problem():
        raise Problem(404, "tenant-not-found", "No such tenant")

    @app.get("/crowded")
    async def crowded():
        raise PoolTimeout("QueuePool limit of size 10 overflow 10 reached")

    @app.get("/boom")
    async def boom():
        raise RuntimeError(SECRET)

    @app.post("/reservations")
    async def reserve(body: Reservation):
        return body

    @app.get("/items/{item_id}")
    async def item(item_id: int):
        return {"id": item_id}

    return app


@pytest.fixture
async def client():
    transport = httpx.ASGITransport(app=build_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def assert_problem(response, status, kind):
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body["type"] == f"urn:bitc:problem:{kind}"
    assert body["status"] == status
    assert isinstance(body["title"], str)
    assert body["title"]
    return body


async def test_a_raised_problem_answers_problem_json_with_its_status_type_and_extensions(client):
    response = await client.post("/bookings")

    body = assert_problem(response, 409, "booking-conflict")
    assert body["title"] == "The space is already booked over that period"
    assert body["detail"] == "BITC-STUDIO-1 is taken 19:00-21:00"
    assert body["instance"] == "/bookings"
    assert body["conflicting_period"] == {"starts_at": "2026-12-02T12:00:00Z"}
    assert body["rule"] == "no-overlap"


async def test_every_database_connection_busy_is_503_with_when_to_come_back(client):
    response = await client.get("/crowded")
    assert_problem(response, 503, "busy")
    assert response.headers["retry-after"] == "1"
    assert "QueuePool" not in response.text


async def test_a_problem_without_detail_leaves_detail_out(client):
    body = assert_problem(await client.get("/terse"), 404, "tenant-not-found")
    assert "detail" not in body
    assert body["instance"] == "/terse"


async def test_an_invalid_body_is_a_422_problem_listing_each_error_with_its_location(client):
    response = await client.post("/reservations", json={"space_code": "", "seats": "many"})

    body = assert_problem(response, 422, "invalid-request")
    locations = sorted(error["location"] for error in body["errors"])
    assert locations == [["body", "seats"], ["body", "space_code"]]
    for error in body["errors"]:
        assert error["message"]
        assert error["kind"]


async def test_a_missing_body_is_a_422_problem_too(client):
    body = assert_problem(await client.post("/reservations"), 422, "invalid-request")
    assert body["errors"][0]["location"][0] == "body"


async def test_an_invalid_path_parameter_is_a_422_problem_located_in_the_path(client):
    body = assert_problem(await client.get("/items/seven"), 422, "invalid-request")
    assert [error["location"] for error in body["errors"]] == [["path", "item_id"]]


async def test_validation_errors_do_not_echo_the_submitted_input(client):
    response = await client.post("/reservations", json={"space_code": "", "seats": SECRET})
    assert_problem(response, 422, "invalid-request")
    assert "hunter2" not in response.text


async def test_an_unhandled_error_is_a_500_problem_without_internals(client, caplog):
    with caplog.at_level(logging.ERROR, logger="shared.http.middleware"):
        response = await client.get("/boom")

    body = assert_problem(response, 500, "internal-error")
    assert body["instance"] == "/boom"
    for leak in ("hunter2", "db.internal", "RuntimeError", "Traceback", "boom()"):
        assert leak not in response.text
    # ...but the operator can find it in the log.
    assert any(record.exc_info and record.exc_info[0] is RuntimeError for record in caplog.records)


async def test_an_unknown_path_is_a_404_problem(client):
    body = assert_problem(await client.get("/no/such/thing"), 404, "not-found")
    assert body["instance"] == "/no/such/thing"


async def test_a_wrong_method_is_a_405_problem(client):
    assert_problem(await client.delete("/items/1"), 405, "method-not-allowed")


async def test_a_405_problem_still_says_which_methods_are_allowed(client):
    response = await client.delete("/items/1")
    assert response.status_code == 405
    assert response.headers.get("allow") == "GET"


async def test_a_successful_answer_is_untouched(client):
    response = await client.get("/items/7")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"id": 7}


def test_an_extension_named_like_a_standard_member_never_overrides_it():
    problem = Problem(409, "illegal-transition", "Not now", "", status="requested", title="x")
    body = problem.body("/bookings/1/approve")
    assert (body["status"], body["title"]) == (409, "Not now")
