"""The console's part of the Kustomize base: https-only cookies, one CSRF secret for every
replica from a Secret, and a scrape annotation for Prometheus."""

from urllib.parse import urlsplit

from tests.unit.test_k8s_manifests import _container, _named


def _environment() -> dict[str, str]:
    container = _container("console")
    values = {env["name"]: env.get("value") for env in container["env"]}
    for source in container["envFrom"]:
        values |= _named("ConfigMap", source["configMapRef"]["name"])["data"]
    return values


def test_the_console_sets_cookies_over_https_only() -> None:
    assert _environment()["CONSOLE_COOKIE_SECURE"] == "true"


def test_every_replica_signs_forms_with_the_csrf_secret_of_one_secret() -> None:
    pod = _named("Deployment", "bitc-console")["spec"]["template"]["spec"]
    secret_file = _environment()["CONSOLE_CSRF_SECRET_FILE"]
    mount = next(
        m for m in pod["containers"][0]["volumeMounts"] if secret_file.startswith(m["mountPath"])
    )
    volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
    assert volume["secret"]["secretName"] == "bitc-console-csrf"
    assert "CONSOLE_CSRF_SECRET" not in _environment()


def test_the_console_calls_the_apis_at_their_https_hosts_on_the_ingress() -> None:
    environment = _environment()
    hosts = {
        rule["host"]: rule["http"]["paths"][0]["backend"]["service"]["name"]
        for rule in _named("Ingress", "bitc")["spec"]["rules"]
    }
    for service in ("tenancy", "booking", "notifications"):
        url = urlsplit(environment[f"CONSOLE_{service.upper()}_URL"])
        assert url.scheme == "https"
        assert hosts[url.hostname] == f"bitc-{service}"


def test_the_console_itself_is_served_over_https_by_the_ingress() -> None:
    ingress = _named("Ingress", "bitc")["spec"]
    [host] = [r["host"] for r in ingress["rules"] if "bitc-console" in str(r)]
    assert host in ingress["tls"][0]["hosts"]


def test_prometheus_scrapes_the_console_pods() -> None:
    annotations = _named("Deployment", "bitc-console")["spec"]["template"]["metadata"]
    assert annotations["annotations"]["prometheus.io/port"] == "8004"
