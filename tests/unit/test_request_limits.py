"""Oversized bodies get 413, floods of writes 429 and NUL characters 422, as problem documents,
in every service (the middleware below is what shared.runtime.app installs)."""

import httpx
import pytest
from fastapi import FastAPI, Request

from shared.auth.access import Role, install_auth
from shared.http.nul_characters import NulCharacterGuard
from shared.http.problems import PROBLEM_CONTENT_TYPE, install_problem_handlers
from shared.http.rate_limiting import WriteRateLimiter, WriteThrottle
from shared.http.request_bodies import RequestBody
from shared.http.request_size import RequestSizeLimit
from tests.polling import eventually

LIMIT = 4096


def build_app(limiter: WriteRateLimiter) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"received": len(await request.body())}

    @app.get("/echo")
    async def read() -> dict[str, str]:
        return {"read": "ok"}

    app.add_middleware(RequestSizeLimit, max_body_bytes=LIMIT)
    app.add_middleware(WriteThrottle, limiter=limiter)
    return app


def client_of(limiter: WriteRateLimiter) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=build_app(limiter), client=("203.0.113.7", 5000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def client():
    async with client_of(WriteRateLimiter(per_minute=10_000, burst=10_000)) as client:
        yield client


async def test_a_body_within_the_limit_reaches_the_route_whole(client):
    response = await client.post("/echo", content=b"x" * LIMIT)
    assert response.json() == {"received": LIMIT}


async def test_a_declared_oversized_body_is_refused_with_a_problem(client):
    response = await client.post("/echo", content=b"x" * (LIMIT + 1))
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body["type"] == "urn:bitc:problem:request-too-large"
    assert body["max_bytes"] == LIMIT


async def test_a_chunked_body_without_length_is_cut_off_at_the_limit(client):
    async def chunks():
        for _ in range(10):
            yield b"y" * 1000

    response = await client.post("/echo", content=chunks())
    assert "content-length" not in response.request.headers
    assert response.status_code == 413


async def test_a_chunked_body_a_little_over_is_read_to_its_end_then_refused(client):
    async def chunks():
        yield b"a" * LIMIT
        yield b"b" * 100

    assert (await client.post("/echo", content=chunks())).status_code == 413


async def test_a_small_chunked_body_is_accepted(client):
    async def chunks():
        yield b"a" * 1000
        yield b"b" * 1000

    assert (await client.post("/echo", content=chunks())).json() == {"received": 2000}


async def test_the_limiter_admits_a_burst_then_says_how_long_to_wait():
    limiter = WriteRateLimiter(per_minute=100, burst=3)
    assert [await limiter.admit("rina") for _ in range(3)] == [None, None, None]
    assert await limiter.admit("rina") == 1
    assert await limiter.admit("asep") is None, "another client has its own allowance"


async def test_the_per_minute_rate_holds_beyond_the_burst():
    limiter = WriteRateLimiter(per_minute=2, burst=10)
    assert await limiter.admit("rina") is None
    assert await limiter.admit("rina") is None
    wait = await limiter.admit("rina")
    assert wait is not None
    assert 55 <= wait <= 60


async def test_a_refused_client_is_admitted_again_once_the_window_moves_on():
    limiter = WriteRateLimiter(per_minute=100, burst=1)
    assert await limiter.admit("rina") is None
    assert await limiter.admit("rina") == 1
    await eventually(lambda: limiter.admit("rina"), until=lambda wait: wait is None, timeout=5)


async def test_writes_over_the_limit_get_429_with_retry_after_and_reads_pass():
    async with client_of(WriteRateLimiter(per_minute=100, burst=2)) as client:
        assert (await client.post("/echo", content=b"1")).status_code == 200
        assert (await client.post("/echo", content=b"2")).status_code == 200
        refused = await client.post("/echo", content=b"3")
        assert (await client.get("/echo")).status_code == 200, "reads are not limited"
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "1"
    assert refused.headers["content-type"] == PROBLEM_CONTENT_TYPE
    assert refused.json()["type"] == "urn:bitc:problem:too-many-requests"


async def test_clients_are_told_apart_by_the_verified_subject_of_their_token(tokens):
    app = build_app(WriteRateLimiter(per_minute=100, burst=1))
    install_auth(app, tokens.settings)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5000))
    rina = tokens.headers(Role.manager, subject="rina")
    asep = tokens.headers(Role.manager, subject="asep")
    forged = {"Authorization": "Bearer not-a-token"}
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        assert (await client.post("/echo", headers=rina)).status_code == 200
        assert (await client.post("/echo", headers=rina)).status_code == 429
        assert (await client.post("/echo", headers=asep)).status_code == 200
        # Unverified credentials count against the address, so forging new ones gains nothing.
        assert (await client.post("/echo", headers=forged)).status_code == 200
        reforged = {"Authorization": "Bearer another-made-up-one"}
        assert (await client.post("/echo", headers=reforged)).status_code == 429


def guarded_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/plans/{code}")
    async def plan(code: str, name: str = "") -> dict[str, str]:
        return {"code": code}

    @app.post("/plans")
    async def create(body: PlanBody) -> dict[str, str]:
        return {"code": body.code}

    app.add_middleware(NulCharacterGuard)
    return app


class PlanBody(RequestBody):
    code: str
    tags: list[str] = []


@pytest.mark.parametrize(
    ("method", "url", "body", "where"),
    [
        ("GET", "/plans/a%00b", None, ["path"]),
        ("GET", "/plans/a?name=x%00", None, ["query"]),
        ("POST", "/plans", {"code": "a", "tags": ["ok", "b\x00"]}, ["body"]),
    ],
)
async def test_the_nul_character_is_refused_wherever_it_is_sent(method, url, body, where):
    transport = httpx.ASGITransport(app=guarded_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.request(method, url, json=body)
        assert (await client.get("/plans/fine?name=x")).status_code == 200
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["errors"][0]["location"] == where
