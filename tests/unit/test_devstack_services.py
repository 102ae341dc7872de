"""Service processes against a stand-in repo whose `services.tenancy` is a tiny HTTP server."""

import signal
import textwrap
from pathlib import Path

import pytest

from bitc.devstack import DevStack, DevStackError, pick_free_ports
from bitc.devstack.pg_cluster import fallback_root

HEALTHY = """
    import http.server, os

    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/health/ready" else 404)
            self.end_headers()

    print("listening", flush=True)
    http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Health).serve_forever()
"""


def _stack(tmp_path: Path, main: str) -> DevStack:
    package = tmp_path / "repo" / "services" / "tenancy"
    package.mkdir(parents=True)
    (package.parent / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "__main__.py").write_text(textwrap.dedent(main))
    return DevStack(tmp_path / "state", pick_free_ports(), repo_root=tmp_path / "repo")


async def test_kill_and_restart_a_service(tmp_path: Path) -> None:
    stack = _stack(tmp_path, HEALTHY)
    env = {"PORT": str(stack.ports.tenancy)}
    try:
        first = await stack.start_service("tenancy", env, ready_timeout=20)
        assert [s.running for s in stack.status()] == [True]
        stack.stop_service("tenancy", signal.SIGKILL)
        assert [s.running for s in stack.status()] == [False]
        second = await stack.restart_service("tenancy", ready_timeout=20)
        assert second.pid != first.pid
        assert second.env == env
        assert "listening" in stack.log_path("tenancy").read_text()
    finally:
        stack.stop_all(timeout=5)
    assert stack.status() == []


async def test_a_crashing_service_reports_its_log(tmp_path: Path) -> None:
    stack = _stack(tmp_path, "raise SystemExit('boom: no DATABASE_URL')")
    with pytest.raises(DevStackError) as caught:
        await stack.start_service("tenancy", {}, ready_timeout=20)
    first, *log_tail = str(caught.value).splitlines()
    assert first.startswith("tenancy exited before it was ready")
    assert "boom: no DATABASE_URL" in log_tail


def test_fallback_cluster_folder_is_stable_per_state_folder(tmp_path: Path) -> None:
    assert fallback_root(tmp_path / "a") == fallback_root(tmp_path / "a")
    assert fallback_root(tmp_path / "a") != fallback_root(tmp_path / "b")
    assert fallback_root(tmp_path / "a").parent == Path("/var/tmp")
