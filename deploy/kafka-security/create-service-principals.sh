#!/usr/bin/env bash
# Creates (or updates) the SCRAM-SHA-512 users of the services and of the operators
# (bitc-operator, for `bitc dlq` and `bitc replay`) and their ACLs, as declared in
# service-acls.txt (generated from bitc/kafka_principals.py): each service writes its own
# topics and reads only what it consumes, with its own consumer groups. An ACL one of these
# users holds that the table no longer lists (a right a release took away) is removed, so the
# broker ends with exactly the table. Idempotent, so `docker compose up` runs it every time;
# against a native broker set KAFKA_BIN.
#
# Each user's password comes from KAFKA_<USER>_PASSWORD, or from the file named by
# KAFKA_<USER>_PASSWORD_FILE, USER upper-cased with "-" as "_" (KAFKA_BITC_OPERATOR_PASSWORD);
# letters, digits, "-", "_": it is passed inside a kafka-configs expression. Never echoed.
set -euo pipefail

: "${KAFKA_BOOTSTRAP:?the broker, e.g. kafka:9092 (with the admin settings of admin-client.sh)}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
# As the admin principal: KAFKA_COMMAND_CONFIG, or KAFKA_ADMIN_USER + KAFKA_ADMIN_PASSWORD.
source "$(dirname "$0")/admin-client.sh"
table="${SERVICE_ACLS:-$(dirname "$0")/service-acls.txt}"

password_of() {
  local user="${1^^}"
  local var="KAFKA_${user//-/_}_PASSWORD" file_var="KAFKA_${user//-/_}_PASSWORD_FILE"
  if [[ -n "${!file_var:-}" ]]; then
    tr -d '\r\n' < "${!file_var}"
  elif [[ -n "${!var:-}" ]]; then
    printf '%s' "${!var}"
  else
    echo "set ${var} or ${file_var}" >&2
    return 1
  fi
}

# One table line's rights, one "principal OPERATION TYPE name PATTERN" per line, in the words
# kafka-acls.sh --list prints (IdempotentWrite is IDEMPOTENT_WRITE there).
rights_of() {
  local principal="$1" operations="$2" resource="$3" name="$4" pattern="$5" op
  IFS=',' read -r -a list <<< "$operations"
  for op in "${list[@]}"; do
    op="$(sed -E 's/([a-z])([A-Z])/\1_\2/g' <<< "$op")"
    echo "$principal ${op^^} ${resource^^} $name ${pattern^^}"
  done
}

# Everything the table grants.
granted() {
  local principal operations resource name pattern
  while read -r principal operations resource name pattern; do
    [[ -z "$principal" || "$principal" == \#* ]] && continue
    rights_of "$principal" "$operations" "$resource" "$name" "$pattern"
  done < "$table"
}

# What the broker holds for the table's users, in the same words.
users=" $(sed -nE 's/^([^#[:space:]][^[:space:]]*).*/\1/p' "$table" | sort -u | tr '\n' ' ')"
held() {
  "$bin/kafka-acls.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" "${auth[@]}" --list |
    sed -nE \
      -e 's/^Current ACLs for resource `ResourcePattern\(resourceType=([A-Z_]+), name=(.*), patternType=([A-Z]+)\)`:.*/R \1 \2 \3/p' \
      -e 's/^[[:space:]]*\(principal=User:([^,]+), host=\*, operation=([A-Z_]+), permissionType=ALLOW\).*/A \1 \2/p' |
    while read -r kind first second third; do
      if [[ "$kind" == R ]]; then
        type="$first" name="$second" pattern="$third"
      elif [[ "$users" == *" $first "* ]]; then
        echo "$first $second $type $name $pattern"
      fi
    done
}

# Listed once, before anything changes: a rerun (every `docker compose up`) adds only what is
# missing, each kafka-acls call being a JVM, and what the table no longer grants is removed.
held_before="$(held | LC_ALL=C sort -u)"

# ACLs with the same principal, operations and pattern go in one kafka-acls call: key -> its
# "--topic NAME --group NAME --cluster" arguments, in table order.
declare -A targets=()
keys=()
created=""
# The table on descriptor 3: the Java tools inside the loop must not eat the loop's input.
while read -r principal operations resource name pattern <&3; do
  [[ -z "$principal" || "$principal" == \#* ]] && continue
  if [[ " $created " != *" $principal "* ]]; then
    password="$(password_of "$principal")"
    [[ "$password" =~ ^[A-Za-z0-9_-]+$ ]] || { echo "$principal: password has other characters" >&2; exit 1; }
    "$bin/kafka-configs.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" "${auth[@]}" --alter \
      --entity-type users --entity-name "$principal" \
      --add-config "SCRAM-SHA-512=[iterations=8192,password=${password}]" > /dev/null
    created="$created $principal"
  fi
  missing="$(LC_ALL=C comm -23 \
    <(rights_of "$principal" "$operations" "$resource" "$name" "$pattern" | LC_ALL=C sort -u) \
    <(printf '%s\n' "$held_before"))"
  [[ -z "$missing" ]] && continue
  key="$principal $operations $pattern"
  [[ -v "targets[$key]" ]] || keys+=("$key")
  case "$resource" in
    cluster) targets[$key]+=" --cluster" ;;
    *) targets[$key]+=" --$resource $name" ;;
  esac
done 3< "$table"

for key in "${keys[@]}"; do
  read -r principal operations pattern <<< "$key"
  ops=()
  IFS=',' read -r -a list <<< "$operations"
  for op in "${list[@]}"; do ops+=(--operation "$op"); done
  read -r -a resources <<< "${targets[$key]}"  # topic and group names have no spaces
  "$bin/kafka-acls.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" "${auth[@]}" --add \
    --allow-principal "User:$principal" "${ops[@]}" "${resources[@]}" \
    --resource-pattern-type "$pattern" > /dev/null
done

# IDEMPOTENT_WRITE -> IdempotentWrite, the spelling kafka-acls.sh takes.
pascal() {
  local word lower out=""
  IFS=_ read -r -a words <<< "$1"
  for word in "${words[@]}"; do
    lower="${word,,}"
    out+="${lower^}"
  done
  echo "$out"
}

removed=0
while read -r principal operation type name pattern; do
  case "$type" in
    CLUSTER) target=(--cluster) ;;
    *) lower="${type,,}" && target=("--${lower//_/-}" "$name") ;;
  esac
  "$bin/kafka-acls.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" "${auth[@]}" --remove --force \
    --allow-principal "User:$principal" --operation "$(pascal "$operation")" "${target[@]}" \
    --resource-pattern-type "${pattern,,}" > /dev/null
  echo "removed: User:$principal $operation on $type $name ($pattern), no longer in the table"
  removed=$((removed + 1))
done < <(LC_ALL=C comm -13 <(granted | LC_ALL=C sort -u) <(printf '%s\n' "$held_before" | sed '/^$/d'))

echo "service principals with their ACLs:${created} (stale ACLs removed: ${removed})"
