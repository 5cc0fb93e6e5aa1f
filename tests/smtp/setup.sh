#!/usr/bin/env bash
# Makes the Python environment the mail tests' SMTP server runs in (target/smtp-venv).
# Quick when it is already there with the same requirements; run it again after they change.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/target/smtp-venv"
stamp="$venv/.requirements"

if [ -x "$venv/bin/python" ] && cmp -s "$here/requirements.txt" "$stamp"; then
    exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
cp "$here/requirements.txt" "$stamp"
echo "SMTP test server ready: $venv/bin/python $here/server.py"
