#!/usr/bin/env bash
# Installs the Debian packages the tests need (Chromium for the browser tests, PostgreSQL
# for the store tests, nginx for the deployment tests and scripts/run_cluster.py, Node.js and
# npm for the OpenID Connect provider of the sign-in test, tests/fixtures/oidc_provider/), when it
# can; otherwise says exactly what is missing. Never downloads a browser of its own (no
# `playwright install`).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "liberation" || missing+=(fonts-liberation)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
# /usr/sbin is not on a normal user's PATH.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
# Node.js from another source (NodeSource) brings its own npm; Debian's comes apart.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages for the tests: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  echo "(Browser tests are skipped without /usr/bin/chromium, PostgreSQL store tests without initdb," >&2
  echo " deployment tests without nginx, the OpenID Connect sign-in test without nodejs and npm.)" >&2
fi
