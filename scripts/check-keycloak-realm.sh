#!/usr/bin/env bash
# Checks the Keycloak realm docker-compose.yml imports (signin/compose/orderplatform-realm.json) against a real
# Keycloak, without Docker: Keycloak's distribution from Maven Central, on a JDK 21 or later (KEYCLOAK_JAVA_HOME, or
# the first one found under /usr/lib/jvm). It signs in as each demo account the way `./suite token` does and checks
# the claims the gateway and the services read; then stops Keycloak. Build first (mvn -DskipTests install).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VERSION=26.4.7
PORT=${KEYCLOAK_PORT:-18080}
REALM_URL="http://localhost:$PORT/realms/orderplatform"
WORK=$(mktemp -d)
trap 'kill "$keycloak" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

java_home=${KEYCLOAK_JAVA_HOME:-}
if [ -z "$java_home" ]; then
  for candidate in /usr/lib/jvm/*; do
    if "$candidate/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then java_home=$candidate; break; fi
  done
fi
[ -n "$java_home" ] || { echo "Keycloak $VERSION needs a JDK 21 or later: set KEYCLOAK_JAVA_HOME" >&2; exit 2; }

mvn -B -ntp -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:zip" -DoutputDirectory="$WORK"
unzip -q "$WORK/keycloak-quarkus-dist-$VERSION.zip" -d "$WORK"
keycloak_dir="$WORK/keycloak-$VERSION"
mkdir -p "$keycloak_dir/data/import"
cp "$ROOT/signin/compose/orderplatform-realm.json" "$keycloak_dir/data/import/"

JAVA_HOME=$java_home KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  "$keycloak_dir/bin/kc.sh" start-dev --import-realm --http-port="$PORT" --http-management-port=$((PORT + 1)) \
  --hostname="http://localhost:$PORT" > "$WORK/keycloak.log" 2>&1 &
keycloak=$!
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "$REALM_URL/.well-known/openid-configuration" 2>/dev/null && break
  kill -0 "$keycloak" 2>/dev/null || { cat "$WORK/keycloak.log" >&2; exit 1; }
  sleep 1
done

claims() {  # the payload of a JWT as JSON
  python3 -c 'import base64,sys; p=sys.argv[1].split(".")[1]; print(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)).decode())' "$1"
}
token() {
  SIGNIN_URL=$REALM_URL java -cp "$ROOT/signin/target/signin-0.1.0-SNAPSHOT.jar" org.orderplatform.signin.TokenCommand "$@"
}
expect() {  # USER ROLES CUSTOMER_ID: the token's roles and customer_id, as Python literals
  local payload
  payload=$(claims "$(token "$1")")
  python3 -c '
import json, sys
claims, roles, customer = json.loads(sys.argv[1]), eval(sys.argv[2]), eval(sys.argv[3])
assert claims["iss"] == sys.argv[4], claims["iss"]
assert sorted(claims.get("roles", [])) == roles, (claims.get("roles"), roles)
assert claims.get("customer_id") == customer, (claims.get("customer_id"), customer)
' "$payload" "$2" "$3" "$REALM_URL"
  echo "$1: roles $2, customer_id $3"
}

expect alice "['customer']" "'alice'"
expect bob "['customer']" "'bob'"
expect olivia "['operator']" "None"
if token alice wrong 2>/dev/null; then echo "a wrong password was taken" >&2; exit 1; fi
echo "a wrong password is refused"
service=$(curl -fsS -u load-bench:load-bench-secret -d grant_type=client_credentials \
  "$REALM_URL/protocol/openid-connect/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
python3 -c 'import json,sys; assert json.loads(sys.argv[1])["roles"] == ["service"]' "$(claims "$service")"
echo "load-bench (client credentials): roles ['service']"
grafana_roles() {  # USER: the roles Grafana reads at its sign-in (ID token and userinfo), after the code flow it runs
  python3 - "$REALM_URL" "$1" <<'PY'
import base64, hashlib, html, http.cookiejar, json, re, secrets, sys, urllib.parse, urllib.request
realm, user = sys.argv[1], sys.argv[2]
redirect = "http://localhost:3000/login/generic_oauth"
class Stop(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None if newurl.startswith(redirect) else super().redirect_request(req, fp, code, msg, headers, newurl)
class LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    # Keycloak marks its session cookies Secure; a browser sends them to a loopback address over plain HTTP too.
    def return_ok_secure(self, cookie, request):
        return urllib.parse.urlparse(request.full_url).hostname in ("localhost", "127.0.0.1") \
            or super().return_ok_secure(cookie, request)
cookies = http.cookiejar.CookieJar(policy=LoopbackIsSecure())
browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies), Stop())
verifier = secrets.token_urlsafe(48)
challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
form = browser.open(realm + "/protocol/openid-connect/auth?" + urllib.parse.urlencode({
    "client_id": "grafana", "redirect_uri": redirect, "response_type": "code", "scope": "openid profile email",
    "state": "s", "code_challenge": challenge, "code_challenge_method": "S256"})).read().decode()
action = html.unescape(re.search(r'action="([^"]+)"', form).group(1))
try:
    browser.open(action, urllib.parse.urlencode({"username": user, "password": user}).encode())
    sys.exit("no redirect back to Grafana")
except urllib.error.HTTPError as answer:
    code = urllib.parse.parse_qs(urllib.parse.urlparse(answer.headers["Location"]).query)["code"][0]
request = urllib.request.Request(realm + "/protocol/openid-connect/token", urllib.parse.urlencode({
    "grant_type": "authorization_code", "code": code, "redirect_uri": redirect, "code_verifier": verifier,
    "client_id": "grafana", "client_secret": "grafana-secret"}).encode())
tokens = json.load(urllib.request.urlopen(request))
part = tokens["id_token"].split(".")[1]
id_token = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
userinfo = json.load(urllib.request.urlopen(urllib.request.Request(realm + "/protocol/openid-connect/userinfo",
                                                                   headers={"Authorization": "Bearer " + tokens["access_token"]})))
assert id_token.get("roles") == userinfo.get("roles"), (id_token.get("roles"), userinfo.get("roles"))
assert userinfo["preferred_username"] == user, userinfo
print(sorted(userinfo.get("roles", [])))
PY
}
[ "$(grafana_roles olivia)" = "['operator']" ] || { echo "Grafana would not see olivia as operator" >&2; exit 1; }
[ "$(grafana_roles alice)" = "['customer']" ] || { echo "Grafana would see alice's roles wrong" >&2; exit 1; }
echo "grafana (authorization code): olivia's roles ['operator'] in the ID token and userinfo, alice's ['customer']"
echo "the realm gives the gateway and the services what they read"
