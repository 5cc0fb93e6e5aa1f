"""An SMTP server on 127.0.0.1 for Lagom's mail tests.

Every message it accepts is written to --out as NNNN.eml (the bytes as received) with
NNNN.json beside it (the envelope: sender and recipients). It prints "PORT <n>" on its first
line once it listens, and stops when its standard input closes, so it never outlives the
test that started it.

  --starttls CERT KEY   offer STARTTLS with this certificate and key (PEM)
  --tls CERT KEY        speak TLS from the first byte (implicit TLS, as on port 465)
  --auth USER:PASSWORD  require AUTH PLAIN or LOGIN with these credentials (and, with
                        --starttls, only after STARTTLS)

A recipient at the domain rejected.invalid is refused with 550, as a server refuses an
address it does not know.
"""

import argparse
import json
import socket
import ssl
import sys
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Mailbox:
    """Writes each accepted message to a directory, numbered in order of arrival."""

    def __init__(self, out: Path):
        self.out = out
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().endswith("@rejected.invalid"):
            return "550 5.1.1 Recipient address rejected: no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        stem = self.out / f"{self.count:04}"
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}
        # The envelope first, the message last: a reader waiting for the .eml finds both.
        Path(f"{stem}.json").write_text(json.dumps(meta))
        partial = Path(f"{stem}.eml.part")
        partial.write_bytes(envelope.original_content)
        partial.rename(f"{stem}.eml")
        return "250 2.0.0 Message accepted for delivery"


def authenticator(user: str, password: str):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        # Not "handled": aiosmtpd then answers 535 itself.
        return AuthResult(success=ok, handled=False)

    return check


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tls_context(cert: str, key: str) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth", metavar="USER:PASSWORD")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    options = {}
    if args.starttls:
        options["tls_context"] = tls_context(*args.starttls)
        options["require_starttls"] = True
    if args.tls:
        options["ssl_context"] = tls_context(*args.tls)
    if args.auth:
        user, _, password = args.auth.partition(":")
        options["authenticator"] = authenticator(user, password)
        options["auth_required"] = True
        # aiosmtpd counts only STARTTLS as encryption; implicit TLS is encrypted from the start.
        options["auth_require_tls"] = bool(args.starttls)
    else:
        options["auth_require_tls"] = False

    port = free_port()
    controller = Controller(Mailbox(args.out), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print(f"PORT {port}", flush=True)
    try:
        # Until the test ends (or dies): its end of the pipe closes either way.
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
