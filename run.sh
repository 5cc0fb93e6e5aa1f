#!/usr/bin/env bash
# Sets up what the machine lacks, builds Lagom and opens the desktop app on a vault: the one
# given with --vault DIR (or LAGOM_VAULT), else ~/.local/share/lagom/vault. A new vault is
# created in the app's first screen.
#   ./run.sh --web    opens the app in your browser instead (lagom serve on 127.0.0.1)
#   ./run.sh --cli    a tour in the terminal: a new vault gets 200 made-up people
set -euo pipefail
cd "$(dirname "$0")"
vault="${LAGOM_VAULT:-${XDG_DATA_HOME:-$HOME/.local/share}/lagom/vault}"
mode=desktop
while [ $# -gt 0 ]; do
  case "$1" in
    --vault) vault="$2"; shift 2 ;;
    --web) mode=web; shift ;;
    --cli) mode=cli; shift ;;
    *) echo "usage: ./run.sh [--vault DIR] [--web | --cli]" >&2; exit 2 ;;
  esac
done

if [ "$mode" = desktop ]; then
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display here for the desktop app: try ./run.sh --web or ./run.sh --cli" >&2
    exit 1
  fi
  scripts/system-packages.sh desktop
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  echo "Building Lagom's app (the first build takes several minutes)..."
  (cd ui && npm ci --silent --no-audit --no-fund && npm run --silent build)
  cargo build --release --locked -p lagom-desktop
  mkdir -p "$(dirname "$vault")"
  LAGOM_VAULT="$vault" exec target/release/lagom-desktop
fi

if [ "$mode" = web ]; then
  scripts/system-packages.sh web
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  echo "Building Lagom and its web UI (the first build takes a few minutes)..."
  cargo build --release --locked -p lagom-cli
  (cd ui && npm ci --silent --no-audit --no-fund && npm run --silent build)
  mkdir -p "$(dirname "$vault")"
  # The server prints the address to open (with its token); the browser is opened for you
  # where there is one. The vault is created or unlocked in the app.
  exec target/release/lagom --vault "$vault" serve --ui ui/dist --open
fi

scripts/system-packages.sh run
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
echo "Building Lagom (the first build takes a few minutes)..."
cargo build --release --locked -p lagom-cli
lagom="$PWD/target/release/lagom"
export LAGOM_VAULT="$vault"

if [ -z "${LAGOM_PASSWORD:-}" ]; then
  if [ -f "$vault/vault.header" ]; then prompt="Password for $vault: "; else prompt="Choose a password for a new vault in $vault (10+ characters): "; fi
  read -r -s -p "$prompt" LAGOM_PASSWORD; echo
  export LAGOM_PASSWORD
fi

if [ ! -f "$vault/vault.header" ]; then
  kit="$(dirname "$vault")/lagom-emergency-kit.html"
  created=$("$lagom" --json init --owner "${USER:-Owner}" --kit "$kit")
  LAGOM_SECRET_KEY=$(printf '%s' "$created" | sed -n 's/.*"secret_key": "\(LG1-[^"]*\)".*/\1/p')
  export LAGOM_SECRET_KEY
  cat <<MSG

A new vault was created in $vault.
Your secret key (shown once; you need it and your password to open the vault):

    $LAGOM_SECRET_KEY

An emergency kit to print is in $kit.
MSG
  grep -q '"keyring": true' <<<"$created" \
    && echo "The secret key is also saved in this computer's keyring." \
    || echo "No keyring here: give the secret key with LAGOM_SECRET_KEY or type it when asked."
  "$lagom" demo --people 200
fi

echo
"$lagom" person list --limit 15
echo
echo "Search for \"bjorn\" (finds Bjørn and Björn):"
"$lagom" search bjorn --limit 5
echo
"$lagom" audit verify
cat <<MSG

Lagom is ready. Try, with LAGOM_VAULT=$vault:
  $lagom person add --first-name Kari --last-name Nordmann --email kari@example.no
  $lagom search kari
  $lagom person show kari@example.no
  $lagom audit list --limit 10
  $lagom --help
MSG
