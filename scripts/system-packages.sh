#!/usr/bin/env bash
# Installs what Lagom needs from the system on Debian/Ubuntu, and Rust if it is missing.
#   scripts/system-packages.sh run    what building and running needs
#   scripts/system-packages.sh web    that, plus Node.js to build the web UI
#   scripts/system-packages.sh desktop  that, plus WebKitGTK for the desktop app
#   scripts/system-packages.sh test   that, plus what the tests use
# Packages already installed are skipped, so a second run costs nothing.
set -euo pipefail
set_name="${1:-run}"

run_packages=(build-essential pkg-config libssl-dev ca-certificates curl)
# qpdf and python3-pypdf (which decrypts AES with python3-pycryptodome): independent readers
# of the subject-access PDF (its attachments, its pages' text), as a person's reader opens it.
test_packages=(python3 python3-venv gnome-keyring dbus dbus-x11 chromium p7zip-full strace qpdf
  python3-pypdf python3-pycryptodome)
# The desktop shell (Tauri 2 on WebKitGTK)...
desktop_packages=(libwebkit2gtk-4.1-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev librsvg2-dev
  libayatana-appindicator3-dev file)
# ...and driving its real window under Xvfb in the tests.
window_test_packages=(xvfb webkit2gtk-driver xauth x11-utils imagemagick)

packages=("${run_packages[@]}")
[ "$set_name" = "test" ] && packages+=("${test_packages[@]}" "${desktop_packages[@]}" "${window_test_packages[@]}")
[ "$set_name" = "desktop" ] && packages+=("${desktop_packages[@]}")
if [ "$set_name" != "run" ]; then
  # Node.js may come from elsewhere than Debian; only install it when there is none.
  command -v npm >/dev/null || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "Please install: ${missing[*]} (this script knows apt-get only)" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    echo "Rust is installed in ~/.cargo/bin; add it to PATH (source ~/.cargo/env)." >&2
  else
    echo "Installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component rustfmt,clippy
  fi
fi
