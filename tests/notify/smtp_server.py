#!/usr/bin/env python3
"""An SMTP server for the dac notify tests (aiosmtpd), on 127.0.0.1 only.

It records every message as one JSON line in --log: envelope sender and
recipients, the message as received ("data" as text, "raw" its bytes in
base64, for a strict parse), whether the session used TLS, and the user that
logged in. With --cert/--key it offers STARTTLS (--require-starttls:
refuses mail without it); with --auth USER:PASS it requires that login.
--fail N:CODE answers the first N messages with CODE (e.g. 2:451).
It writes the port it listens on to --port-file once it accepts connections.
"""
import argparse
import base64
import json
import os
import signal
import socket
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Recorder:
    def __init__(self, log, fail_count, fail_code):
        self.log = log
        self.fail_count = fail_count
        self.fail_code = fail_code
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or b""
        with self.lock:
            failing = self.fail_count > 0
            if failing:
                self.fail_count -= 1
            entry = {
                "t": time.time(),
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "data": content.decode("utf-8", "replace"),
                # The bytes as received, for a strict parse (email.message_from_bytes).
                "raw": base64.b64encode(content).decode("ascii"),
                "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
                "login": session.auth_data if session.authenticated else None,
                "answer": self.fail_code if failing else 250,
            }
            with open(self.log, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")
        if failing:
            return f"{self.fail_code} Try again later"
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--require-starttls", action="store_true")
    p.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (smtps://)")
    p.add_argument("--auth")
    p.add_argument("--fail", default="0:451")
    args = p.parse_args()
    open(args.log, "a").close()
    fail_count, fail_code = (int(x) for x in args.fail.split(":"))

    kwargs = {}
    controller_kwargs = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        if args.implicit_tls:
            controller_kwargs["ssl_context"] = context
        else:
            kwargs["tls_context"] = context
            kwargs["require_starttls"] = args.require_starttls
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False, auth_data=user if ok else None)

        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = bool(args.cert)

    controller = Controller(Recorder(args.log, fail_count, fail_code), hostname="127.0.0.1", port=free_port(),
                            **controller_kwargs, **kwargs)
    controller.start()

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(controller.port))
    os.rename(tmp, args.port_file)
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
