#!/usr/bin/env bash
# Regenerates the page images the README shows, from a build of the bundled campaign (English):
# page 1 of the appeal to uk-fs, page 1 of the EU sanctions brief and its first dossier page (the
# first page with a target's "Identifiers"). Needs poppler-utils (pdftoppm, pdftotext).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
.venv/bin/campaign build -o "$out" -r uk-fs -r eu-hrvp -d appeal -d sanctions-brief -f pdf -l en -j 1 >/dev/null 2>&1
brief="$out/eu-hrvp/sanctions-brief.en.pdf"
pages=$(pdfinfo "$brief" | awk '/^Pages:/ {print $2}')
dossier=$(for page in $(seq 1 "$pages"); do
  if pdftotext -f "$page" -l "$page" "$brief" - | grep -x "Identifiers" >/dev/null; then echo "$page"; fi
done)
dossier=${dossier%%$'\n'*}
image() { pdftoppm -r 50 -png -singlefile -f "$2" -l "$2" "$1" "docs/$3"; }
image "$out/uk-fs/appeal.en.pdf" 1 appeal-page1
image "$brief" 1 sanctions-brief-page1
image "$brief" "$dossier" sanctions-brief-dossier
ls -l docs/*.png
