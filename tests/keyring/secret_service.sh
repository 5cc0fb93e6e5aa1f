#!/usr/bin/env bash
# The secret key goes into a real Secret Service (GNOME Keyring) and is read back from it,
# so that a person unlocks with the password alone. Runs inside its own D-Bus session:
#   dbus-run-session -- tests/keyring/secret_service.sh path/to/lagom
set -euo pipefail
lagom="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# A fresh login keyring, unlocked with a throwaway password, serving the secrets API.
eval "$(printf 'keyring-test-password' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
unset LAGOM_SECRET_KEY LAGOM_NO_KEYRING LAGOM_VAULT
export LAGOM_PASSWORD="keyring test password"

fail() { echo "secret service test: $*" >&2; exit 1; }

init=$("$lagom" --vault "$work/vault" --json init --owner "Keyring Owner")
# A here-string, not `echo | grep -q`: grep -q leaves at the first match, and under pipefail
# an echo still writing then fails the pipe now and then.
grep -q '"keyring": true' <<<"$init" || fail "init did not store the secret key: $init"
key=$(echo "$init" | sed -n 's/.*"secret_key": "\(LG1-[^"]*\)".*/\1/p')
[ -n "$key" ] || fail "no secret key printed"

# Password only: the secret key comes from the keyring.
"$lagom" --vault "$work/vault" --json person add --first-name Kari --last-name Nordmann >/dev/null \
  || fail "could not unlock with the keyring's secret key"
# The answer is read whole first: `lagom … | grep -q` would close the pipe on lagom
# mid-answer, and a command whose output was cut short ends with a failing exit code.
list=$("$lagom" --vault "$work/vault" --json person list) || fail "could not list people"
grep -q '"total": 1' <<<"$list" || fail "person not stored: $list"

# With the keyring switched off and no key given, unlocking must not silently succeed.
if "$lagom" --vault "$work/vault" --no-keyring person list </dev/null >/dev/null 2>&1; then
  fail "unlocked without a secret key"
fi

# A new secret key replaces the old one in the keyring too.
out=$(LAGOM_NEW_PASSWORD="another long password" "$lagom" --vault "$work/vault" --json passwd --new-secret-key)
new_key=$(echo "$out" | sed -n 's/.*"secret_key": "\(LG1-[^"]*\)".*/\1/p')
[ -n "$new_key" ] && [ "$new_key" != "$key" ] || fail "no new secret key: $out"
list=$(LAGOM_PASSWORD="another long password" "$lagom" --vault "$work/vault" --json person list) \
  || fail "the keyring was not updated with the new secret key: $out"
grep -q '"total": 1' <<<"$list" || fail "person not stored after the key change: $list"

# The secret key is nowhere on disk in plain text (the keyring encrypts its file).
if grep -rqF "$new_key" "$work" 2>/dev/null; then fail "the secret key was written to disk in plain text"; fi
echo "secret service: secret key stored, read back, replaced; never on disk in plain text"
