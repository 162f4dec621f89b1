#!/usr/bin/env bash
# The Linux bundle: dist/internkontroll/ with internkontroll-gui and internkontroll, built with
# PyInstaller from the locked environment; prints the folder's size. Also the desktop entry and
# icon: copy them to ~/.local/share/applications and ~/.local/share/icons, with the bundle folder
# on PATH (or the entry's Exec= made the full path of internkontroll-gui).
#   bash packaging/build.sh [OUT]     (OUT: the folder for dist/ and build/, default the checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$PWD}
uv sync --locked --quiet
uv run pyinstaller --noconfirm --clean --log-level WARN \
    --distpath "$out/dist" --workpath "$out/build" packaging/internkontroll.spec
bundle="$out/dist/internkontroll"
cp packaging/internkontroll.desktop packaging/internkontroll.png "$bundle/"
du -sm "$bundle" | awk '{print "Paketet: " $1 " MB i " $2}'
