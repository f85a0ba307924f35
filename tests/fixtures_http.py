"""A loopback HTTP server in a thread, for the tests that fetch pages or talk to an OpenAI-compatible server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing and can answer with a body in one call."""

    def log_message(self, *args: Any) -> None:  # keep the test output clean
        pass

    def send(self, status: int, body: bytes, content_type: str, length: bool = True, **headers: str) -> None:
        """Answer ``status`` with ``body``; a client that gave up (timeout tests) is ignored."""
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if length:
                self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send_chat(self, content: str) -> None:
        """Answer 200 with a chat completion whose one message is ``content``."""
        payload = {"choices": [{"message": {"role": "assistant", "content": content}}]}
        self.send(200, json.dumps(payload).encode(), "application/json")


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free loopback port until the block ends; yields ``http://127.0.0.1:PORT``."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
