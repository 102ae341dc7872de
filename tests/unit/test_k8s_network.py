"""What each pod of the Kustomize base may reach and be reached by, read from its
NetworkPolicies, and the Ingress that serves the APIs over HTTPS (issue #16; no cluster here:
the policies are evaluated as Kubernetes would select them)."""

import pytest

from tests.unit.test_k8s_manifests import SERVICES, _named, _resources

NAME = "app.kubernetes.io/name"
# What each must talk to (docs/operations.md#network-policies): DNS, PostgreSQL, Kafka; the
# services the SSO's keys over HTTPS; notifications SMTP and the gateway/webhooks over HTTP(S).
EGRESS = {
    "bitc-tenancy": {53, 5432, 9093, 443},
    "bitc-booking": {53, 5432, 9093, 443},
    "bitc-notifications": {53, 5432, 9093, 443, 587, 80},
    "bitc-console": {53, 5432, 9093, 443},
    "bitc-setup": {53, 5432, 9093},
    "bitc-backup": {53, 5432},
}


def _selects(selector: dict, app: str) -> bool:
    labels = {NAME: app}
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        assert expression["operator"] == "In", expression
        if labels.get(expression["key"]) not in expression["values"]:
            return False
    return True


def _policies(app: str, kind: str) -> list[dict]:
    return [
        policy["spec"]
        for policy in _resources()
        if policy["kind"] == "NetworkPolicy"
        and kind in policy["spec"]["policyTypes"]
        and _selects(policy["spec"]["podSelector"], app)
    ]


def _rules(app: str, kind: str) -> list[dict]:
    key = "egress" if kind == "Egress" else "ingress"
    return [rule for spec in _policies(app, kind) for rule in spec.get(key, [])]


def _pod_apps() -> set[str]:
    templates = [
        r["spec"]["jobTemplate"]["spec"]["template"]
        if r["kind"] == "CronJob"
        else r["spec"]["template"]
        for r in _resources()
        if r["kind"] in ("Deployment", "Job", "CronJob")
    ]
    return {template["metadata"]["labels"][NAME] for template in templates}


def test_every_pod_is_denied_what_no_policy_allows() -> None:
    assert _pod_apps() == set(EGRESS)
    for app in EGRESS:
        default = [s for s in _policies(app, "Ingress") if s["podSelector"] == {}]
        assert any("ingress" not in s and "Egress" in s["policyTypes"] for s in default), app


@pytest.mark.parametrize("app", sorted(EGRESS))
def test_a_pod_reaches_out_only_on_the_ports_it_needs(app: str) -> None:
    ports = {port["port"] for rule in _rules(app, "Egress") for port in rule["ports"]}
    assert ports == EGRESS[app]
    assert all(rule.get("to") for rule in _rules(app, "Egress")), "an egress rule to anywhere"


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_is_reached_only_from_the_ingress_controller_and_prometheus(
    service: str,
) -> None:
    [rule] = _rules(f"bitc-{service}", "Ingress")
    namespaces = [peer["namespaceSelector"]["matchLabels"] for peer in rule["from"]]
    assert all(set(peer) == {"namespaceSelector"} for peer in rule["from"]), "pod-to-pod"
    assert namespaces == [
        {"kubernetes.io/metadata.name": "ingress-nginx"},
        {"kubernetes.io/metadata.name": "monitoring"},
    ]
    assert rule["ports"] == [{"protocol": "TCP", "port": "http"}]


def test_the_setup_job_takes_no_connections() -> None:
    assert _rules("bitc-setup", "Ingress") == []


def test_every_api_is_served_over_https_by_the_ingress() -> None:
    ingress = _named("Ingress", "bitc")["spec"]
    [tls] = ingress["tls"]
    assert tls["secretName"]
    routed = {}
    for rule in ingress["rules"]:
        assert rule["host"] in tls["hosts"]
        [path] = rule["http"]["paths"]
        routed[rule["host"]] = path["backend"]["service"]
    assert sorted(backend["name"] for backend in routed.values()) == sorted(
        f"bitc-{service}" for service in SERVICES
    )
    for backend in routed.values():
        assert backend["port"] == {"name": "http"}
        assert _named("Service", backend["name"])["spec"]["ports"][0]["name"] == "http"


def test_the_services_trust_forwarded_headers_behind_the_ingress() -> None:
    # Signed calendar links are built from scheme and host as the caller reached booking.
    assert _named("ConfigMap", "bitc-config")["data"]["FORWARDED_ALLOW_IPS"]
