#!/usr/bin/env bash
# Runs every test of Lagom, setting up whatever the machine lacks first.
# The same command runs in CI (.ci/run). On 2 cores about 10 minutes from a clean clone
# (including the once-per-machine install of tauri-driver and cargo-fuzz), 2.5 warm.
#   ./test.sh          everything (what CI runs)
#   ./test.sh quick    the Rust tests and the web UI's unit tests only, for everyday work
# It ends with a table of the steps and the seconds each took, also when a step fails.
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-full}"
case "$mode" in
  full | quick) ;;
  *) echo "usage: ./test.sh [quick]" >&2; exit 2 ;;
esac
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"

# --- steps and their times ---------------------------------------------------------------
step_names=() step_secs=() current="" current_start=0 run_start=$SECONDS

end_step() {
  [ -n "$current" ] || return 0
  step_names+=("$current")
  step_secs+=($((SECONDS - current_start)))
  current=""
}

# step NAME COMMAND...: runs COMMAND as one timed step. A failing command ends the script
# (set -e) and the exit trap reports this step as the one that failed.
step() {
  current="$1"
  current_start=$SECONDS
  shift
  printf '\n== %s\n' "$current"
  "$@"
  end_step
}

report() {
  local status=$? failed="$current"
  end_step
  # A run that failed early leaves no fuzz build behind.
  [ -z "${fuzz_build_pid:-}" ] || kill "$fuzz_build_pid" 2>/dev/null || true
  printf '\n%-64s %7s\n' "step" "seconds"
  printf '%-64s %7s\n' "----" "-------"
  local i
  for i in "${!step_names[@]}"; do
    if [ "${step_names[$i]}" = "$failed" ]; then
      printf '%-64s %7d  FAILED\n' "${step_names[$i]:0:64}" "${step_secs[$i]}"
    else
      printf '%-64s %7d\n' "${step_names[$i]:0:64}" "${step_secs[$i]}"
    fi
  done
  printf '%-64s %7d\n' "total" $((SECONDS - run_start))
  if [ "$status" -eq 0 ]; then
    printf '\nAll %s tests passed.\n' "$([ "$mode" = quick ] && echo quick || echo the)"
  else
    printf '\nFAILED: %s (exit status %d)\n' "${failed:-setup}" "$status"
  fi
}
trap report EXIT

# --- what the steps do ---------------------------------------------------------------------

# Lints run while the tests compile: clippy-driver stands in for rustc on the workspace's own
# crates only, so every dependency is compiled once (a separate `cargo clippy` checks them
# all again, Tauri included). -D warnings arrives the way `cargo clippy -- -D warnings` sends
# it; the workspace's [lints] table applies as usual. quick uses the same settings, so both
# modes share one target/ without rebuilding each other's crates.
export RUSTC_WORKSPACE_WRAPPER="${LAGOM_CLIPPY_DRIVER:-$(rustup which clippy-driver 2>/dev/null || command -v clippy-driver)}"
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
# Every feature, as the lints always had it (the vault benchmark needs bench-plain).
cargo_args=(--workspace --all-features --locked)

system_packages() { scripts/system-packages.sh test; }

# npm ci only when ui/node_modules is missing or was installed from another lock file.
ui_install() {
  if ! cmp -s ui/package-lock.json ui/node_modules/.lagom-installed-from 2>/dev/null; then
    (cd ui && npm ci --silent --no-audit --no-fund)
    cp ui/package-lock.json ui/node_modules/.lagom-installed-from
  fi
}
ui_lint() { (cd ui && npm run --silent lint); }
ui_check() { (cd ui && npm run --silent check); }
ui_unit() { (cd ui && npm test --silent); }
ui_build() { (cd ui && npm run --silent build); }

rust_build() {
  # Every target (benchmarks and both binaries too), linted and compiled once, with the
  # features the tests use; the steps after this one only run what it built.
  cargo build "${cargo_args[@]}" --all-targets
}

test_data() {
  [ -d target/npm/node_modules/csv-spectrum ] \
    || npm install --silent --no-audit --no-fund --prefix target/npm csv-spectrum@2.0.0 >/dev/null
  tests/smtp/setup.sh
}

rust_tests() {
  export LAGOM_REQUIRE_CSV_SPECTRUM=1
  if command -v cargo-nextest >/dev/null; then
    # One process per test, spread over the cores; the slowest are listed at the end.
    cargo nextest run "${cargo_args[@]}" --config-file scripts/nextest.toml
  else
    cargo test "${cargo_args[@]}"
  fi
}

sqlcipher_interop() {
  local venv=target/test-venv
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -c "import sqlcipher3" 2>/dev/null \
    || "$venv/bin/pip" install --quiet --disable-pip-version-check "sqlcipher3==0.6.4"
  "$venv/bin/python" tests/interop/sqlcipher3_reads_vault.py target/debug/lagom
}

secret_service() {
  dbus-run-session -- tests/keyring/secret_service.sh "$PWD/target/debug/lagom" \
    2> >(grep -v "Failed to set fd limit" >&2)
}

ui_e2e() { (cd ui && node tests/e2e/run.mjs ../target/debug/lagom); }

desktop_window() {
  # The binary is the one the build step made, with the web UI built before it embedded.
  command -v tauri-driver >/dev/null || cargo install --locked tauri-driver@2.1.0
  xvfb-run -a -s "-screen 0 1280x800x24" python3 tests/desktop/window_e2e.py \
    target/debug/lagom target/debug/lagom-desktop "$(command -v tauri-driver)" ui/test-results
}

# The fuzz build (its own workspace and target dir, instrumented for libFuzzer) starts in the
# background at low priority once the Rust tests are done, and uses what the browser and window
# steps leave of the CPU. No sanitizer: the workspace forbids unsafe code, and without ASan the
# build is shorter and a fuzz run several times faster. cargo-fuzz needs nightly compiler flags;
# RUSTC_BOOTSTRAP lets the stable toolchain accept them for this build only.
fuzz_build_pid=""
fuzz_env() {
  unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
  export RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$PWD/target/fuzz"
  cd crates/lagom-import
}
fuzz_build_start() {
  command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz@0.13.1
  (fuzz_env && exec nice -n 19 cargo fuzz build --fuzz-dir fuzz -s none) >target/fuzz-build.log 2>&1 &
  fuzz_build_pid=$!
}

fuzz() {
  wait "$fuzz_build_pid" || { cat target/fuzz-build.log; return 1; }
  fuzz_build_pid=""
  (
    fuzz_env
    for target in csv vcard; do
      corpus="../../target/fuzz-corpus/$target"
      mkdir -p "$corpus"
      cp fuzz/seeds/"$target"/* tests/data/*.csv tests/data/*.vcf "$corpus/"
      log="../../target/fuzz-$target.log"
      if ! cargo fuzz run --fuzz-dir fuzz -s none "$target" "$corpus" \
        -- -max_total_time="${LAGOM_FUZZ_SECONDS:-10}" >"$log" 2>&1; then
        cat "$log"
        exit 1
      fi
      echo "$target: $(tail -n 1 "$log")"
    done
  )
}

# --- the run -------------------------------------------------------------------------------
step "system packages" system_packages
step "web UI: npm ci (when the lock file changed)" ui_install
if [ "$mode" = full ]; then
  step "web UI: lint" ui_lint
  step "web UI: types (svelte-check)" ui_check
fi
step "web UI: unit tests" ui_unit
# The desktop app embeds the build, so it comes before the Rust build (quick needs it too
# when it is missing, or lagom-desktop does not compile).
if [ "$mode" = full ] || [ ! -f ui/dist/index.html ]; then
  step "web UI: build" ui_build
fi
if [ "$mode" = full ]; then step "Rust: format" cargo fmt --all --check; fi
step "Rust: build and clippy, every target" rust_build
step "test data: csv-spectrum, SMTP server venv" test_data
step "Rust: unit, behaviour and crash tests" rust_tests
if [ "$mode" = full ]; then
  step "fuzzing: cargo-fuzz, its build started in the background" fuzz_build_start
  step "an independent SQLCipher 4 reads the vault" sqlcipher_interop
  step "the secret key in GNOME Keyring (Secret Service)" secret_service
  step "web UI end to end in Chromium against lagom serve" ui_e2e
  step "desktop window end to end (tauri-driver, Xvfb)" desktop_window
  step "fuzzing: the rest of the build, CSV and vCard 10 s each" fuzz
fi
