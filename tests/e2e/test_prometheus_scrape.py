"""The shipped monitoring against the running services: Debian's Prometheus scrapes them with
the shipped scrape config (targets swapped for this stack's ports) and alert rules while a short
healthy workload runs, and every dashboard query and alert expression is checked on live data."""

import asyncio
import importlib.util
import math
import re
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import yaml

from bitc.devstack.ports import free_ports
from bitc.fault_drill.waiting import NotSettled
from shared.auth.access import Role
from tests.e2e.api_steps import (
    book_when_booking_knows_tenant,
    fresh_slot,
    notifications_of,
    register,
    space_id,
)
from tests.polling import eventually

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS_DIR = ROOT / "deploy" / "prometheus"
GENERATOR = ROOT / "deploy" / "grafana" / "generate_dashboards.py"
PROMETHEUS = shutil.which("prometheus")
SERVICES = {"tenancy", "booking", "notifications", "console"}

#: The test's scrape interval, and what Grafana makes of its built-in variables with it (the
#: dashboards' time range is the last hour): $__rate_interval is max(interval + scrape
#: interval, 4 x scrape interval).
SCRAPE_INTERVAL_S = 1
GRAFANA_VARIABLES = {
    "__interval": f"{SCRAPE_INTERVAL_S}s",
    "__interval_ms": f"{SCRAPE_INTERVAL_S * 1000}",
    "__rate_interval": f"{4 * SCRAPE_INTERVAL_S}s",
    "__range": "1h",
    "__range_s": "3600",
    "__range_ms": "3600000",
}
_VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(PROMETHEUS is None, reason="prometheus not installed (apt: prometheus)"),
]


@dataclass(frozen=True)
class PanelQuery:
    board: str
    panel: str
    ref_id: str
    expr: str

    def __str__(self) -> str:
        return f"{self.board} / {self.panel!r} {self.ref_id}: {self.expr}"


def _dashboards() -> dict[str, dict]:
    spec = importlib.util.spec_from_file_location("generate_dashboards", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module.dashboards()


def as_grafana_sends(expr: str) -> str:
    """The query Grafana sends for a panel target: its variables substituted."""

    def value(match: re.Match[str]) -> str:
        name = next(group for group in match.groups() if group)
        assert name in GRAFANA_VARIABLES, f"no value for variable ${name} in {expr}"
        return GRAFANA_VARIABLES[name]

    return _VARIABLE.sub(value, expr)


def _panel_queries() -> list[PanelQuery]:
    return [
        PanelQuery(name, panel["title"], target["refId"], as_grafana_sends(target["expr"]))
        for name, board in sorted(_dashboards().items())
        for panel in board["panels"]
        for target in panel["targets"]
    ]


def _config(service_urls: dict[str, str], own_address: str) -> dict:
    """The shipped config, scraping every second, with this stack's targets."""
    config = yaml.safe_load((PROMETHEUS_DIR / "prometheus.yml").read_text(encoding="utf-8"))
    interval = f"{SCRAPE_INTERVAL_S}s"
    config["global"].update(scrape_interval=interval, evaluation_interval=interval)
    config["rule_files"] = [str(PROMETHEUS_DIR / rules) for rules in config["rule_files"]]
    for job in config["scrape_configs"]:
        job["scrape_interval"] = interval
        url = service_urls.get(job["job_name"])
        target = urlsplit(url).netloc if url else own_address
        job["static_configs"] = [{"targets": [target]}]
    return config


@pytest.fixture(scope="module")
def prometheus(platform, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("prometheus")
    address = f"127.0.0.1:{free_ports(1)[0]}"
    config = directory / "prometheus.yml"
    config.write_text(yaml.safe_dump(_config(platform.service_urls, address)), encoding="utf-8")
    log = (directory / "prometheus.log").open("w")
    process = subprocess.Popen(
        [
            str(PROMETHEUS),
            f"--config.file={config}",
            f"--storage.tsdb.path={directory / 'data'}",
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


async def _tenant_books_and_is_emailed(api: tuple[httpx.AsyncClient, ...], space: str) -> None:
    """A tenant is admitted, books twice, and is told of both by e-mail: HTTP on every service,
    events through every outbox and consumer, messages to the suite's SMTP receiver."""
    tenancy, booking, notifications = api
    tenant_id = await register(tenancy, activate=True)
    for _ in range(2):
        starts_at, ends_at = fresh_slot()
        body = {"space_id": space, "tenant_id": tenant_id, "starts_at": starts_at}
        response = await book_when_booking_knows_tenant(booking, body | {"ends_at": ends_at})
        assert response.status_code == 201, response.text
    await eventually(
        lambda: notifications_of(notifications, tenant_id),
        until=lambda items: (
            {(n["category"], n["status"]) for n in items}
            >= {("tenant_activated", "sent"), ("booking_confirmed", "sent")}
        ),
        timeout=45,
        what="the tenant's activation and booking e-mails sent",
    )


@pytest.fixture(scope="module")
async def scraped(prometheus: str, platform, tokens, smtp_sink) -> AsyncIterator[httpx.AsyncClient]:
    """A client of Prometheus that scraped every service before, during and after a short
    healthy workload: a rate needs a scrape before the increase as well as after it."""
    admin = tokens.headers(Role.admin, subject="e2e-prometheus")
    urls = platform.service_urls
    async with httpx.AsyncClient(base_url=prometheus, timeout=10) as client:

        async def targets() -> list[dict]:
            try:
                response = await client.get("/api/v1/targets")
            except httpx.TransportError:
                return []  # Prometheus is still starting
            return response.json()["data"]["activeTargets"]

        found = await eventually(
            targets,
            until=lambda ts: len(ts) == len(SERVICES) + 1 and all(t["health"] == "up" for t in ts),
            timeout=30,
            what="every scrape target up",
        )
        assert {t["labels"]["job"] for t in found} == {*SERVICES, "prometheus"}

        mails_before = len(smtp_sink.messages)
        async with (
            httpx.AsyncClient(base_url=urls["tenancy"], timeout=10, headers=admin) as tenancy,
            httpx.AsyncClient(base_url=urls["booking"], timeout=10, headers=admin) as booking,
            httpx.AsyncClient(base_url=urls["notifications"], timeout=10, headers=admin) as notifs,
        ):
            api = (tenancy, booking, notifs)
            space = await space_id(booking)
            for _ in range(3):  # one after the other, so consumers see several batches
                await _tenant_books_and_is_emailed(api, space)
            assert (await notifs.get("/notifications")).status_code == 200
        assert len(smtp_sink.messages) > mails_before
        yield client


def _has_a_number(data: dict) -> bool:
    """A panel draws something: at least one sample, and not all of them NaN (0/0)."""
    return any(not math.isnan(float(series["value"][1])) for series in data["result"])


async def test_every_dashboard_query_shows_data_on_a_healthy_busy_platform(
    scraped: httpx.AsyncClient,
) -> None:
    queries = _panel_queries()

    async def without_data() -> list[tuple[PanelQuery, str]]:
        answers = await asyncio.gather(*(_query(scraped, q.expr) for q in queries))
        return [
            (q, "only NaN" if data["result"] else "no series")
            for q, data in zip(queries, answers, strict=True)
            if not _has_a_number(data)
        ]

    # A rate needs two scrapes of a series after the workload: a few seconds at most.
    try:
        await eventually(without_data, until=lambda empty: not empty, timeout=20, what="data")
    except NotSettled:
        empty = await without_data()
        listing = "\n".join(f"  ({why}) {q}" for q, why in empty)
        pytest.fail(
            f"{len(empty)} of {len(queries)} dashboard queries show no data on a healthy, busy "
            f"platform (the panel reads 'No data'):\n{listing}"
        )


async def test_shipped_rules_load_and_evaluate_on_live_metrics(
    scraped: httpx.AsyncClient,
) -> None:
    shipped = [
        rule
        for path in sorted((PROMETHEUS_DIR / "rules").glob("*.yml"))
        for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]
        for rule in group["rules"]
    ]
    for rule in shipped:
        await _query(scraped, rule["expr"])

    async def loaded_rules() -> list[dict]:
        groups = (await scraped.get("/api/v1/rules")).json()["data"]["groups"]
        return [rule for group in groups for rule in group["rules"]]

    await eventually(
        loaded_rules,
        until=lambda rules: (
            len(rules) == len(shipped) and all(rule["health"] == "ok" for rule in rules)
        ),
        timeout=30,
        what="every shipped rule loaded and evaluated cleanly",
    )
    # What HttpErrorRateHigh and RelayWithoutLeader divide by and watch, for every service.
    await eventually(
        lambda: _query(scraped, "sum by (job) (rate(http_requests_total[5m]))"),
        until=lambda data: {series["metric"]["job"] for series in data["result"]} == SERVICES,
        timeout=30,
        what="HTTP request rate of every service",
    )
    await eventually(
        lambda: _query(scraped, "sum by (job) (outbox_relay_leader)"),
        until=lambda data: (
            {s["metric"]["job"]: s["value"][1] for s in data["result"]}
            == dict.fromkeys(SERVICES, "1")
        ),
        timeout=30,
        what="exactly one relay leader per service",
    )


def test_grafana_variables_are_substituted_as_grafana_does() -> None:
    assert (
        as_grafana_sends("sum(rate(x[$__rate_interval])) / ${__range_s}")
        == f"sum(rate(x[{4 * SCRAPE_INTERVAL_S}s])) / 3600"
    )
    with pytest.raises(AssertionError, match=r"\$service"):
        as_grafana_sends('up{job="$service"}')
