"""The shipped monitoring against the running services: Debian's Prometheus scrapes them with
the shipped scrape config (targets swapped for this stack's ports) and alert rules, a small
scenario runs, and every dashboard query and alert expression is checked against live data."""

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import yaml

from bitc.devstack.ports import free_ports
from tests.e2e.api_steps import book_when_booking_knows_tenant, fresh_slot, register, space_id
from tests.polling import eventually

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS_DIR = ROOT / "deploy" / "prometheus"
GENERATOR = ROOT / "deploy" / "grafana" / "generate_dashboards.py"
PROMETHEUS = shutil.which("prometheus")

# Panels that must show data right after the scenario (first query of each); the others
# chart rare events (5xx, dead letters, duplicates, no-shows) or periods the scenario may miss.
MUST_HAVE_DATA = {
    "bitc-overview.json": {
        "Service up",
        "HTTP request rate by service",
        "HTTP request rate by route and status",
        "HTTP p95 and p99 latency",
        "Outbox backlog",
        "Outbox publishing",
        "Kafka messages consumed",
    },
    "bitc-event-flow.json": {
        "Outbox backlog",
        "Oldest unpublished outbox event",
        "Parked outbox events",
        "Relay publish rate and failures",
        "Relay leaders per service",
        "Consumer lag by consumer and topic",
        "FastStream messages handled by status",
        "FastStream handling latency p99",
    },
    "bitc-tenancy.json": {"Admitted tenants by kind"},
    "bitc-space-utilisation.json": {
        "Bookings by state",
        "Pending approvals",
        "Utilisation by space this week",
    },
}

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(PROMETHEUS is None, reason="prometheus not installed (apt: prometheus)"),
]


def _dashboards() -> dict[str, dict]:
    spec = importlib.util.spec_from_file_location("generate_dashboards", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module.dashboards()


def _config(service_urls: dict[str, str], own_address: str) -> dict:
    """The shipped config, scraping every second, with this stack's targets."""
    config = yaml.safe_load((PROMETHEUS_DIR / "prometheus.yml").read_text(encoding="utf-8"))
    config["global"].update(scrape_interval="1s", evaluation_interval="1s")
    config["rule_files"] = [str(PROMETHEUS_DIR / rules) for rules in config["rule_files"]]
    for job in config["scrape_configs"]:
        job["scrape_interval"] = "1s"
        url = service_urls.get(job["job_name"])
        target = urlsplit(url).netloc if url else own_address
        job["static_configs"] = [{"targets": [target]}]
    return config


@pytest.fixture
def prometheus(platform, tmp_path: Path) -> Iterator[str]:
    address = f"127.0.0.1:{free_ports(1)[0]}"
    config = tmp_path / "prometheus.yml"
    config.write_text(yaml.safe_dump(_config(platform.service_urls, address)), encoding="utf-8")
    log = (tmp_path / "prometheus.log").open("w")
    process = subprocess.Popen(
        [
            str(PROMETHEUS),
            f"--config.file={config}",
            f"--storage.tsdb.path={tmp_path / 'data'}",
            f"--web.listen-address={address}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield f"http://{address}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


async def _query(client: httpx.AsyncClient, expr: str) -> dict:
    response = await client.get("/api/v1/query", params={"query": expr})
    assert response.status_code == 200, f"{expr}: {response.text}"
    body = response.json()
    assert body["status"] == "success", f"{expr}: {body}"
    return body["data"]


async def _scenario(api) -> None:
    tenancy, booking, notifications = api
    tenant_id = await register(tenancy, activate=True)
    starts_at, ends_at = fresh_slot()
    body = {
        "space_id": await space_id(booking),
        "tenant_id": tenant_id,
        "starts_at": starts_at,
        "ends_at": ends_at,
    }
    assert (await book_when_booking_knows_tenant(booking, body)).status_code == 201
    assert (await notifications.get("/notifications")).status_code == 200


async def test_dashboards_and_alerts_work_on_live_metrics(prometheus: str, api) -> None:
    await _scenario(api)
    services = {"tenancy", "booking", "notifications"}
    async with httpx.AsyncClient(base_url=prometheus, timeout=10) as client:

        async def targets() -> list[dict]:
            try:
                response = await client.get("/api/v1/targets")
            except httpx.TransportError:
                return []  # Prometheus is still starting
            return response.json()["data"]["activeTargets"]

        found = await eventually(
            targets,
            until=lambda ts: len(ts) == 4 and all(t["health"] == "up" for t in ts),
            timeout=60,
            what="every scrape target up",
        )
        assert {t["labels"]["job"] for t in found} == {*services, "prometheus"}

        boards = _dashboards()
        for board in boards.values():
            for panel in board["panels"]:
                for target in panel["targets"]:
                    await _query(client, target["expr"])
        shipped = [
            rule
            for path in sorted((PROMETHEUS_DIR / "rules").glob("*.yml"))
            for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]
            for rule in group["rules"]
        ]
        for rule in shipped:
            await _query(client, rule["expr"])

        # The binary loaded every shipped rule and evaluates each without error.
        async def loaded_rules() -> list[dict]:
            groups = (await client.get("/api/v1/rules")).json()["data"]["groups"]
            return [rule for group in groups for rule in group["rules"]]

        await eventually(
            loaded_rules,
            until=lambda rules: (
                len(rules) == len(shipped) and all(rule["health"] == "ok" for rule in rules)
            ),
            timeout=30,
            what="every shipped rule loaded and evaluated cleanly",
        )

        for name, titles in MUST_HAVE_DATA.items():
            panels = [p for p in boards[name]["panels"] if p["title"] in titles]
            assert {p["title"] for p in panels} == titles, f"{name}: panels renamed?"
            for panel in panels:
                expr = panel["targets"][0]["expr"]
                await eventually(
                    lambda expr=expr: _query(client, expr),
                    until=lambda data: bool(data["result"]),
                    timeout=60,
                    what=f"{name} {panel['title']!r} has data: {expr}",
                )

        # A rate needs two scrapes after a series appears: wait for every service's.
        await eventually(
            lambda: _query(client, "sum by (job) (rate(http_requests_total[5m]))"),
            until=lambda data: {series["metric"]["job"] for series in data["result"]} == services,
            timeout=30,
            what="HTTP request rate of every service",
        )
        # One relay per service holds the publishing lock: what RelayWithoutLeader watches.
        await eventually(
            lambda: _query(client, "sum by (job) (outbox_relay_leader)"),
            until=lambda data: (
                {s["metric"]["job"]: s["value"][1] for s in data["result"]}
                == dict.fromkeys(services, "1")
            ),
            timeout=30,
            what="exactly one relay leader per service",
        )
