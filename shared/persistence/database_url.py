"""The one reading of a database URL, TLS included, for every connection the platform opens.

libpq's ``sslmode`` and ``sslrootcert`` (and ``sslcert``/``sslkey`` for a client certificate) are
taken out of the URL's query and turned once into asyncpg's ``ssl`` argument, which the SQLAlchemy
engine, Alembic and the relay's own asyncpg session all receive alike. Left in the URL, SQLAlchemy's
asyncpg dialect hands them to ``asyncpg.connect`` as keyword arguments (a TypeError) while asyncpg
itself parses them from a DSN: the same URL meant different things to different connections.
docs/operations.md, "TLS to PostgreSQL", is the operator's side of this.
"""

import ssl
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

SSL_MODES = ("disable", "require", "verify-ca", "verify-full")
_CERTIFICATE_PARAMETERS = ("sslrootcert", "sslcert", "sslkey")


class DatabaseUrlError(ValueError):
    """A database URL the platform cannot honour as written; the message says what to change."""


@dataclass(frozen=True)
class DatabaseTarget:
    url: URL  # postgresql+asyncpg, without the TLS parameters
    #: asyncpg's ``ssl``: None leaves asyncpg's default (TLS if offered), False is plain.
    ssl: ssl.SSLContext | Literal[False] | None

    @property
    def connect_args(self) -> dict[str, Any]:
        return {} if self.ssl is None else {"ssl": self.ssl}

    def asyncpg_connect_args(self) -> dict[str, Any]:
        """Keyword arguments of ``asyncpg.connect`` for a session of its own (LISTEN, locks)."""
        dsn = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
        return {"dsn": dsn, **self.connect_args}


def database_target(database_url: str) -> DatabaseTarget:
    url = make_url(database_url)
    query = dict(url.query)
    if "ssl" in query:
        raise DatabaseUrlError(
            "the database URL's ?ssl= is not read: write ?sslmode= (one of "
            f"{', '.join(SSL_MODES)}) and, to check the server's certificate, ?sslrootcert="
        )
    mode = query.pop("sslmode", None)
    files = {name: query.pop(name) for name in _CERTIFICATE_PARAMETERS if name in query}
    for name, value in [("sslmode", mode), *files.items()]:
        if not isinstance(value, str | None):
            raise DatabaseUrlError(f"the database URL gives {name} more than once")
    url = url.set(drivername="postgresql+asyncpg", query=query)
    if mode is None:
        if files:
            raise DatabaseUrlError(f"{', '.join(files)} in the database URL needs an sslmode=")
        return DatabaseTarget(url, None)
    return DatabaseTarget(url, _ssl_argument(str(mode), files))


def _ssl_argument(mode: str, files: dict[str, Any]) -> ssl.SSLContext | Literal[False]:
    if mode not in SSL_MODES:
        raise DatabaseUrlError(
            f"sslmode={mode} in the database URL is not supported: use one of "
            f"{', '.join(SSL_MODES)} (allow and prefer would fall back to no TLS)"
        )
    if mode == "disable":
        if files:
            raise DatabaseUrlError(f"sslmode=disable contradicts {', '.join(files)}")
        return False
    rootcert = files.get("sslrootcert")
    try:
        context = ssl.create_default_context(cafile=rootcert)
    except (OSError, ssl.SSLError) as exc:
        raise DatabaseUrlError(f"sslrootcert={rootcert} cannot be read: {exc}") from exc
    # As libpq: require only encrypts, unless a root certificate is given to check the chain.
    context.check_hostname = mode == "verify-full"
    if mode == "require" and rootcert is None:
        context.verify_mode = ssl.CERT_NONE
    if "sslcert" in files or "sslkey" in files:
        if "sslcert" not in files:
            raise DatabaseUrlError("sslkey in the database URL needs its sslcert")
        try:
            context.load_cert_chain(files["sslcert"], files.get("sslkey"))
        except (OSError, ssl.SSLError) as exc:
            raise DatabaseUrlError(f"sslcert/sslkey cannot be read: {exc}") from exc
    return context


def async_engine(database_url: str, **options: Any) -> AsyncEngine:
    """A SQLAlchemy engine on ``database_url``: TLS as its ``sslmode`` says."""
    target = database_target(database_url)
    connect_args = {**options.pop("connect_args", {}), **target.connect_args}
    return create_async_engine(target.url, connect_args=connect_args, **options)
