#!/bin/sh
# Renders a `--diagram` file to PNG with the Mermaid CLI (npm) and Chromium (Debian), to see
# that Mermaid reads it and how it looks:
#   apt-get install chromium
#   (cd /tmp/mmd && PUPPETEER_SKIP_DOWNLOAD=1 npm install @mermaid-js/mermaid-cli)
#   scripts/render_diagram.sh er.mmd er.png
set -eu
MMDC=${MMDC:-/tmp/mmd/node_modules/.bin/mmdc}
config=$(mktemp)
trap 'rm -f "$config"' EXIT
echo '{"executablePath": "/usr/bin/chromium", "args": ["--no-sandbox", "--disable-gpu"]}' > "$config"
"$MMDC" -p "$config" -i "$1" -o "$2" -w 1600
