#!/usr/bin/env bash
# Installs what scr-workbench needs on a fresh Debian/Ubuntu machine, and nothing when it
# is already there. Used by the README's two commands and by CI.
#  - runtime libraries for the window (X11/Wayland, OpenGL via Mesa), zenity for file
#    dialogs when no desktop portal is running;
#  - poppler-utils (pdftotext) for the tests that read our PDFs back.
set -euo pipefail

packages=(
  pkg-config
  libx11-6 libxcursor1 libxrandr2 libxi6 libxkbcommon-x11-0 libxkbcommon0 libwayland-client0
  libgl1 libegl1 libgl1-mesa-dri
  zenity
  poppler-utils
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "install-deps: cargo (Rust 1.95 or newer) is required: https://rustup.rs" >&2; exit 1; }
