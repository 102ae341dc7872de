"""A PostgreSQL of its own that accepts TLS connections only (pg_hba ``hostssl``), with a server
certificate for 127.0.0.1 signed by a CA made here: for the tests of sslmode in DATABASE_URL.
Started natively like the suite's own server (bitc/devstack/postgres.py)."""

import asyncio
import contextlib
import datetime
import ipaddress
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bitc.devstack.pg_cluster import locate_cluster
from bitc.devstack.ports import HOST, free_ports
from bitc.devstack.postgres import init_cluster, start_cluster, wait_and_create_database
from bitc.devstack.prereqs import PG_USER, find_pg_bin, pg_run_prefix

DATABASE = "bitc"
#: Small and fixed, so `bitc connection-budget --check` has a known server limit to compare.
MAX_CONNECTIONS = 50


@dataclass(frozen=True)
class TlsPostgres:
    port: int
    password: str  # of the superuser `postgres`
    ca_file: Path  # the CA that signed the server's certificate
    foreign_ca_file: Path  # a CA that did not

    def admin_url(self, query: str = "") -> str:
        url = f"postgresql+asyncpg://postgres:{self.password}@{HOST}:{self.port}/{DATABASE}"
        return f"{url}?{query}" if query else url


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(
    subject: str, key: ec.EllipticCurvePrivateKey, issuer: str, signer: ec.EllipticCurvePrivateKey
) -> x509.CertificateBuilder:
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
    )


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def _ca(name: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    builder = _certificate(name, key, name, key).add_extension(
        x509.BasicConstraints(ca=True, path_length=None), critical=True
    )
    return key, builder.sign(key, hashes.SHA256())


def ca_certificate_pem(name: str) -> bytes:
    """A self-signed CA's certificate, e.g. as a broker's CA bundle."""
    return _pem(_ca(name)[1])


def _write_certificates(data: Path, folder: Path) -> tuple[Path, Path]:
    """server.crt/server.key in the data folder; the CA's and a foreign CA's certificates."""
    ca_key, ca = _ca("bitc test CA")
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = (
        _certificate("postgres", server_key, "bitc test CA", ca_key)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    (data / "server.crt").write_bytes(_pem(server))
    (data / "server.key").write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    (data / "server.key").chmod(0o600)
    (folder / "ca.pem").write_bytes(_pem(ca))
    (folder / "foreign-ca.pem").write_bytes(ca_certificate_pem("someone else's CA"))
    return folder / "ca.pem", folder / "foreign-ca.pem"


@contextlib.contextmanager
def tls_only_postgres(folder: Path) -> Iterator[TlsPostgres]:
    pg_bin, prefix = find_pg_bin(), pg_run_prefix()
    cluster = locate_cluster(folder, prefix)
    log = folder / "postgres.log"
    init_cluster(cluster, pg_bin, prefix, log)
    ca_file, foreign_ca_file = _write_certificates(cluster.data, folder)
    with (cluster.data / "postgresql.conf").open("a") as conf:
        conf.write(f"ssl = on\nmax_connections = {MAX_CONNECTIONS}\n")
    (cluster.data / "pg_hba.conf").write_text(
        f"hostssl all all {HOST}/32 scram-sha-256\nhostnossl all all {HOST}/32 reject\n"
    )
    if prefix:
        for name in ("server.crt", "server.key", "pg_hba.conf"):
            shutil.chown(cluster.data / name, PG_USER, PG_USER)
    [port] = free_ports(1)
    start_cluster(cluster, pg_bin, prefix, port, log)
    try:
        admin_dsn = f"{cluster.dsn(port, 'postgres')}?sslmode=require"
        asyncio.run(wait_and_create_database(admin_dsn, DATABASE, ready_timeout=60))
        yield TlsPostgres(port, cluster.password, ca_file, foreign_ca_file)
    finally:
        stop = [*prefix, str(pg_bin / "pg_ctl"), "-D", str(cluster.data), "-m", "fast", "stop"]
        subprocess.run(stop, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        shutil.rmtree(cluster.root, ignore_errors=True)
