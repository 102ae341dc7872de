"""Every setting the docs name exists. A service ignores a variable it does not know, so a
misspelt name in the docs would leave a deployment misconfigured without a word."""

import fnmatch
import re
import typing
from pathlib import Path

import aiokafka.errors
import uvicorn.config
from pydantic import AliasChoices
from pydantic_settings import BaseSettings

from bitc.setup_actions import SETUP_ENV
from services.booking.settings import Settings as BookingSettings
from services.console.settings import Settings as ConsoleSettings
from services.notifications.settings import Settings as NotificationsSettings
from services.tenancy.settings import Settings as TenancySettings
from shared.runtime.settings import KafkaClientSettings

REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = [*sorted((REPO / "docs").glob("*.md")), REPO / "README.md"]
SETTINGS = (
    KafkaClientSettings,
    TenancySettings,
    BookingSettings,
    NotificationsSettings,
    ConsoleSettings,
)
#: `NAME`, `NAME=value` or `NAME_*_PART` in backticks (settings tables name them so too).
_NAMED = re.compile(r"`([A-Z][A-Z0-9]*(?:_(?:[A-Z0-9]+|\*))+)(?:=[^`]*)?`")
_CODE = ("bitc", "shared", "services", "contracts", "examples", "tools", "bench", "tests")
#: Environment variables read outside the settings classes (the CLI, the test suite).
_READ = re.compile(r"""(?:environ\.get\(|environ\[|getenv\(|env_or_file\()\s*["']([A-Z0-9_]+)""")


def settings_names(cls: type[BaseSettings]) -> set[str]:
    """Each field's variable (with the class's prefix), its older names and, for a choice among
    fixed words (e.g. KAFKA_SECURITY_PROTOCOL), those words."""
    prefix = cls.model_config.get("env_prefix", "")
    names: set[str] = set()
    for name, field in cls.model_fields.items():
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseSettings):
            names |= settings_names(field.annotation)
            continue
        names.add(f"{prefix}{name}".upper())
        if isinstance(field.validation_alias, AliasChoices):
            names |= {c.upper() for c in field.validation_alias.choices if isinstance(c, str)}
        names |= {v for v in typing.get_args(field.annotation) if isinstance(v, str)}
    return names


def known_names() -> set[str]:
    names = set(SETUP_ENV).union(*(settings_names(cls) for cls in SETTINGS))
    sources = [path for top in _CODE for path in (REPO / top).rglob("*.py")]
    # uvicorn, which serves every service, reads a few of its own (FORWARDED_ALLOW_IPS).
    for source in [*sources, Path(uvicorn.config.__file__)]:
        names |= set(_READ.findall(source.read_text(encoding="utf-8")))
    # The compose deployment's own variables (its .env).
    names |= set(re.findall(r"(?m)^([A-Z][A-Z0-9_]+)=", (REPO / ".env.example").read_text()))
    names |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", (REPO / "docker-compose.yml").read_text()))
    # The deployment scripts' own variables (deploy/kafka-security/*.sh).
    for script in (REPO / "deploy").rglob("*.sh"):
        names |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", script.read_text(encoding="utf-8")))
    return names | kafka_error_codes()


def kafka_error_codes() -> set[str]:
    """Kafka's protocol error names (TOPIC_AUTHORIZATION_FAILED): the docs quote them as what a
    client sees, in the same upper case as a setting."""
    errors = vars(aiokafka.errors).values()
    return {
        e.message
        for e in errors
        if isinstance(e, type) and isinstance(getattr(e, "message", None), str)
    }


def unknown_names(text: str, known: set[str]) -> set[str]:
    unknown = set()
    for name in set(_NAMED.findall(text)):
        # Any setting may come from a file, NAME_FILE (shared/runtime/settings.py).
        plain = name.removesuffix("_FILE")
        if not (fnmatch.filter(known, name) or fnmatch.filter(known, plain) or plain == "NAME"):
            unknown.add(name)
    return unknown


def test_every_setting_the_docs_name_exists() -> None:
    known = known_names()
    unknown = {
        doc.relative_to(REPO).as_posix(): sorted(unknown_names(doc.read_text(), known))
        for doc in DOCUMENTS
    }
    assert {doc: names for doc, names in unknown.items() if names} == {}


def test_a_misspelt_setting_is_caught() -> None:
    text = (
        "`GAUGES_REFRESH_INTERVAL_S` (15), `RATE_LIMIT_*_PER_MINUTE`, `SMTP_PASSWORD_FILE`, "
        "`KAFKA_SECURITY_PROTOCOL=SASL_SSL`, but `OCCUPANCY_REFRESH_INTERVAL_S` and `SMTP_HOTS`"
    )
    assert unknown_names(text, known_names()) == {"OCCUPANCY_REFRESH_INTERVAL_S", "SMTP_HOTS"}
