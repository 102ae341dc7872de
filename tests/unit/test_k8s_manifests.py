"""The Kustomize base in deploy/k8s, checked against the services it runs (no cluster here)."""

import functools
import importlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from pydantic_settings import BaseSettings

from shared.runtime.broker import CONSUMER_GRACE_S
from shared.runtime.process import WORKER_GRACE_S
from shared.runtime.serve import _HTTP_DRAIN_S
from shared.runtime.settings import environment_variables

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "deploy" / "k8s"
SERVICES = ("tenancy", "booking", "notifications", "console")
API_VERSIONS = {
    "ConfigMap": "v1",
    "Service": "v1",
    "Deployment": "apps/v1",
    "Job": "batch/v1",
    "CronJob": "batch/v1",
    "PodDisruptionBudget": "policy/v1",
    "HorizontalPodAutoscaler": "autoscaling/v2",
    "Ingress": "networking.k8s.io/v1",
    "NetworkPolicy": "networking.k8s.io/v1",
}
# The events topics have 6 partitions: more consumers than that in one group sit idle.
MAX_USEFUL_REPLICAS = 6
MEMORY_LIMIT_MI = 256


@functools.cache
def _resources() -> list[dict]:
    """Rendered by kubectl's built-in kustomize when present, else the listed files as written."""
    kubectl = shutil.which("kubectl")
    if kubectl:
        result = subprocess.run(
            [kubectl, "kustomize", str(BASE)], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        text = result.stdout
    else:
        text = "\n---\n".join((BASE / name).read_text() for name in _kustomization()["resources"])
    return [doc for doc in yaml.safe_load_all(text) if doc]


def _kustomization() -> dict:
    return yaml.safe_load((BASE / "kustomization.yaml").read_text(encoding="utf-8"))


def _named(kind: str, name: str) -> dict:
    found = [r for r in _resources() if r["kind"] == kind and r["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind} {name}, found {len(found)}"
    return found[0]


def _settings_class(service: str) -> type[BaseSettings]:
    return importlib.import_module(f"services.{service}.settings").Settings


def _settings_fields(service: str) -> dict:
    return _settings_class(service).model_fields


def _container(service: str) -> dict:
    return _named("Deployment", f"bitc-{service}")["spec"]["template"]["spec"]["containers"][0]


def test_kustomization_lists_every_manifest() -> None:
    listed = set(_kustomization()["resources"])
    present = {p.name for p in BASE.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == present


def test_kinds_and_api_versions() -> None:
    for resource in _resources():
        assert API_VERSIONS.get(resource["kind"]) == resource["apiVersion"], resource["metadata"]


def test_no_secret_is_defined_in_the_base() -> None:
    assert not [r for r in _resources() if r["kind"] == "Secret"]
    text = " ".join(p.read_text() for p in BASE.glob("*.yaml"))
    assert not re.search(r"(?i)password\s*:\s*\S|://[^/\s]*:[^@\s]*@", text), "literal secret"


@pytest.mark.parametrize("service", SERVICES)
def test_probes_and_ports_match_the_service(service: str) -> None:
    container = _container(service)
    port = _settings_fields(service)["http_port"].default
    assert container["ports"] == [{"name": "http", "containerPort": port}]
    assert container["command"] == ["python", "-m", f"services.{service}"]
    assert container["livenessProbe"]["httpGet"] == {"path": "/health/live", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/health/ready", "port": "http"}
    service_ports = _named("Service", f"bitc-{service}")["spec"]["ports"]
    assert service_ports == [{"name": "http", "port": port, "targetPort": "http"}]


@pytest.mark.parametrize("service", SERVICES)
def test_environment_names_are_settings_fields(service: str) -> None:
    fields = set(environment_variables(_settings_class(service)))
    fields |= {f"{name}_FILE" for name in fields}  # the value read from a mounted file
    fields.add("FORWARDED_ALLOW_IPS")  # uvicorn's own, read by uvicorn serving each service
    container = _container(service)
    names = {env["name"] for env in container.get("env", [])}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            names |= set(_named("ConfigMap", source["configMapRef"]["name"])["data"])
    assert names <= fields, f"not settings of {service}: {sorted(names - fields)}"
    database_url = next(env for env in container["env"] if env["name"] == "DATABASE_URL")
    assert database_url["valueFrom"]["secretKeyRef"]["name"] == f"bitc-{service}-db"


@pytest.mark.parametrize("service", SERVICES)
def test_pods_run_non_root_read_only_within_memory_budget(service: str) -> None:
    pod = _named("Deployment", f"bitc-{service}")["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    limit = container["resources"]["limits"]["memory"]
    assert limit.endswith("Mi")
    assert int(limit.removesuffix("Mi")) <= MEMORY_LIMIT_MI
    assert container["resources"]["requests"]["memory"]


@pytest.mark.parametrize("service", SERVICES)
def test_disruption_budget_and_autoscaler_target_the_deployment(service: str) -> None:
    selector = _named("Deployment", f"bitc-{service}")["spec"]["selector"]["matchLabels"]
    assert _named("PodDisruptionBudget", f"bitc-{service}")["spec"]["selector"]["matchLabels"] == (
        selector
    )
    hpa = _named("HorizontalPodAutoscaler", f"bitc-{service}")["spec"]
    assert hpa["scaleTargetRef"]["name"] == f"bitc-{service}"
    assert 1 <= hpa["minReplicas"] <= hpa["maxReplicas"] <= MAX_USEFUL_REPLICAS


def test_setup_job_runs_bitc_setup_with_its_required_environment() -> None:
    job = _named("Job", "bitc-setup")["spec"]["template"]["spec"]
    container = job["containers"][0]
    assert container["command"] == ["bitc", "setup"]
    assert job["restartPolicy"] == "Never"
    # The database URLs and passwords `bitc setup` needs come from one Secret, Kafka from config,
    # and the topics' durability is the production one unless an overlay says otherwise.
    env = {item["name"]: item for item in container["env"]}
    assert list(env) == [
        "KAFKA_BOOTSTRAP_SERVERS",
        "KAFKA_REPLICATION_FACTOR",
        "KAFKA_MIN_INSYNC_REPLICAS",
    ]
    assert env["KAFKA_REPLICATION_FACTOR"]["value"] == "3"
    assert env["KAFKA_MIN_INSYNC_REPLICAS"]["value"] == "2"
    assert container["envFrom"] == [{"secretRef": {"name": "bitc-setup-db"}}]


@pytest.mark.parametrize("service", SERVICES)
def test_pods_wait_for_their_schema_before_the_service_starts(service: str) -> None:
    pod = _named("Deployment", f"bitc-{service}")["spec"]["template"]["spec"]
    [gate] = pod["initContainers"]
    assert gate["command"] == ["bitc", "wait-for-schema", service]
    assert gate["image"] == pod["containers"][0]["image"]
    [database_url] = gate["env"]
    assert database_url["name"] == "DATABASE_URL"
    assert database_url["valueFrom"]["secretKeyRef"]["name"] == f"bitc-{service}-db"
    assert gate["securityContext"]["readOnlyRootFilesystem"] is True


def _upgrade_recipe() -> list[str]:
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nupgrade:\n")[1].splitlines()
    return [line.strip() for line in lines if line.startswith("\t")]


def test_make_upgrade_migrates_before_any_pod_is_rolled_out() -> None:
    delete, first, wait, everything = _upgrade_recipe()
    assert delete.endswith("delete job bitc-setup --ignore-not-found")
    assert wait.endswith("wait --for=condition=complete job/bitc-setup --timeout=15m")
    assert everything.endswith("apply -k $(K8S)")
    key, names = re.fullmatch(r".* -l '([\w./-]+) in \(([\w,-]+)\)'", first).groups()
    applied_first = {
        (r["kind"], r["metadata"]["name"])
        for r in _resources()
        if r["metadata"].get("labels", {}).get(key) in names.split(",")
    }
    assert applied_first == {
        ("Job", "bitc-setup"),
        ("ConfigMap", "bitc-config"),
        ("ConfigMap", "bitc-notifications-config"),
    }


def test_notifications_may_finish_the_send_in_the_relays_hands_before_it_is_killed() -> None:
    fields = _settings_fields("notifications")
    longest_send = max(
        fields[name].default
        for name in ("smtp_timeout_s", "gateway_timeout_s", "webhook_timeout_s")
    )
    pod = _named("Deployment", "bitc-notifications")["spec"]["template"]["spec"]
    needed = _HTTP_DRAIN_S + CONSUMER_GRACE_S + WORKER_GRACE_S + longest_send
    assert pod["terminationGracePeriodSeconds"] >= needed


def test_backup_runs_nightly_one_at_a_time_as_the_setup_job_runs_into_its_volume() -> None:
    cron = _named("CronJob", "bitc-backup")["spec"]
    assert cron["concurrencyPolicy"] == "Forbid"
    pod = cron["jobTemplate"]["spec"]["template"]["spec"]
    setup = _named("Job", "bitc-setup")["spec"]["template"]["spec"]
    container, setup_container = pod["containers"][0], setup["containers"][0]
    assert container["image"] == setup_container["image"]
    assert container["securityContext"] == setup_container["securityContext"]
    assert {k: v for k, v in pod["securityContext"].items() if k != "fsGroup"} == (
        setup["securityContext"]
    )
    command = container["command"]
    assert command[:2] == ["bitc", "backup"]
    into = command[command.index("--into") + 1]
    mounted = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    claims = {v["name"]: v.get("persistentVolumeClaim") for v in pod["volumes"]}
    assert claims[next(name for name, path in mounted.items() if path == into)] == {
        "claimName": "bitc-backups"
    }
    url = next(env for env in container["env"] if env["name"] == "ADMIN_DATABASE_URL")
    assert url["valueFrom"]["secretKeyRef"]["name"] == "bitc-setup-db"
