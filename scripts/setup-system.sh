#!/usr/bin/env bash
# Installs the system packages the tests and benchmarks need on Debian/Ubuntu.
# Idempotent: packages already present are not reinstalled, and apt is skipped entirely
# when everything is there. macOS and Windows users: see README "Prerequisites".
set -euo pipefail

PKGS=(
  libsecret-1-dev       # keytar builds from source against libsecret
  gnome-keyring dbus    # a real Secret Service for the keychain tests
  chromium              # Playwright drives Debian's Chromium (no browser download here)
  rclone awscli aria2 curl  # real third-party clients the local MASV service is held against
  p7zip-full            # electron-builder's 7za for the offline packaging check
  hyperfine time        # benchmarks (GNU time reports CPU seconds and peak RSS)
  jq unzip              # the README's curl walkthrough of the local service (run by a test)
  fonts-inter           # a UI font for the window in Chromium (else DejaVu): the journeys' screenshots
  openssl ca-certificates
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all system packages present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: missing ${missing[*]} and no apt-get here; install them by hand (see README)" >&2
  exit 1
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup-system: done"
