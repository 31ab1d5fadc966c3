#!/usr/bin/env bash
# Installs the Debian packages the test suite runs, when missing. Safe to run again: installed packages are left alone.
set -euo pipefail

# One package a line; a test that needs another tool adds it here.
PACKAGES=(
    docker-compose
    chromium
    chromium-driver
    # promtool checks and tests the alert rules.
    prometheus
)

missing=()
for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "test tools present: ${PACKAGES[*]}"
    exit 0
fi

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        sudo "$@"
    fi
}

if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "missing ${missing[*]}: run as root or install sudo" >&2
    exit 1
fi

echo "installing ${missing[*]}"
# Waits for another apt run to finish instead of failing on its lock.
lock_wait=(-o DPkg::Lock::Timeout=600)
as_root apt-get "${lock_wait[@]}" update -qq
# Without recommends: docker-compose would otherwise bring a whole Docker engine that validating the file does not need.
as_root env DEBIAN_FRONTEND=noninteractive apt-get "${lock_wait[@]}" install -y -qq --no-install-recommends "${missing[@]}"
