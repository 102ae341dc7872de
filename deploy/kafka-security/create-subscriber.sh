#!/usr/bin/env bash
# Creates (or updates) one external subscriber: a SCRAM-SHA-512 user allowed to READ and
# DESCRIBE the public topics and to use consumer groups named "<user>.*". Nothing else: no
# write, no private contacts topic, no dead letters (the broker denies what no ACL allows).
# Idempotent, so `docker compose up` can run it every time. Run by the kafka-access one-shot
# of docker-compose.yml; KAFKA_BIN lets the same script run against a native broker.
set -euo pipefail

: "${KAFKA_BOOTSTRAP:?the broker, e.g. kafka:9092 (with the admin settings of admin-client.sh)}"
: "${KAFKA_SUBSCRIBER_USER:?the subscriber's user name}"
: "${KAFKA_SUBSCRIBER_PASSWORD:?the subscriber's password}"
: "${PUBLIC_TOPICS:?comma-separated public topics}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
# As the admin principal: KAFKA_COMMAND_CONFIG, or KAFKA_ADMIN_USER + KAFKA_ADMIN_PASSWORD.
source "$(dirname "$0")/admin-client.sh"
principal="User:${KAFKA_SUBSCRIBER_USER}"

"$bin/kafka-configs.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" "${auth[@]}" --alter \
  --entity-type users --entity-name "$KAFKA_SUBSCRIBER_USER" \
  --add-config "SCRAM-SHA-512=[iterations=8192,password=${KAFKA_SUBSCRIBER_PASSWORD}]"

IFS=',' read -r -a topics <<< "$PUBLIC_TOPICS"
for topic in "${topics[@]}"; do
  "$bin/kafka-acls.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" "${auth[@]}" --add \
    --allow-principal "$principal" --operation Read --operation Describe --topic "$topic"
done

"$bin/kafka-acls.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" "${auth[@]}" --add \
  --allow-principal "$principal" --operation Read --operation Describe \
  --group "${KAFKA_SUBSCRIBER_USER}." --resource-pattern-type prefixed

echo "subscriber ${KAFKA_SUBSCRIBER_USER} may read: ${PUBLIC_TOPICS}"
