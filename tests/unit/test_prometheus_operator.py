"""Clusters with the Prometheus Operator get the same scrape targets, job names and alert rules
as the shipped Prometheus config: generated, never hand-copied, and valid for the real tools."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bitc.prometheus_operator import ROOT, deployed_services, render

COMMITTED = ROOT / "deploy" / "k8s" / "monitoring" / "prometheus-operator.yaml"
REGENERATE = (
    "run: python -m bitc.prometheus_operator > deploy/k8s/monitoring/prometheus-operator.yaml"
)


def documents() -> list[dict]:
    return [d for d in yaml.safe_load_all(COMMITTED.read_text()) if d]


def base_services() -> dict[str, dict]:
    kubectl = shutil.which("kubectl")
    assert kubectl, "kubectl renders the base: run tools/ensure-test-tools"
    rendered = subprocess.run(
        [kubectl, "kustomize", str(ROOT / "deploy" / "k8s")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return {
        d["metadata"]["name"]: d
        for d in yaml.safe_load_all(rendered)
        if d and d["kind"] == "Service"
    }


def test_the_committed_file_is_the_generated_one():
    assert COMMITTED.read_text() == render(), REGENERATE


def test_every_service_of_the_base_has_a_monitor_on_its_http_port_with_its_job_name():
    services = base_services()
    monitors = [d for d in documents() if d["kind"] == "ServiceMonitor"]

    assert {m["metadata"]["name"] for m in monitors} == set(services)
    for monitor in monitors:
        target = services[monitor["metadata"]["name"]]
        assert (
            monitor["spec"]["selector"]["matchLabels"].items()
            <= target["metadata"]["labels"].items()
        )
        ports = {p["name"] for p in target["spec"]["ports"]}
        (endpoint,) = monitor["spec"]["endpoints"]
        assert endpoint["port"] in ports
        job = endpoint["relabelings"][0]["replacement"]
        assert job in deployed_services()
        assert f"bitc-{job}" == monitor["metadata"]["name"]


def test_the_rule_holds_every_shipped_alert_and_promtool_accepts_it(tmp_path: Path):
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.fail("promtool checks the rules: run tools/ensure-test-tools")
    (rule,) = [d for d in documents() if d["kind"] == "PrometheusRule"]
    shipped = yaml.safe_load((ROOT / "deploy/prometheus/rules/bitc-alerts.yml").read_text())
    assert rule["spec"]["groups"] == shipped["groups"]

    extracted = tmp_path / "rules.yml"
    extracted.write_text(yaml.safe_dump({"groups": rule["spec"]["groups"]}))
    checked = subprocess.run([promtool, "check", "rules", str(extracted)], capture_output=True)
    assert checked.returncode == 0, checked.stdout.decode() + checked.stderr.decode()
