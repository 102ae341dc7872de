#!/usr/bin/env bash
# Formats the broker's storage with the admin principal's SCRAM-SHA-512 credential, so that a
# broker without an unauthenticated listener has, from its first start, the one super user that
# creates topics, users and ACLs (and that the broker itself logs in as). Run by compose's
# kafka-format one-shot before the broker, with the broker's image, volume and KRaft settings.
# Storage formatted already (any later `up`) is left as it is: --ignore-formatted. Against a
# native broker set KAFKA_BIN. The password is never echoed.
set -euo pipefail

: "${CLUSTER_ID:?the cluster id the broker is started with}"
: "${KAFKA_NODE_ID:?}" "${KAFKA_PROCESS_ROLES:?}" "${KAFKA_CONTROLLER_QUORUM_VOTERS:?}"
: "${KAFKA_CONTROLLER_LISTENER_NAMES:?}" "${KAFKA_LOG_DIRS:?}"
: "${KAFKA_ADMIN_USER:?the admin principal, e.g. bitc-admin}"
: "${KAFKA_ADMIN_PASSWORD:?the password of the admin principal}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
# Inside a kafka-storage expression: other characters would end or break it.
[[ "$KAFKA_ADMIN_PASSWORD" =~ ^[A-Za-z0-9_-]+$ ]] || {
  echo "KAFKA_ADMIN_PASSWORD: use letters, digits, '-' and '_' only" >&2
  exit 1
}

# What formatting reads: the node, its controllers and where its log lives; no secret. Kafka
# validates it as a whole node's settings, which must name a broker and a controller listener;
# formatting opens neither, so both are placeholders (port 0), not the broker's listeners.
config="$(mktemp)"
trap 'rm -f "$config"' EXIT
controller="${KAFKA_CONTROLLER_LISTENER_NAMES%%,*}"
printf '%s\n' \
  "process.roles=${KAFKA_PROCESS_ROLES}" \
  "node.id=${KAFKA_NODE_ID}" \
  "controller.quorum.voters=${KAFKA_CONTROLLER_QUORUM_VOTERS}" \
  "controller.listener.names=${KAFKA_CONTROLLER_LISTENER_NAMES}" \
  "listeners=PLAINTEXT://:0,${controller}://:0" \
  "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,${controller}:PLAINTEXT" \
  "log.dirs=${KAFKA_LOG_DIRS}" \
  > "$config"

"$bin/kafka-storage.sh" format --ignore-formatted --cluster-id "$CLUSTER_ID" --config "$config" \
  --add-scram "SCRAM-SHA-512=[name=${KAFKA_ADMIN_USER},password=${KAFKA_ADMIN_PASSWORD}]"
