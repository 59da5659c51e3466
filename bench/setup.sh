#!/usr/bin/env bash
# Set-up for bench/run.py: the project's own set-up (./setup.sh), then LibreOffice Writer for the
# batch-conversion baseline, from the distribution's packages, only when `soffice` is missing.
# If it cannot be installed, bench/run.py records "libreoffice": "absent: <reason>" (never faked).
#   bench/setup.sh
set -uo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/python ] || ./setup.sh

if command -v soffice >/dev/null 2>&1; then
    echo "bench/setup: soffice present: $(command -v soffice)"
    exit 0
fi
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else sudo="none"; fi
if [ "$sudo" = none ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "bench/setup: soffice missing and no apt-get/root to install it; the LibreOffice baseline will be absent" >&2
    exit 0
fi
$sudo apt-get update -qq || echo "bench/setup: apt-get update failed" >&2
export DEBIAN_FRONTEND=noninteractive
for pkg in libreoffice-writer-nogui libreoffice-writer; do
    echo "bench/setup: installing $pkg (no recommends)"
    if $sudo apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null; then
        break
    fi
    echo "bench/setup: could not install $pkg" >&2
done
if command -v soffice >/dev/null 2>&1; then
    echo "bench/setup: soffice installed: $(command -v soffice)"
else
    echo "bench/setup: soffice still missing; the LibreOffice baseline will be recorded as absent" >&2
fi
