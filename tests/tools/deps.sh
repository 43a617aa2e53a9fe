#!/usr/bin/env bash
# Installs what the build and the tests need and is missing: Debian packages (apt-get) and PyPI packages (pip).
# usage: deps.sh "deb packages..." "pip packages..."
set -euo pipefail
debs=() pips=()
for p in $1; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || debs+=("$p"); done
for p in $2; do python3 -m pip show -q "${p%%[=<>]*}" >/dev/null 2>&1 || pips+=("$p"); done
sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
if [ ${#debs[@]} -gt 0 ]; then
  echo "deps: installing Debian packages: ${debs[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${debs[@]}" >/dev/null
fi
if [ ${#pips[@]} -gt 0 ]; then
  echo "deps: installing PyPI packages: ${pips[*]}"
  python3 -m pip install -q "${pips[@]}"
fi
