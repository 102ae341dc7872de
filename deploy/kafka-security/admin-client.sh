# Sourced by the scripts here: the Kafka tools' client settings, in the array "auth".
# KAFKA_COMMAND_CONFIG names a properties file (e.g. SASL as the admin principal, as the native
# dev stack gives it); otherwise KAFKA_ADMIN_USER and KAFKA_ADMIN_PASSWORD (compose's one-shots)
# make one: SASL/SCRAM-SHA-512 as that user, in a 0600 file removed on exit. With neither, the
# tools connect unauthenticated (a broker whose listener makes everyone a super user).
# The password is never echoed.

auth=()
if [[ -n "${KAFKA_COMMAND_CONFIG:-}" ]]; then
  auth=(--command-config "$KAFKA_COMMAND_CONFIG")
elif [[ -n "${KAFKA_ADMIN_PASSWORD:-}" ]]; then
  : "${KAFKA_ADMIN_USER:?the admin principal KAFKA_ADMIN_PASSWORD belongs to, e.g. bitc-admin}"
  # Inside a JAAS string in quotes: other characters would end or break it.
  [[ "$KAFKA_ADMIN_PASSWORD" =~ ^[A-Za-z0-9_-]+$ ]] || {
    echo "KAFKA_ADMIN_PASSWORD: use letters, digits, '-' and '_' only" >&2
    exit 1
  }
  admin_client_config="$(umask 077 && mktemp)"
  trap 'rm -f "$admin_client_config"' EXIT
  printf '%s\n' \
    "security.protocol=SASL_PLAINTEXT" \
    "sasl.mechanism=SCRAM-SHA-512" \
    "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"${KAFKA_ADMIN_USER}\" password=\"${KAFKA_ADMIN_PASSWORD}\";" \
    > "$admin_client_config"
  auth=(--command-config "$admin_client_config")
fi
