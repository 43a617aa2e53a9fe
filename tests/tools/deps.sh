#!/usr/bin/env bash
# Installs what the build and the tests need and is missing: Debian packages (apt-get) and PyPI packages (pip).
# usage: deps.sh "deb packages..." "pip packages..."
# A PyPI package is named with its exact version (name==version): one that is installed at another version is
# installed again at the pinned one, so that a new upstream release never changes a test verdict.
# Debian packages come from the stable release the machine runs (Debian 12), whose versions do not move; the
# versions the verdicts depend on are printed (deps.sh --versions) at the top of every test run.
set -euo pipefail
if [ "${1:-}" = "--versions" ]; then
  shift
  for p in $1; do printf 'deps: %s %s\n' "$p" "$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || echo missing)"; done
  for p in $2; do
    printf 'deps: %s %s (PyPI)\n' "${p%%==*}" \
      "$(python3 -m pip show "${p%%==*}" 2>/dev/null | sed -n 's/^Version: //p' || true)"
  done
  exit 0
fi
debs=() pips=()
for p in $1; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || debs+=("$p"); done
for p in $2; do
  case "$p" in
    *==*) ;;
    *) echo "deps: PyPI package $p has no pinned version (write $p==VERSION)" >&2; exit 1 ;;
  esac
  installed=$(python3 -m pip show "${p%%==*}" 2>/dev/null | sed -n 's/^Version: //p' || true)
  [ "$installed" = "${p#*==}" ] || pips+=("$p")
done
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
