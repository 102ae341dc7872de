"""sslmode in DATABASE_URL: read once, the same for every connection, or refused clearly."""

import os
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from shared.persistence.database_url import DatabaseUrlError, async_engine, database_target
from shared.persistence.db import asyncpg_connect_args

URL = "postgresql+asyncpg://booking:secret@db.example:5432/bitc"


def test_without_sslmode_asyncpg_keeps_its_default() -> None:
    target = database_target(URL)
    assert target.connect_args == {}
    assert asyncpg_connect_args(URL) == {"dsn": "postgresql://booking:secret@db.example:5432/bitc"}


def test_require_encrypts_without_checking_the_certificate() -> None:
    context = database_target(f"{URL}?sslmode=require").ssl
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_NONE
    assert not context.check_hostname


def test_verify_full_checks_chain_and_host_name() -> None:
    context = database_target(f"{URL}?sslmode=verify-full").ssl
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname


def test_verify_ca_checks_the_chain_only() -> None:
    context = database_target(f"{URL}?sslmode=verify-ca").ssl
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert not context.check_hostname


def test_disable_is_plain() -> None:
    assert database_target(f"{URL}?sslmode=disable").connect_args == {"ssl": False}


def test_the_tls_parameters_leave_the_url_and_others_stay() -> None:
    target = database_target(f"{URL}?sslmode=require&application_name=x")
    assert dict(target.url.query) == {"application_name": "x"}
    assert "sslmode" not in asyncpg_connect_args(f"{URL}?sslmode=require")["dsn"]


def test_the_engine_no_longer_hands_sslmode_to_asyncpg_as_a_keyword() -> None:
    engine = async_engine(f"{URL}?sslmode=require", connect_args={"timeout": 5})
    _, kwargs = engine.dialect.create_connect_args(engine.url)
    assert "sslmode" not in kwargs
    assert engine.url.query == {}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("sslmode=prefer", "sslmode=prefer in the database URL is not supported"),
        ("sslmode=allow", "sslmode=allow in the database URL is not supported"),
        ("sslmode=requried", "use one of disable, require, verify-ca, verify-full"),
        ("ssl=true", "the database URL's ?ssl= is not read: write ?sslmode="),
        ("sslrootcert=/ca.pem", "sslrootcert in the database URL needs an sslmode="),
        ("sslmode=disable&sslrootcert=/ca.pem", "sslmode=disable contradicts sslrootcert"),
        ("sslmode=require&sslmode=disable", "gives sslmode more than once"),
    ],
)
def test_a_mode_that_would_not_require_tls_as_written_is_refused(query: str, message: str) -> None:
    with pytest.raises(DatabaseUrlError, match=message.replace("?", r"\?")):
        database_target(f"{URL}?{query}")


def test_a_missing_root_certificate_is_named() -> None:
    with pytest.raises(DatabaseUrlError, match=r"sslrootcert=/nowhere/ca\.pem cannot be read"):
        database_target(f"{URL}?sslmode=verify-full&sslrootcert=/nowhere/ca.pem")


def test_a_service_started_with_an_unsupported_sslmode_says_what_to_write() -> None:
    env = {**os.environ, "DATABASE_URL": f"{URL}?sslmode=prefer"}
    started = subprocess.run(
        [sys.executable, "-m", "services.booking"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode == 1
    assert started.stderr.strip().splitlines()[-1] == (
        "booking: DATABASE_URL: sslmode=prefer in the database URL is not supported: use one of "
        "disable, require, verify-ca, verify-full (allow and prefer would fall back to no TLS)"
    )
    assert "secret" not in started.stderr
