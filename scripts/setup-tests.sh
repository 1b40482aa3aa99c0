#!/usr/bin/env bash
# Everything the test suite needs on a fresh Debian machine: Dovecot (IMAP), Chromium (browser
# tests), openssl, and the Python test tools. Safe to run again; installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# Debian's Chromium: Playwright drives the system browser, never a downloaded one.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# fonts-dejavu so screenshots show Swedish letters, not boxes.
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing Debian packages: ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
bash scripts/setup.sh test
