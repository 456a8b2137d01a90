#!/usr/bin/env bash
# Draws the app's PNG icons (home screen, install prompt) from its SVG icons with Chromium.
# Run after changing icon.svg or icon-maskable.svg; the PNGs are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
STATIC="$PWD/src/parting/web/static/parting"
CHROMIUM="${PARTING_BROWSER:-/usr/bin/chromium}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
draw() {  # draw SVG SIZE OUT
  cat >"$work/page.html" <<HTML
<!doctype html><html><head><style>html,body{margin:0;background:transparent;overflow:hidden}
img{display:block;width:$2px;height:$2px}</style></head><body><img src="file://$STATIC/$1"></body></html>
HTML
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --default-background-color=00000000 --window-size="$2,$2" \
    --screenshot="$STATIC/$3" "file://$work/page.html" >/dev/null 2>&1
  echo "$STATIC/$3"
}
draw icon.svg 192 icon-192.png
draw icon.svg 512 icon-512.png
draw icon-maskable.svg 512 icon-maskable-512.png
draw icon-maskable.svg 180 apple-touch-icon.png
