#!/usr/bin/env python3
"""A webhook receiver for the dac notify tests, on 127.0.0.1 only.

It records every request as one JSON line in --log (time, method, path,
headers, body, the answer given) and answers by its path, so each test picks
the behaviour with the URL it writes into the webhook file:

    /hook/<tag>/<steps>    steps: comma-separated answers, one per request to
                           this exact path, the last one repeating:
                             200 | 400 | 500 | 503 | ...   that status
                             429:2      429 with "Retry-After: 2"
                             hang       never answer (until the server stops)

    e.g. /hook/t1/429:1,200 answers 429 (Retry-After: 1), then 200 for ever.

It writes the port it listens on to --port-file once it accepts connections.
With --cert and --key it speaks HTTPS only.
"""
import argparse
import json
import os
import signal
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counts = {}
lock = threading.Lock()
stop = threading.Event()


def answer_for(path):
    parts = path.split("?")[0].strip("/").split("/")
    steps = parts[-1].split(",") if len(parts) >= 3 and parts[0] == "hook" else ["200"]
    with lock:
        n = counts.get(path, 0)
        counts[path] = n + 1
    return steps[min(n, len(steps) - 1)]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        step = answer_for(self.path)
        entry = {
            "t": time.time(),
            "method": "POST",
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body,
            "answer": step,
        }
        with lock:
            with open(self.server.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")
        if step == "hang":
            stop.wait(300)
            return
        status, _, retry_after = step.partition(":")
        reply = b"ok" if status.startswith("2") else ("error " + status).encode()
        self.send_response(int(status))
        if retry_after:
            self.send_header("Retry-After", retry_after)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--cert")
    p.add_argument("--key")
    args = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if args.cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.cert, args.key)
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    server.log_path = args.log
    open(args.log, "a").close()

    def on_term(*_):
        stop.set()
        sys.exit(0)

    signal.signal(signal.SIGTERM, on_term)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, args.port_file)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        stop.set()


if __name__ == "__main__":
    main()
