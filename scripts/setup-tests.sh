#!/usr/bin/env bash
# Everything the test suite needs on a fresh Debian machine: Dovecot (IMAP), Chromium (browser
# tests), openssl, and the Python test tools. Safe to run again; installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing Debian packages: ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
bash scripts/setup.sh test
