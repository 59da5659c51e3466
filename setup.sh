#!/usr/bin/env bash
# Set up campaign on a fresh Debian machine: system libraries for the PDF writer (installed only
# where missing), then a project-local virtual environment in .venv with campaign in it.
#   ./setup.sh          runtime only
#   ./setup.sh --test   also the test extras (pytest, aiosmtpd, mypy, ruff, ...)
set -euo pipefail
cd "$(dirname "$0")"

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# WeasyPrint needs Pango; HarfBuzz's subsetter makes font subsetting ~5x faster than fontTools;
# poppler-utils gives pdftoppm for the README pictures.
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils)
# The tests open every kind of DOCX we write in LibreOffice (headless), as a campaigner's editor would,
# and compare the bundled font cuts (src/campaign/fonts, made by `python -m campaign.fonts.subset`)
# with the Noto fonts they are cut from. The PDF writer itself never reads these system fonts.
# The preview test opens the preview site in a real browser (headless Chromium: --dump-dom, --screenshot).
[ $want_test = 1 ] && packages+=(libreoffice-writer-nogui fonts-noto-core fonts-noto-cjk chromium)
missing=()
for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else sudo="none"; fi
    if [ "$sudo" = none ] || ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
        echo "setup: could not install ${missing[*]}; PDF output needs Pango (libpango-1.0-0)." >&2
        echo "setup: install them with your package manager, then run ./setup.sh again." >&2
    fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ $want_test = 1 ]; then
    .venv/bin/python -m pip install -q -e '.[test]'
else
    .venv/bin/python -m pip install -q -e .
fi
echo "setup: ready; run .venv/bin/campaign --help"
