#!/usr/bin/env bash
# Run once per `docker compose up`, before the services start: registers each service with AxonIQ's Axon Server as
# an application of its own, with a token of its own, and writes that token into a volume only that service mounts
# (as /run/secrets/order-platform/axon.axonserver.token, which Spring reads as the property of that name). Tokens are
# made at the first start and kept in their volumes; registering again with the same token is harmless.
set -euo pipefail

server=http://axonserver:8024
cli=(java -jar /axonserver/axonserver-cli.jar)
system_token=$(cat /axonserver/data/system-token)

# A token of 32 random bytes in hex, made once and kept in FILE.
token_in() {
  local file=$1
  if [ ! -s "$file" ]; then
    (umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > "$file")
  fi
  cat "$file"
}

# register APPLICATION ROLES FILE [OWNER_UID]: the application's token lives in FILE, readable by OWNER_UID only.
register() {
  local application=$1 roles=$2 file=$3 owner=${4:-}
  local token
  token=$(token_in "$file")
  [ -z "$owner" ] || chown "$owner" "$file"
  if ! "${cli[@]}" register-application -S "$server" -t "$system_token" -a "$application" -r "$roles" -T "$token" \
      > /dev/null; then
    # Registered before with another token (its volume was deleted): register it anew.
    "${cli[@]}" delete-application -S "$server" -t "$system_token" -a "$application" > /dev/null
    "${cli[@]}" register-application -S "$server" -t "$system_token" -a "$application" -r "$roles" -T "$token" \
      > /dev/null
  fi
  echo "registered $application ($roles)"
}

# The services' images run as the user "app" (uid 10001, the Dockerfile), who is given their token files.
for service in catalog payment order-command order-query; do
  register "$service" "USE_CONTEXT@default" "/secrets/$service/axon.axonserver.token" 10001
done
# Prometheus (uid 65534, nobody) reads Axon Server's metrics.
register prometheus "MONITOR@default" /secrets/prometheus/axonserver-token 65534

# The operator's account for the dashboard: olivia, with a password made at the first start (read it with
# `docker compose run --rm --no-deps --entrypoint cat axonserver-setup /secrets/dashboard/olivia`).
password=$(token_in /secrets/dashboard/olivia)
"${cli[@]}" register-user -S "$server" -t "$system_token" -u olivia -p "$password" -r "ADMIN@*" > /dev/null
echo "registered the dashboard user olivia"
