#!/usr/bin/env bash
# Installs the system packages the tests need, only those missing. Safe to run again.
set -euo pipefail

packages=()
need() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' || packages+=("$1")
}

need chromium
need chromium-driver

if [ ${#packages[@]} -eq 0 ]; then
    echo "Test tools already installed."
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
else
    as_root=(sudo)
fi

"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
