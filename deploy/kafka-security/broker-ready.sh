#!/usr/bin/env bash
# The kafka container's healthcheck: the broker answers an authenticated client on its internal
# listener. It logs in as the broker itself does there (the admin principal), with the broker's
# own inter-broker login setting from its environment, so the password has no second copy in
# the compose file. Against a native broker set KAFKA_BIN and KAFKA_BOOTSTRAP.
set -euo pipefail

jaas="${KAFKA_LISTENER_NAME_INTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG:?the internal listener login (docker-compose.yml)}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
config="$(umask 077 && mktemp)"
trap 'rm -f "$config"' EXIT
printf '%s\n' "security.protocol=SASL_PLAINTEXT" "sasl.mechanism=SCRAM-SHA-512" \
  "sasl.jaas.config=${jaas}" > "$config"
"$bin/kafka-broker-api-versions.sh" --bootstrap-server "${KAFKA_BOOTSTRAP:-localhost:9092}" \
  --command-config "$config" > /dev/null
