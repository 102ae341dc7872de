"""The one error vocabulary: every service answers a domain error with the same problem shape."""

import enum

from fastapi import FastAPI
from fastapi.testclient import TestClient

from shared.domain.errors import Conflict, IllegalTransition, NotFound, RuleBroken
from shared.http.problems import PROBLEM_CONTENT_TYPE, install_problem_handlers


class Door(enum.Enum):
    LOCKED = "locked"


class NotOnSundays(RuleBroken):
    slug = "not-on-sundays"


ERRORS = {
    "/missing": NotFound("space", "7f0c"),
    "/rule": NotOnSundays("spaces close on Sundays", day="2026-12-13"),
    "/taken": Conflict("the slot is taken", slug="booking-conflict", taken="19:00-21:00"),
    "/locked": IllegalTransition("door", "open", Door.LOCKED),
}


def client() -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)
    for path, error in ERRORS.items():
        app.get(path)(failing_with(error))
    return TestClient(app)


def failing_with(error: Exception):
    def fail() -> None:
        raise error

    return fail


def test_each_kind_is_answered_with_its_status_slug_and_details() -> None:
    answers = {path: client().get(path) for path in ERRORS}
    assert {path: a.status_code for path, a in answers.items()} == {
        "/missing": 404,
        "/rule": 422,
        "/taken": 409,
        "/locked": 409,
    }
    assert all(a.headers["content-type"] == PROBLEM_CONTENT_TYPE for a in answers.values())
    missing, rule, taken, locked = (answers[path].json() for path in ERRORS)
    assert (missing["type"], missing["space_id"]) == ("urn:bitc:problem:space-not-found", "7f0c")
    assert (rule["type"], rule["detail"], rule["day"]) == (
        "urn:bitc:problem:not-on-sundays",
        "spaces close on Sundays",
        "2026-12-13",
    )
    assert (taken["type"], taken["taken"]) == ("urn:bitc:problem:booking-conflict", "19:00-21:00")
    assert locked["type"] == "urn:bitc:problem:illegal-transition"
    assert (locked["action"], locked["current_state"]) == ("open", "locked")
    assert locked["detail"] == "cannot open a door that is locked"
