"""Where pg_dump and pg_restore are, and how they reach the database without a password on
their command line (which any user of the host could read in the process list)."""

import os
import shutil
from pathlib import Path

from sqlalchemy.engine import make_url

from bitc.backup_manifest import BackupError

PG_BIN_SETTING = "BITC_PG_BIN"


def pg_tool(name: str, pg_bin: str | None = None) -> str:
    """``name`` from `pg_bin` (default $BITC_PG_BIN), else PATH, else Debian's newest
    /usr/lib/postgresql/<version>/bin. It must be at least as new as the server."""
    pg_bin = pg_bin or os.environ.get(PG_BIN_SETTING)
    if pg_bin:
        candidate = Path(pg_bin) / name
        if candidate.is_file():
            return str(candidate)
        raise BackupError(f"{candidate} does not exist: point {PG_BIN_SETTING} at a bin folder")
    on_path = shutil.which(name)
    if on_path:
        return on_path
    debian = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=_version, reverse=True)
    if debian:
        return str(debian[0])
    raise BackupError(
        f"{name} not found: install the PostgreSQL client (e.g. `apt-get install "
        f"postgresql-client-15`) or set {PG_BIN_SETTING} to the folder holding it"
    )


def _version(path: Path) -> float:
    try:
        return float(path.parent.parent.name)
    except ValueError:
        return -1.0


def libpq_target(database_url: str) -> tuple[str, dict[str, str]]:
    """``--dbname`` without the password, and the environment that carries it (PGPASSWORD).
    Accepts the SQLAlchemy form too (``postgresql+asyncpg://``); query options such as
    ``sslmode`` stay in the URL, where libpq reads them."""
    url = make_url(database_url).set(drivername="postgresql")
    environment = dict(os.environ)
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    return url.set(password=None).render_as_string(hide_password=False), environment


def asyncpg_dsn(database_url: str) -> str:
    """The same URL for asyncpg, which takes the plain ``postgresql://`` scheme."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)
