"""docker-compose.yml read the way Docker Compose reads it, without a Docker engine: the whole
file interpolated with only the values of a fresh ``.env`` (a copy of ``.env.example``, as the
README says), whatever profiles are on, since Compose interpolates every service before it
applies profiles; the result validated against the Compose Specification's JSON schema; and, for
each set of profiles, every service that is on finds what it depends on."""

import itertools
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from dotenv import dotenv_values

from tests.compose_interpolation import Interpolation, InvalidTemplate, MissingRequired

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "compose_spec" / "compose-spec.json"


def _compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _fresh_env() -> dict[str, str]:
    return {k: v or "" for k, v in dotenv_values(ROOT / ".env.example").items()}


def _profiles(compose: dict[str, Any]) -> list[str]:
    services = compose["services"].values()
    return sorted({profile for service in services for profile in service.get("profiles", [])})


def _profile_sets() -> list[frozenset[str]]:
    names = _profiles(_compose())
    return [frozenset(c) for n in range(len(names) + 1) for c in itertools.combinations(names, n)]


def _interpolated() -> dict[str, Any]:
    interpolation = Interpolation(_fresh_env())
    document = interpolation.document(_compose())
    assert not interpolation.unset, (
        f"docker-compose.yml uses {sorted(interpolation.unset)} without a default, and a fresh "
        ".env (.env.example) does not set them: compose would put an empty string"
    )
    return document


def _label(profiles: frozenset[str]) -> str:
    return "+".join(sorted(profiles)) or "default"


# --- the interpolation the tests rely on, as the Compose Specification defines it ---------


def test_interpolation_follows_the_compose_specification() -> None:
    env = {"SET": "value", "EMPTY": ""}
    expect = {
        "$SET ${SET}": "value value",
        "${SET:-d} ${EMPTY:-d} ${UNSET:-d}": "value d d",
        "${SET-d} ${EMPTY-d} ${UNSET-d}": "value  d",
        "${SET:+alt} ${EMPTY:+alt} ${EMPTY+alt} ${UNSET+alt}": "alt  alt ",
        "${UNSET:-${SET}} ${UNSET:-${ALSO_UNSET:-deep}}": "value deep",
        "$$SET costs $$5 and $ 1": "$SET costs $5 and $ 1",
        "${SET:?must be set} ${EMPTY?may be empty}": "value ",
    }
    for template, result in expect.items():
        assert Interpolation(env).text(template) == result, template


def test_interpolation_refuses_what_compose_refuses() -> None:
    env = {"EMPTY": ""}
    with pytest.raises(MissingRequired, match="EMPTY is missing a value: set EMPTY"):
        Interpolation(env).text("${EMPTY:?set EMPTY}")
    with pytest.raises(MissingRequired, match="UNSET"):
        Interpolation(env).text("${UNSET?}")
    with pytest.raises(InvalidTemplate):
        Interpolation(env).text("${not a name}")
    interpolation = Interpolation(env)
    assert interpolation.text("a${UNSET}b") == "ab"
    assert interpolation.unset == {"UNSET"}


# --- docker-compose.yml with a fresh .env --------------------------------------------------


def test_a_fresh_env_file_starts_the_platform_without_a_demo_token() -> None:
    """The city IT department's first `docker compose up -d`: .env.example's values only (its
    change-me secrets are non-empty, BITC_TOKEN is empty); compose interpolates every service,
    demo-seed included, and must find no required variable missing."""
    try:
        _interpolated()
    except MissingRequired as missing:
        pytest.fail(f"`docker compose up -d` on a fresh .env aborts: {missing}")


def test_the_interpolated_file_is_valid_against_the_compose_specification() -> None:
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(_interpolated()), key=str)
    assert not errors, "\n".join(
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in errors
    )


@pytest.mark.parametrize("profiles", _profile_sets(), ids=_label)
def test_every_service_on_finds_what_it_depends_on(profiles: frozenset[str]) -> None:
    document = _interpolated()
    on = {
        name
        for name, service in document["services"].items()
        if not service.get("profiles") or profiles & set(service["profiles"])
    }
    assert {"postgres", "kafka", "setup", "tenancy", "booking", "notifications"} <= on
    volumes = set(document.get("volumes") or {})
    problems = []
    for name in sorted(on):
        service = document["services"][name]
        depends_on = service.get("depends_on") or {}
        wanted = depends_on if isinstance(depends_on, list) else [
            target for target, spec in depends_on.items() if (spec or {}).get("required", True)
        ]  # fmt: skip
        problems += [f"{name} depends on {t}, which is off" for t in wanted if t not in on]
        for volume in service.get("volumes") or []:
            source = volume["source"] if isinstance(volume, dict) else volume.split(":")[0]
            if not source.startswith((".", "/")) and source not in volumes:
                problems.append(f"{name} mounts the undeclared volume {source}")
    assert not problems, f"with profiles {_label(profiles)}: {problems}"


def test_the_demo_seed_without_a_token_says_what_to_set(tmp_path: Path) -> None:
    """`docker compose --profile demo up demo-seed` with BITC_TOKEN still empty: the seed itself
    refuses, naming the variable, instead of compose refusing to start anything."""
    demo_seed = _interpolated()["services"]["demo-seed"]
    assert demo_seed["environment"]["BITC_TOKEN"] == ""
    env = {k: v for k, v in os.environ.items() if k != "BITC_TOKEN"}
    env |= demo_seed["environment"]
    done = subprocess.run(
        [sys.executable, "-m", "bitc.cli", "seed-demo", "--state-dir", str(tmp_path / "none")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "set BITC_TOKEN" in done.stderr, done.stderr
