#!/usr/bin/env bash
# Creates (once) a Python venv holding a pinned moto server, outside the repository, and prints
# the path of its moto_server executable. Used by the emulator's moto cross-check test.
set -euo pipefail

MOTO_VERSION="5.2.5"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/awspca-issuer-ts"
VENV="$CACHE_ROOT/moto-venv-$MOTO_VERSION"
DONE="$VENV/.installed"

if [[ ! -f "$DONE" ]]; then
  mkdir -p "$CACHE_ROOT"
  # venv scripts embed their absolute path, so build in place and mark completion last.
  rm -rf "$VENV"
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2
  touch "$DONE"
fi
echo "$VENV/bin/moto_server"
