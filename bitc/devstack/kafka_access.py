"""Who may do what on the dev stack's Kafka, as on compose's (deploy/kafka-security): the broker
takes SASL/SCRAM-SHA-512 clients only and authorizes them with ACLs; the services and the
operators are the principals of bitc/kafka_principals.py with the ACLs that table gives them,
setup is the declared admin principal, and a subscriber gets read-only access to the public
topics. Passwords are made once per state folder and kept in it as 0600 files, like mounted
secrets (a service reads its own through KAFKA_SASL_PASSWORD_FILE); they never leave it."""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

from bitc.devstack.errors import DevStackError
from bitc.devstack.kafka import SCRAM_MODULE
from bitc.devstack.kafka_tools import SECURITY_SCRIPTS, run_security_script
from bitc.kafka_principals import ADMIN, OPERATOR
from bitc.provision import SERVICES
from contracts.topics import TOPICS
from shared.messaging.kafka_clients import KafkaSecurity

MECHANISM = "SCRAM-SHA-512"
_USER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
RESERVED = frozenset({*SERVICES, OPERATOR, ADMIN})


class DevKafkaAccess:
    def __init__(self, state_dir: Path) -> None:
        self.home = state_dir / "kafka"
        self.secrets = self.home / "secrets"
        self.bin = self.home / "bin"

    def password_file(self, user: str) -> Path:
        """The user's password file, made on first use (URL-safe: the scripts need that)."""
        path = self.secrets / user
        if not path.exists():
            self.secrets.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(24), encoding="utf-8")
        return path

    def security(self, user: str) -> KafkaSecurity:
        password = self.password_file(user).read_text(encoding="utf-8").strip()
        return KafkaSecurity("SASL_PLAINTEXT", MECHANISM, user, password)

    def client_env(self, user: str) -> dict[str, str]:
        """A process's Kafka settings (shared.runtime.settings names) to connect as ``user``."""
        return {
            "KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
            "KAFKA_SASL_MECHANISM": MECHANISM,
            "KAFKA_SASL_USERNAME": user,
            "KAFKA_SASL_PASSWORD_FILE": str(self.password_file(user)),
        }

    def apply_principals(self, bootstrap: str) -> None:
        """The services' and operators' users and ACLs, as compose's kafka-service-access.
        Skipped when this very table was applied to this very broker storage before: each
        call of the script's tools starts a JVM."""
        table = (SECURITY_SCRIPTS / "service-acls.txt").read_bytes()
        meta = (self.home / "data" / "meta.properties").read_bytes()
        applied = hashlib.sha256(table + meta).hexdigest()
        marker = self.home / "principals-applied"
        if marker.exists() and marker.read_text(encoding="utf-8") == applied:
            return
        env = {
            f"KAFKA_{user.upper().replace('-', '_')}_PASSWORD_FILE": str(self.password_file(user))
            for user in (*SERVICES, OPERATOR)
        }
        script = "create-service-principals.sh"
        run_security_script(script, bootstrap, self.bin, env | self._admin_config())
        marker.write_text(applied, encoding="utf-8")

    def add_subscriber(self, user: str, bootstrap: str) -> KafkaSecurity:
        """A read-only subscriber, as compose's kafka-access: Read and Describe on the public
        topics and on consumer groups ``<user>.*``, nothing else. Run again: the same password."""
        if not _USER.fullmatch(user) or user in RESERVED:
            raise DevStackError(
                f"subscriber name {user!r}: use letters, digits, '-' and '_' (at most 64), "
                f"and none of the platform's own principals ({', '.join(sorted(RESERVED))})"
            )
        security = self.security(user)
        env = {
            "KAFKA_SUBSCRIBER_USER": user,
            "KAFKA_SUBSCRIBER_PASSWORD": security.password,
            "PUBLIC_TOPICS": ",".join(spec.name for spec in TOPICS if spec.public),
        }
        run_security_script("create-subscriber.sh", bootstrap, self.bin, env | self._admin_config())
        return security

    def _admin_config(self) -> dict[str, str]:
        """The tools' --command-config: authenticate as the admin principal."""
        admin = self.security(ADMIN)
        path = self.home / "admin-client.properties"
        if not path.exists():
            path.touch(mode=0o600)
        path.write_text(
            f"security.protocol={admin.protocol}\nsasl.mechanism={admin.mechanism}\n"
            f'sasl.jaas.config={SCRAM_MODULE} username="{ADMIN}" password="{admin.password}";\n',
            encoding="utf-8",
        )
        return {"KAFKA_COMMAND_CONFIG": str(path)}
