#!/usr/bin/env bash
# Installs everything dsforge needs on a fresh Debian machine with Node 20, Go and apt:
# Debian packages (qemu for the arm64 binary check, `file`), pnpm 10.34.9, the workspace's npm
# packages and the Go modules of the conformance suite. Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v file >/dev/null 2>&1 || need_apt+=(file)
command -v qemu-aarch64-static >/dev/null 2>&1 || need_apt+=(qemu-user-static)
[ -d /usr/aarch64-linux-gnu/lib ] && [ -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ] ||
  need_apt+=(libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)
command -v gpg >/dev/null 2>&1 || need_apt+=(gnupg)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "bootstrap: apt-get install ${need_apt[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "bootstrap: missing Debian packages (${need_apt[*]}); run as root or: sudo apt-get install ${need_apt[*]}" >&2
  fi
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "10.34.9" ]; then
  echo "bootstrap: installing pnpm 10.34.9" >&2
  npm install -g pnpm@10.34.9 >/dev/null 2>&1 || npm install -g --prefix "$HOME/.local" pnpm@10.34.9 >/dev/null
fi

pnpm install --frozen-lockfile --reporter=silent
(cd tools/conformance && [ -f go.mod ] && go mod download) || true
