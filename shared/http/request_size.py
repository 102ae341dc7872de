"""Refuses request bodies over a size limit with 413, before any route reads them.

The body is read here, up to the limit, and handed on whole, so a client can never make a
service hold more than the limit in memory. What comes beyond the limit is read and thrown away
up to as much again, because most clients only read an answer once they have sent their whole
body; past that (or a declared Content-Length past that) the answer is sent at once and the
connection closed.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.http.problems import Problem, problem_at

#: Bytes past the limit read and discarded, in multiples of the limit, before answering anyway.
_DISCARDED_AT_MOST = 1


class _TooLarge(Exception):
    pass


class _ClientLeft(Exception):
    pass


class RequestSizeLimit:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self._app = app
        self._max = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        try:
            self._check_declared_length(scope)
            body = await self._read_body(receive)
        except _TooLarge:
            await self._refuse(scope, receive, send)
            return
        except _ClientLeft:
            return  # no one is left to answer
        await self._app(scope, _replaying(body, receive), send)

    def _check_declared_length(self, scope: Scope) -> None:
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is None:
            return
        try:
            length = int(declared)
        except ValueError:
            return  # the server refuses a malformed Content-Length itself
        if length > self._max * (1 + _DISCARDED_AT_MOST):
            raise _TooLarge

    async def _read_body(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                raise _ClientLeft
            chunk = message.get("body", b"")
            size += len(chunk)
            if size <= self._max:
                chunks.append(chunk)
            elif size > self._max * (1 + _DISCARDED_AT_MOST):
                raise _TooLarge
            else:
                chunks.clear()
            if not message.get("more_body", False):
                if size > self._max:
                    raise _TooLarge
                return b"".join(chunks)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        problem = Problem(
            413,
            "request-too-large",
            "The request body is too large",
            f"At most {self._max} bytes are accepted.",
            max_bytes=self._max,
        )
        # Closing the connection spares reading the rest of a body we will never use.
        await problem_at(problem, scope["path"], {"Connection": "close"})(scope, receive, send)


def _replaying(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        # After the body, the app may still wait for the client to disconnect.
        return await receive()

    return replay
