"""Deployment files checked against the code's contract, without a Docker engine.

docker-compose.yml, Dockerfile, .env.example, the Prometheus config and the Grafana dashboards
are parsed and compared with the services' Settings classes, so renaming a setting, changing a
default port or adding a required setting breaks this test instead of a deployment.
"""

import functools
import importlib
import importlib.util
import json
import re
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from shared.runtime.settings import environment_variables

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
PROMETHEUS_CONFIG = ROOT / "deploy" / "prometheus" / "prometheus.yml"
GRAFANA_DIR = ROOT / "deploy" / "grafana"
GRAFANA_DATASOURCES = GRAFANA_DIR / "provisioning" / "datasources"
GRAFANA_PROVIDERS = GRAFANA_DIR / "provisioning" / "dashboards"
GRAFANA_DASHBOARDS = GRAFANA_DIR / "dashboards"
DASHBOARD_GENERATOR = GRAFANA_DIR / "generate_dashboards.py"

# Compose service name == Python package under services/ == PostgreSQL login role ==
# Prometheus job name.
SERVICES = ("tenancy", "booking", "notifications")
SETUP = "setup"
DEMO_SEED = "demo-seed"
LONG_RUNNING = (*SERVICES, "postgres", "kafka", "prometheus", "grafana")
DATABASE = "bitc"
POSTGRES_HOST, POSTGRES_PORT = "postgres", 5432
SCRAPE_INTERVAL = "15s"
OVERVIEW_TITLE = "BITC Platform overview"

# Metric names the services promise (their /metrics) and the overview dashboard must use.
CONTRACT_METRICS = (
    "up",
    "http_requests_total",
    "http_request_duration_seconds_bucket",
    "outbox_backlog_events",
    "outbox_published_total",
    "outbox_publish_failures_total",
    "inbox_duplicates_total",
    "dead_letters_total",
    "faststream_received_messages_total",
    "faststream_received_processed_messages_exceptions_total",
)

# ${NAME}, ${NAME:-default}, ${NAME:?error}, ... and bare $NAME, as compose interpolates them.
VAR_REF = re.compile(
    r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<modifier>[^}]*)\}|\$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)"
)
SECRET_KEY = re.compile(r"PASSWORD|SECRET|TOKEN", re.IGNORECASE)
ROOT_USERS = {"root", "0"}


# --- loading -------------------------------------------------------------------------------


@functools.cache
def _yaml(path: Path) -> Any:
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _compose() -> dict[str, Any]:
    return _yaml(COMPOSE_FILE)


def _service(name: str) -> dict[str, Any]:
    services = _compose().get("services") or {}
    if name not in services:
        pytest.fail(f"docker-compose.yml has no service {name!r} (has: {sorted(services)})")
    return services[name]


def _environment(service: dict[str, Any]) -> dict[str, str]:
    """A service's environment in either compose form (mapping or list of NAME=value)."""
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        pairs = (item.split("=", 1) if "=" in item else (item, "") for item in raw)
        return {key: value for key, value in pairs}
    return {key: "" if value is None else str(value) for key, value in raw.items()}


def _command(service: dict[str, Any]) -> list[str]:
    raw = service.get("command")
    if raw is None:
        return []
    return shlex.split(raw) if isinstance(raw, str) else [str(part) for part in raw]


def _depends_on(service: dict[str, Any]) -> dict[str, str | None]:
    """Dependency -> condition (None for the short list form, which waits for nothing)."""
    raw = service.get("depends_on") or {}
    if isinstance(raw, list):
        return dict.fromkeys(raw)
    return {name: (spec or {}).get("condition") for name, spec in raw.items()}


def _healthcheck_command(service: dict[str, Any]) -> str:
    test = (service.get("healthcheck") or {}).get("test") or []
    return test if isinstance(test, str) else " ".join(str(part) for part in test)


def _without_refs(value: str, placeholder: str = "x") -> str:
    """Replace ${...} references so the value can be parsed as a URL or a port mapping."""
    return VAR_REF.sub(placeholder, value.replace("$$", ""))


def _refs(value: str) -> list[str]:
    return [m["name"] or m["bare"] for m in VAR_REF.finditer(value.replace("$$", ""))]


def _strings(node: Any) -> Iterator[str]:
    """Every string value in a parsed YAML tree (what compose interpolates)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _container_ports(service: dict[str, Any]) -> set[int]:
    """Container-side ports from `ports` (short or long syntax) and `expose`."""
    ports: set[int] = set()
    for entry in service.get("ports") or []:
        if isinstance(entry, dict):
            ports.add(int(entry["target"]))
        else:
            target = _without_refs(str(entry), "0").split("/")[0].rsplit(":", 1)[-1]
            ports.add(int(target))
    for entry in service.get("expose") or []:
        ports.add(int(str(entry).split("/")[0]))
    return ports


def _mount_target(service: dict[str, Any], source: str) -> str | None:
    """Where a bind mount of `source` (relative to the compose file) lands in the container."""
    wanted = (ROOT / source).resolve()
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            src, dst = volume.get("source", ""), volume.get("target")
        else:
            src, dst = [*str(volume).split(":"), ""][:2]
        if src.startswith((".", "/")) and (ROOT / src).resolve() == wanted:
            return dst
    return None


@functools.cache
def _settings_class(name: str) -> Any:
    module_name = f"services.{name}.settings"
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        pytest.fail(f"cannot import {module_name} (the contract's Settings class): {error}")
    settings = getattr(module, "Settings", None)
    if settings is None:
        pytest.fail(f"{module_name} has no class Settings")
    return settings


def _http_port(name: str) -> int:
    fields = _settings_class(name).model_fields
    if "http_port" not in fields:
        pytest.fail(f"services.{name}.settings.Settings has no field http_port")
    return int(fields["http_port"].default)


@functools.cache
def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_dashboards", DASHBOARD_GENERATOR)
    assert spec is not None, f"cannot load {DASHBOARD_GENERATOR}"
    assert spec.loader is not None, f"cannot load {DASHBOARD_GENERATOR}"
    module = importlib.util.module_from_spec(spec)
    # Registered before running it: dataclasses look their module up while being created.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _env_example() -> dict[str, str]:
    assert ENV_EXAMPLE.is_file(), ".env.example is missing"
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.removeprefix("export ").strip()] = value.strip()
    return values


def _dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        keyword, _, arguments = line.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def _final_stage() -> list[tuple[str, str]]:
    instructions = _dockerfile_instructions()
    starts = [i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM"]
    assert starts, "Dockerfile has no FROM"
    return instructions[starts[-1] :]


# --- the three services --------------------------------------------------------------------


def test_our_containers_share_one_image_built_from_this_repo() -> None:
    reference = _service(SETUP)
    build = reference.get("build")
    assert build, "setup has no build section"
    context = build if isinstance(build, str) else build.get("context", ".")
    dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
    assert (ROOT / context).resolve() == ROOT, f"build context {context!r} is not the repo root"
    assert (ROOT / context / dockerfile).is_file(), f"build dockerfile {dockerfile!r} not found"
    for name in (*SERVICES, DEMO_SEED):
        service = _service(name)
        assert (service.get("image"), service.get("build")) == (reference.get("image"), build), (
            f"{name} does not use the one image: image/build "
            f"{service.get('image')!r}/{service.get('build')!r} != setup's "
            f"{reference.get('image')!r}/{build!r}"
        )


@pytest.mark.parametrize("name", SERVICES)
def test_service_runs_its_module(name: str) -> None:
    expected = ["python", "-m", f"services.{name}"]
    assert _command(_service(name)) == expected, f"{name}: command is not {expected}"


@pytest.mark.parametrize("name", SERVICES)
def test_service_exposes_the_port_its_settings_use(name: str) -> None:
    service = _service(name)
    port = _http_port(name)
    configured = _environment(service).get("HTTP_PORT")
    assert configured in (None, str(port)), (
        f"{name}: HTTP_PORT={configured} but Settings.http_port defaults to {port}; "
        "set the port in one place (the code) only"
    )
    ports = _container_ports(service)
    assert port in ports, f"{name}: listens on {port} (Settings default) but exposes {ports}"
    health = _healthcheck_command(service)
    assert f":{port}/health/ready" in health, (
        f"{name}: healthcheck does not probe :{port}/health/ready: {health!r}"
    )


@pytest.mark.parametrize("name", SERVICES)
def test_service_environment_matches_settings(name: str) -> None:
    known = environment_variables(_settings_class(name))
    environment = _environment(_service(name))
    unknown = sorted(set(environment) - set(known))
    assert not unknown, (
        f"{name}: compose sets {unknown}, which services.{name}.settings.Settings does not "
        f"read (renamed or removed setting?); it reads {sorted(known)}"
    )
    missing = sorted(
        env for env, field in known.items() if field.is_required() and not environment.get(env)
    )
    assert not missing, f"{name}: required setting(s) {missing} not set in compose"


@pytest.mark.parametrize("name", SERVICES)
def test_service_database_url_uses_its_own_role(name: str) -> None:
    raw = _environment(_service(name)).get("DATABASE_URL", "")
    url = urlsplit(_without_refs(raw))
    assert url.scheme == "postgresql+asyncpg", f"{name}: DATABASE_URL scheme is {url.scheme!r}"
    assert url.username == name, f"{name}: DATABASE_URL role is {url.username!r}, not {name!r}"
    assert (url.hostname, url.port) == (POSTGRES_HOST, POSTGRES_PORT), (
        f"{name}: DATABASE_URL points at {url.hostname}:{url.port}, "
        f"not {POSTGRES_HOST}:{POSTGRES_PORT}"
    )
    assert url.path == f"/{DATABASE}", f"{name}: DATABASE_URL database is {url.path!r}"
    # The role's password is set by `bitc setup` from <NAME>_DB_PASSWORD: the service must
    # log in with that very variable, or setup and service disagree on the password.
    password_var = f"{name.upper()}_DB_PASSWORD"
    password = _url_password(raw) or ""
    reference_only = VAR_REF.fullmatch(password) is not None
    assert reference_only, f"{name}: DATABASE_URL password {password!r} is not a ${{...}}"
    assert _refs(password) == [password_var], (
        f"{name}: DATABASE_URL password must be ${{{password_var}...}}, found {password!r}"
    )
    setup_value = _environment(_service(SETUP)).get(password_var, "")
    assert _refs(setup_value) == [password_var], (
        f"setup must receive {password_var} from ${{{password_var}}} (found {setup_value!r})"
    )


@pytest.mark.parametrize("name", SERVICES)
def test_service_reaches_kafka_and_listens_beyond_loopback(name: str) -> None:
    environment = _environment(_service(name))
    bootstrap = environment.get("KAFKA_BOOTSTRAP_SERVERS", "")
    advertised = _environment(_service("kafka")).get("KAFKA_ADVERTISED_LISTENERS", "")
    endpoints = {listener.split("://", 1)[-1] for listener in advertised.split(",")}
    assert bootstrap, f"{name}: KAFKA_BOOTSTRAP_SERVERS not set"
    assert set(bootstrap.split(",")) <= endpoints, (
        f"{name}: KAFKA_BOOTSTRAP_SERVERS={bootstrap!r} is not among kafka's advertised "
        f"listeners {sorted(endpoints)}"
    )
    assert environment.get("HTTP_HOST") == "0.0.0.0", (
        f"{name}: HTTP_HOST must be 0.0.0.0 in a container, found {environment.get('HTTP_HOST')!r}"
    )


@pytest.mark.parametrize("name", SERVICES)
def test_service_starts_after_setup_completed(name: str) -> None:
    condition = _depends_on(_service(name)).get(SETUP, "absent")
    assert condition == "service_completed_successfully", (
        f"{name}: depends_on {SETUP} is {condition!r}, not service_completed_successfully"
    )


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_long_running_service_has_healthcheck_and_restart_policy(name: str) -> None:
    service = _service(name)
    assert service.get("restart") == "unless-stopped", (
        f"{name}: restart is {service.get('restart')!r}, not unless-stopped"
    )
    health = service.get("healthcheck") or {}
    assert health.get("test"), f"{name}: no healthcheck"
    assert not health.get("disable"), f"{name}: healthcheck disabled"


# --- one-shots and infrastructure ----------------------------------------------------------


def test_setup_is_a_one_shot_with_admin_access() -> None:
    setup = _service(SETUP)
    assert _command(setup) == ["bitc", "setup"], f"setup command is {_command(setup)}"
    assert setup.get("restart") in (None, "no"), (
        f"setup restart is {setup.get('restart')!r}: a one-shot must not be restarted"
    )
    environment = _environment(setup)
    expected = {
        "ADMIN_DATABASE_URL",
        "KAFKA_BOOTSTRAP_SERVERS",
        *(f"{name.upper()}_DB_PASSWORD" for name in SERVICES),
    }
    missing = sorted(expected - environment.keys())
    assert not missing, f"setup lacks environment {missing}"
    admin = urlsplit(_without_refs(environment["ADMIN_DATABASE_URL"]))
    assert (admin.scheme, admin.username, admin.hostname, admin.port, admin.path) == (
        "postgresql",
        "postgres",
        POSTGRES_HOST,
        POSTGRES_PORT,
        f"/{DATABASE}",
    ), f"ADMIN_DATABASE_URL is not postgresql://postgres:...@postgres:5432/bitc: {admin}"
    superuser_vars = _refs(_environment(_service("postgres")).get("POSTGRES_PASSWORD", ""))
    assert superuser_vars, "postgres' POSTGRES_PASSWORD is not a ${VAR} reference"
    assert _refs(environment["ADMIN_DATABASE_URL"]) == superuser_vars, (
        "ADMIN_DATABASE_URL must use the same variable as postgres' POSTGRES_PASSWORD"
    )
    depends = _depends_on(setup)
    for dependency in ("postgres", "kafka"):
        assert depends.get(dependency) == "service_healthy", (
            f"setup must wait for {dependency} service_healthy, has {depends.get(dependency)!r}"
        )


def test_demo_seed_is_an_opt_in_one_shot() -> None:
    seed = _service(DEMO_SEED)
    assert "demo" in (seed.get("profiles") or []), "demo-seed must be in the 'demo' profile"
    expected = [
        "bitc",
        "seed-demo",
        "--tenancy-url",
        f"http://tenancy:{_http_port('tenancy')}",
        "--booking-url",
        f"http://booking:{_http_port('booking')}",
    ]
    assert _command(seed) == expected, f"demo-seed command {_command(seed)} != {expected}"
    assert seed.get("restart") in (None, "no"), "demo-seed is a one-shot: no restart policy"
    depends = _depends_on(seed)
    for dependency in ("tenancy", "booking"):
        assert depends.get(dependency) == "service_healthy", (
            f"demo-seed must wait for {dependency} service_healthy"
        )


def test_kafka_is_single_node_kraft_without_topic_auto_creation() -> None:
    kafka = _service("kafka")
    assert kafka.get("image") == "apache/kafka:4.1.1", f"kafka image is {kafka.get('image')!r}"
    environment = _environment(kafka)
    auto_create = environment.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "").lower()
    assert auto_create == "false", f"KAFKA_AUTO_CREATE_TOPICS_ENABLE is {auto_create!r}"
    roles = set(environment.get("KAFKA_PROCESS_ROLES", "").split(","))
    assert roles == {"broker", "controller"}, f"KAFKA_PROCESS_ROLES is {sorted(roles)}"
    assert _named_volumes(kafka), "kafka keeps its log on no named volume"


def test_postgres_is_15_with_named_volume() -> None:
    postgres = _service("postgres")
    assert postgres.get("image") == "postgres:15", f"postgres image is {postgres.get('image')!r}"
    assert "pg_isready" in _healthcheck_command(postgres), "postgres healthcheck is not pg_isready"
    assert _named_volumes(postgres), "postgres keeps its data on no named volume"
    environment = _environment(postgres)
    assert environment.get("POSTGRES_DB") == DATABASE, "POSTGRES_DB is not bitc"


def _named_volumes(service: dict[str, Any]) -> list[str]:
    declared = set(_compose().get("volumes") or {})
    sources = [
        volume.get("source", "") if isinstance(volume, dict) else str(volume).split(":")[0]
        for volume in service.get("volumes") or []
    ]
    return [source for source in sources if source in declared]


# --- secrets and .env.example --------------------------------------------------------------


def _secret_problem(value: str) -> str | None:
    """Why `value` is not a proper secret reference: ${VAR} or ${VAR:?...}, with no default."""
    match = VAR_REF.fullmatch(value)
    if not match:
        return "is not a ${VAR} reference"
    if match["modifier"].lstrip(":").startswith("-"):
        return "has a default value, i.e. a literal secret"
    return None


def _url_password(value: str) -> str | None:
    """The raw password of a URL with user:password@ (references left in place), if any."""
    if "://" not in value:
        return None
    authority = value.split("://", 1)[1]
    if "@" not in authority:
        return None
    userinfo = authority.rsplit("@", 1)[0]
    return userinfo.split(":", 1)[1] if ":" in userinfo else None


def test_no_literal_secrets_in_compose() -> None:
    problems = []
    for name, service in (_compose().get("services") or {}).items():
        for key, value in _environment(service).items():
            if SECRET_KEY.search(key) and (problem := _secret_problem(value)):
                problems.append(f"{name}.{key} {problem}")
            password = _url_password(value)
            if password is not None and (problem := _secret_problem(password)):
                problems.append(f"{name}.{key}: the password in the URL {problem}")
    assert not problems, "secrets must come from .env: " + "; ".join(problems)


def test_every_compose_variable_is_in_env_example() -> None:
    used = {ref for text in _strings(_compose()) for ref in _refs(text)}
    documented = set(_env_example())
    missing = sorted(used - documented)
    assert not missing, f"docker-compose.yml uses {missing}, which .env.example does not list"


# --- Prometheus ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", SERVICES)
def test_prometheus_scrapes_service_metrics(name: str) -> None:
    config = _yaml(PROMETHEUS_CONFIG)
    jobs = {job["job_name"]: job for job in config.get("scrape_configs") or []}
    assert name in jobs, f"prometheus.yml has no job {name!r} (has {sorted(jobs)})"
    job = jobs[name]
    assert job.get("metrics_path", "/metrics") == "/metrics", (
        f"{name}: metrics_path is not /metrics"
    )
    interval = job.get("scrape_interval") or (config.get("global") or {}).get("scrape_interval")
    assert interval == SCRAPE_INTERVAL, f"{name}: scrape interval {interval!r} != {SCRAPE_INTERVAL}"
    targets = {t for static in job.get("static_configs") or [] for t in static.get("targets", [])}
    expected = f"{name}:{_http_port(name)}"
    assert expected in targets, f"prometheus job {name} targets {sorted(targets)}, not {expected}"


def test_prometheus_container_reads_this_config() -> None:
    prometheus = _service("prometheus")
    mounted_at = _mount_target(prometheus, "deploy/prometheus")
    assert mounted_at, "prometheus does not mount ./deploy/prometheus"
    flags = [arg for arg in _command(prometheus) if arg.startswith("--config.file=")]
    config_file = flags[-1].split("=", 1)[1] if flags else "/etc/prometheus/prometheus.yml"
    assert config_file == f"{mounted_at.rstrip('/')}/{PROMETHEUS_CONFIG.name}", (
        f"prometheus reads {config_file}, but deploy/prometheus is mounted at {mounted_at}"
    )


# --- Grafana -------------------------------------------------------------------------------


def test_grafana_provisioning_points_at_prometheus_and_dashboards() -> None:
    grafana = _service("grafana")
    assert _mount_target(grafana, "deploy/grafana/provisioning") == "/etc/grafana/provisioning", (
        "grafana does not mount ./deploy/grafana/provisioning at /etc/grafana/provisioning"
    )
    datasources = [
        source
        for path in sorted(GRAFANA_DATASOURCES.glob("*.yml"))
        for source in _yaml(path).get("datasources") or []
    ]
    prometheus = [source for source in datasources if source.get("type") == "prometheus"]
    assert prometheus, "no Prometheus datasource provisioned"
    url = urlsplit(prometheus[0].get("url", ""))
    assert (url.hostname, url.port) == ("prometheus", 9090), (
        f"Grafana's Prometheus datasource points at {url.hostname}:{url.port}"
    )
    assert prometheus[0].get("uid") == _generator().DATASOURCE["uid"], (
        "the provisioned datasource uid differs from the one the dashboards reference"
    )
    dashboards_at = _mount_target(grafana, "deploy/grafana/dashboards")
    providers = [
        provider
        for path in sorted(GRAFANA_PROVIDERS.glob("*.yml"))
        for provider in _yaml(path).get("providers") or []
    ]
    paths = [(provider.get("options") or {}).get("path") for provider in providers]
    assert dashboards_at, "grafana does not mount ./deploy/grafana/dashboards"
    assert dashboards_at in paths, (
        f"deploy/grafana/dashboards is mounted at {dashboards_at!r}; providers read {paths}"
    )


def test_committed_dashboards_equal_generator_output() -> None:
    stale = _generator().stale_files(GRAFANA_DASHBOARDS)
    assert not stale, (
        f"deploy/grafana/dashboards out of date: {stale}; "
        "run `python deploy/grafana/generate_dashboards.py`"
    )


def test_every_dashboard_panel_has_title_description_unit_and_query() -> None:
    generator = _generator()
    assert tuple(generator.SERVICE_JOBS) == SERVICES, "dashboard jobs differ from the services"
    files = sorted(GRAFANA_DASHBOARDS.glob("*.json"))
    assert files, "no dashboard JSON in deploy/grafana/dashboards"
    problems = []
    for path in files:
        for panel in json.loads(path.read_text(encoding="utf-8")).get("panels", []):
            where = f"{path.name} panel {panel.get('id')} {panel.get('title')!r}"
            for key in ("title", "description"):
                if not panel.get(key):
                    problems.append(f"{where}: no {key}")
            if not ((panel.get("fieldConfig") or {}).get("defaults") or {}).get("unit"):
                problems.append(f"{where}: no unit")
            targets = panel.get("targets") or []
            if not targets or not all(target.get("expr") for target in targets):
                problems.append(f"{where}: no query")
            uids = {
                (t.get("datasource") or panel.get("datasource") or {}).get("uid") for t in targets
            }
            if uids != {generator.DATASOURCE["uid"]}:
                problems.append(f"{where}: datasource uid(s) {uids}")
    assert not problems, "; ".join(problems)


def test_overview_dashboard_uses_the_contract_metrics() -> None:
    overview = [
        board for board in _generator().dashboards().values() if board["title"] == OVERVIEW_TITLE
    ]
    assert overview, f"no dashboard titled {OVERVIEW_TITLE!r}"
    exprs = " ".join(t["expr"] for panel in overview[0]["panels"] for t in panel["targets"])
    missing = [m for m in CONTRACT_METRICS if not re.search(rf"\b{re.escape(m)}\b", exprs)]
    assert not missing, f"{OVERVIEW_TITLE!r} has no panel using {missing}"
    home = _environment(_service("grafana")).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
    if home:
        assert Path(home).name in _generator().dashboards(), f"home dashboard {home} not generated"


# --- image ---------------------------------------------------------------------------------


def test_dockerfile_final_stage_is_slim_non_root_and_exposes_service_ports() -> None:
    instructions = _dockerfile_instructions()
    assert sum(keyword == "FROM" for keyword, _ in instructions) >= 2, (
        "Dockerfile is not multi-stage"
    )
    final = _final_stage()
    base = final[0][1].split()[0]
    if base == "${PYTHON_IMAGE}":  # pinned by digest (tests/unit/test_dependency_lock.py)
        arg = next(a for k, a in instructions if k == "ARG" and a.startswith("PYTHON_IMAGE="))
        base = arg.removeprefix("PYTHON_IMAGE=").split("@")[0]
    assert base == "python:3.11-slim", f"final stage is FROM {base}, not python:3.11-slim"
    users = [arguments.split(":")[0] for keyword, arguments in final if keyword == "USER"]
    assert users, "final stage has no USER: the services would run as root"
    assert users[-1] not in ROOT_USERS, f"final stage runs as {users[-1]!r}"
    exposed = {
        int(port.split("/")[0])
        for keyword, arguments in final
        if keyword == "EXPOSE"
        for port in arguments.split()
    }
    wanted = {_http_port(name) for name in SERVICES}
    assert wanted <= exposed, f"Dockerfile exposes {sorted(exposed)}, services use {sorted(wanted)}"
    assert any(keyword == "CMD" for keyword, _ in final), "final stage has no default CMD"
    dev = [
        args
        for keyword, args in instructions
        if keyword == "RUN" and re.search(r"\[test\]|pytest", args)
    ]
    assert not dev, f"the image installs dev dependencies: {dev}"


def test_dockerignore_keeps_env_files_out_of_the_build_context() -> None:
    patterns = [
        line.strip()
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert "*" in patterns or ".env" in patterns or "**/.env" in patterns, (
        ".dockerignore lets .env (real passwords) into the build context"
    )
    reincluded = [p for p in patterns if p.startswith("!") and ".env" in p]
    assert not reincluded, f".dockerignore re-includes env files: {reincluded}"


# --- Kafka access for external subscribers (SASL/SCRAM + ACLs) -----------------------------

KAFKA_ACCESS = "kafka-access"
KAFKA_FORMAT = "kafka-format"
INTERNAL_LISTENER = "INTERNAL"
SUBSCRIBER_LISTENER = "SUBSCRIBERS"
SUBSCRIBER_SCRIPT = ROOT / "deploy" / "kafka-security" / "create-subscriber.sh"


def _listeners(value: str) -> dict[str, str]:
    return dict(entry.split("://", 1) for entry in value.split(",") if entry)


def test_kafka_has_a_scram_listener_for_subscribers_beside_the_internal_ones() -> None:
    kafka = _service("kafka")
    environment = _environment(kafka)
    protocols = dict(
        entry.split(":", 1)
        for entry in environment["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")
    )
    assert protocols.get(SUBSCRIBER_LISTENER) == "SASL_PLAINTEXT", protocols
    assert protocols.get(INTERNAL_LISTENER) == "SASL_PLAINTEXT", "the admin's listener is gone"
    listeners = _listeners(environment["KAFKA_LISTENERS"])
    advertised = _listeners(environment["KAFKA_ADVERTISED_LISTENERS"])
    assert SUBSCRIBER_LISTENER in listeners, f"no {SUBSCRIBER_LISTENER} in KAFKA_LISTENERS"
    assert SUBSCRIBER_LISTENER in advertised, f"{SUBSCRIBER_LISTENER} is not advertised"
    port = int(listeners[SUBSCRIBER_LISTENER].rsplit(":", 1)[-1])
    assert port in _container_ports(kafka), f"the subscriber port {port} is not published"
    prefix = f"KAFKA_LISTENER_NAME_{SUBSCRIBER_LISTENER}_"
    assert environment.get(f"{prefix}SASL_ENABLED_MECHANISMS") == "SCRAM-SHA-512"
    jaas = environment.get(f"{prefix}SCRAM___SHA___512_SASL_JAAS_CONFIG", "")
    assert jaas.startswith("org.apache.kafka.common.security.scram.ScramLoginModule required")


def test_kafka_authorizes_with_acls_and_denies_what_no_acl_allows() -> None:
    from bitc.kafka_principals import ADMIN

    environment = _environment(_service("kafka"))
    assert environment.get("KAFKA_AUTHORIZER_CLASS_NAME") == (
        "org.apache.kafka.metadata.authorizer.StandardAuthorizer"
    )
    assert environment.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND") == "false"
    # The admin principal is the one super user; a service or a subscriber must never be one,
    # nor ANONYMOUS, the principal of a client without credentials.
    assert environment.get("KAFKA_SUPER_USERS") == f"User:{ADMIN}"


def test_no_kafka_listener_takes_a_client_without_credentials() -> None:
    environment = _environment(_service("kafka"))
    protocols = dict(
        entry.split(":", 1)
        for entry in environment["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")
    )
    listeners = _listeners(environment["KAFKA_LISTENERS"])
    assert set(listeners) <= set(protocols), "a listener without a protocol is PLAINTEXT"
    assert {protocols[name] for name in listeners} == {"SASL_PLAINTEXT"}, protocols
    controller = environment["KAFKA_CONTROLLER_LISTENER_NAMES"]
    assert controller in listeners
    # A controller cannot check SCRAM (the users live in the metadata it serves): SASL PLAIN,
    # as the native secured broker (bitc/devstack/kafka.py).
    assert environment.get("KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL") == "PLAIN"
    assert environment[f"KAFKA_LISTENER_NAME_{controller}_SASL_ENABLED_MECHANISMS"] == "PLAIN"
    assert environment.get("KAFKA_INTER_BROKER_LISTENER_NAME") == INTERNAL_LISTENER
    assert environment.get("KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL") == "SCRAM-SHA-512"
    assert _container_ports(_service("kafka")) == {29093}, "only the SCRAM port is published"
    # The image's configure script demands a JAAS file in KAFKA_OPTS when an advertised listener
    # is named SASL_*, and keystores when one is named *SSL: ours set JAAS per listener instead.
    advertised = environment["KAFKA_ADVERTISED_LISTENERS"]
    assert not re.search(r"SASL_.*://|SSL://", _without_refs(advertised)), advertised


def test_kafka_storage_is_formatted_with_the_admin_credential_before_the_broker_starts() -> None:
    from bitc.kafka_principals import ADMIN

    kafka, format_ = _service("kafka"), _service(KAFKA_FORMAT)
    assert _depends_on(kafka).get(KAFKA_FORMAT) == "service_completed_successfully"
    assert format_.get("image") == kafka.get("image"), "format with the broker's own tools"
    assert format_.get("restart") in (None, "no"), "kafka-format is a one-shot"
    assert _named_volumes(format_) == _named_volumes(kafka), "format the broker's own volume"
    mounted_at = _mount_target(format_, "deploy/kafka-security")
    assert f"{mounted_at}/format-storage.sh" in (format_.get("entrypoint") or [])
    environment, broker = _environment(format_), _environment(kafka)
    for name in ("CLUSTER_ID", "KAFKA_NODE_ID", "KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_LOG_DIRS"):
        assert environment.get(name) == broker.get(name), f"{name} differs from kafka's"
    assert environment.get("KAFKA_ADMIN_USER") == ADMIN
    assert _refs(environment.get("KAFKA_ADMIN_PASSWORD", "")) == ["KAFKA_ADMIN_PASSWORD"]


@pytest.mark.parametrize("name", ["setup", "kafka-access", "kafka-service-access"])
def test_kafka_provisioning_logs_in_as_the_admin_on_the_internal_listener(name: str) -> None:
    from bitc.kafka_principals import ADMIN

    environment = _environment(_service(name))
    advertised = _listeners(_environment(_service("kafka"))["KAFKA_ADVERTISED_LISTENERS"])
    bootstrap = environment.get("KAFKA_BOOTSTRAP_SERVERS", environment.get("KAFKA_BOOTSTRAP"))
    assert bootstrap == advertised[INTERNAL_LISTENER]
    if name == SETUP:  # shared/runtime/settings.py's names, as the services use them
        login = (environment.get("KAFKA_SASL_USERNAME"), environment.get("KAFKA_SASL_PASSWORD"))
        assert environment.get("KAFKA_SECURITY_PROTOCOL") == "SASL_PLAINTEXT"
        assert environment.get("KAFKA_SASL_MECHANISM") == "SCRAM-SHA-512"
    else:  # deploy/kafka-security/admin-client.sh's
        login = (environment.get("KAFKA_ADMIN_USER"), environment.get("KAFKA_ADMIN_PASSWORD"))
    assert login[0] == ADMIN
    assert _refs(login[1] or "") == ["KAFKA_ADMIN_PASSWORD"]


def test_kafka_access_one_shot_grants_the_public_topics_from_env_secrets() -> None:
    from contracts.topics import TOPICS

    access = _service(KAFKA_ACCESS)
    assert access.get("image") == _service("kafka").get("image"), "use the broker's own tools"
    assert access.get("restart") in (None, "no"), "kafka-access is a one-shot"
    assert _depends_on(access).get("kafka") == "service_healthy"
    mounted_at = _mount_target(access, "deploy/kafka-security")
    assert mounted_at, "kafka-access does not mount ./deploy/kafka-security"
    entrypoint = access.get("entrypoint") or []
    assert f"{mounted_at}/{SUBSCRIBER_SCRIPT.name}" in entrypoint, entrypoint
    environment = _environment(access)
    public = [spec.name for spec in TOPICS if spec.public]
    assert environment.get("PUBLIC_TOPICS", "").split(",") == public, (
        f"PUBLIC_TOPICS must be exactly the public topics of contracts/topics.py: {public}"
    )
    assert _secret_problem(environment.get("KAFKA_SUBSCRIBER_PASSWORD", "")) is None
    advertised = _listeners(_environment(_service("kafka"))["KAFKA_ADVERTISED_LISTENERS"])
    assert _without_refs(environment["KAFKA_BOOTSTRAP"]) == advertised[INTERNAL_LISTENER], (
        "kafka-access must use the internal (admin's) listener to create users and ACLs"
    )


def test_subscriber_acls_allow_reading_only() -> None:
    script = SUBSCRIBER_SCRIPT.read_text(encoding="utf-8")
    operations = set(re.findall(r"--operation\s+(\w+)", script))
    assert operations == {"Read", "Describe"}, f"subscriber ACL operations: {operations}"
    for forbidden in ("--producer", "--deny-principal", "--topic '*'", '--topic "*"', "--cluster"):
        assert forbidden not in script, f"create-subscriber.sh uses {forbidden}"
    assert re.search(r"--topic \"\$topic\"", script), "topic ACLs must come from PUBLIC_TOPICS"
    assert re.search(r'--group "\$\{KAFKA_SUBSCRIBER_USER\}\."', script)
    assert "--resource-pattern-type prefixed" in script
    assert "SCRAM-SHA-512=" in script, "the user is not created as a SCRAM-SHA-512 credential"


def test_backup_is_an_opt_in_one_shot_of_the_whole_database_into_a_host_folder() -> None:
    backup = _service("backup")
    assert "backup" in (backup.get("profiles") or []), "backup must be in the 'backup' profile"
    assert backup.get("restart") in (None, "no"), "backup is a one-shot: no restart policy"
    assert (backup.get("image"), backup.get("build")) == (
        _service(SETUP).get("image"),
        _service(SETUP).get("build"),
    )
    command = _command(backup)
    assert command[:2] == ["bitc", "backup"]
    into = command[command.index("--into") + 1]
    assert _mount_target(backup, "backups") == into, f"./backups is not mounted at {into}"
    # The same superuser URL as setup's: one snapshot must see every service's schema.
    url = _environment(backup)["ADMIN_DATABASE_URL"]
    assert url == _environment(_service(SETUP))["ADMIN_DATABASE_URL"]
    assert _depends_on(backup).get("postgres") == "service_healthy"
