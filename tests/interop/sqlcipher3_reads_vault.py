"""A vault written by Lagom opens in an independent SQLCipher 4 implementation.

Uses the `sqlcipher3` package from PyPI (its own build of SQLCipher) with only the raw key
that `lagom database-key` prints: the vault is a standard SQLCipher 4 database, not a
private format. Run by ./test.sh with the lagom binary's path as the first argument.
"""

import json
import os
import subprocess
import sys
import tempfile

import sqlcipher3

LAGOM = sys.argv[1]
PASSWORD = "interop password 1"


def lagom(vault, *args, secret_key=None):
    env = dict(os.environ, LAGOM_PASSWORD=PASSWORD, LAGOM_NO_KEYRING="1")
    env.pop("LAGOM_SECRET_KEY", None)
    if secret_key:
        env["LAGOM_SECRET_KEY"] = secret_key
    out = subprocess.run([LAGOM, "--vault", vault, "--json", *args], env=env, check=True, capture_output=True)
    return json.loads(out.stdout)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        vault = os.path.join(tmp, "vault")
        key = lagom(vault, "init", "--owner", "Interop")["secret_key"]
        lagom(vault, "person", "add", "--first-name", "Bjørn", "--last-name", "Kjær",
              "--email", "bjorn@kjaer.example", "--org", "Södertälje Bygg AB", secret_key=key)
        lagom(vault, "demo", "--people", "250", secret_key=key)
        raw = lagom(vault, "database-key", secret_key=key)["sqlcipher_raw_key"]

        db = sqlcipher3.connect(os.path.join(vault, "vault.db"))
        db.execute(f"PRAGMA key = \"x'{raw}'\"")
        version = db.execute("PRAGMA cipher_version").fetchone()[0]
        assert version.startswith("4."), version
        assert db.execute("PRAGMA cipher_integrity_check").fetchall() == []
        count = db.execute("SELECT count(*) FROM people").fetchone()[0]
        assert count == 251, count
        row = db.execute("SELECT first_name, last_name, email FROM people WHERE email = 'bjorn@kjaer.example'").fetchone()
        assert row == ("Bjørn", "Kjær", "bjorn@kjaer.example"), row
        # The full-text index works in the other implementation too.
        hits = db.execute(
            "SELECT p.first_name FROM person_search s JOIN people p ON p.pk = s.rowid "
            "WHERE person_search MATCH '\"kjaer\"*'").fetchall()
        assert ("Bjørn",) in hits, hits
        events = db.execute("SELECT count(*) FROM audit_events").fetchone()[0]
        assert events > 250, events
        db.close()

        wrong = sqlcipher3.connect(os.path.join(vault, "vault.db"))
        wrong.execute("PRAGMA cipher_log_level = NONE")
        wrong.execute("PRAGMA key = \"x'" + "00" * 32 + "'\"")
        try:
            wrong.execute("SELECT count(*) FROM people").fetchone()
        except sqlcipher3.DatabaseError:
            pass
        else:
            raise AssertionError("a wrong raw key opened the vault")
        print(f"sqlcipher3 ({version}) read {count} people, the search index and {events} audit events")


if __name__ == "__main__":
    main()
