"""The console's only way to the three services: their public HTTP APIs, called with the
signed-in person's own bearer token (or none for the public catalogue), so every rule and
permission is the services' own and the console holds no back door."""

from collections.abc import Mapping
from typing import Any

import httpx

from shared.http.problems import PROBLEM_TYPE_PREFIX

UPSTREAMS = ("tenancy", "booking", "notifications")


class ApiProblem(Exception):
    """A service refused (or failed): its status, problem code and detail, and the whole body."""

    def __init__(self, status: int, code: str | None, detail: str, body: Mapping[str, Any]):
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.body = body


class ServiceApi:
    """One service's API as one person: ``await api.get("/spaces")`` answers the JSON body."""

    def __init__(self, client: httpx.AsyncClient, token: str | None) -> None:
        self._client = client
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}

    async def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return await self._call("GET", path, params=params)

    async def post(self, path: str, json: Any = None, headers: Mapping[str, str] = {}) -> Any:
        return await self._call("POST", path, json=json, headers=headers)

    async def put(self, path: str, json: Any = None) -> Any:
        return await self._call("PUT", path, json=json)

    async def patch(self, path: str, json: Any = None) -> Any:
        return await self._call("PATCH", path, json=json)

    async def delete(self, path: str) -> Any:
        return await self._call("DELETE", path)

    async def open_stream(
        self, path: str, params: Mapping[str, Any] | None = None, accept: str = "text/csv"
    ) -> httpx.Response:
        """A GET whose body is not read yet: the caller relays it chunk by chunk and must
        ``aclose()`` it. A refusal is read and closed here and raised as an ApiProblem."""
        request = self._client.build_request(
            "GET", path, params=params, headers=self._headers | {"Accept": accept}
        )
        try:
            answer = await self._client.send(request, stream=True)
        except httpx.TransportError as exc:
            raise ApiProblem(503, "service-unreachable", str(exc), {}) from exc
        if answer.is_success:
            return answer
        try:
            await answer.aread()
        finally:
            await answer.aclose()
        raise problem_of(answer)

    async def _call(
        self, method: str, path: str, headers: Mapping[str, str] = {}, **options: Any
    ) -> Any:
        try:
            answer = await self._client.request(
                method, path, headers=self._headers | dict(headers), **options
            )
        except httpx.TransportError as exc:
            raise ApiProblem(503, "service-unreachable", str(exc), {}) from exc
        if answer.is_success:
            return answer.json() if answer.content else None
        raise problem_of(answer)


def problem_of(answer: httpx.Response) -> ApiProblem:
    try:
        body = answer.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    kind = body.get("type")
    code = kind.removeprefix(PROBLEM_TYPE_PREFIX) if isinstance(kind, str) else None
    detail = body.get("detail") or body.get("title") or answer.reason_phrase
    return ApiProblem(answer.status_code, code, str(detail), body)


class ServiceClients:
    """One pooled AsyncClient per upstream for the whole process, opened and closed with it."""

    def __init__(self, base_urls: Mapping[str, str], timeout_s: float) -> None:
        self._clients = {
            name: httpx.AsyncClient(base_url=url, timeout=timeout_s)
            for name, url in base_urls.items()
        }

    def api(self, upstream: str, token: str | None) -> ServiceApi:
        return ServiceApi(self._clients[upstream], token)

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
