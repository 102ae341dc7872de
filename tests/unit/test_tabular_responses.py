"""Reports and exports answer CSV a spreadsheet opens safely, or JSON, as ``Accept`` asks."""

import json
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from shared.http.problems import install_problem_handlers
from shared.http.tabular_responses import csv_response, streamed_export

COLUMNS = ("name", "hours", "starts_at", "active")
ROWS = [
    {"name": "Komunitas Musik Baros", "hours": 12, "starts_at": None, "active": True},
    {"name": "=HYPERLINK(\"x\")", "hours": -1, "starts_at": datetime(2026, 11, 1, tzinfo=UTC),
     "active": False},
]  # fmt: skip


async def rows():
    for row in ROWS:
        yield row


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/export")
    async def export(request: Request):
        return streamed_export(request, COLUMNS, rows(), "tenants")

    @app.get("/report")
    async def report():
        return csv_response(COLUMNS, ROWS, "report.csv")

    return TestClient(app)


def test_csv_opens_in_excel_as_utf8_and_never_runs_a_formula(client: TestClient) -> None:
    answer = client.get("/export", headers={"Accept": "text/csv"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="tenants.csv"'
    assert answer.content.startswith("\ufeff".encode())
    assert answer.text.lstrip("\ufeff").split("\r\n") == [
        "name,hours,starts_at,active",
        "Komunitas Musik Baros,12,,true",
        '"\'=HYPERLINK(""x"")",-1,2026-11-01T00:00:00Z,false',
        "",
    ]


def test_json_is_one_array_of_objects_by_default(client: TestClient) -> None:
    for accept in (None, "*/*", "application/json", "text/csv;q=0.5, application/json"):
        answer = client.get("/export", headers={"Accept": accept} if accept else {})
        assert answer.headers["content-type"] == "application/json"
        assert json.loads(answer.text)[1]["starts_at"] == "2026-11-01T00:00:00Z"


def test_csv_wins_when_preferred(client: TestClient) -> None:
    answer = client.get("/export", headers={"Accept": "application/json;q=0.2, text/*"})
    assert answer.headers["content-type"].startswith("text/csv")


def test_only_other_types_acceptable_is_406(client: TestClient) -> None:
    answer = client.get("/export", headers={"Accept": "application/xml"})
    assert answer.status_code == 406
    assert answer.json()["type"] == "urn:bitc:problem:not-acceptable"


def test_a_computed_report_answers_the_same_csv(client: TestClient) -> None:
    answer = client.get("/report")
    assert answer.text.lstrip("\ufeff").splitlines()[0] == "name,hours,starts_at,active"
