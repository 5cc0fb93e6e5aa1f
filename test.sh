#!/usr/bin/env bash
# Runs every test of Lagom, setting up whatever the machine lacks first.
# The same command runs in CI (.ci/run). About 45 minutes on 2 cores from clean.
set -euo pipefail
cd "$(dirname "$0")"
scripts/system-packages.sh test
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"

step() { printf '\n== %s\n' "$*"; }

step "web UI: lint, types, unit tests, build (the desktop app embeds the build)"
(
  cd ui
  npm ci --silent --no-audit --no-fund
  npm run --silent lint
  npm run --silent check
  npm test --silent
  npm run --silent build
)

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

step "test data from npm (csv-spectrum)"
[ -d target/npm/node_modules/csv-spectrum ] \
  || npm install --silent --no-audit --no-fund --prefix target/npm csv-spectrum@2.0.0 >/dev/null

step "the mail tests' SMTP server (aiosmtpd in target/smtp-venv, where they look for it)"
tests/smtp/setup.sh

step "unit, behaviour and crash tests (real SQLCipher files)"
LAGOM_REQUIRE_CSV_SPECTRUM=1 cargo test --workspace --locked

step "an independent SQLCipher 4 implementation reads the vault"
venv=target/test-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "sqlcipher3==0.6.4"
"$venv/bin/python" tests/interop/sqlcipher3_reads_vault.py target/debug/lagom

step "the secret key in a real Secret Service (GNOME Keyring)"
dbus-run-session -- tests/keyring/secret_service.sh "$PWD/target/debug/lagom" 2> >(grep -v "Failed to set fd limit" >&2)

step "web UI end to end in Chromium against lagom serve"
(cd ui && node tests/e2e/run.mjs ../target/debug/lagom)

step "the desktop window end to end (tauri-driver, WebKitWebDriver, Xvfb)"
command -v tauri-driver >/dev/null || cargo install --locked tauri-driver@2.1.0
cargo build --locked -p lagom-desktop
xvfb-run -a -s "-screen 0 1280x800x24" python3 tests/desktop/window_e2e.py \
  target/debug/lagom target/debug/lagom-desktop "$(command -v tauri-driver)" ui/test-results

step "fuzzing the CSV and vCard readers (30 s each)"
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
# cargo-fuzz needs nightly compiler flags (sanitizers); RUSTC_BOOTSTRAP lets the stable
# toolchain accept them for this build only.
export RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$PWD/target/fuzz"
for target in csv vcard; do
  corpus="target/fuzz-corpus/$target"
  mkdir -p "$corpus"
  cp crates/lagom-import/tests/data/*.csv crates/lagom-import/tests/data/*.vcf "$corpus/" 2>/dev/null || true
  (cd crates/lagom-import && cargo fuzz run --fuzz-dir fuzz "$target" "../../$corpus" -- -max_total_time=30 2>&1 | tail -n 1)
done
unset RUSTC_BOOTSTRAP CARGO_TARGET_DIR

printf '\nAll tests passed.\n'
